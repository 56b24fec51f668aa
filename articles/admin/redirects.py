"""Redirects: old URLs of ours and where they lead (most are left by moves and renames)."""

from django.contrib import admin
from django.contrib.redirects.models import Redirect as ContribRedirect

from articles.models import Redirect

# The contrib table is no longer read (migration 0010 copied it); editing it would do nothing.
if admin.site.is_registered(ContribRedirect):
    admin.site.unregister(ContribRedirect)


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    list_display = ["old_path", "new_path", "created_at"]
    search_fields = ["old_path", "new_path"]
    list_per_page = 100
    fields = ["site", "old_path", "new_path"]
    readonly_fields = ["created_at"]
    date_hierarchy = "created_at"
