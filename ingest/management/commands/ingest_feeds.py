"""python manage.py ingest_feeds [--feed ID] [--watch --interval N]: take in the agencies' wires."""

from django.core.management.base import BaseCommand, CommandError

from ingest.models import WireFeed
from ingest.wires import ERROR, ingest_feeds, watch


class Command(BaseCommand):
    help = (
        "Poll the wire feeds configured in the admin (RSS 2.0 or Atom) and file each new entry as an article "
        "in review. Entries seen before are skipped; nothing is ever published. Run it from cron or a systemd "
        "timer, or keep it running with --watch."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--feed",
            type=int,
            action="append",
            default=[],
            metavar="ID",
            help="Poll only this feed (repeatable), active or not. Default: every active feed.",
        )
        parser.add_argument("--watch", action="store_true", help="Keep polling every --interval seconds.")
        parser.add_argument(
            "--interval", type=int, default=300, metavar="N", help="Seconds between rounds with --watch (default 300)."
        )
        parser.add_argument("--rounds", type=int, default=None, metavar="N", help="With --watch: stop after N rounds.")

    def handle(self, *args, **options):
        if options["interval"] < 1:
            raise CommandError("--interval must be at least 1 second")
        feeds = None
        if options["feed"]:
            feeds = WireFeed.objects.filter(pk__in=options["feed"])
            missing = set(options["feed"]) - set(feeds.values_list("pk", flat=True))
            if missing:
                raise CommandError(f"no wire feed with id {', '.join(map(str, sorted(missing)))}")
        verbosity = options["verbosity"]

        def report(feed_report):
            if verbosity < 1:
                return
            style = self.style.ERROR if feed_report.outcome == ERROR else self.style.SUCCESS
            self.stdout.write(style(feed_report.line()))
            for failure in feed_report.failed:
                self.stdout.write(self.style.WARNING(f"  failed: {failure.origin}: {failure.reason}"))

        if options["watch"]:
            try:
                result = watch(options["interval"], feeds=feeds, rounds=options["rounds"], report=report)
            except KeyboardInterrupt:
                return
            if verbosity >= 1:
                self.stdout.write(result.summary())
            return
        result = ingest_feeds(feeds, report=report)
        if verbosity >= 1:
            self.stdout.write(result.summary())
        if result.errors or result.failed_entries:
            raise CommandError(
                f"{len(result.errors)} feed(s) failed and {result.failed_entries} entries could not be imported; "
                "see the lines above"
            )
