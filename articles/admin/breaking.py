"""The breaking-news ticker (editors only: writers hold no breaking permissions)."""

from django.contrib import admin
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.html import format_html

from articles.admin.localtime import LocalTimesAdmin
from articles.models import BreakingItem


def _live_subquery():
    # The ticker's own rule (BreakingItem.objects.live()), asked per row.
    return Exists(BreakingItem.objects.live().filter(pk=OuterRef("pk")))


class LiveNowFilter(admin.SimpleListFilter):
    title = "on the ticker"
    parameter_name = "live"

    def lookups(self, request, model_admin):
        return [("yes", "Live now"), ("no", "Not live")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(is_live=True)
        if self.value() == "no":
            return queryset.filter(is_live=False)
        return queryset


@admin.register(BreakingItem)
class BreakingItemAdmin(LocalTimesAdmin, admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["text", "live_now", "starts_at", "ends_at", "link_display", "position"]
    list_editable = ["position"]
    list_filter = [LiveNowFilter, "starts_at"]
    search_fields = ["text", "attribution"]
    date_hierarchy = "starts_at"
    list_select_related = ["article__section"]
    autocomplete_fields = ["article"]
    fieldsets = [
        (None, {"fields": ["text", "attribution"]}),
        ("Link", {"fields": ["article", "url"], "description": "Optional: one of our articles, or any address."}),
        ("On the ticker", {"fields": ["starts_at", "ends_at", "position"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(is_live=_live_subquery())

    @admin.display(description="Live now", boolean=True, ordering="-is_live")
    def live_now(self, obj):
        return obj.is_live

    @admin.display(description="Link")
    def link_display(self, obj):
        url = obj.link
        return format_html('<a href="{}">{}</a>', url, url) if url else "–"
