"""The editorial admin: one module per area, registered on import."""

from django.conf import settings
from django.contrib import admin

from articles.admin import (  # noqa: F401
    article,
    breaking,
    dashboard,
    frontpage,
    media,
    newsdesk,
    redirects,
    staff,
    taxonomy,
)

admin.site.site_header = f"{settings.SITE_NAME} newsroom"
admin.site.site_title = f"{settings.SITE_NAME} newsroom"
admin.site.index_title = "Newsroom"
