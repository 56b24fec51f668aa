"""Image validation, stored originals and renditions, with Pillow.

Validation looks at the bytes, never the file name: a text file called ``.jpg``, a
truncated JPEG, a decompression bomb and an animation too long to decode are all
refused before they reach storage. The name follows the bytes too: an original is
stored with the extension of its verified format (``name_for_format``), so a JPEG
that is also an HTML page, uploaded as ``.pdf`` or ``.eps``, is served as a JPEG.

The stored original is what the newsroom keeps, not what the phone sent: where the photo
was taken and with which device are removed on the way into storage (``scrub_original``),
the pixels are turned upright, and only the colour profile and the credit fields stay.
Originals are stored under a random folder (``original_upload_to``) and never linked from
public pages. Readers get renditions: WebP in sRGB, transparent where the upload was, cut
from the picture as displayed, and named after what they were cut from
(``rendition_tag``), so a new crop is always a new URL.
"""

import contextlib
import hashlib
import io
import os
import re
import secrets
import struct
import warnings
from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import ExifTags, ImageCms, ImageOps, IptcImagePlugin, JpegImagePlugin, PngImagePlugin
from PIL import Image as PILImage

# MPO is how Pillow names a JPEG with more pictures appended (the depth or HDR gain map
# of phone cameras): a photo, for the newsroom.
ALLOWED_FORMATS = {"JPEG", "MPO", "PNG", "WEBP", "GIF"}
# The extensions a verified format may keep; the first is the one it gets otherwise.
EXTENSIONS = {
    "JPEG": (".jpg", ".jpeg"),
    "MPO": (".jpg", ".jpeg"),
    "PNG": (".png",),
    "WEBP": (".webp",),
    "GIF": (".gif",),
}
# Formats that can hold an animation (APNG is a PNG); MPO's extra pictures are not one.
ANIMATED_FORMATS = {"GIF", "WEBP", "PNG"}
RATIOS = {"16x9": (16, 9), "4x3": (4, 3), "1x1": (1, 1)}
# The whole picture, uncropped, for pages that must show all of it (infographs).
UNCROPPED = "full"
# Part of every rendition name: bump it when renditions are made differently, so that
# browsers and the CDN fetch the new files instead of keeping the old ones.
RENDITION_VERSION = 2
# libwebp refuses pictures over 16383 pixels on a side (a long infograph can be taller).
WEBP_MAX_SIDE = 16383
SRGB = ImageCms.createProfile("sRGB")

# What an original keeps of its metadata; everything else goes (GPS, camera make, model
# and serial number, software, dates, thumbnails of the uncropped frame, XMP, comments).
KEPT_EXIF_TAGS = (ExifTags.Base.Artist, ExifTags.Base.Copyright)
# IPTC IIM (record, dataset): by-line, by-line title, credit, source, copyright notice,
# plus the character set and record version that make them readable. City, country,
# caption and keywords go.
IPTC_CREDIT_DATASETS = {(2, 80), (2, 85), (2, 110), (2, 115), (2, 116)}
KEPT_IPTC_DATASETS = IPTC_CREDIT_DATASETS | {(1, 90), (2, 0)}
KEPT_PNG_TEXT = {"Author", "Copyright"}
# JPEG segments (marker, payload prefix) a scrubbed original may carry: the JFIF header,
# EXIF and IPTC (both checked entry by entry), the ICC profile, Adobe's colour transform.
KEPT_JPEG_SEGMENTS = (
    ("APP0", b"JFIF\x00"),
    ("APP1", b"Exif\x00\x00"),
    ("APP2", b"ICC_PROFILE\x00"),
    ("APP13", b"Photoshop 3.0\x00"),
    ("APP14", b"Adobe"),
)
EXIF_HEADER = b"Exif\x00\x00"
# Names no one can guess: original_upload_to's random folder, the importer's source digest.
UNGUESSABLE_NAME = re.compile(r"images/(\d{4}/\d{2}/[A-Za-z0-9_-]{22}/|imported/[0-9a-f]{12}-)")
PHOTOSHOP_IPTC = 0x0404  # the Photoshop image resource that holds IPTC IIM


def validate_image_file(upload):
    """Refuse anything that is not a real, whole, reasonably sized image; return its
    verified format (one of ALLOWED_FORMATS; None for a file already stored).

    Raises ValidationError with a code: image_too_large, image_type,
    image_too_many_pixels, image_animation_too_long, image_bomb, image_invalid.
    """
    if getattr(upload, "_committed", False):
        # A file already in storage (re-saving an image) was checked when it was
        # uploaded; its FieldFile is closed and reopening it would decode it again.
        return None
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
                check_animation(img)
                img.seek(0)
                img.load()  # decodes everything: a truncated file fails here
                return fmt
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


def check_animation(img):
    """Refuse an animation (GIF, animated WebP or PNG) whose frames × width × height
    exceed IMAGE_MAX_ANIMATION_PIXELS, or with more than IMAGE_MAX_FRAMES frames.

    Every frame is decoded on the screens that show it. GIF frames are counted by
    seeking, which stops as soon as the limit is passed, so a file of a million tiny
    frames costs no more than the limit.
    """
    if img.format not in ANIMATED_FORMATS:
        return
    pixels = max(img.width * img.height, 1)
    limit = max(1, min(settings.IMAGE_MAX_FRAMES, settings.IMAGE_MAX_ANIMATION_PIXELS // pixels))
    if img.format == "GIF":
        frames = 1
        try:
            while frames <= limit:
                img.seek(frames)
                frames += 1
        except EOFError:
            pass
    else:
        frames = getattr(img, "n_frames", 1)
    if frames > limit:
        raise ValidationError(
            "This animation has %(frames)s frames of %(w)d×%(h)d; at most %(limit)d frames of that size are "
            "allowed (frames × width × height up to %(mp)d megapixels, and never more than %(max)d frames).",
            code="image_animation_too_long",
            params={
                # GIF frames were counted only up to the limit.
                "frames": f"more than {limit}" if img.format == "GIF" else str(frames),
                "w": img.width,
                "h": img.height,
                "limit": limit,
                "mp": settings.IMAGE_MAX_ANIMATION_PIXELS // 1_000_000,
                "max": settings.IMAGE_MAX_FRAMES,
            },
        )


def verified_format(upload):
    """The Pillow format of ``upload`` from its header ("JPEG", ...), or None if unreadable."""
    upload.seek(0)
    try:
        with PILImage.open(upload) as img:
            return img.format
    except (OSError, SyntaxError, ValueError, PILImage.UnidentifiedImageError):
        return None
    finally:
        upload.seek(0)


def name_for_format(name, fmt):
    """``name`` with an extension of the verified format ``fmt``: ``evil.pdf`` holding a
    JPEG becomes ``evil.jpg``; ``photo.jpeg`` stays. Unknown formats keep the name."""
    extensions = EXTENSIONS.get(fmt)
    if not extensions:
        return name
    stem, extension = os.path.splitext(name)
    return name if extension.lower() in extensions else stem + extensions[0]


def original_upload_to(instance, filename):
    """Storage name of a newly uploaded original: ``images/<yyyy>/<mm>/<random>/<filename>``.

    The random folder (128 bits, ``secrets``) makes the original's URL unguessable: media
    is served without access control, and the original is the one file readers are never
    sent to. The file name stays readable for editors and for the rendition names.
    """
    return f"images/{timezone.now():%Y/%m}/{secrets.token_urlsafe(16)}/{os.path.basename(filename)}"


def scrub_original(data):
    """The bytes to store for the uploaded image ``data`` (a validated image's bytes).

    A phone photo says where it was taken (EXIF GPS, IPTC city) and with what (make, model,
    serial numbers, software), and may hold a thumbnail of the uncropped frame or further
    pictures (MPO depth and gain maps). All of that goes; the pixels are turned upright
    (EXIF Orientation applied, the tag dropped); the ICC colour profile, EXIF
    Artist/Copyright and IPTC by-line, credit, source and copyright notice stay. JPEG is
    re-encoded with its own quantisation tables, PNG losslessly, WebP as it came (lossless,
    or lossy at quality 90).

    Returns ``data`` itself when it carries nothing else: a scrubbed file comes back
    unchanged, so an export imported again stores the same bytes. GIFs (no EXIF) and
    animated images are returned as they are. Raises Pillow's errors for a non-image.
    """
    with PILImage.open(io.BytesIO(data)) as im:
        if im.format not in {"JPEG", "MPO", "PNG", "WEBP"} or (im.format != "MPO" and getattr(im, "n_frames", 1) > 1):
            return data
        exif, iptc = _kept_exif(im), _kept_iptc(im)
        if not _carries_more_than(im, exif, iptc):
            return data
        upright = ImageOps.exif_transpose(im)
        upright.info.pop("comment", None)  # Pillow's JPEG writer would copy it back
        buf = io.BytesIO()
        icc = im.info.get("icc_profile")
        if im.format in {"JPEG", "MPO"}:
            options = {"qtables": im.quantization, "progressive": "progressive" in im.info}
            if (sampling := JpegImagePlugin.get_sampling(im)) != -1:
                options["subsampling"] = sampling
            upright.save(buf, "JPEG", icc_profile=icc, exif=exif, extra=_photoshop_segment(iptc), **options)
        elif im.format == "PNG":
            text = PngImagePlugin.PngInfo()
            for key in sorted(KEPT_PNG_TEXT & set(im.text)):
                text.add_text(key, im.text[key])
            upright.save(buf, "PNG", icc_profile=icc, exif=exif, pnginfo=text)
        else:
            lossless = _webp_is_lossless(data)
            upright.save(buf, "WEBP", lossless=lossless, quality=100 if lossless else 90, icc_profile=icc, exif=exif)
        return buf.getvalue()


def scrubbed_file(content):
    """``content`` (a Django File about to be stored) after scrub_original: ``content``
    itself, rewound, when nothing had to go, else a ContentFile of the scrubbed bytes."""
    content.seek(0)
    data = content.read()
    clean = scrub_original(data)
    if clean is data:
        content.seek(0)
        return content
    return ContentFile(clean)


def _kept_exif(im):
    """The EXIF block (bytes with the ``Exif`` header, or b"") keeping KEPT_EXIF_TAGS of ``im``."""
    source = im.getexif()
    kept = PILImage.Exif()
    for tag in KEPT_EXIF_TAGS:
        if isinstance(source.get(tag), str) and source[tag].strip():
            kept[tag] = source[tag]
    return kept.tobytes() if len(kept) else b""


def _kept_iptc(im):
    """IPTC IIM bytes keeping KEPT_IPTC_DATASETS of a JPEG ``im``, or b"" when no credit is left."""
    if not isinstance(im, JpegImagePlugin.JpegImageFile):
        return b""
    try:
        datasets = IptcImagePlugin.getiptcinfo(im) or {}
    except (OSError, SyntaxError, ValueError, IndexError):
        return b""  # an unreadable IPTC block holds no credit we can keep
    kept = {key: value for key, value in datasets.items() if key in KEPT_IPTC_DATASETS}
    if not IPTC_CREDIT_DATASETS & kept.keys():
        return b""
    out = bytearray()
    for (record, number), values in sorted(kept.items()):
        for value in values if isinstance(values, list) else [values]:
            if len(value) < 0x8000:  # longer needs IIM's extended length; no credit line is that long
                out += struct.pack(">BBBH", 0x1C, record, number, len(value)) + value
    return bytes(out)


def _photoshop_segment(iim):
    """A JPEG APP13 segment holding the IPTC IIM bytes ``iim`` (b"" for none), as Photoshop writes it."""
    if not iim:
        return b""
    # 8BIM resource: id, empty Pascal name padded to even length, size, data padded to even.
    resource = b"8BIM" + struct.pack(">HxxI", PHOTOSHOP_IPTC, len(iim)) + iim + b"\x00" * (len(iim) % 2)
    payload = b"Photoshop 3.0\x00" + resource
    return b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload


def _carries_more_than(im, exif, iptc):
    """Whether ``im`` holds metadata beyond its kept ``exif`` and ``iptc`` bytes (or pictures
    beyond the first): the test that makes scrubbing a scrubbed file a no-op."""
    if im.format == "MPO" or im.info.get("xmp") or "comment" in im.info:
        return True
    if im.info.get("exif", b"").removeprefix(EXIF_HEADER) != exif.removeprefix(EXIF_HEADER):
        return True
    if im.format == "JPEG":
        for marker, payload in im.applist:
            if not any(marker == m and payload.startswith(prefix) for m, prefix in KEPT_JPEG_SEGMENTS):
                return True
        return im.info.get("photoshop", {}) != ({PHOTOSHOP_IPTC: iptc} if iptc else {})
    if im.format == "PNG":
        return bool(set(im.text) - KEPT_PNG_TEXT)
    return False


def _webp_is_lossless(data):
    """Whether the WebP file ``data`` is coded losslessly (its first image chunk is VP8L)."""
    pos = 12  # after "RIFF", the size and "WEBP"
    while pos + 8 <= len(data):
        fourcc, size = data[pos : pos + 4], int.from_bytes(data[pos + 4 : pos + 8], "little")
        if fourcc in {b"VP8 ", b"VP8L"}:
            return fourcc == b"VP8L"
        pos += 8 + size + size % 2
    return False


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


class Rendered(NamedTuple):
    """What make_renditions made: the rendition ``index`` to store on the image, and the
    ``width`` and ``height`` in pixels of the picture as displayed (upright)."""

    index: dict
    width: int
    height: int


def rendition_tag(data, focal_x, focal_y):
    """Ten hex digits of sha256 over what renditions are cut from: the original's bytes
    ``data``, the focal point and RENDITION_VERSION.

    Every rendition name carries it, so a new file, a moved focal point or a new way of
    rendering gives new URLs: a cache (browser, CDN) can keep a rendition forever and
    still never show an old crop. The same inputs give the same tag.
    """
    digest = hashlib.sha256(data)
    digest.update(f"|{focal_x!r}|{focal_y!r}|v{RENDITION_VERSION}".encode())
    return digest.hexdigest()[:10]


def rendition_source(im):
    """The opened image ``im`` as renditions are cut from it: upright (EXIF Orientation
    applied), converted to sRGB from its ICC profile (Display P3 phone photos, Adobe RGB,
    CMYK), mode RGBA when some pixel is not opaque (transparent PNG logos), else RGB.

    An unusable profile leaves the pixels as they are, as browsers treat untagged images.
    """
    icc = im.info.get("icc_profile")
    upright = ImageOps.exif_transpose(im)
    mode = "RGBA" if upright.has_transparency_data else "RGB"
    if upright.mode not in {"RGB", "RGBA", "CMYK", "L"}:
        upright = upright.convert(mode)  # palette, grey with alpha, 16-bit: colour values first
    if icc:
        # A broken profile, or one for another colour space than the pixels': left as is.
        with contextlib.suppress(ImageCms.PyCMSError, OSError):
            upright = ImageCms.profileToProfile(
                upright,
                ImageCms.ImageCmsProfile(io.BytesIO(icc)),
                SRGB,
                renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
                outputMode="RGBA" if upright.mode == "RGBA" else "RGB",
            )
    upright = upright.convert(mode)
    if mode == "RGBA" and upright.getextrema()[3][0] == 255:
        upright = upright.convert("RGB")  # an alpha channel with nothing transparent
    return upright


def make_renditions(image):
    """Write the renditions of ``image`` to storage; return a Rendered.

    The index maps each ratio of RATIOS (cropped around the focal point) and UNCROPPED
    (the whole picture) to entries ``{"w", "h", "name"}`` (pixels, storage name) by
    increasing width, never upscaled: settings.RENDITION_WIDTHS for crops,
    settings.RENDITION_UNCROPPED_WIDTHS for the whole picture. Files are WebP named
    ``renditions/<pk>/<stem>-<ratio>-<width>-<tag>.webp`` (tag: rendition_tag).
    """
    storage = image.file.storage
    folder = rendition_folder(image.pk)
    image.file.open("rb")
    try:
        data = image.file.read()
    finally:
        image.file.close()
    tag = rendition_tag(data, image.focal_x, image.focal_y)
    stem = os.path.splitext(os.path.basename(image.file.name))[0]
    with PILImage.open(io.BytesIO(data)) as opened:
        src = rendition_source(opened)

    def series(picture, key, targets, most, aspect):
        """Renditions of ``picture`` at the ``targets`` widths, at most ``most`` wide (no
        upscaling); ``aspect`` is height / width. Entries by increasing width."""
        entries = []
        for w in sorted({min(target, most) for target in targets}, reverse=True):
            # Each width from the next larger one: one resize of the whole picture per
            # series, not one per width (a 12-megapixel photo takes a second each).
            picture = picture.resize((w, max(1, round(w * aspect))), PILImage.LANCZOS, reducing_gap=3.0)
            buf = io.BytesIO()
            picture.save(buf, "WEBP", quality=80, method=4)
            name = storage.save(f"{folder}{stem}-{key}-{w}-{tag}.webp", ContentFile(buf.getvalue()))
            entries.insert(0, {"w": w, "h": picture.height, "name": name})
        return entries

    index = {}
    for key, (rw, rh) in RATIOS.items():
        cropped = src.crop(crop_box(src.width, src.height, (rw, rh), image.focal_x, image.focal_y))
        index[key] = series(cropped, key, settings.RENDITION_WIDTHS, cropped.width, rh / rw)
    # Both sides within WebP's limit: a long infograph is narrowed until it fits.
    widest = max(1, min(src.width, WEBP_MAX_SIDE * src.width // src.height))
    index[UNCROPPED] = series(src, UNCROPPED, settings.RENDITION_UNCROPPED_WIDTHS, widest, src.height / src.width)
    return Rendered(index, src.width, src.height)


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


@dataclass
class RefreshResult:
    """What refresh_images did: images counted by outcome of ``Image.refresh``
    ("scrubbed", "re-rendered", "unchanged"), and one line per image that failed."""

    dry_run: bool = False
    counts: dict = field(default_factory=lambda: {"scrubbed": 0, "re-rendered": 0, "unchanged": 0})
    failures: list = field(default_factory=list)

    def summary(self):
        done = ", ".join(f"{n} {outcome}" for outcome, n in self.counts.items())
        prefix = "Dry run, nothing written: " if self.dry_run else ""
        return f"{prefix}{done}, {len(self.failures)} failed"


def refresh_images(queryset, *, dry_run=False):
    """``Image.refresh()`` on every image of ``queryset``, each in its own transaction (one
    missing or broken file is reported and the rest go on); returns a RefreshResult.

    What brings images stored before originals were scrubbed, or rendered by an earlier
    RENDITION_VERSION, up to the current rules (``manage.py refresh_images``).
    """
    result = RefreshResult(dry_run=dry_run)
    for pk in queryset.values_list("pk", flat=True):
        image = queryset.model.objects.get(pk=pk)
        try:
            with transaction.atomic():
                result.counts[image.refresh(dry_run=dry_run)] += 1
        except (OSError, SyntaxError, ValueError, PILImage.DecompressionBombError) as exc:
            result.failures.append(f"image {pk} ({image.file.name}): {exc}")
    return result
