"""Images: upload with clear validation errors, thumbnails, crop previews; who may
change which image is ``articles.workflow.can_change_image``."""

from django.contrib import admin
from django.utils.html import format_html, format_html_join

from articles import workflow
from articles.admin.forms import ImageAdminForm
from articles.admin.utils import thumbnail
from articles.models import Image


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageAdminForm
    list_display = ["thumb", "alt_text", "caption", "credit", "dimensions", "uploaded_at"]
    list_display_links = ["thumb", "alt_text"]
    search_fields = ["alt_text", "caption", "credit"]
    list_filter = [("uploaded_at", admin.DateFieldListFilter)]
    date_hierarchy = "uploaded_at"
    list_per_page = 50
    readonly_fields = ["preview", "dimensions", "uploaded_at"]
    fieldsets = [
        (None, {"fields": ["file", "preview", "alt_text", "caption", "credit"]}),
        (
            "Crops",
            {
                "fields": [("focal_x", "focal_y")],
                "description": "The point the 16:9, 4:3 and square crops keep in frame. "
                "Changing it re-crops the image when you save.",
            },
        ),
        ("File", {"fields": ["dimensions", "uploaded_at"]}),
    ]

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
        return format_html(
            '<a href="{}" target="_blank" rel="noopener"><img src="{}" alt="{}" class="admin-preview"></a>'
            '<div class="admin-crops">{}</div>',
            obj.file.url,
            obj.rendition_url("16x9", width=800),
            obj.alt_text,
            crops,
        )
