"""Editions in the admin (``articles.editions``): an edition column and filter on the
lists of edition content, each user's lists and choices limited to the editions she
works in (``editions.user_editions``: the per-edition permissions), and the article
action that starts a translation."""

import uuid

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils.html import format_html

from articles import editions
from articles.models import Article, Byline, Section


class EditionFilter(admin.SimpleListFilter):
    """The list's rows of one edition (among those the user works in)."""

    title = "edition"
    parameter_name = "edition"

    def lookups(self, request, model_admin):
        allowed = editions.user_editions(request.user)
        return [(e.code, e.name) for e in editions.all_editions() if e.code in allowed]

    def queryset(self, request, queryset):
        return queryset.filter(edition=self.value()) if self.value() else queryset


# Foreign keys whose choices are edition content: limited to the user's editions.
EDITION_FOREIGN_KEYS = {"section", "parent", "article"}


class _EditionGuard:
    """What every edition-scoped admin shares: rows of the user's editions only
    (``editions.user_editions``), and no view, change, delete or history of another
    edition's row (refused, not only hidden). ``edition_lookup``: the ORM path from a
    row to its edition code."""

    edition_lookup = "edition"

    def _edition_of(self, obj):
        return obj.edition

    def get_queryset(self, request):
        allowed = editions.user_editions(request.user)
        return super().get_queryset(request).filter(**{f"{self.edition_lookup}__in": allowed})

    def _in_users_edition(self, request, obj):
        return obj is None or self._edition_of(obj) in editions.user_editions(request.user)

    def has_view_permission(self, request, obj=None):
        # Reading counts too: a draft of another edition is not this user's to see.
        return super().has_view_permission(request, obj) and self._in_users_edition(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._in_users_edition(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._in_users_edition(request, obj)

    def history_view(self, request, object_id, extra_context=None):
        # The history (django-reversion's, or Django's log) loads the row itself: 404
        # outside the user's editions, as the change page is.
        if self.get_object(request, unquote(object_id)) is None:
            raise Http404("No such row")
        return super().history_view(request, object_id, extra_context)


class EditionScopedAdmin(_EditionGuard):
    """Mixin for the ModelAdmin of a model with an ``edition`` field: the edition column
    and filter (first), rows and choices of the user's editions only, and no change
    to a row of another edition, nor a view of it (``_EditionGuard``)."""

    @admin.display(description="Edition", ordering="edition")
    def edition_label(self, obj):
        return editions.get(obj.edition).label if obj.edition in editions.editions() else obj.edition

    def get_list_display(self, request):
        return [*super().get_list_display(request), "edition_label"]

    def get_list_filter(self, request):
        return [EditionFilter, *super().get_list_filter(request)]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "edition" and field is not None:
            allowed = editions.user_editions(request.user)
            field.choices = [(code, name) for code, name in field.choices if code in allowed]
            # A form posted without the field (a script, an older page) gets the user's
            # default edition (``get_form``).
            field.required = False
            field.initial = allowed[0]
        return field

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        if "edition" not in form_class.base_fields:
            return form_class
        allowed = editions.user_editions(request.user)
        default = editions.default_code() if editions.default_code() in allowed else allowed[0]

        class EditionDefaultForm(form_class):
            def clean(self):
                # Filled in before the model's validation, so the constraints that name
                # the edition (unique paths, slugs and names per edition) are checked.
                cleaned = super().clean()
                if not cleaned.get("edition"):
                    cleaned["edition"] = self.instance.edition if self.instance.pk else default
                    self.instance.edition = cleaned["edition"]
                return cleaned

        return EditionDefaultForm

    def save_model(self, request, obj, form, change):
        allowed = editions.user_editions(request.user)
        if obj.edition not in allowed:
            obj.edition = allowed[0]
        super().save_model(request, obj, form, change)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in EDITION_FOREIGN_KEYS and "queryset" not in kwargs:
            related = db_field.remote_field.model
            kwargs["queryset"] = related._default_manager.filter(edition__in=editions.user_editions(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ArticleEditionScopedAdmin(_EditionGuard):
    """Mixin for the ModelAdmin (a reversion ``VersionAdmin``) of a model that belongs to
    an article (an ``article`` foreign key: live updates, correction notices): rows,
    history, recoverable deletions and article choices of the user's editions only
    (``editions.user_editions``), and no view or change of another edition's row."""

    edition_lookup = "article__edition"

    def _edition_of(self, obj):
        return obj.article.edition

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "article" and "queryset" not in kwargs:
            # The autocomplete lists ArticleAdmin's (scoped) rows; this refuses a posted id.
            kwargs["queryset"] = Article.objects.filter(edition__in=editions.user_editions(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _reversion_order_version_queryset(self, request, queryset):
        """The versions (history, recover list) of rows whose article is in the user's
        editions; a deleted row is known only by its stored ``article_id``."""
        queryset = super()._reversion_order_version_queryset(request, queryset)
        if len(editions.user_editions(request.user)) == len(editions.editions()):
            return queryset  # every edition: nothing to leave out (no scan of the versions)
        allowed = set(
            Article.objects.filter(edition__in=editions.user_editions(request.user)).values_list("pk", flat=True)
        )
        return queryset.filter(pk__in=[v.pk for v in queryset if v.field_dict.get("article_id") in allowed])


def target_section(article, edition):
    """Where a translation of ``article`` into ``edition`` starts: the section of that
    edition with the same path, else its first top-level section in menu order; None
    when the edition has no section yet."""
    sections = Section.objects.filter(edition=edition.code)
    return (
        sections.filter(path=article.section.path).first()
        or sections.filter(parent__isnull=True).order_by("position", "name").first()
    )


@transaction.atomic
def create_translation(article, edition, user=None):
    """A draft copy of ``article`` in ``edition`` (an Edition), linked to it by their
    translation group (given to the original when it has none): headline, standfirst,
    body, source, format, video, hero picture with caption and credit, bylines and tags
    are copied for the translator to rewrite. Returns the draft.

    Raises ``ValueError`` when the story has a translation in ``edition`` already, when
    ``edition`` is the article's own, or when that edition has no section.
    """
    if edition.code == article.edition:
        raise ValueError("The story is in this edition already.")
    if article.translation_group is None:
        article.translation_group = uuid.uuid4()
        Article.objects.filter(pk=article.pk).update(translation_group=article.translation_group)
    elif Article.objects.filter(translation_group=article.translation_group, edition=edition.code).exists():
        raise ValueError(f"The story has a translation in the {edition.name} edition already.")
    section = target_section(article, edition)
    if section is None:
        raise ValueError(f"The {edition.name} edition has no section yet.")
    copy = Article(
        section=section,
        edition=edition.code,
        language=edition.language,
        translation_group=article.translation_group,
        headline=article.headline,
        standfirst=article.standfirst,
        body=article.body,
        source=article.source,
        format=article.format,
        video_url=article.video_url,
        hero_image_id=article.hero_image_id,
        hero_caption=article.hero_caption,
        hero_credit=article.hero_credit,
        status=Article.Status.DRAFT,
        created_by=user,
        last_edited_by=user,
    )
    copy.save()
    Byline.objects.bulk_create(
        Byline(article=copy, author_id=b.author_id, position=b.position) for b in article.bylines.all()
    )
    copy.tags.set(list(article.tags.all()))
    return copy


class TranslationActions:
    """ArticleAdmin mixin: one action per edition, "Create a translation in <edition>",
    for the editions the user works in."""

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self.has_add_permission(request):
            return actions
        allowed = editions.user_editions(request.user)
        for edition in editions.all_editions():
            if edition.code in allowed:
                name = f"translate_to_{edition.code}"
                description = f"Create a translation in the {edition.name} edition (draft)"
                actions[name] = (self._translation_action(edition), name, description)
        return actions

    def _translation_action(self, edition):
        def action(modeladmin, request, queryset):
            for article in queryset.select_related("section"):
                try:
                    copy = create_translation(article, edition, request.user)
                except ValueError as error:
                    self.message_user(request, f"“{article}”: {error}", messages.WARNING)
                    continue
                url = reverse("admin:articles_article_change", args=[copy.pk])
                self.message_user(
                    request,
                    format_html('Translation of “{}” started: <a href="{}">{}</a>', article, url, copy),
                    messages.SUCCESS,
                )

        return action
