"""The editorial admin: one module per area, registered on import."""

from django.conf import settings
from django.contrib import admin

from articles.admin import article, breaking, dashboard, media, newsdesk, redirects, staff, taxonomy  # noqa: F401

admin.site.site_header = f"{settings.SITE_NAME} newsroom"
admin.site.site_title = f"{settings.SITE_NAME} newsroom"
admin.site.index_title = "Newsroom"
