"""The wire desk in the admin: agency feeds, and "Incoming wires" where editors take stories.

**Taking** a wire story (one click, a POST with the CSRF token) claims it: the item
records who took it and when, so the rest of the desk sees it is being handled and
cannot take it too; the article's history notes it; the editor lands on the article's
change form. Taking changes nothing on the article itself: it stays in review, under
the agency's source line and without a personal byline (agency copy is not the
editor's writing), until she edits, bylines or publishes it there.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Count, Q
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import Truncator

from articles.admin import dashboard
from articles.admin.localtime import LocalTimesAdmin
from articles.models import Article
from articles.text_policy import url_host
from ingest.models import WireFeed, WireItem

TAKE_PERMISSIONS = ("ingest.change_wireitem", "articles.change_article")


def _local(when):
    return date_format(timezone.localtime(when), "d M Y H:i") if when else "–"


@admin.register(WireFeed)
class WireFeedAdmin(LocalTimesAdmin, admin.ModelAdmin):
    """Feeds: where each agency's wire comes from, where its stories go, and how the last poll went."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    list_display = ["source_name", "url", "section", "active", "checked", "health", "story_count"]
    list_display_links = ["source_name"]
    list_filter = ["active", "section"]
    list_select_related = ["section"]
    search_fields = ["source_name", "url"]
    fields = ["url", "source_name", "section", "default_tags", "active", "last_checked_at", "last_error", "etag"]
    readonly_fields = ["last_checked_at", "last_error", "etag"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_items=Count("items"))

    @admin.display(description="Last checked", ordering="last_checked_at")
    def checked(self, obj):
        return _local(obj.last_checked_at)

    @admin.display(description="Last poll")
    def health(self, obj):
        if obj.last_checked_at is None:
            return "not polled yet"
        return Truncator(obj.last_error).chars(80) if obj.last_error else "OK"

    @admin.display(description="Stories", ordering="n_items")
    def story_count(self, obj):
        return obj.n_items


class DeskFilter(admin.SimpleListFilter):
    """Where a wire story stands on the desk; "Waiting" unless another is chosen."""

    title = "desk"
    parameter_name = "desk"
    DEFAULT = "waiting"

    def lookups(self, request, model_admin):
        return [
            ("waiting", "Waiting"),
            ("taken", "Taken, in review"),
            ("handled", "Left review (published, drafted or deleted)"),
            ("all", "All"),
        ]

    def value(self):
        return super().value() or self.DEFAULT

    def choices(self, changelist):
        # No separate "All" entry: "all" is a choice, and no parameter means "waiting".
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        in_review = Q(article__status=Article.Status.IN_REVIEW)
        return {
            "waiting": lambda: queryset.waiting(),
            "taken": lambda: queryset.filter(in_review, taken_by__isnull=False),
            "handled": lambda: queryset.exclude(in_review),
            "all": lambda: queryset,
        }.get(self.value(), lambda: queryset.waiting())()


@admin.register(WireItem)
class WireItemAdmin(LocalTimesAdmin, admin.ModelAdmin):
    """The "Incoming wires" list: wire stories, newest filing first, filtered by source and
    desk state, each with its preview, original link and Take button (module docstring)."""

    list_display = ["headline", "source", "filed", "original", "desk"]
    list_display_links = None
    list_filter = [DeskFilter, ("feed", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["feed", "article", "taken_by"]
    search_fields = ["article__headline", "guid", "link"]
    list_per_page = 50
    actions = None

    # The items are the intake's record of what it took in: never added, edited or
    # deleted by hand (a deleted item would let its entry be imported again).
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @staticmethod
    def has_take_permission(request):
        return request.user.has_perms(TAKE_PERMISSIONS)

    def get_urls(self):
        take = path("<int:object_id>/take/", self.admin_site.admin_view(self.take_view), name="ingest_wireitem_take")
        return [take, *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {"title": "Incoming wires", **(extra_context or {})})

    def get_list_display(self, request):
        may_take = self.has_take_permission(request)

        # Bound to this request's user, not kept on the admin (one object serves every request).
        @admin.display(description="Desk")
        def desk(obj):
            return self.desk(obj, may_take)

        return [*self.list_display[:-1], desk]

    # --- columns ---------------------------------------------------------------

    @admin.display(description="Headline", ordering="article__headline")
    def headline(self, obj):
        """The headline, linking to the article's preview (the real page, never cached) to read it first."""
        if not obj.article_id:
            return "(article deleted)"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener" title="Preview">{}</a>',
            reverse("admin:articles_article_preview", args=[obj.article_id]),
            obj.article.headline,
        )

    @admin.display(description="Source", ordering="feed__source_name")
    def source(self, obj):
        return obj.feed.source_name

    @admin.display(description="Filed", ordering="filed_at")
    def filed(self, obj):
        return _local(obj.filed_at)

    @admin.display(description="Original")
    def original(self, obj):
        if not obj.link:
            return "–"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener noreferrer">{}</a>', obj.link, url_host(obj.link) or obj.link
        )

    def desk(self, obj, may_take=False):
        """The desk column: who took the story, its status once it left review, or the Take button."""
        if not obj.article_id:
            return "–"
        change = reverse("admin:articles_article_change", args=[obj.article_id])
        if obj.taken_by_id:
            name = obj.taken_by.get_full_name() or obj.taken_by.get_username()
            return format_html('Taken by {} · <a href="{}">Open</a>', name, change)
        if obj.article.status != Article.Status.IN_REVIEW:
            return obj.article.get_status_display()
        if not may_take:
            return "Waiting"
        # A submit button of the changelist's own form (which carries the CSRF token),
        # sent to the take URL: no nested form, no script.
        return format_html(
            '<button type="submit" class="button" formaction="{}" formmethod="post" '
            'aria-label="Take “{}”">Take</button>',
            reverse("admin:ingest_wireitem_take", args=[obj.pk]),
            obj.article.headline,
        )

    # --- taking a story -----------------------------------------------------------

    def take_view(self, request, object_id):
        """POST: claim the wire item ``object_id`` for the requesting editor and open its
        article's change form; refused (with a message, back to the list) when another
        editor took it first, or it, or its article, is gone or no longer in review."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_take_permission(request):
            raise PermissionDenied
        back = HttpResponseRedirect(reverse("admin:ingest_wireitem_changelist"))
        with transaction.atomic():
            # Locked: two editors clicking at once, one of them gets the story.
            item = WireItem.objects.select_for_update().filter(pk=object_id).first()
            if item is None:  # its feed was deleted, and the item with it
                self.message_user(request, "That wire story is no longer on the desk.", messages.ERROR)
                return back
            article = item.article
            if article is None:
                self.message_user(request, "That wire story's article was deleted.", messages.ERROR)
                return back
            if item.taken_by_id and item.taken_by_id != request.user.pk:
                taker = item.taken_by.get_full_name() or item.taken_by.get_username()
                self.message_user(
                    request,
                    f"“{article.headline}” was taken by {taker} at {_local(item.taken_at)}.",
                    messages.WARNING,
                )
                return back
            if article.status != Article.Status.IN_REVIEW:
                self.message_user(
                    request,
                    f"“{article.headline}” is no longer in review ({article.get_status_display()}).",
                    messages.WARNING,
                )
                return back
            if not item.taken_by_id:
                item.taken_by, item.taken_at = request.user, timezone.now()
                item.save(update_fields=["taken_by", "taken_at"])
                self.log_change(request, article, f"Taken from the {item.feed.source_name} wire.")
        original = (
            format_html(
                ' Original: <a href="{}" target="_blank" rel="noopener noreferrer">{}</a>', item.link, item.link
            )
            if item.link
            else ""
        )
        self.message_user(
            request,
            format_html("You took this story from the {} wire.{}", item.feed.source_name, original),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))


@dashboard.register(order=dashboard.INCOMING_WIRES)
def incoming_wires(request):
    """The editor's dashboard panel: wire stories nobody has taken yet, newest filing first."""
    if not request.user.has_perm("ingest.view_wireitem"):
        return None
    waiting = WireItem.objects.waiting().select_related("article", "feed")[: dashboard.ROWS_PER_PANEL]
    rows = [
        dashboard.Row(
            item.article.headline,
            reverse("admin:articles_article_change", args=[item.article_id]),
            item.feed.source_name,
        )
        for item in waiting
    ]
    return dashboard.Panel(
        "Incoming wires", rows, empty="No wire story waiting.", more_url=reverse("admin:ingest_wireitem_changelist")
    )
