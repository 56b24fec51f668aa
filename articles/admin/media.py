"""Images: the media library (a grid of thumbnails with search, filters and pages), the
picker the body editor opens to put a library image in a story, upload with clear
validation errors, and the focal point set by clicking on the picture; who may change
which image is ``articles.workflow.can_change_image``."""

from django.contrib import admin
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html, format_html_join

from articles import body_media, images, workflow
from articles.admin.forms import ImageAdminForm
from articles.admin.utils import thumbnail
from articles.models import Article, Author, GalleryItem, Image

# The fields the library is searched by: the file name stands for a title.
SEARCH_FIELDS = ["alt_text", "caption", "credit", "file"]
PICKER_PAGE_SIZE = 24
# The rendition the editor shows for a picked image (the page renders the library's own).
PICKER_PREVIEW_WIDTH = 800


class UsageFilter(admin.SimpleListFilter):
    """Where an image is used: as a hero, in a gallery, in a body, an author's photo, or nowhere."""

    title = "use"
    parameter_name = "use"

    def lookups(self, request, model_admin):
        return [
            ("hero", "Hero image"),
            ("gallery", "In a gallery"),
            ("body", "In a story's body"),
            ("author", "Author photo"),
            ("unused", "Not used"),
        ]

    def queryset(self, request, queryset):
        hero = Q(pk__in=Article.objects.exclude(hero_image=None).values("hero_image"))
        gallery = Q(pk__in=GalleryItem.objects.values("image"))
        author = Q(pk__in=Author.objects.exclude(photo=None).values("photo"))
        if self.value() == "hero":
            return queryset.filter(hero)
        if self.value() == "gallery":
            return queryset.filter(gallery)
        if self.value() == "author":
            return queryset.filter(author)
        if self.value() in ("body", "unused"):
            # Bodies refer to images by id in their HTML: read the ids of the bodies that
            # hold any (one query over those bodies only).
            ids = set()
            for body in Article.objects.filter(body__contains="data-file=").values_list("body", flat=True):
                ids.update(body_media.image_ids(body))
            if self.value() == "body":
                return queryset.filter(pk__in=ids)
            return queryset.exclude(hero | gallery | author | Q(pk__in=ids))
        return queryset


class OrientationFilter(admin.SimpleListFilter):
    title = "shape"
    parameter_name = "shape"

    def lookups(self, request, model_admin):
        return [("landscape", "Landscape"), ("portrait", "Portrait"), ("square", "Square")]

    def queryset(self, request, queryset):
        if self.value() == "landscape":
            return queryset.filter(width__gt=F("height"))
        if self.value() == "portrait":
            return queryset.filter(height__gt=F("width"))
        if self.value() == "square":
            return queryset.filter(width=F("height"), width__gt=0)
        return queryset


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageAdminForm
    # The change list is a grid (templates/admin/articles/image/change_list.html); these
    # columns are what each tile shows.
    list_display = ["thumb", "alt_text", "caption", "credit", "dimensions", "uploaded_at"]
    list_display_links = ["thumb", "alt_text"]
    search_fields = SEARCH_FIELDS
    search_help_text = "Search alt text, caption, credit and file name."
    list_filter = [UsageFilter, OrientationFilter, ("uploaded_at", admin.DateFieldListFilter)]
    date_hierarchy = "uploaded_at"
    list_per_page = 50
    readonly_fields = ["preview", "dimensions", "uploaded_at"]
    fieldsets = [
        (None, {"fields": ["file", "preview", "alt_text", "caption", "credit"]}),
        (
            "Crops",
            {
                "fields": [("focal_x", "focal_y")],
                "description": "The point the 16:9, 4:3 and square crops keep in frame: click on the picture "
                "above to set it, or type it. Saving re-crops the image under new file names.",
            },
        ),
        ("File", {"fields": ["dimensions", "uploaded_at"]}),
    ]

    class Media:
        js = ["admin-extra/focal-point.js"]

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        for image in changelist.result_list:  # the grid's tiles (no query: the stored index)
            image.thumb_url = image.rendition_url("1x1", width=240)
        return changelist

    def get_urls(self):
        picker = self.admin_site.admin_view(self.picker_view)
        return [path("picker/", picker, name="articles_image_picker"), *super().get_urls()]

    def picker_view(self, request):
        """The library as the body editor's Figure picker opens it (a popup): search, pages
        of thumbnails; choosing one hands its id, a preview rendition and its alt text
        to the editor (``static/admin-extra/image-picker.js``). Anyone who may write a
        story may pick any library image: using an image does not change it."""
        if not (self.has_view_permission(request) and request.user.has_perm("articles.change_article")):
            return TemplateResponse(request, "admin/articles/image/picker.html", {"denied": True}, status=403)
        query = request.GET.get("q", "").strip()[:200]
        found = Image.objects.all()
        if query:
            condition = Q()
            for field in SEARCH_FIELDS:
                condition |= Q(**{f"{field}__icontains": query})
            found = found.filter(condition)
        page = Paginator(found, PICKER_PAGE_SIZE).get_page(request.GET.get("page"))
        tiles = [
            {
                "image": image,
                "thumb": image.rendition_url("1x1", width=240),
                "preview": image.rendition_url(images.UNCROPPED, width=PICKER_PREVIEW_WIDTH),
            }
            for image in page
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": "Choose an image from the library",
            "opts": self.model._meta,
            "is_popup": True,
            "query": query,
            "page": page,
            "tiles": tiles,
            "func_num": request.GET.get("CKEditorFuncNum", ""),
        }
        return TemplateResponse(request, "admin/articles/image/picker.html", context)

    def has_change_permission(self, request, obj=None):
        # Writers may change an image only while no published story, nor another
        # writer's, uses it (workflow.can_change_image); otherwise they see it read-only.
        return super().has_change_permission(request, obj) and workflow.can_change_image(request.user, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description="Image")
    def thumb(self, obj):
        return thumbnail(obj, size=64)

    @admin.display(description="Size")
    def dimensions(self, obj):
        return f"{obj.width}×{obj.height}" if obj.width else "–"

    @admin.display(description="Preview")
    def preview(self, obj):
        if not obj.pk or not obj.file:
            return "Shown after the upload is saved."
        crops = format_html_join(
            "",
            '<figure class="admin-crop"><img src="{}" alt="" height="120" loading="lazy"><figcaption>{}</figcaption>'
            "</figure>",
            (
                (obj.rendition_url(ratio, width=480), label)
                for ratio, label in (("16x9", "16:9"), ("4x3", "4:3"), ("1x1", "1:1"))
            ),
        )
        # The whole picture (never the original, which readers and the CDN never get),
        # with the focal point marked: focal-point.js turns a click into focal_x/focal_y.
        return format_html(
            '<div class="focal-picker" data-focal-x="{}" data-focal-y="{}">'
            '<img src="{}" alt="{}" class="admin-preview" width="{}" height="{}">'
            '<span class="focal-marker" aria-hidden="true"></span></div>'
            '<p class="help focal-help">Click on the picture to choose what the crops keep in frame.</p>'
            '<div class="admin-crops">{}</div>',
            obj.focal_x,
            obj.focal_y,
            obj.rendition_url(images.UNCROPPED, width=800),
            obj.alt_text,
            obj.width,
            obj.height,
            crops,
        )
