"""python manage.py refresh_related: compute the stored Related suggestions again."""

from datetime import datetime, time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date

from articles.models import Article
from articles.signals import content_changed


class Command(BaseCommand):
    help = (
        "Compute again the Related suggestions stored on published articles "
        "(Article.suggested_related: the stories sharing most tags), in batches, newest first. "
        "Run it once after upgrading (stories without any compute Related on every page render), "
        "and when older stories should list the stories published since; --missing only fills "
        "the stories that have none (a publish forgets its newest neighbours'), cheap enough "
        "for a timer."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--since",
            metavar="DATE",
            help="Only articles published on or after DATE (YYYY-MM-DD, site time zone).",
        )
        parser.add_argument("--missing", action="store_true", help="Only articles with no stored suggestions (None).")
        parser.add_argument("--batch-size", type=int, default=500, help="Articles per transaction (500).")

    def handle(self, *args, **options):
        articles = Article.objects.published()
        if options["since"]:
            day = _day(options["since"])
            articles = articles.filter(published_at__gte=timezone.make_aware(datetime.combine(day, time.min)))
        if options["missing"]:
            articles = articles.filter(suggested_related__isnull=True)
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        result = articles.refresh_suggested_related(batch_size=options["batch_size"])
        if result.changed:
            # The lists were written without save signals: pages that showed the old ones
            # are told once (a list filled where none was is what those pages computed).
            content_changed.send(sender=Article, using=articles.db)
        if options["verbosity"] >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Related suggestions: {result.checked} checked, {result.filled} filled, "
                    f"{result.changed} changed, {result.checked - result.filled - result.changed} unchanged."
                )
            )


def _day(text):
    """The date ``text`` (YYYY-MM-DD) names; CommandError for anything else."""
    try:
        day = parse_date(text)
    except ValueError:  # well formed but impossible: 2026-02-30
        day = None
    if day is None:
        raise CommandError(f"--since: {text!r} is not a date (YYYY-MM-DD).")
    return day
