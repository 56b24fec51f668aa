"""Image validation and renditions, with Pillow.

Validation looks at the bytes, never the file name: a text file called ``.jpg``, a
truncated JPEG and a decompression bomb are all refused before they reach storage.
"""

import io
import os
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image as PILImage
from PIL import ImageOps

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
RATIOS = {"16x9": (16, 9), "4x3": (4, 3), "1x1": (1, 1)}


def validate_image_file(upload):
    """Refuse anything that is not a real, whole, reasonably sized image."""
    if getattr(upload, "_committed", False):
        # A file already in storage (re-saving an image) was checked when it was
        # uploaded; its FieldFile is closed and reopening it would decode it again.
        return
    size = getattr(upload, "size", None)
    if size is not None and size > settings.IMAGE_MAX_BYTES:
        raise ValidationError(
            "This file is %(mb).1f MB; images may be at most %(max)d MB.",
            code="image_too_large",
            params={"mb": size / 1e6, "max": settings.IMAGE_MAX_BYTES // (1024 * 1024)},
        )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow warns, then raises, on huge images; we check the header ourselves first.
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(upload) as img:
                fmt = img.format
                width, height = img.size
                if fmt not in ALLOWED_FORMATS:
                    raise ValidationError(
                        "Unsupported image type %(fmt)s: use JPEG, PNG, WebP or GIF.",
                        code="image_type",
                        params={"fmt": fmt or "unknown"},
                    )
                if width * height > settings.IMAGE_MAX_PIXELS:
                    raise ValidationError(
                        "This image is %(w)d×%(h)d (%(mp).0f megapixels); the limit is %(max)d megapixels.",
                        code="image_too_many_pixels",
                        params={
                            "w": width,
                            "h": height,
                            "mp": width * height / 1e6,
                            "max": settings.IMAGE_MAX_PIXELS // 1_000_000,
                        },
                    )
                img.load()  # decodes everything: a truncated file fails here
    except ValidationError:
        raise
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        raise ValidationError(
            "This image is too large to process safely (decompression bomb).", code="image_bomb"
        ) from None
    except (OSError, SyntaxError, ValueError, PILImage.UnidentifiedImageError) as exc:
        raise ValidationError(
            "This file is not a valid image (%(reason)s).", code="image_invalid", params={"reason": str(exc)[:120]}
        ) from None
    finally:
        upload.seek(0)


def crop_box(width, height, ratio, focal_x, focal_y):
    """The largest box of ``ratio`` inside the image, centred as near the focal point as fits."""
    rw, rh = ratio
    if width * rh > height * rw:  # too wide: full height
        ch, cw = height, round(height * rw / rh)
    else:
        cw, ch = width, round(width * rh / rw)
    left = min(max(round(focal_x * width - cw / 2), 0), width - cw)
    top = min(max(round(focal_y * height - ch / 2), 0), height - ch)
    return left, top, left + cw, top + ch


def rendition_folder(image_pk):
    """The storage folder of the renditions made for the image with primary key ``image_pk``."""
    return f"renditions/{image_pk}/"


def make_renditions(image):
    """Write the crops and widths of ``image`` to storage; return the index stored on it."""
    storage = image.file.storage
    folder = rendition_folder(image.pk)
    image.file.open("rb")
    try:
        with PILImage.open(image.file) as src:
            src = ImageOps.exif_transpose(src)
            src = src.convert("RGB")
            stem = os.path.splitext(os.path.basename(image.file.name))[0]
            result = {}
            for key, ratio in RATIOS.items():
                box = crop_box(src.width, src.height, ratio, image.focal_x, image.focal_y)
                cropped = src.crop(box)
                entries = []
                for target in settings.RENDITION_WIDTHS:
                    w = min(target, cropped.width)
                    h = round(w * ratio[1] / ratio[0])
                    if entries and entries[-1]["w"] == w:
                        continue  # the source is smaller than this width: no upscaling
                    out = cropped.resize((w, h), PILImage.LANCZOS)
                    buf = io.BytesIO()
                    out.save(buf, "WEBP", quality=80, method=4)
                    name = storage.save(f"{folder}{stem}-{key}-{w}.webp", ContentFile(buf.getvalue()))
                    entries.append({"w": w, "h": h, "name": name})
                result[key] = entries
            return result
    finally:
        image.file.close()


def delete_renditions_on_commit(image, index):
    """Delete the files of the rendition ``index`` (``Image.renditions``: ratio → entries with a
    storage ``name``) once the current transaction commits.

    Nothing is deleted when the transaction rolls back: the index stored in the database
    still points to these files then. Only files in ``image``'s own rendition folder go;
    rows that share another image's crops (copies of an agency picture) never delete them.
    """
    folder = rendition_folder(image.pk)
    names = [entry["name"] for entries in (index or {}).values() for entry in entries]
    names = [name for name in names if name.startswith(folder)]
    if not names:
        return
    storage = image.file.storage

    def delete():
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete)
