"""The article admin: the newsroom's main screen.

Workflow rules come from ``articles.workflow``; this module applies them to the
form, the bulk actions and the per-object permissions, so that what a writer may
not do is refused by the server, not merely hidden.
"""

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Prefetch
from django.http import Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from reversion.admin import VersionAdmin
from reversion.models import Version
from taggit.models import Tag

from articles import workflow
from articles.admin.forms import ArticleAdminForm
from articles.admin.utils import thumbnail
from articles.models import Article, ArticleAuthor, GalleryItem, LiveUpdate, RelatedArticle, TaggedArticle

# Revisions hold the article with its bylines, gallery, related links and tags, so a
# restore brings all of them back. Live updates are a stream with their own times:
# restoring an old revision must not delete the updates posted since.
for _model in (ArticleAuthor, GalleryItem, RelatedArticle, TaggedArticle):
    if not reversion.is_registered(_model):
        reversion.register(_model)
if not reversion.is_registered(Article):
    reversion.register(Article, follow=["bylines", "gallery_items", "related_links", "taggedarticle_set"])


class StatusFilter(admin.SimpleListFilter):
    """Status as editors think of it: "Scheduled" apart from "Published" (live)."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            ("draft", "Draft"),
            ("in_review", "In review"),
            ("scheduled", "Scheduled"),
            ("published", "Published (live)"),
            ("unpublished", "Unpublished"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "scheduled":
            return queryset.scheduled()
        if value == "published":
            return queryset.published()
        if value in {"draft", "in_review", "unpublished"}:
            return queryset.filter(status=value)
        return queryset


class FollowsArticlePermission:
    """Inline rows may be changed exactly when their article may be."""

    def _article_editable(self, request, obj):
        return workflow.can_edit(request.user, obj)

    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and self._article_editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._article_editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._article_editable(request, obj)


class NamedCellsInline(admin.TabularInline):
    """Tabular inputs sit under a column header, not next to a label: give each an
    accessible name ("Byline position") so screen readers can tell them apart."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None:
            widget = getattr(field.widget, "widget", field.widget)
            widget.attrs.setdefault("aria-label", f"{self.verbose_name} {db_field.verbose_name}".capitalize())
        return field


class BylineInline(FollowsArticlePermission, NamedCellsInline):
    model = ArticleAuthor
    autocomplete_fields = ["author"]
    fields = ["author", "position"]
    extra = 1
    verbose_name = "byline"
    verbose_name_plural = "Bylines (in order: lowest position first)"


class RelatedInline(FollowsArticlePermission, NamedCellsInline):
    model = RelatedArticle
    fk_name = "from_article"
    autocomplete_fields = ["to_article"]
    fields = ["to_article", "position"]
    extra = 0
    verbose_name = "related article"
    verbose_name_plural = "Related articles (in order; none: chosen from shared tags and section)"


class GalleryInline(FollowsArticlePermission, NamedCellsInline):
    model = GalleryItem
    autocomplete_fields = ["image"]
    fields = ["thumb", "image", "caption", "position"]
    readonly_fields = ["thumb"]
    extra = 0
    verbose_name_plural = "Gallery (gallery format: images in order)"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("image")

    @admin.display(description="Preview")
    def thumb(self, obj):
        return thumbnail(obj.image if obj.image_id else None, size=64)


class LiveUpdateInline(FollowsArticlePermission, admin.StackedInline):
    model = LiveUpdate
    fields = ["posted_at", "title", "body"]
    extra = 0
    classes = ["collapse"]
    verbose_name_plural = "Live updates (live format: newest first)"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 4, "cols": 80})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(Article)
class ArticleAdmin(VersionAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    form = ArticleAdminForm
    inlines = [BylineInline, GalleryInline, RelatedInline, LiveUpdateInline]
    list_display = [
        "thumb",
        "headline",
        "section",
        "status_display",
        "published",
        "byline",
        "preview_link",
    ]
    list_display_links = ["headline"]
    list_filter = [
        StatusFilter,
        "section",
        "regions",
        "format",
        ("authors", admin.RelatedOnlyFieldListFilter),
        ("published_at", admin.DateFieldListFilter),
    ]
    list_select_related = ["section", "hero_image"]
    # The changelist searches with the site's full-text search (get_search_results);
    # these fields serve autocomplete, where editors type the start of a headline.
    search_fields = ["headline", "standfirst"]
    date_hierarchy = "published_at"
    list_per_page = 50
    autocomplete_fields = ["hero_image", "regions"]
    actions = ["publish_selected", "unpublish_selected", "submit_selected_for_review"]
    revision_form_template = "admin/articles/article/revision_form.html"
    save_on_top = True
    history_latest_first = True

    def get_search_results(self, request, queryset, search_term):
        """Full-text search (ranked, phrases, -minus words) in the changelist; prefix
        matching on headlines for autocomplete widgets and when nothing matches."""
        if search_term.strip() and not request.path.endswith("/autocomplete/"):
            matches = queryset.search(search_term)
            if matches.exists():
                return matches, False
        return super().get_search_results(request, queryset, search_term)

    fieldsets = [
        (None, {"fields": ["headline", "standfirst", "body", "loaded_version"]}),
        ("Place", {"fields": ["section", "slug", "regions", "tags", "new_tags"]}),
        (
            "Publication",
            {
                "fields": [
                    "status",
                    "published_at",
                    "substantive_update",
                    "updated_at",
                    "home_position",
                ]
            },
        ),
        ("Hero and format", {"fields": ["hero_image", "hero_preview", "hero_caption", "format", "video_url"]}),
        ("Source", {"fields": ["source", "language", "external_id"], "classes": ["collapse"]}),
        (
            "Record",
            {
                "fields": ["version", "last_edited_by", "created_at", "modified_at", "word_count", "reading_time"],
                "classes": ["collapse"],
            },
        ),
    ]
    always_readonly = [
        "body_rendered",
        "hero_preview",
        "updated_at",
        "version",
        "last_edited_by",
        "created_at",
        "modified_at",
        "word_count",
        "reading_time",
    ]

    # --- queries ---------------------------------------------------------------

    def get_queryset(self, request):
        # Bylines in one extra query for the whole page, whatever its length.
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch(
                    "bylines",
                    queryset=ArticleAuthor.objects.select_related("author").order_by("position", "pk"),
                    to_attr="ordered_bylines",
                )
            )
        )

    # --- permissions -------------------------------------------------------------

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and workflow.can_edit(request.user, obj)

    def has_publish_permission(self, request):
        return workflow.can_publish(request.user)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(self.always_readonly)
        if not workflow.can_publish(request.user):
            readonly += ["published_at", "home_position"]
        return readonly

    # --- form --------------------------------------------------------------------

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        # The form applies the workflow for this user; the revision view hands it the
        # article's state from before the old revision was written into the database.
        return type(form.__name__, (form,), {"user": request.user, "live_state": getattr(request, "_live_state", None)})

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "tags":
            # taggit's field is a comma-separated text box; editors pick existing tags
            # by autocomplete and type new ones in "new tags".
            return forms.ModelMultipleChoiceField(
                queryset=Tag.objects.order_by("name"),
                required=False,
                widget=AutocompleteSelectMultiple(db_field, self.admin_site),
                help_text="Existing tags. Add new ones below.",
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if obj is None or self.has_change_permission(request, obj):
            return self.fieldsets
        # Read-only view (a writer on a published article): no form-only fields, and
        # the body shown as the page shows it rather than as HTML source.
        form_only = {"loaded_version", "substantive_update", "new_tags"}
        return [
            (
                name,
                {
                    **options,
                    "fields": ["body_rendered" if f == "body" else f for f in options["fields"] if f not in form_only],
                },
            )
            for name, options in self.fieldsets
        ]

    def save_model(self, request, obj, form, change):
        stored = form.stored_state() if change else {"status": None, "version": None}
        now = timezone.now()
        if change and stored["version"] is not None:
            # Continue from the stored version even when an old revision is restored.
            obj.version = stored["version"]
        if form.cleaned_data.get("substantive_update"):
            obj.updated_at = now
        obj.last_edited_by = request.user
        super().save_model(request, obj, form, change)
        obj._pending_transition = workflow.transition_message(stored["status"], obj)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model in (ArticleAuthor, RelatedArticle, GalleryItem):
            self._renumber(formset)

    @staticmethod
    def _renumber(formset):
        """Positions become 0, 1, 2… in the order editors gave (ties: order on screen),
        so a new row left at 0 or two rows typed with the same number still sort."""
        # Rows deleted by this save have lost their pk; blank extra rows never had one.
        rows = [(f.instance.position, index, f.instance) for index, f in enumerate(formset.forms) if f.instance.pk]
        for position, (_, _, obj) in enumerate(sorted(rows, key=lambda r: (r[0], r[1]))):
            if obj.position != position:
                obj.position = position
                obj.save(update_fields=["position"])

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        new_tags = [t.strip() for t in form.cleaned_data.get("new_tags", "").split(",") if t.strip()]
        if new_tags:
            form.instance.tags.add(*new_tags)

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        self._log_transition(request, obj)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        self._log_transition(request, obj)
        return entry

    def _log_transition(self, request, obj):
        # The audit trail of publication: its own log line, next to the field changes.
        message = getattr(obj, "_pending_transition", "")
        if message:
            obj._pending_transition = ""
            admin.ModelAdmin.log_change(self, request, obj, message)

    # --- views -------------------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="{}_{}_preview".format(*info),
            ),
        ] + super().get_urls()

    def preview_view(self, request, object_id):
        """The article through the public template, whatever its status (staff only)."""
        from public.views import render_article  # the public pages' contract with the admin

        article = Article.objects.for_detail().filter(pk=unquote(object_id)).first()
        if article is None:
            raise Http404("No such article")
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        response = render_article(request, article, preview=True)
        response["Cache-Control"] = "no-cache, no-store, private"
        response["X-Robots-Tag"] = "noindex"
        return response

    def revision_view(self, request, object_id, version_id, extra_context=None):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such article")
        # Checked on the article as it is now: a writer must not unpublish a live
        # article by restoring a draft revision of it.
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        request._live_state = {
            "version": article.version,
            "status": article.status,
            "last_edited_by": article.last_edited_by_id,
            "modified_at": article.modified_at,
        }
        version = Version.objects.get_for_object(article).filter(pk=version_id).first()
        if version is None:
            raise Http404("No such revision")
        extra_context = {
            **(extra_context or {}),
            "revision_changes": workflow.revision_changes(version.field_dict, article),
            "revision_date": version.revision.date_created,
            "revision_user": version.revision.user,
        }
        return super().revision_view(request, object_id, version_id, extra_context)

    def view_on_site(self, obj):
        # The public URL answers only once the article is live; before that, preview.
        return obj.get_absolute_url() if obj.is_published else None

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk:
            context["preview_url"] = reverse("admin:articles_article_preview", args=[obj.pk])
        return super().render_change_form(request, context, add, change, form_url, obj)

    # --- list columns ---------------------------------------------------------------

    @admin.display(description="Image")
    def thumb(self, obj):
        return thumbnail(obj.hero_image if obj.hero_image_id else None, size=48)

    @admin.display(description="Status", ordering="status")
    def status_display(self, obj):
        return obj.display_status

    @admin.display(description="Published", ordering="published_at")
    def published(self, obj):
        if not obj.published_at:
            return "–"
        return date_format(timezone.localtime(obj.published_at), "d M Y H:i")

    @admin.display(description="By")
    def byline(self, obj):
        return ", ".join(a.name for a in obj.byline_authors)

    @admin.display(description="Preview")
    def preview_link(self, obj):
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">Preview</a>',
            reverse("admin:articles_article_preview", args=[obj.pk]),
        )

    @admin.display(description="Body")
    def body_rendered(self, obj):
        # Stored sanitised (Article.compute_derived): safe to show as HTML.
        return mark_safe(obj.body)  # noqa: S308

    @admin.display(description="Hero image preview")
    def hero_preview(self, obj):
        return thumbnail(obj.hero_image if obj.hero_image_id else None, size=240, ratio="16x9")

    # --- bulk actions -------------------------------------------------------------

    def _apply(self, request, queryset, change, verb):
        """Apply ``change`` to each selected article the user may edit; log and report."""
        done, skipped = 0, 0
        for article in queryset.select_related("section"):
            if not workflow.can_edit(request.user, article):
                skipped += 1
                continue
            old_status = article.status
            if not change(article):
                skipped += 1
                continue
            article.last_edited_by = request.user
            article.save()
            message = workflow.transition_message(old_status, article) or f"{verb.capitalize()} (bulk action)."
            admin.ModelAdmin.log_change(self, request, article, message)
            if reversion.is_active():
                reversion.set_comment(message)
            done += 1
        level = messages.SUCCESS if done else messages.WARNING
        text = f"{done} article{'s' if done != 1 else ''} {verb}."
        if skipped:
            text += f" {skipped} skipped (already in that state, or not yours to change)."
        self.message_user(request, text, level)

    @admin.action(description="Publish selected articles (now, or at their scheduled time)", permissions=["publish"])
    def publish_selected(self, request, queryset):
        if not workflow.can_publish(request.user):
            raise PermissionDenied
        now = timezone.now()
        self._apply(request, queryset, lambda a: workflow.publish(a, now), "published")

    @admin.action(description="Unpublish selected articles", permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        if not workflow.can_publish(request.user):
            raise PermissionDenied
        self._apply(request, queryset, workflow.unpublish, "unpublished")

    @admin.action(description="Submit selected articles for review", permissions=["change"])
    def submit_selected_for_review(self, request, queryset):
        self._apply(request, queryset, workflow.submit_for_review, "submitted for review")
