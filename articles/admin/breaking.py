"""The breaking-news ticker (editors only: writers hold no breaking permissions).

Lines leave the ticker by themselves (``BreakingItem.ends_at`` defaults to the start plus
``BREAKING_LIFETIME_HOURS``); an editor takes one off sooner with "End now", on the
line's page or as a bulk action on the list.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from articles.admin.editions import EditionScopedAdmin
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
class BreakingItemAdmin(EditionScopedAdmin, LocalTimesAdmin, admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["text", "live_now", "starts_at", "ends_at", "link_display"]
    list_filter = [LiveNowFilter, "starts_at"]
    search_fields = ["text", "attribution"]
    date_hierarchy = "starts_at"
    list_select_related = ["article__section"]
    autocomplete_fields = ["article"]
    actions = ["end_selected_now"]
    fieldsets = [
        (None, {"fields": ["edition", "text", "attribution"]}),
        ("Link", {"fields": ["article", "url"], "description": "Optional: one of our articles, or any address."}),
        (
            "On the ticker",
            {
                "fields": ["starts_at", "ends_at", "position"],
                "description": "Newest first by start time. Without an end time a line leaves the ticker by itself.",
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(is_live=_live_subquery())

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/end/", self.admin_site.admin_view(self.end_now_view), name="{}_{}_end".format(*info)
            ),
        ] + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        item = self.get_object(request, unquote(object_id))
        extra_context = {
            **(extra_context or {}),
            "end_now_url": (
                reverse("admin:articles_breakingitem_end", args=[item.pk])
                if item is not None and item.is_live and self.has_change_permission(request, item)
                else None
            ),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description="Live now", boolean=True, ordering="-is_live")
    def live_now(self, obj):
        return obj.is_live

    @admin.display(description="Link")
    def link_display(self, obj):
        url = obj.link
        return format_html('<a href="{}">{}</a>', url, url) if url else "–"

    # --- ending lines -----------------------------------------------------------

    @method_decorator(require_POST)
    def end_now_view(self, request, object_id):
        """POST: take one line off the ticker now, then back to its page. 404 for an
        unknown line, 403 without change permission."""
        item = self.get_object(request, unquote(object_id))
        if item is None:
            raise Http404("No such breaking item")
        if not self.has_change_permission(request, item):
            raise PermissionDenied
        ended, _ = BreakingItem.objects.filter(pk=item.pk).end_now()
        if ended:
            self.log_change(request, item, "Ended now.")
            self.message_user(request, f"“{item}” is off the ticker.", messages.SUCCESS)
        else:
            self.message_user(request, f"“{item}” was not on the ticker.", messages.WARNING)
        return HttpResponseRedirect(reverse("admin:articles_breakingitem_change", args=[item.pk]))

    @admin.action(description="End selected lines now", permissions=["change"])
    def end_selected_now(self, request, queryset):
        items = list(queryset)
        ended, _ = BreakingItem.objects.filter(pk__in=[i.pk for i in items if i.is_live]).end_now()
        for item in items:
            if item.is_live:
                self.log_change(request, item, "Ended now (bulk action).")
        text = f"{ended} line{'s' if ended != 1 else ''} taken off the ticker."
        if len(items) - ended:
            text += f" {len(items) - ended} not on the ticker (not started yet, or over)."
        self.message_user(request, text, messages.SUCCESS if ended else messages.WARNING)
