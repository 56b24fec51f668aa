"""python manage.py refresh_images: stored images brought up to the current image rules."""

from django.core.management.base import BaseCommand, CommandError

from articles.images import refresh_images
from articles.models import Image


class Command(BaseCommand):
    help = (
        "Scrub location and device metadata from originals stored before uploads were scrubbed, move them "
        "under unguessable names, and make again the renditions made by an earlier version. Run once after "
        "upgrading; a second run reports every image unchanged."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Report what would change; write nothing.")

    def handle(self, *args, **options):
        result = refresh_images(Image.objects.order_by("pk"), dry_run=options["dry_run"])
        for failure in result.failures:
            self.stderr.write(self.style.ERROR(failure))
        if options["verbosity"] >= 1:
            style = self.style.ERROR if result.failures else self.style.SUCCESS
            self.stdout.write(style(result.summary()))
        if result.failures:
            raise CommandError(f"{len(result.failures)} image(s) failed; see the messages above")
