"""The newsroom desk's lists: every live update and every notice, across articles.

Posting, editing and deleting updates happens on an article's live desk, adding and
publishing notices on its corrections page (``articles/admin/desk.py``); these lists
find them (an editor's queue of proposed corrections, a reporter's own updates) and
link there. Their change forms edit one row, as its own revision (``VersionAdmin``),
under the same rules as the desk. Both are limited to the user's editions
(``ArticleEditionScopedAdmin``).
"""

import reversion
from django.contrib import admin, messages
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from reversion.admin import VersionAdmin

from articles import workflow
from articles.admin.desk import CHANGE_UPDATE, ArticleDeskViews
from articles.admin.editions import ArticleEditionScopedAdmin
from articles.admin.localtime import LocalTimesAdmin
from articles.models import Correction, LiveUpdate


@admin.register(LiveUpdate)
class LiveUpdateAdmin(ArticleEditionScopedAdmin, LocalTimesAdmin, VersionAdmin):
    """Live updates of every live blog, newest first. Updates are posted on the
    article's live desk (adding one here is the same insert); deletions there too
    (they keep the row)."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["posted_at", "title_or_text", "article", "key_event", "pinned", "posted_by", "state", "desk"]
    list_filter = ["key_event", "pinned", ("deleted_at", admin.EmptyFieldListFilter)]
    list_select_related = ["article", "posted_by"]
    search_fields = ["title", "body", "article__headline"]
    date_hierarchy = "posted_at"
    fields = ["article", "posted_at", "title", "body", "image", "embed_url", "key_event", "pinned"]
    autocomplete_fields = ["article", "image"]

    def get_readonly_fields(self, request, obj=None):
        return ["article"] if obj is not None else []  # an update never moves to another blog

    def save_model(self, request, obj, form, change):
        if not change:
            obj.posted_by = request.user
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        return False  # deleted on the live desk, which keeps the row and its history

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return self._in_users_edition(request, obj) and ArticleDeskViews.may_change_update(
            request.user, obj, CHANGE_UPDATE
        )

    @admin.display(description="Update")
    def title_or_text(self, obj):
        return str(obj)

    @admin.display(description="State")
    def state(self, obj):
        return "Deleted" if obj.deleted_at else "Shown"

    @admin.display(description="Live desk")
    def desk(self, obj):
        return format_html(
            '<a href="{}">Live desk</a>', reverse("admin:articles_article_live_desk", args=[obj.article_id])
        )


@admin.register(Correction)
class CorrectionAdmin(ArticleEditionScopedAdmin, LocalTimesAdmin, VersionAdmin):
    """Every notice: the editors' queue of proposals (filter "Proposed") and the record
    of what was published. Notices are mostly added on the article's corrections page;
    one added here is a proposal."""

    list_display = ["created_at", "kind", "article", "status", "created_by", "published_at", "page"]
    list_filter = ["status", "kind"]
    list_select_related = ["article", "created_by"]
    search_fields = ["text", "article__headline"]
    date_hierarchy = "created_at"
    fields = ["article", "kind", "text", "status", "created_by", "created_at", "published_by", "published_at"]
    autocomplete_fields = ["article"]
    actions = ["publish_selected"]

    def get_readonly_fields(self, request, obj=None):
        # Added here as a proposal (published with the action or on the article's page).
        readonly = ["status", "created_by", "created_at", "published_by", "published_at"]
        return ["article", *readonly] if obj is not None else readonly

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def has_change_permission(self, request, obj=None):
        # Published text is what readers were told: only editors change it.
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return workflow.can_publish(request.user) or (
            obj.status == Correction.Status.PROPOSED and obj.created_by_id == request.user.pk
        )

    def has_publish_permission(self, request):
        return workflow.can_publish(request.user)

    @admin.display(description="Corrections page")
    def page(self, obj):
        return format_html(
            '<a href="{}">Open</a>', reverse("admin:articles_article_corrections", args=[obj.article_id])
        )

    @admin.action(description="Publish selected notices", permissions=["publish"])
    def publish_selected(self, request, queryset):
        now, done = timezone.now(), 0
        for notice in queryset.filter(status=Correction.Status.PROPOSED):
            notice.publish(request.user, now)
            with reversion.create_revision():
                reversion.set_user(request.user)
                reversion.set_comment("Published (bulk action).")
                notice.save()
            done += 1
        messages.success(request, f"{done} notice{'s' if done != 1 else ''} published.")
