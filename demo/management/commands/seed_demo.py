"""Fill the site with deterministic demo content: every section, region and format,
the ticker, authors, tags and Most Read counts (``demo.seed``), and the Arabic and
Spanish editions' sections and stories (``demo.editions``). Idempotent: a second run
creates nothing new."""

from django.core.management.base import BaseCommand

from demo.editions import seed_editions
from demo.seed import seed_demo


class Command(BaseCommand):
    help = "Fill the site with deterministic demo content (safe to run again: creates only what is missing)."

    def handle(self, *args, **options):
        created = {**seed_demo().created, **seed_editions()}
        if not any(created.values()):
            self.stdout.write("Demo content already present: nothing to do.")
            return
        summary = ", ".join(f"{count} {kind}" for kind, count in created.items() if count)
        self.stdout.write(self.style.SUCCESS(f"Demo content created: {summary}."))
