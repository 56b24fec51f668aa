"""The article admin: the newsroom's main screen.

Workflow rules come from ``articles.workflow``; this module applies them to the
form, the bulk actions and the per-object permissions, so that what a writer may
not do is refused by the server, not merely hidden. Its parts: ``forms`` (the
form), ``inlines``, ``filters`` (list filters) and ``views`` (preview, revisions).
Revisions are registered on the models (``articles.models.article``).
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from reversion.admin import VersionAdmin
from taggit.models import Tag

from articles import editing, frontpage, prepublish, workflow
from articles.admin.desk import ArticleDeskViews
from articles.admin.editing import ArticleEditingViews
from articles.admin.editions import EditionScopedAdmin, TranslationActions
from articles.admin.filters import FrontPageFilter, StatusFilter
from articles.admin.forms import ArticleAdminForm, StoredState, form_for
from articles.admin.inlines import (
    ORDERED_INLINE_MODELS,
    BylineInline,
    GalleryInline,
    RelatedInline,
)
from articles.admin.localtime import LocalTimesAdmin
from articles.admin.utils import thumbnail
from articles.admin.views import ArticleAdminViews
from articles.models import Article, Author, Byline
from articles.models.article import WORDS_PER_MINUTE


@admin.register(Article)
class ArticleAdmin(
    EditionScopedAdmin,
    TranslationActions,
    LocalTimesAdmin,
    ArticleDeskViews,
    ArticleEditingViews,
    ArticleAdminViews,
    VersionAdmin,
):
    """Articles in the admin: list, search, form with inlines, bulk actions.

    ``live_state`` is None on the admin the site registers (one object for every
    request); the revision view makes an admin of its own for one request with the
    article's ``StoredState`` from before the revert (see ``ArticleAdminViews``).
    """

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    form = ArticleAdminForm
    # Live updates are posted on the live desk (articles/admin/desk.py), never through
    # this form: a post must not re-save the article nor be refused as an edit conflict.
    inlines = [BylineInline, GalleryInline, RelatedInline]
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
        FrontPageFilter,
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
    autocomplete_fields = ["hero_image", "regions", "social_image"]
    actions = ["publish_selected", "unpublish_selected", "submit_selected_for_review", "duplicate_selected"]
    revision_form_template = "admin/articles/article/revision_form.html"
    change_list_template = "admin/articles/article/change_list.html"
    save_on_top = True
    history_latest_first = True

    def __init__(self, model, admin_site, live_state=None):
        super().__init__(model, admin_site)
        self.live_state = live_state

    def get_search_results(self, request, queryset, search_term):
        """Full-text search (ranked, phrases, -minus words) in the changelist; prefix
        matching on headlines for autocomplete widgets and when nothing matches."""
        if search_term.strip() and not request.path.endswith("/autocomplete/"):
            matches = queryset.search(search_term)
            if matches.exists():
                return matches, False
        return super().get_search_results(request, queryset, search_term)

    fieldsets = [
        (None, {"fields": ["kicker", "headline", "standfirst", "body", "body_stats", "loaded_version"]}),
        ("Place", {"fields": ["section", "slug", "regions", "tags", "new_tags"]}),
        (
            "Publication",
            {
                "fields": [
                    "status",
                    "published_at",
                    "substantive_update",
                    "revised_at",
                    "home_position",
                    "prepublish_checklist",
                ]
            },
        ),
        (
            "Hero and format",
            {
                "fields": [
                    "hero_image",
                    "hero_preview",
                    "hero_caption",
                    "hero_credit",
                    "format",
                    "video_url",
                    "coverage_ended_at",
                ]
            },
        ),
        (
            "Search and social",
            {
                "fields": ["seo_title", "seo_description", "social_image", "search_and_social_preview"],
                "description": "How the story shows in search results and when shared. Empty fields use the "
                "headline, the standfirst and the hero image. The preview below follows what you type.",
            },
        ),
        ("Source", {"fields": ["source", "language", "external_id"], "classes": ["collapse"]}),
        (
            "Record",
            {
                "fields": ["version", "last_edited_by", "created_at", "last_saved_at", "word_count", "reading_time"],
                "classes": ["collapse"],
            },
        ),
    ]
    always_readonly = [
        "external_id",  # the importer's identity of the article (workflow.IMPORT_FIELDS)
        "prepublish_checklist",
        "body_rendered",
        "body_stats",  # counted live by the form's script (article-editor.js)
        "search_and_social_preview",
        # Ended and resumed on the live desk only: a form opened before would write back its old value.
        "coverage_ended_at",
        "hero_preview",
        "revised_at",
        "version",
        "last_edited_by",
        "created_at",
        "last_saved_at",
        "word_count",
        "reading_time",
    ]

    # --- queries ---------------------------------------------------------------

    def get_queryset(self, request):
        # Writers see their own stories and the published ones (workflow.visible_articles);
        # bylines in one extra query for the whole page, whatever its length.
        return workflow.visible_articles(request.user, super().get_queryset(request)).prefetch_related(
            Prefetch(
                "bylines",
                queryset=Byline.objects.select_related("author").order_by("position", "pk"),
                to_attr="ordered_bylines",
            )
        )

    # --- permissions -------------------------------------------------------------

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and workflow.can_view(request.user, obj)

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
        form_class = super().get_form(request, obj, change=change, **kwargs)
        autosave = self.restoring(request, obj)
        # The form applies the workflow for this user and, in the revision view, checks
        # the save against the article's live state rather than the reverted row.
        return form_for(
            form_class,
            user=request.user,
            live_state=self.live_state,
            initial=editing.restored_initial(autosave) if autosave else None,
        )

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, BylineInline) and obj.pk is None:
            # A new article is signed by whoever starts it (her author profile: articles.roles).
            own = Author.objects.filter(user=request.user).values_list("pk", flat=True).first()
            if own is not None:
                kwargs["initial"] = [{"author": own, "position": 0}]
        return kwargs

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
        stored = form.stored_state() if change else StoredState()
        if stored.version is not None:
            # Continue from the stored version even when an old revision is restored.
            obj.version = stored.version
        if form.cleaned_data.get("substantive_update"):
            obj.revised_at = timezone.now()
        elif change:
            # "Updated" moves only with a substantive update: a restored revision brings
            # its own older time (or none), which would drop the line readers saw.
            obj.revised_at = stored.revised_at
        # What the form does not offer this user may still come from a restored revision.
        workflow.keep_stored_fields(request.user, obj, stored)
        if "home_position" in form.changed_data and frontpage.can_curate(request.user):
            # Pinned (or unpinned) by the save's post_save: articles.frontpage.apply_home_position.
            obj.home_position = form.cleaned_data["home_position"]
        if not change:
            obj.created_by = request.user
        obj.last_edited_by = request.user
        super().save_model(request, obj, form, change)
        if form.cleaned_data.get("take_off_front_page") and frontpage.can_curate(request.user):
            frontpage.take_off(obj, request.user)
        # Saved: her autosave is behind the article now (articles.editing).
        editing.discard_autosave(obj, request.user)
        self.log_transition(request, obj, stored.status)

    def log_transition(self, request, article, old_status, fallback=""):
        """The audit trail of publication: a log entry of its own (user, time, message)
        when saving ``article`` published, scheduled or unpublished it, next to the
        entry of the field changes. Returns the message, ``fallback`` when the status
        change is none of those, "" when nothing was logged."""
        message = workflow.transition_message(old_status, article) or fallback
        if message:
            # VersionAdmin's log_change also makes it the comment of the revision.
            self.log_change(request, article, message)
        return message

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model in ORDERED_INLINE_MODELS:
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

    def view_on_site(self, obj):
        # The public URL answers only once the article is live; before that, preview.
        return obj.get_absolute_url() if obj.is_published else None

    # --- list columns ---------------------------------------------------------------

    @admin.display(description="Image")
    def thumb(self, obj):
        return thumbnail(obj.hero_image if obj.hero_image_id else None, size=48)

    @admin.display(description="Status", ordering="status")
    def status_display(self, obj):
        # Who else has it open (ArticleEditingViews.with_presence): a save may conflict.
        editing_now = self.presence_label(obj)
        if editing_now:
            return format_html(
                '{}<br><span class="presence-list" title="Has this article open">'
                '<span aria-hidden="true">✎</span> {}</span>',
                obj.display_status,
                editing_now,
            )
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

    @admin.display(description="Pre-publish checks")
    def prepublish_checklist(self, obj):
        """The pre-publish checks on the article as saved, before anyone publishes it."""
        if obj is None or obj.pk is None:
            return "Run when an editor publishes or schedules the article."
        results = prepublish.run_checks(prepublish.Candidate.of_article(obj))
        return format_html(
            '<ul class="prepublish-checklist">{}</ul>',
            format_html_join(
                "",
                '<li class="{}"><span aria-hidden="true">{}</span> {}</li>',
                (
                    ("check-ok", "✓", r.label) if r.passed else ("check-warn", "⚠", f"{r.label}: {r.problem}")
                    for r in results
                ),
            ),
        )

    @admin.display(description="Length")
    def body_stats(self, obj):
        """ "450 words · 3 min read": as saved, then counted live as one types (the same
        rule: ``articles.text_policy`` words, ``WORDS_PER_MINUTE``)."""
        words = obj.word_count if obj is not None and obj.pk else 0
        minutes = obj.reading_time if obj is not None and obj.pk else 1
        return format_html(
            '<span class="body-stats" data-words-per-minute="{}" aria-live="polite">'
            "<span data-word-count>{}</span> words · <span data-reading-time>{}</span> min read</span>",
            WORDS_PER_MINUTE,
            words,
            minutes,
        )

    @admin.display(description="Preview")
    def search_and_social_preview(self, obj):
        """A search result and a social card as the page gives them (as saved); the form's
        script redraws them from the fields as one types."""
        return render_to_string("admin/articles/article/_seo_preview.html", {"preview": self.seo_preview(obj)})

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
            self.log_transition(request, article, old_status, fallback=f"{verb.capitalize()} (bulk action).")
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
        # Selecting and choosing the action is the editor's decision, as "Publish anyway"
        # is on the form; she is still told which stories went out failing the checks.
        flagged = [
            article.headline
            for article in queryset.exclude(status=Article.Status.PUBLISHED).select_related("hero_image")
            if prepublish.warnings(prepublish.Candidate.of_article(article))
        ]
        self._apply(request, queryset, lambda a: workflow.publish(a, now), "published")
        if flagged:
            self.message_user(
                request,
                "Published although the pre-publish checks warn (open each to see what): " + "; ".join(flagged),
                messages.WARNING,
            )

    @admin.action(description="Unpublish selected articles", permissions=["publish"])
    def unpublish_selected(self, request, queryset):
        if not workflow.can_publish(request.user):
            raise PermissionDenied
        self._apply(request, queryset, workflow.unpublish, "unpublished")

    @admin.action(description="Submit selected articles for review", permissions=["change"])
    def submit_selected_for_review(self, request, queryset):
        self._apply(request, queryset, workflow.submit_for_review, "submitted for review")
