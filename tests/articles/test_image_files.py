"""Real uploads: a reporter's phone photo (GPS, device, orientation, Display P3, IPTC),
transparent logos, long infographs. What is stored, what readers get, and under which names."""

import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from PIL import ExifTags
from PIL import Image as PILImage

from articles import images
from articles.models import Image
from tests.factories import ImageFactory, image_bytes
from tests.image_files import (
    CREDIT,
    IPTC_CREDIT,
    display_p3_icc,
    iptc_of,
    opened,
    phone_mpo,
    phone_photo,
    srgb_to_p3,
    transparent_logo,
    upload,
)

pytestmark = pytest.mark.django_db


def stored(image):
    with image.file.storage.open(image.file.name, "rb") as fh:
        return fh.read()


def rendition(image, ratio, index=-1):
    entry = image.renditions[ratio][index]
    with image.file.storage.open(entry["name"], "rb") as fh:
        picture = PILImage.open(io.BytesIO(fh.read()))
        picture.load()
    return picture


def rendition_names(image):
    return {entry["name"] for entries in image.renditions.values() for entry in entries}


# --- the stored original: no location, no device ----------------------------------------


def test_a_phone_photo_is_stored_without_its_position_or_device(editor_client):
    response = editor_client.post(
        reverse("admin:articles_image_add"),
        {"file": upload(phone_photo()), "alt_text": "Rescue workers", "focal_x": 0.5, "focal_y": 0.5},
    )
    assert response.status_code == 302
    original = opened(stored(Image.objects.get()))
    exif = original.getexif()
    assert dict(exif.get_ifd(ExifTags.IFD.GPSInfo)) == {}
    assert dict(exif.get_ifd(ExifTags.IFD.Exif)) == {}  # serial number, lens, capture times
    assert dict(exif) == CREDIT  # Artist and Copyright stay, Make/Model/Software go
    assert "xmp" not in original.info and "comment" not in original.info
    assert iptc_of(original) == IPTC_CREDIT  # by-line, credit, copyright notice; not the city
    assert original.info["icc_profile"] == display_p3_icc()


def test_a_phone_photo_with_a_gain_map_is_accepted_and_stored_as_one_clean_picture():
    images.validate_image_file(upload(phone_mpo()))  # Pillow calls it MPO; it is a JPEG
    image = ImageFactory(file=upload(phone_mpo()))
    original = opened(stored(image))
    assert original.format == "JPEG" and getattr(original, "n_frames", 1) == 1
    assert dict(original.getexif().get_ifd(ExifTags.IFD.GPSInfo)) == {}


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_other_formats_lose_their_position_too(fmt):
    image = ImageFactory(file=upload(phone_photo(fmt=fmt), f"screenshot.{fmt.lower()}", f"image/{fmt.lower()}"))
    original = opened(stored(image))
    assert (original.format, original.size) == (fmt, (1200, 1600))
    assert dict(original.getexif().get_ifd(ExifTags.IFD.GPSInfo)) == {}
    assert dict(original.getexif()) == CREDIT
    assert "xmp" not in original.info


def test_scrubbing_a_scrubbed_or_clean_file_changes_nothing():
    """What makes an export imported again store the same bytes."""
    once = images.scrub_original(phone_photo())
    assert images.scrub_original(once) is once
    for fmt in ("JPEG", "PNG", "WEBP"):
        clean = image_bytes(fmt=fmt)
        assert images.scrub_original(clean) is clean, fmt
    image = ImageFactory(file=upload(image_bytes(), "plain.jpg"))
    assert stored(image) == image_bytes()


def test_originals_are_stored_under_unguessable_names():
    first = ImageFactory(file=upload(phone_photo()))
    second = ImageFactory(file=upload(phone_photo()))
    for image in (first, second):
        assert re.fullmatch(r"images/\d{4}/\d{2}/[A-Za-z0-9_-]{22}/IMG_4032\.jpg", image.file.name), image.file.name
    assert first.file.name != second.file.name
    # Rendition names give the random folder away to no one.
    secret = first.file.name.split("/")[3]
    assert not any(secret in name for name in rendition_names(first))


# --- transparency ------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["RGBA", "P"])
def test_transparent_logos_stay_transparent(mode):
    image = ImageFactory(file=upload(transparent_logo(mode), "emblem.png", "image/png"))
    for ratio in ("16x9", "4x3", "1x1", "full"):
        picture = rendition(image, ratio).convert("RGBA")
        assert picture.getpixel((0, 0))[3] == 0, ratio  # the background, not black
        r, g, b, a = picture.getpixel((picture.width // 2, picture.height // 2))
        assert a == 255 and r > 180 and g < 30 and b < 30, ratio  # the red disc


def test_an_opaque_image_gets_no_alpha_channel():
    opaque = PILImage.new("RGBA", (64, 48), (10, 20, 30, 255))
    assert images.rendition_source(opaque).mode == "RGB"


# --- colour ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_display_p3_photos_keep_their_colours(fmt):
    """A saturated red shot in Display P3: its renditions show the same red in sRGB."""
    red = (230, 20, 20)
    p3 = srgb_to_p3(red)
    assert max(abs(a - b) for a, b in zip(p3, red, strict=True)) > 15  # read as sRGB, it would be off
    buf = io.BytesIO()
    PILImage.new("RGB", (800, 600), p3).save(buf, fmt, icc_profile=display_p3_icc(), quality=95)
    image = ImageFactory(file=upload(buf.getvalue(), f"red.{fmt.lower()}", f"image/{fmt.lower()}"))
    for ratio in ("16x9", "full"):
        picture = rendition(image, ratio)
        assert "icc_profile" not in picture.info  # plain sRGB, as browsers assume
        pixel = picture.convert("RGB").getpixel((picture.width // 2, picture.height // 2))
        assert max(abs(a - b) for a, b in zip(pixel, red, strict=True)) <= 4, (ratio, pixel)


# --- orientation ------------------------------------------------------------------------


def test_a_portrait_phone_photo_is_portrait_everywhere(editor_client):
    """Stored 1600×1200 with EXIF Orientation 6: displayed, and now stored, 1200×1600,
    with the red block of the stored top-left corner at the top right."""
    response = editor_client.post(
        reverse("admin:articles_image_add"),
        {"file": upload(phone_photo()), "alt_text": "Rescue workers", "focal_x": 0.5, "focal_y": 0.05},
    )
    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.width, image.height) == (1200, 1600)
    original = opened(stored(image))
    assert original.size == (1200, 1600) and ExifTags.Base.Orientation not in original.getexif()
    assert original.getpixel((1150, 50))[0] > 180 and original.getpixel((50, 50))[0] < 120
    full = rendition(image, "full")
    assert full.height > full.width
    # The focal point is read on the upright picture: near the top, the crop holds the red.
    top = rendition(image, "16x9").convert("RGB")
    assert top.getpixel((top.width - 10, 10))[0] > 180
    change = editor_client.get(reverse("admin:articles_image_change", args=[image.pk]))
    assert "1200×1600" in change.content.decode()


# --- names: a new crop is a new URL ------------------------------------------------------


@pytest.mark.parametrize("overwrite", [False, True], ids=["free-names", "overwriting-storage"])
def test_every_crop_gets_names_no_earlier_crop_had(settings, django_capture_on_commit_callbacks, overwrite):
    """Caches keep a rendition URL for as long as they like: each focal point must have
    its own names, also on storages that overwrite (S3) and after old files are deleted."""
    backend = "django.core.files.storage.FileSystemStorage"
    default = {"BACKEND": backend, "OPTIONS": {"allow_overwrite": overwrite}}
    settings.STORAGES = {**settings.STORAGES, "default": default}
    image = ImageFactory(file=upload(image_bytes(), "halves.jpg"), focal_x=0.05)
    seen = [rendition_names(image)]
    for focal_x in (0.95, 0.5):
        with django_capture_on_commit_callbacks(execute=True):
            image = Image.objects.get(pk=image.pk)
            image.focal_x = focal_x
            image.save()
        names = rendition_names(image)
        assert all(names.isdisjoint(earlier) for earlier in seen), focal_x
        seen.append(names)


def test_the_rendition_tag_follows_file_and_focal_point():
    data = image_bytes()
    tag = images.rendition_tag(data, 0.5, 0.5)
    assert re.fullmatch(r"[0-9a-f]{10}", tag)
    assert images.rendition_tag(data, 0.5, 0.5) == tag
    assert images.rendition_tag(data, 0.6, 0.5) != tag
    assert images.rendition_tag(image_bytes(color=(1, 2, 3)), 0.5, 0.5) != tag


# --- long pictures -----------------------------------------------------------------------


def test_a_long_infograph_fits_webp_limits():
    buf = io.BytesIO()
    PILImage.new("RGB", (300, 17000), (240, 240, 230)).save(buf, "PNG")
    image = ImageFactory(file=upload(buf.getvalue(), "timeline.png", "image/png"))
    (entry,) = image.renditions["full"]
    assert entry["h"] <= images.WEBP_MAX_SIDE and entry["w"] == 16383 * 300 // 17000
    assert (image.width, image.height) == (300, 17000)


# --- images stored before: manage.py refresh_images --------------------------------------


def legacy_image(name="images/2021/09/IMG_4032.jpg", data=None):
    """An image as earlier versions stored it: the phone's file as uploaded, at a guessable
    name, sideways dimensions, crops without a tag and no uncropped rendition."""
    storage = Image._meta.get_field("file").storage
    name = storage.save(name, io.BytesIO(data or phone_photo()))
    image = Image.objects.create(file=name, alt_text="Rescue workers", width=1600, height=1200, rendered_from=name)
    old_crop = storage.save(f"{images.rendition_folder(image.pk)}IMG_4032-16x9-480.webp", io.BytesIO(b"old crop"))
    Image.objects.filter(pk=image.pk).update(renditions={"16x9": [{"w": 480, "h": 270, "name": old_crop}]})
    image.refresh_from_db()
    return image


def run_refresh(*args):
    out = io.StringIO()
    call_command("refresh_images", *args, stdout=out)
    return out.getvalue()


def test_refresh_images_scrubs_and_renames_originals_stored_before(django_capture_on_commit_callbacks):
    image = legacy_image()
    old_name, storage, (old_crop,) = image.file.name, image.file.storage, rendition_names(image)
    assert run_refresh("--dry-run") == "Dry run, nothing written: 1 scrubbed, 0 re-rendered, 0 unchanged, 0 failed\n"
    assert Image.objects.get().file.name == old_name
    with django_capture_on_commit_callbacks(execute=True):
        assert "1 scrubbed, 0 re-rendered, 0 unchanged, 0 failed" in run_refresh()
    image.refresh_from_db()
    assert images.UNGUESSABLE_NAME.match(image.file.name) and image.file.name.endswith("/IMG_4032.jpg")
    assert not storage.exists(old_name) and not storage.exists(old_crop)
    original = opened(stored(image))
    assert dict(original.getexif().get_ifd(ExifTags.IFD.GPSInfo)) == {} and dict(original.getexif()) == CREDIT
    assert (image.width, image.height) == (1200, 1600)
    assert sorted(image.renditions) == ["16x9", "1x1", "4x3", "full"]
    assert "1 unchanged" in run_refresh()


def test_refresh_images_re_renders_crops_of_an_earlier_version(django_capture_on_commit_callbacks):
    image = legacy_image("images/imported/0123456789ab-logo.png", transparent_logo())
    storage = image.file.storage
    assert images.scrub_original(stored(image)) == stored(image)  # nothing to scrub
    with django_capture_on_commit_callbacks(execute=True):
        assert "0 scrubbed, 1 re-rendered, 0 unchanged" in run_refresh()
    image.refresh_from_db()
    assert image.file.name == "images/imported/0123456789ab-logo.png"
    assert not storage.exists(f"{images.rendition_folder(image.pk)}IMG_4032-16x9-480.webp")
    assert rendition(image, "16x9").getpixel((0, 0))[3] == 0
    assert "0 re-rendered, 1 unchanged" in run_refresh()


def test_refresh_images_reports_a_missing_file_and_goes_on():
    gone = legacy_image()
    gone.file.storage.delete(gone.file.name)
    legacy_image("images/2021/09/other.jpg")
    with pytest.raises(CommandError, match="1 image"):
        run_refresh()
    assert "IMG_4032.jpg" not in Image.objects.exclude(pk=gone.pk).get().file.name
