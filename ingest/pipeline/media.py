"""Images of imported records: checked while preparing, stored as ``Image`` rows while writing.

An image is stored once: a file already in storage under the same name with the same
bytes is reused (a re-import stores nothing), otherwise the file is saved under a free
name. The upload rules are the admin's (``articles.images``): validated, and scrubbed of
location and device metadata before it is stored (an export's files are scrubbed already
and come back byte for byte).
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from articles.images import name_for_format, scrub_original, validate_image_file
from articles.models import Image
from ingest.pipeline.fields import one_line
from ingest.records import ImportFailure


@dataclass(frozen=True, slots=True)
class PreparedImage:
    """An image file of a record, checked for presence and size, with its metadata cleaned.

    ``name`` is the storage name to keep (an export's media path) or ""; ``sha256`` the
    hex digest of the file; ``focal`` (x, y) in 0..1 from the top left.
    """

    path: Path
    name: str
    sha256: str
    alt: str
    caption: str
    credit: str
    focal: tuple[float, float]

    def fingerprint(self):
        """What the change hash sees of the image (the shape earlier versions hashed)."""
        return {
            "name": self.name,
            "sha256": self.sha256,
            "alt": self.alt,
            "caption": self.caption,
            "credit": self.credit,
            "focal": list(self.focal),
        }


def prepare_image(image, label):
    """A PreparedImage for ``image`` (an ImageRecord, or None for none).

    Raises ImportFailure when the file is missing or over settings.IMAGE_MAX_BYTES.
    """
    if image is None:
        return None
    if image.path is None or not image.path.is_file():
        raise ImportFailure(f"{label} file {image.name or image.path} is missing")
    size = image.path.stat().st_size
    if size > settings.IMAGE_MAX_BYTES:
        raise ImportFailure(f"{label} {image.path.name} is {size / 1e6:.1f} MB; images may be at most 20 MB")
    with open(image.path, "rb") as fh:
        digest = _sha256(fh)
    return PreparedImage(
        path=image.path,
        name=image.name,
        sha256=digest,
        alt=one_line(image.alt, "alt text", 300) or "Image",
        caption=one_line(image.caption, "image caption", 500),
        credit=one_line(image.credit, "image credit", 200),
        focal=(float(image.focal_x), float(image.focal_y)),
    )


def validate(image):
    """The upload rules of the admin (articles.images) for ``image``: its verified format
    ("JPEG", ...), or ImportFailure if broken."""
    with open(image.path, "rb") as fh:
        try:
            return validate_image_file(File(fh))
        except ValidationError as exc:
            raise ImportFailure(f"image {image.path.name}: {' '.join(exc.messages)}") from None


def store(image):
    """The Image row for ``image`` (validated, then scrubbed): the one already stored under
    the same name with the same bytes, or a new one stored under the export's name when it
    is free.

    A record without a name is stored as ``images/imported/<sha256 of the source>-<file>``:
    the same on every run (a re-import finds it), and unguessable without the source file.
    """
    fmt = validate(image)
    data = scrub_original(image.path.read_bytes())
    digest = hashlib.sha256(data).hexdigest()
    # Stored under the extension of what the bytes are, whatever the export called it.
    name = name_for_format(image.name or f"images/imported/{image.sha256[:12]}-{image.path.name}", fmt)
    stored = stored_digest(name)  # None when nothing is stored under that name
    obj = Image.objects.filter(file=name).first() if stored == digest else None
    if obj is None:
        if stored != digest:
            name = default_storage.save(name, ContentFile(data))  # a free name if another file has this one
        obj = Image(file=name)
    obj.alt_text, obj.caption, obj.credit = image.alt, image.caption, image.credit
    obj.focal_x, obj.focal_y = image.focal
    obj.save()
    return obj


def stand_in(image):
    """What ``store`` gives, for a dry run: ``image`` validated and scrubbed as ``store`` does
    (so it fails where the real run fails), and an Image row that names it, but no file
    written and no renditions made. The dry run's transaction is rolled back, the row with it.
    """
    fmt = validate(image)
    scrub_original(image.path.read_bytes())
    name = name_for_format(image.name or f"images/imported/{image.sha256[:12]}-{image.path.name}", fmt)
    row = Image(file=name, alt_text=image.alt, caption=image.caption, credit=image.credit)
    row.focal_x, row.focal_y = image.focal
    # bulk_create, not save(): Image.save() writes rendition files, which no rollback removes.
    return Image.objects.bulk_create([row])[0]


def stored_digest(name):
    """sha256 of the file stored under ``name``, or None when there is none."""
    if not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as fh:
        return _sha256(fh)


def _sha256(fh):
    digest = hashlib.sha256()
    for block in iter(lambda: fh.read(1 << 20), b""):
        digest.update(block)
    return digest.hexdigest()
