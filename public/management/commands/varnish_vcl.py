"""Print the Varnish configuration for this site (deploy/varnish/newsroom.vcl with the
backend, the purgers, TRUSTED_PROXIES and BEACON_RATE_LIMIT filled in)."""

import ipaddress

from django.core.management.base import BaseCommand, CommandError

from public.cdn import varnish_vcl


class Command(BaseCommand):
    help = "Print deploy/varnish/newsroom.vcl filled with this site's backend, purgers and trusted proxies."

    def add_arguments(self, parser):
        parser.add_argument("--backend", default="127.0.0.1:8000", help="gunicorn's HOST:PORT (127.0.0.1:8000)")
        parser.add_argument(
            "--purger",
            action="append",
            help="a network allowed to purge (the app servers); repeat for more (default: 127.0.0.1 and ::1)",
        )

    def handle(self, *args, backend, purger, **options):
        host, _, port = backend.rpartition(":")
        if not host or not port.isdigit():
            raise CommandError(f"--backend must be HOST:PORT, not {backend!r}")
        purgers = purger or ["127.0.0.1", "::1"]
        try:
            for network in purgers:
                ipaddress.ip_network(network, strict=False)
        except ValueError as error:
            raise CommandError(f"--purger: {error}") from None
        self.stdout.write(varnish_vcl(backend=(host.strip("[]"), int(port)), purgers=purgers), ending="")
