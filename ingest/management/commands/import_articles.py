"""python manage.py import_articles PATH [PATH ...]: bring article pages and exports in."""

import sys
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles import editions
from ingest.formats.detect import FORMATS
from ingest.importer import ImportFailure, ImportOptions, import_paths
from ingest.progress import Reporter


def _pairs(values, option):
    """["a=b", ...] -> {"a": "b"}; CommandError naming ``option`` for a value without "="."""
    pairs = {}
    for value in values:
        key, sep, target = value.partition("=")
        if not sep or not key.strip() or not target.strip():
            raise CommandError(f"{option} {value!r}: expected NAME=TARGET, e.g. {option} news=news/politics")
        pairs[key.strip()] = target.strip()
    return pairs


class Command(BaseCommand):
    help = (
        "Import articles from page text dumps, HTML pages, JSON Lines exports or WordPress exports (WXR). "
        "PATH is a file, "
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
            "--edition",
            default="",
            metavar="CODE",
            help="Edition (en, ar, es…) of articles, sections, regions and breaking items that name none; "
            "--section names a section of it. Default: an article's URL prefix (/ar/…), else the default edition.",
        )
        parser.add_argument(
            "--status", choices=["published", "draft"], default="", help="Status for every imported article."
        )
        parser.add_argument("--dry-run", action="store_true", help="Parse and validate everything, write nothing.")
        wxr = parser.add_argument_group("WordPress exports (WXR)")
        wxr.add_argument(
            "--map-category",
            action="append",
            default=[],
            metavar="SLUG=PATH",
            help="Put posts of the WordPress category SLUG (or name) in the section PATH; repeatable. "
            "Posts of unmapped categories go to --section; unmapped categories are reported.",
        )
        wxr.add_argument(
            "--map-page",
            action="append",
            default=[],
            metavar="SLUG=URL",
            help="Import the WordPress page SLUG (or parent/child path) as the flatpage at URL, e.g. about=/about-us/.",
        )
        wxr.add_argument(
            "--media-dir",
            default="",
            metavar="DIR",
            help="The old site's uploads folder (wp-content/uploads), where featured images are looked up. "
            "Default: an uploads/ or wp-content/uploads/ folder beside the export.",
        )
        wxr.add_argument(
            "--fetch-media",
            action="store_true",
            help="Download featured images that are not on disk from their attachment URLs.",
        )
        parser.add_argument(
            "--tz",
            default="",
            help=f"Zone of dates without an offset (default: the --edition's, else {settings.TIME_ZONE}). "
            "A time that happens twice when clocks go back is read as the first one; "
            "a time skipped when clocks go forward fails its item.",
        )

    def handle(self, *args, **options):
        try:
            edition = editions.get(options["edition"]) if options["edition"] else None
        except LookupError as error:
            raise CommandError(f"--edition: {error}") from None
        options["tz"] = options["tz"] or (edition.time_zone if edition else settings.TIME_ZONE)
        try:
            tz = ZoneInfo(options["tz"])
        except (ZoneInfoNotFoundError, ValueError):
            raise CommandError(f"--tz {options['tz']!r} is not a time zone name such as Asia/Beirut") from None
        import_options = ImportOptions(
            default_section=options["section"],
            edition=options["edition"],
            source=options["source"],
            status=options["status"],
            dry_run=options["dry_run"],
            tz=tz,
            category_map=_pairs(options["map_category"], "--map-category"),
            page_map=_pairs(options["map_page"], "--map-page"),
            media_dir=options["media_dir"] or None,
            fetch_media=options["fetch_media"],
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
