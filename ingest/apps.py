from django.apps import AppConfig


class IngestConfig(AppConfig):
    """What operators run: import formats, the loader, exporters, wire intake and their commands.

    Its models are the wire desk's (``WireFeed``, ``WireItem``).
    """

    name = "ingest"
    verbose_name = "Wires"
