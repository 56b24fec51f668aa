"""python manage.py import_articles PATH [PATH ...]: bring article pages and exports in."""

import sys
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ingest.formats.detect import FORMATS
from ingest.importer import ImportFailure, ImportOptions, import_paths
from ingest.progress import Reporter


class Command(BaseCommand):
    help = (
        "Import articles from page text dumps, HTML pages or JSON Lines exports. PATH is a file, "
        "a folder (walked recursively; an export folder is read as a whole) or - for standard input. "
        "Re-running is safe: unchanged articles are reported and left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--format", default="auto", choices=["auto", *FORMATS], help="Default: decided from each file's content."
        )
        parser.add_argument(
            "--section", default="", metavar="PATH", help="Section for articles whose section is missing or unknown."
        )
        parser.add_argument("--source", default="", metavar="NAME", help="Source line for articles that name none.")
        parser.add_argument(
            "--status", choices=["published", "draft"], default="", help="Status for every imported article."
        )
        parser.add_argument("--dry-run", action="store_true", help="Parse and validate everything, write nothing.")
        parser.add_argument(
            "--tz",
            default=settings.TIME_ZONE,
            help=f"Zone of dates without an offset (default {settings.TIME_ZONE}). A time that happens twice "
            "when clocks go back is read as the first one; a time skipped when clocks go forward fails its item.",
        )

    def handle(self, *args, **options):
        try:
            tz = ZoneInfo(options["tz"])
        except (ZoneInfoNotFoundError, ValueError):
            raise CommandError(f"--tz {options['tz']!r} is not a time zone name such as Asia/Beirut") from None
        import_options = ImportOptions(
            default_section=options["section"],
            source=options["source"],
            status=options["status"],
            dry_run=options["dry_run"],
            tz=tz,
        )
        verbosity = options["verbosity"]
        reporter = Reporter(self.stdout, self.stderr, verbosity=verbosity, tty=self.stderr.isatty())
        try:
            result = import_paths(
                options["paths"], fmt=options["format"], options=import_options, stdin=sys.stdin.buffer, report=reporter
            )
        except ImportFailure as exc:
            raise CommandError(str(exc)) from None
        finally:
            reporter.close()
        if verbosity >= 2:
            for note in result.notes:
                self.stdout.write(note)
        if verbosity >= 1:
            style = self.style.ERROR if result.failed else self.style.SUCCESS
            self.stdout.write(style(result.summary()))
        if result.failed:
            raise CommandError(f"{result.failed} item(s) failed; see the messages above")
