"""Sections (a tree), regions, authors and tags."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Count
from django.shortcuts import redirect, render
from taggit.admin import TagAdmin as TaggitTagAdmin
from taggit.forms import MergeTagsForm
from taggit.models import Tag

from articles.admin.editions import EditionScopedAdmin
from articles.admin.utils import thumbnail
from articles.models import Author, Region, Section, TaggedArticle
from articles.models.taxonomy import tag_for_name, tag_named
from articles.signals import content_changed


@admin.register(Section)
class SectionAdmin(EditionScopedAdmin, admin.ModelAdmin):
    list_display = ["tree_name", "path", "position", "show_in_menu", "article_count"]
    list_editable = ["position", "show_in_menu"]
    list_filter = ["show_in_menu", ("parent", admin.EmptyFieldListFilter)]
    search_fields = ["name", "path"]
    ordering = ["path"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["parent"]
    readonly_fields = ["path"]
    # A sub-section is in its parent's edition whatever "edition" says (Section.save).
    fields = ["edition", "name", "slug", "parent", "path", "position", "show_in_menu", "description"]

    def get_readonly_fields(self, request, obj=None):
        # The edition is chosen at creation: changing it would leave the sub-sections and
        # articles in the old one (Section.save refuses it too).
        return [*super().get_readonly_fields(request, obj), *(["edition"] if obj is not None else [])]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(num_articles=Count("articles"))

    @admin.display(description="Section", ordering="path")
    def tree_name(self, obj):
        # Indent by depth so the list reads as the menu tree.
        return "\u2003" * obj.depth + obj.name

    @admin.display(description="Articles", ordering="num_articles")
    def article_count(self, obj):
        return obj.num_articles


@admin.register(Region)
class RegionAdmin(EditionScopedAdmin, admin.ModelAdmin):
    list_display = ["name", "slug", "position", "show_in_menu"]
    list_editable = ["position", "show_in_menu"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_readonly_fields(self, request, obj=None):
        # Chosen at creation, like a section's (Region.save refuses a change).
        return [*super().get_readonly_fields(request, obj), *(["edition"] if obj is not None else [])]


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["photo_thumb", "name", "role", "is_organisation", "user", "article_count"]
    list_display_links = ["photo_thumb", "name"]
    list_filter = ["is_organisation", ("user", admin.EmptyFieldListFilter)]
    search_fields = ["name", "role", "slug"]
    # Explicit: the count annotation groups the query, which drops Meta.ordering.
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["photo", "user"]
    autocomplete_fields = ["photo"]
    readonly_fields = ["photo_preview"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "is_organisation", "role", "bio"]}),
        ("Photo", {"fields": ["photo", "photo_preview"]}),
        ("Contact and links", {"fields": ["email", "x_handle", "website"]}),
        ("Staff login", {"fields": ["user"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(num_articles=Count("bylines"))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            # Only staff write in the admin; a plain list, as editors cannot browse users.
            kwargs["queryset"] = get_user_model().objects.filter(is_staff=True).order_by("username")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description="Photo")
    def photo_thumb(self, obj):
        return thumbnail(obj.photo, size=48)

    @admin.display(description="Current photo")
    def photo_preview(self, obj):
        return thumbnail(obj.photo, size=160)

    @admin.display(description="Articles", ordering="num_articles")
    def article_count(self, obj):
        return obj.num_articles


admin.site.unregister(Tag)


class TagForm(forms.ModelForm):
    class Meta:
        model = Tag
        fields = ["name", "slug"]

    def clean_name(self):
        # The database refuses a second tag of one name ignoring case (TagNameKey): say so
        # on the field rather than fail on save.
        name = self.cleaned_data["name"]
        other = tag_named(name)
        if other is not None and other.pk != self.instance.pk:
            raise forms.ValidationError(f"The tag “{other.name}” has this name already (ignoring case).")
        return name


@admin.register(Tag)
class TagAdmin(TaggitTagAdmin):
    """taggit's admin (search, merge) without its generic inline, with article counts."""

    form = TagForm
    inlines = []
    list_display = ["name", "slug", "article_count"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(num_articles=Count("articles_taggedarticle_items"))

    @admin.display(description="Articles", ordering="num_articles")
    def article_count(self, obj):
        return obj.num_articles

    def merge_tags_view(self, request):
        """taggit's "Merge selected tags" page, made safe and made to work on our articles.

        taggit's own view answers 500 when no tags were selected (the session holds
        none, or holds ids of deleted tags), lets any staff member merge, and moves
        only generic ``TaggedItem`` rows, while articles are tagged through
        ``TaggedArticle``.
        """
        if not self.has_change_permission(request):
            raise PermissionDenied
        selected = request.session.get("selected_tag_ids", "").split(",")
        tags = list(Tag.objects.filter(pk__in=[int(pk) for pk in selected if pk.isdigit()]))
        changelist = redirect("admin:taggit_tag_changelist")
        if not tags:
            self.message_user(
                request,
                "No tags to merge: tick the tags in the list, then choose “Merge selected tags”.",
                messages.WARNING,
            )
            return changelist
        form = MergeTagsForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            target = merge_tags(tags, form.cleaned_data["new_tag_name"])
            if target is not None:
                request.session.pop("selected_tag_ids", None)
                names = ", ".join(tag.name for tag in tags)
                self.message_user(request, f"Merged {names} into “{target.name}”.", messages.SUCCESS)
                return changelist
            form.add_error("new_tag_name", "A tag name needs at least one letter or digit.")
        context = {**self.admin_site.each_context(request), "form": form, "title": "Merge tags", "tags": tags}
        return render(request, "admin/taggit/merge_tags_form.html", context)


def merge_tags(tags, name):
    """Give every article tagged with any of ``tags`` the tag ``name`` instead (found
    ignoring case as ``tag_for_name`` does, spelt as given, created if new; an article
    that already has it keeps one); return that tag, or None for a name without text.
    The old tags stay, without articles, as taggit's merge leaves them."""
    with transaction.atomic():
        target = tag_for_name(name)
        if target is None:
            return None
        if target.name != name:  # "syria" merged as "Syria": the editor's spelling wins
            target.name = name
            target.save(update_fields=["name"])
        sources = [tag.pk for tag in tags if tag.pk != target.pk]
        already = TaggedArticle.objects.filter(tag=target).values("content_object")
        TaggedArticle.objects.filter(tag__in=sources, content_object__in=already).delete()
        moved = TaggedArticle.objects.filter(tag__in=sources)
        # One row per article even when it had several of the merged tags.
        for article_id in list(moved.values_list("content_object", flat=True).distinct()):
            rows = moved.filter(content_object=article_id).order_by("pk")
            rows.exclude(pk=rows[0].pk).delete()
        moved.update(tag=target)
    content_changed.send(sender=Tag)
    return target
