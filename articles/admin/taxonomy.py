"""Sections (a tree), regions, authors and tags."""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Count
from taggit.admin import TagAdmin as TaggitTagAdmin
from taggit.models import Tag

from articles.admin.utils import thumbnail
from articles.models import Author, Region, Section
from articles.models.taxonomy import tag_named


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["tree_name", "path", "position", "show_in_menu", "article_count"]
    list_editable = ["position", "show_in_menu"]
    list_filter = ["show_in_menu", ("parent", admin.EmptyFieldListFilter)]
    search_fields = ["name", "path"]
    ordering = ["path"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["parent"]
    readonly_fields = ["path"]
    fields = ["name", "slug", "parent", "path", "position", "show_in_menu", "description"]

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
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position", "show_in_menu"]
    list_editable = ["position", "show_in_menu"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


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
