"""The article's inlines: bylines, gallery and related articles (live updates have
their own desk: ``articles/admin/desk.py``).

Each follows the article's own permission (see ``FollowsArticlePermission``): a writer
who may not change a published article may not change its bylines either.
"""

from django import forms
from django.contrib import admin

from articles import workflow
from articles.admin.utils import thumbnail
from articles.models import Byline, GalleryItem, RelatedArticle


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


class BylineForm(forms.ModelForm):
    """A byline row. A new row the form pre-filled with the user's own author
    (``ArticleAdmin.get_formset_kwargs``) counts as filled in while it names an author:
    Django would otherwise take a row left as it was offered for an empty one, and
    drop the byline the writer meant to keep."""

    def has_changed(self):
        if self.instance.pk is None and self.initial.get("author"):
            return bool(self.data.get(self.add_prefix("author")))
        return super().has_changed()


class BylineInline(FollowsArticlePermission, NamedCellsInline):
    model = Byline
    form = BylineForm
    autocomplete_fields = ["author"]
    fields = ["author", "position"]
    extra = 1
    verbose_name = "byline"
    verbose_name_plural = "Bylines (in order: lowest position first)"


class RelatedInline(FollowsArticlePermission, NamedCellsInline):
    model = RelatedArticle
    fk_name = "from_article"
    autocomplete_fields = ["to_article"]
    fields = ["to_article", "waiting_for", "position"]
    readonly_fields = ["waiting_for"]
    extra = 0
    verbose_name = "related article"
    verbose_name_plural = "Related articles (in order; none: chosen from shared tags and section)"

    @admin.display(description="Imported page's link")
    def waiting_for(self, obj):
        """What an imported page named, for an entry whose story is not imported yet."""
        if obj is None or obj.pk is None or obj.to_article_id:
            return ""
        return f"Waiting for “{obj.headline or obj.url}”" + (f" ({obj.url})" if obj.headline and obj.url else "")


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


# Inlines whose rows carry a position the admin renumbers 0, 1, 2… after each save.
ORDERED_INLINE_MODELS = (Byline, RelatedArticle, GalleryItem)
