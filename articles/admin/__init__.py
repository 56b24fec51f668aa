"""The editorial admin: one module per area, registered on import."""

from articles.admin import article, breaking, media, taxonomy  # noqa: F401
