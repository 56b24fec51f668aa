"""Fill the site with deterministic demo content: every section, region and format,
the ticker, authors, tags and Most Read counts (``demo.seed``). Idempotent: a second
run creates nothing new."""

from django.core.management.base import BaseCommand

from demo.seed import seed_demo


class Command(BaseCommand):
    help = "Fill the site with deterministic demo content (safe to run again: creates only what is missing)."

    def handle(self, *args, **options):
        result = seed_demo()
        if not any(result.created.values()):
            self.stdout.write("Demo content already present: nothing to do.")
            return
        summary = ", ".join(f"{count} {kind}" for kind, count in result.created.items() if count)
        self.stdout.write(self.style.SUCCESS(f"Demo content created: {summary}."))
