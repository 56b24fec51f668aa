from django.apps import AppConfig


class IngestConfig(AppConfig):
    """What operators run: import formats, the loader, exporters and their commands. No models."""

    name = "ingest"
    verbose_name = "Import and export"
