"""``manage.py deliver_webhooks [--loop SECONDS]``: attempt every due webhook delivery."""

import time

from django.core.management.base import BaseCommand

from api.webhooks import deliver_due


class Command(BaseCommand):
    help = "Attempt due webhook deliveries: retries with back-off and scheduled publications."

    def add_arguments(self, parser):
        parser.add_argument("--loop", type=float, metavar="SECONDS", help="Run again every SECONDS, until stopped.")

    def handle(self, *args, loop=None, verbosity=1, **options):
        while True:
            result = deliver_due()
            if verbosity:
                style = self.style.ERROR if result.failed else self.style.SUCCESS
                self.stdout.write(style(result.summary()))
            if not loop:
                return
            time.sleep(loop)
