"""python manage.py export_articles OUT_DIR: everything editorial as JSON Lines plus media files."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from articles.models import Section
from ingest.exporters import export


class Command(BaseCommand):
    help = (
        "Write articles.jsonl, authors.jsonl, sections.jsonl, regions.jsonl, tags.jsonl, breaking.jsonl, "
        "redirects.jsonl, media/ and manifest.json into OUT_DIR. import_articles OUT_DIR reads it back."
    )

    def add_arguments(self, parser):
        parser.add_argument("out_dir", metavar="OUT_DIR")
        parser.add_argument(
            "--since",
            metavar="DATE",
            help="Only articles published or updated since DATE (YYYY-MM-DD or an ISO 8601 time; site time zone).",
        )
        parser.add_argument("--section", metavar="PATH", help="Only articles of this section and its sub-sections.")

    def handle(self, *args, **options):
        since = None
        if options["since"]:
            try:
                since = datetime.fromisoformat(options["since"])
            except ValueError:
                raise CommandError(f"--since {options['since']!r} is not a date such as 2025-03-24") from None
            if len(options["since"]) == 10:
                since = datetime.combine(since.date(), time.min)
            if timezone.is_naive(since):
                since = timezone.make_aware(since, ZoneInfo(settings.TIME_ZONE))
        section = None
        if options["section"]:
            section = Section.objects.filter(path=options["section"].strip("/")).first()
            if section is None:
                raise CommandError(f"--section {options['section']!r} is not a section path such as news/politics")
        result = export(options["out_dir"], since=since, section=section)
        if options["verbosity"] >= 1:
            self.stdout.write(self.style.SUCCESS(result.summary()))
