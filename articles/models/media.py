"""Images: validated with Pillow on upload, scrubbed into storage, renditions generated once on save.

The stored original has no location or device metadata (``articles.images.scrub_original``,
on every save through the field) and an unguessable name; readers only ever get renditions.
The renditions belong to the image: whoever changes its file or focal point (the admin,
an import, a shell) gets new crops under new names, and the files of the old ones, like
those of a deleted image, are removed once the change is committed.
"""

import os

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models.fields.files import ImageFieldFile
from django.db.models.signals import post_delete
from django.dispatch import receiver

from articles import images

# Fields the crops are cut from: a change to one of them makes new renditions.
RENDITION_SOURCE_FIELDS = ("file", "focal_x", "focal_y")


class OriginalFieldFile(ImageFieldFile):
    """An image's stored original: whatever is saved through it (an admin upload, the demo
    seed, ``image.file.save()`` in a shell) is scrubbed first, so no path stores a phone's
    GPS position or model, and named after its verified format."""

    def save(self, name, content, save=True):
        content = images.scrubbed_file(content)
        # Stored under the extension of what the bytes are, not the one they came with:
        # a JPEG that is also an HTML page, uploaded as .pdf or .eps, is stored as .jpg.
        super().save(images.name_for_format(name, images.verified_format(content)), content, save)


class OriginalImageField(models.ImageField):
    """An ImageField whose files are scrubbed on the way into storage (OriginalFieldFile)."""

    attr_class = OriginalFieldFile


class Image(models.Model):
    # No width_field/height_field: Django would read them from the file as stored, sideways
    # for a phone photo with an EXIF Orientation; save() stores the displayed size.
    file = OriginalImageField(
        upload_to=images.original_upload_to,
        validators=[images.validate_image_file],
        help_text="JPEG, PNG, WebP or GIF; at most 20 MB and 40 megapixels.",
    )
    alt_text = models.CharField(
        max_length=300, help_text="What the image shows, for readers who cannot see it. Required."
    )
    caption = models.CharField(max_length=500, blank=True)
    credit = models.CharField(max_length=200, blank=True, help_text="Photographer or agency, e.g. “AP”.")
    focal_x = models.FloatField(default=0.5, help_text="Horizontal focus of crops, 0 (left) to 1 (right).")
    focal_y = models.FloatField(default=0.5, help_text="Vertical focus of crops, 0 (top) to 1 (bottom).")
    # Pixels of the picture as displayed (upright), set when the renditions are made.
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    # {"16x9": [{"w": 480, "h": 270, "name": "..."}, ...], "4x3": [...], "1x1": [...], "full": [...]}
    renditions = models.JSONField(default=dict, editable=False, blank=True)
    # Which source file the renditions were made from, so a re-save does not redo them.
    rendered_from = models.CharField(max_length=255, editable=False, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # Who uploaded it in the admin: a writer may edit an image no story uses yet only if
    # it is hers (``articles.workflow.can_change_image``). Empty for imported images.
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["-uploaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(focal_x__gte=0, focal_x__lte=1, focal_y__gte=0, focal_y__lte=1),
                name="image_focal_point_in_frame",
            ),
            models.CheckConstraint(condition=~models.Q(alt_text=""), name="image_alt_text_required"),
        ]

    def __str__(self):
        return self.alt_text[:80] or self.file.name

    def save(self, *args, **kwargs):
        outdated = self.outdated_renditions(kwargs.get("update_fields"))
        if outdated is not None:
            self.renditions, self.rendered_from = {}, ""
        super().save(*args, **kwargs)
        if self.file and self.rendered_from != self.file.name:
            self.renditions, self.width, self.height = images.make_renditions(self)
            self.rendered_from = self.file.name
            super().save(update_fields=["renditions", "rendered_from", "width", "height"])
        if outdated is not None:
            images.delete_renditions_on_commit(self, outdated)

    def outdated_renditions(self, update_fields=None):
        """The rendition index stored for this image when this save changes what its crops
        are cut from (the file or the focal point), else None.

        Compared with the stored row (one query, only when one of those fields may be
        saved): what the database holds is what the current crops were made from.
        """
        if self.pk is None or (update_fields is not None and not set(RENDITION_SOURCE_FIELDS) & set(update_fields)):
            return None
        stored = Image.objects.filter(pk=self.pk).values(*RENDITION_SOURCE_FIELDS, "renditions").first()
        if stored is None:
            return None
        if (stored["file"], stored["focal_x"], stored["focal_y"]) == (self.file.name, self.focal_x, self.focal_y):
            return None
        return stored["renditions"]

    def refresh(self, *, dry_run=False):
        """Bring this image, stored by an earlier version, up to the current rules; return
        what was (or, with ``dry_run``, would be) done:

        - "scrubbed": the original carried metadata scrub_original removes, or has a
          guessable name: it is stored again, scrubbed, under a new name (the old file is
          deleted on commit unless another row points at it), and rendered again;
        - "re-rendered": the renditions were made by an earlier RENDITION_VERSION (their
          names lack the current rendition_tag) or without the uncropped one;
        - "unchanged".

        Raises OSError when the original is missing from storage.
        """
        self.file.open("rb")
        try:
            data = self.file.read()
        finally:
            self.file.close()
        clean = images.scrub_original(data)
        if clean is not data or not images.UNGUESSABLE_NAME.match(self.file.name):
            if not dry_run:
                old_name, storage = self.file.name, self.file.storage
                self.file.save(os.path.basename(old_name), ContentFile(clean), save=False)
                self.save()

                def delete_old_original():
                    if not Image.objects.filter(file=old_name).exists():  # copies may share it
                        storage.delete(old_name)

                transaction.on_commit(delete_old_original)
            return "scrubbed"
        tag = f"-{images.rendition_tag(data, self.focal_x, self.focal_y)}"
        names = [entry["name"] for entries in self.renditions.values() for entry in entries]
        if images.UNCROPPED in self.renditions and all(tag in name for name in names):
            return "unchanged"
        if not dry_run:
            outdated, self.rendered_from = self.renditions, ""  # save() renders again
            self.save()
            images.delete_renditions_on_commit(self, outdated)
        return "re-rendered"

    def _renditions_of(self, ratio):
        # Images rendered before UNCROPPED existed show their 16:9 crop until re-rendered
        # (manage.py refresh_images): a crop is better than the original, never linked.
        return self.renditions.get(ratio) or self.renditions.get("16x9") or []

    def rendition_url(self, ratio="16x9", width=None):
        """URL of the rendition of ``ratio`` (a key of articles.images.RATIOS, or "full")
        closest above ``width`` pixels (the largest if None), or "" when there is none.

        Never the original's URL: it is not for readers (see articles.images).
        """
        options = self._renditions_of(ratio)
        if not options:
            return ""
        chosen = options[-1]
        if width:
            chosen = next((r for r in options if r["w"] >= width), options[-1])
        return self.file.storage.url(chosen["name"])

    def srcset(self, ratio="16x9"):
        """The ``srcset`` attribute value listing the renditions of ``ratio`` ("url 480w, ...")."""
        return ", ".join(f"{self.file.storage.url(r['name'])} {r['w']}w" for r in self._renditions_of(ratio))

    @property
    def uncropped_url(self):
        """The largest rendition of the whole picture: what a page shows instead of the original."""
        return self.rendition_url(images.UNCROPPED)

    @property
    def uncropped_srcset(self):
        return self.srcset(images.UNCROPPED)


@receiver(post_delete, sender=Image, dispatch_uid="image_renditions_deleted")
def _delete_renditions_of_deleted_image(sender, instance, **kwargs):
    # A signal rather than Image.delete(): queryset deletes do not call delete().
    images.delete_renditions_on_commit(instance, instance.renditions)
