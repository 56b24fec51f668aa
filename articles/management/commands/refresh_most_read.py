"""python manage.py refresh_most_read: rank Most Read again from the read counters."""

from django.conf import settings
from django.core.management.base import BaseCommand

from articles.models import MostRead


class Command(BaseCommand):
    help = (
        "Rank Most Read again from the last days' read counters and store it, so that no page "
        "ranks it. Run it from a timer every MOST_READ_REFRESH_SECONDS (default 300); --if-older "
        "ranks only when the stored ranking is older than that (a worker's flush may have ranked it)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-older",
            action="store_true",
            help="Rank only when the stored ranking is older than MOST_READ_REFRESH_SECONDS.",
        )

    def handle(self, *args, **options):
        if options["if_older"] and not MostRead.objects.refresh_if_older(settings.MOST_READ_REFRESH_SECONDS):
            if options["verbosity"] >= 1:
                self.stdout.write("Most Read is recent enough: left as it is.")
            return
        if not options["if_older"]:
            MostRead.objects.refresh()
        if options["verbosity"] >= 1:
            self.stdout.write(self.style.SUCCESS(f"Most Read ranked: {MostRead.objects.count()} places stored."))
