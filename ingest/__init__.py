"""What operators run: import formats (``ingest.formats``), the loader, exporters and
the import/export commands. ``ingest.importer.import_paths`` is the entry point."""
