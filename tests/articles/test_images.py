"""Image uploads: what is refused (with a clear message), what is kept, and the renditions."""

import io
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from PIL import Image as PILImage

from articles import images
from articles.models import Image
from ingest.pipeline.media import PreparedImage, store
from tests.factories import ImageFactory, image_bytes, image_upload


def _upload(name, data, content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture(scope="module")
def bomb_png():
    """A 20000×20000 1-bit PNG: 48 KB on disk, 400 megapixels once decoded."""
    buf = io.BytesIO()
    PILImage.new("1", (20000, 20000)).save(buf, "PNG", optimize=True)
    return buf.getvalue()


def _text_as_jpg():
    return _upload("photo.jpg", b"This is a press release, not a photograph.\n" * 20)


def _truncated_jpeg():
    data = image_bytes(width=1200, height=800)
    return _upload("cut.jpg", data[: len(data) // 2])


def _fifty_megapixels():
    buf = io.BytesIO()
    PILImage.new("L", (8660, 5775), 128).save(buf, "JPEG")  # 50.0 megapixels
    return _upload("huge.jpg", buf.getvalue())


# --- the validator -------------------------------------------------------------------


def test_validator_refuses_a_text_file_named_jpg():
    with pytest.raises(ValidationError) as exc:
        images.validate_image_file(_text_as_jpg())
    assert exc.value.code == "image_invalid"
    assert "not a valid image" in exc.value.messages[0]


def test_validator_refuses_a_truncated_jpeg():
    with pytest.raises(ValidationError) as exc:
        images.validate_image_file(_truncated_jpeg())
    assert exc.value.code == "image_invalid"
    assert "truncated" in exc.value.messages[0]


def test_validator_refuses_a_decompression_bomb(bomb_png):
    with pytest.raises(ValidationError) as exc:
        images.validate_image_file(_upload("bomb.png", bomb_png, "image/png"))
    assert exc.value.code in {"image_bomb", "image_too_many_pixels"}
    assert "too large" in exc.value.messages[0] or "megapixels" in exc.value.messages[0]


def test_validator_refuses_fifty_megapixels():
    with pytest.raises(ValidationError) as exc:
        images.validate_image_file(_fifty_megapixels())
    assert exc.value.code == "image_too_many_pixels"
    assert "8660×5775" in exc.value.messages[0]
    assert "limit is 40 megapixels" in exc.value.messages[0]


def test_validator_refuses_a_file_over_the_byte_limit(settings):
    settings.IMAGE_MAX_BYTES = 10_000
    with pytest.raises(ValidationError) as exc:
        images.validate_image_file(image_upload(width=1600, height=900))
    assert exc.value.code == "image_too_large"


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_validator_accepts_real_images_and_rewinds_the_file(fmt):
    upload = image_upload(name=f"ok.{fmt.lower()}", fmt=fmt)
    images.validate_image_file(upload)
    assert upload.tell() == 0


# --- through the admin ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("make_file", "message"),
    [
        (_text_as_jpg, "This file is not a valid image"),
        (_truncated_jpeg, "This file is not a valid image (image file is truncated"),
        (_fifty_megapixels, "the limit is 40 megapixels"),
    ],
    ids=["text-renamed-jpg", "truncated-jpeg", "50-megapixels"],
)
def test_admin_add_form_refuses_bad_files_with_a_clear_error(editor_client, make_file, message):
    response = editor_client.post(
        reverse("admin:articles_image_add"),
        {"file": make_file(), "alt_text": "A photo", "focal_x": 0.5, "focal_y": 0.5},
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["file"]
    assert any(message in e for e in errors), errors
    assert message.encode() in response.content or "megapixels" in message
    assert not Image.objects.exists()


def test_admin_add_form_refuses_a_decompression_bomb(editor_client, bomb_png):
    response = editor_client.post(
        reverse("admin:articles_image_add"),
        {"file": _upload("bomb.png", bomb_png, "image/png"), "alt_text": "Bomb", "focal_x": 0.5, "focal_y": 0.5},
    )
    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.errors["file"])
    assert "too large to process safely" in errors or "megapixels" in errors
    assert not Image.objects.exists()


def test_admin_add_form_requires_alt_text(editor_client):
    response = editor_client.post(
        reverse("admin:articles_image_add"), {"file": image_upload(), "alt_text": "", "focal_x": 0.5, "focal_y": 0.5}
    )
    assert response.status_code == 200
    assert "alt_text" in response.context["adminform"].form.errors
    assert not Image.objects.exists()


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_admin_add_form_accepts_a_real_image_and_stores_its_size(editor_client, fmt):
    response = editor_client.post(
        reverse("admin:articles_image_add"),
        {
            "file": image_upload(name=f"kremlin.{fmt.lower()}", fmt=fmt, width=1600, height=900),
            "alt_text": "Putin and al-Assad at the Kremlin",
            "focal_x": 0.5,
            "focal_y": 0.5,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    image = Image.objects.get()
    assert (image.width, image.height) == (1600, 900)
    assert sorted(image.renditions) == ["16x9", "1x1", "4x3", "full"]


def test_image_changelist_shows_thumbnails(editor_client):
    image = ImageFactory()
    response = editor_client.get(reverse("admin:articles_image_changelist"))
    assert response.status_code == 200
    assert image.rendition_url("1x1", width=64).encode() in response.content
    assert b'class="admin-thumb"' in response.content


def test_image_change_form_previews_the_image_and_its_crops(editor_client):
    image = ImageFactory()
    response = editor_client.get(reverse("admin:articles_image_change", args=[image.pk]))
    content = response.content.decode()
    assert 'class="admin-preview"' in content
    for ratio in ("16x9", "4x3", "1x1"):
        assert image.rendition_url(ratio, width=480) in content


# --- renditions -----------------------------------------------------------------------


@pytest.mark.django_db
def test_renditions_come_in_three_widths_per_ratio():
    image = ImageFactory(file=image_upload(width=1600, height=900))
    widths = {ratio: [r["w"] for r in entries] for ratio, entries in image.renditions.items()}
    assert widths == {
        "16x9": [480, 800, 1200],
        "4x3": [480, 800, 1200],
        "1x1": [480, 800, 900],
        "full": [480, 800, 1200, 1600],
    }
    for ratio, (rw, rh) in {**images.RATIOS, images.UNCROPPED: (1600, 900)}.items():
        for entry in image.renditions[ratio]:
            assert abs(entry["w"] * rh / rw - entry["h"]) <= 1
            with image.file.storage.open(entry["name"]) as f, PILImage.open(f) as rendered:
                assert rendered.size == (entry["w"], entry["h"])


@pytest.mark.django_db
def test_renditions_are_made_once_not_on_every_save():
    with mock.patch("articles.images.make_renditions", wraps=images.make_renditions) as spy:
        image = ImageFactory()
        first = image.renditions
        image.caption = "A new caption"
        image.save()
        Image.objects.get(pk=image.pk).save()
    assert spy.call_count == 1
    assert Image.objects.get(pk=image.pk).renditions == first


def test_admin_re_save_does_not_regenerate_renditions(editor_client):
    image = ImageFactory()
    with mock.patch("articles.images.make_renditions", wraps=images.make_renditions) as spy:
        response = editor_client.post(
            reverse("admin:articles_image_change", args=[image.pk]),
            {"alt_text": "Another description", "caption": "", "credit": "AP", "focal_x": 0.5, "focal_y": 0.5},
        )
    assert response.status_code == 302
    assert spy.call_count == 0
    image.refresh_from_db()
    assert image.alt_text == "Another description"


def _halves_png():
    """Left half red, right half blue: a crop's colour tells where it was taken."""
    src = PILImage.new("RGB", (1600, 900), (220, 0, 0))
    src.paste((0, 0, 220), (800, 0, 1600, 900))
    buf = io.BytesIO()
    src.save(buf, "PNG")
    return _upload("halves.png", buf.getvalue(), "image/png")


def _centre_colour(image, ratio="1x1"):
    with image.file.storage.open(image.renditions[ratio][0]["name"]) as f, PILImage.open(f) as rendered:
        return rendered.convert("RGB").getpixel((rendered.width // 2, rendered.height // 2))


def test_admin_focal_point_change_re_crops(editor_client):
    image = ImageFactory(file=_halves_png(), focal_x=0.05)
    assert _centre_colour(image)[0] > 150  # red: the left of the picture
    with mock.patch("articles.images.make_renditions", wraps=images.make_renditions) as spy:
        response = editor_client.post(
            reverse("admin:articles_image_change", args=[image.pk]),
            {"alt_text": image.alt_text, "caption": "", "credit": "AP", "focal_x": 0.95, "focal_y": 0.5},
        )
    assert response.status_code == 302
    assert spy.call_count == 1
    image.refresh_from_db()
    r, g, b = _centre_colour(image)
    assert b > 150 and r < 80  # blue: the crop moved to the right


def test_crop_box_is_centred_on_the_focal_point():
    # 1600×900 to a square: a 900×900 box, centred on x = 0.5 × 1600 = 800.
    assert images.crop_box(1600, 900, (1, 1), 0.5, 0.5) == (350, 0, 1250, 900)


def test_crop_box_follows_the_focal_point_and_stays_inside_the_image():
    assert images.crop_box(1600, 900, (1, 1), 0.25, 0.5) == (0, 0, 900, 900)  # 400 − 450 < 0: clamped
    assert images.crop_box(1600, 900, (1, 1), 0.6, 0.5) == (510, 0, 1410, 900)
    assert images.crop_box(1600, 900, (1, 1), 1.0, 0.5) == (700, 0, 1600, 900)
    # A tall image to 16:9 crops vertically around focal_y.
    assert images.crop_box(900, 1600, (16, 9), 0.5, 0.1) == (0, 0, 900, 506)
    assert images.crop_box(900, 1600, (16, 9), 0.5, 0.5) == (0, 547, 900, 1053)


@pytest.mark.django_db
def test_renditions_keep_the_focal_point_in_frame():
    left = ImageFactory(file=_halves_png(), focal_x=0.05)
    right = ImageFactory(file=_halves_png(), focal_x=0.95)
    assert _centre_colour(left)[0] > 150 and _centre_colour(left)[2] < 80
    assert _centre_colour(right)[2] > 150 and _centre_colour(right)[0] < 80


# --- rendition files follow the image, whoever changes it ---------------------------------


def _indexed(image):
    """Names of the rendition files the image's index points to."""
    return sorted(entry["name"] for entries in image.renditions.values() for entry in entries)


def _on_disk(image_pk, storage):
    """Names of the files in the image's rendition folder: what its index points to, and
    nothing else, once the crops of an old file or focal point are gone."""
    folder = f"renditions/{image_pk}"
    if not storage.exists(folder):
        return []
    return sorted(f"{folder}/{name}" for name in storage.listdir(folder)[1])


@pytest.mark.django_db
def test_refocusing_an_image_outside_the_admin_re_crops_and_removes_the_old_crops(
    django_capture_on_commit_callbacks,
):
    image = ImageFactory(file=_halves_png(), focal_x=0.05)
    with django_capture_on_commit_callbacks(execute=True):
        image = Image.objects.get(pk=image.pk)  # as an importer or a shell would load it
        image.focal_x = 0.95
        image.save()
    r, g, b = _centre_colour(image)
    assert b > 150 and r < 80  # blue: the crop moved to the right
    assert _on_disk(image.pk, image.file.storage) == _indexed(image)


@pytest.mark.django_db
def test_replacing_the_file_removes_the_crops_of_the_old_file(django_capture_on_commit_callbacks):
    image = ImageFactory(file=image_upload(name="before.jpg", width=800, height=450))
    with django_capture_on_commit_callbacks(execute=True):
        image.file = image_upload(name="after.jpg", width=1600, height=900)
        image.save()
    assert [r["w"] for r in image.renditions["16x9"]] == [480, 800, 1200]
    assert all("/after-" in name for name in _indexed(image))
    assert _on_disk(image.pk, image.file.storage) == _indexed(image)


@pytest.mark.django_db
def test_deleting_an_image_removes_its_crops(django_capture_on_commit_callbacks):
    image = ImageFactory()
    pk, storage = image.pk, image.file.storage
    assert _on_disk(pk, storage) == _indexed(image) != []
    with django_capture_on_commit_callbacks(execute=True):
        Image.objects.filter(pk=pk).delete()  # a queryset delete: Image.delete() is not called
    assert _on_disk(pk, storage) == []


@pytest.mark.django_db
def test_crops_stay_when_the_delete_is_rolled_back(django_capture_on_commit_callbacks):
    from django.db import transaction

    image = ImageFactory()
    pk, storage, names = image.pk, image.file.storage, _indexed(image)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        image.delete()
        transaction.set_rollback(True)  # e.g. a later step of the same import failed
    assert Image.objects.filter(pk=pk).exists()
    assert _on_disk(pk, storage) == names


@pytest.mark.django_db
def test_an_image_keeps_crops_it_did_not_make(django_capture_on_commit_callbacks):
    # The benchmark's photo library: many rows pointing at one picture and its crops.
    original = ImageFactory()
    copy = Image.objects.create(
        file=original.file.name,
        alt_text="The same picture",
        width=original.width,
        height=original.height,
        renditions=original.renditions,
        rendered_from=original.file.name,
    )
    with django_capture_on_commit_callbacks(execute=True):
        copy.delete()
    assert _on_disk(original.pk, original.file.storage) == _indexed(original)


def test_admin_focal_point_change_leaves_only_the_new_crops(editor_client, django_capture_on_commit_callbacks):
    image = ImageFactory(file=_halves_png(), focal_x=0.05)
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("admin:articles_image_change", args=[image.pk]),
            {"alt_text": image.alt_text, "caption": "", "credit": "AP", "focal_x": 0.95, "focal_y": 0.5},
        )
    assert response.status_code == 302
    image.refresh_from_db()
    assert _on_disk(image.pk, image.file.storage) == _indexed(image)


# --- the stored name follows the verified format (red team: a JPEG/HTML polyglot) ---


def _polyglot_jpeg():
    """A valid JPEG whose comment segment is an HTML page with a script."""
    buf = io.BytesIO()
    html = b"<html><body><script>alert(document.domain)</script></body></html>"
    PILImage.new("RGB", (640, 360), (20, 90, 160)).save(buf, "JPEG", comment=html)
    data = buf.getvalue()
    assert html in data
    return data


def _admin_upload(client, name, data, content_type="application/octet-stream"):
    return client.post(
        reverse("admin:articles_image_add"),
        {"file": _upload(name, data, content_type), "alt_text": "A polyglot", "focal_x": 0.5, "focal_y": 0.5},
    )


@pytest.mark.parametrize(
    ("name", "stored_as"),
    [
        ("report.pdf", "report.jpg"),  # the red team's two: accepted and stored under their own names
        ("figure.eps", "figure.jpg"),
        ("scan.tiff", "scan.jpg"),
        ("layers.psd", "layers.jpg"),
        ("Kremlin.JPEG", "Kremlin.JPEG"),
    ],
)
def test_an_upload_is_stored_with_the_extension_of_its_verified_format(editor_client, name, stored_as):
    response = _admin_upload(editor_client, name, _polyglot_jpeg())
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    stored = Image.objects.get().file.name
    assert stored.rsplit("/", 1)[-1] == stored_as


@pytest.mark.parametrize("name", ["page.html", "drawing.svg", "photo.jpg.html", "no-extension"])
def test_an_upload_named_as_no_image_type_is_refused(editor_client, name):
    response = _admin_upload(editor_client, name, _polyglot_jpeg())
    assert response.status_code == 200
    assert "file" in response.context["adminform"].form.errors
    assert not Image.objects.exists()


def test_a_png_named_jpg_is_stored_as_png(editor_client):
    _admin_upload(editor_client, "chart.jpg", image_bytes(fmt="PNG"))
    assert Image.objects.get().file.name.endswith("/chart.png")


def test_a_polyglot_is_served_as_the_image_it_is(editor_client, client):
    _admin_upload(editor_client, "report.pdf", _polyglot_jpeg())
    response = client.get(Image.objects.get().file.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"


@pytest.mark.django_db
def test_saving_a_non_image_outside_the_admin_is_refused():
    image = Image(file=_upload("notes.jpg", b"not an image at all"), alt_text="Notes")
    # Pillow's UnidentifiedImageError is an OSError; the savepoint keeps the test's transaction usable.
    with pytest.raises((ValidationError, OSError)), transaction.atomic():
        image.save()
    assert not Image.objects.exists()


@pytest.mark.django_db
def test_an_imported_image_is_stored_with_the_extension_of_its_format(tmp_path):
    path = tmp_path / "evil.html"
    path.write_bytes(_polyglot_jpeg())
    prepared = PreparedImage(
        path=path,
        name="images/2021/09/evil.html",
        sha256="0" * 64,
        alt="A polyglot",
        caption="",
        credit="",
        focal=(0.5, 0.5),
    )
    assert store(prepared).file.name == "images/2021/09/evil.jpg"


# --- animations: frames × pixels ------------------------------------------------------


def _animation(fmt, frames, size=(100, 100)):
    buf = io.BytesIO()
    pictures = [PILImage.new("RGB", size, (i * 7 % 256, 40, 90)) for i in range(frames)]
    pictures[0].save(buf, fmt, save_all=True, append_images=pictures[1:], duration=40, loop=0)
    return _upload(f"clip.{fmt.lower()}", buf.getvalue(), f"image/{fmt.lower()}")


@pytest.mark.parametrize("fmt", ["GIF", "WEBP", "PNG"])
def test_an_animation_over_the_frames_times_pixels_limit_is_refused(settings, fmt):
    settings.IMAGE_MAX_ANIMATION_PIXELS = 100 * 100 * 10  # ten frames of 100×100
    assert images.validate_image_file(_animation(fmt, 10)) == fmt
    with pytest.raises(ValidationError) as exc:
        images.validate_image_file(_animation(fmt, 11))
    assert exc.value.code == "image_animation_too_long"
    assert "at most 10 frames of that size" in exc.value.messages[0]


def test_a_long_animation_of_tiny_frames_is_refused_by_the_frame_limit(settings):
    settings.IMAGE_MAX_FRAMES = 50
    with pytest.raises(ValidationError) as exc:
        images.validate_image_file(_animation("GIF", 300, size=(2, 2)))
    assert exc.value.code == "image_animation_too_long"
    assert "more than 50 frames" in exc.value.messages[0]


def test_the_admin_refuses_a_too_long_animation_with_a_clear_error(editor_client, settings):
    settings.IMAGE_MAX_ANIMATION_PIXELS = 100 * 100 * 4
    response = editor_client.post(
        reverse("admin:articles_image_add"),
        {"file": _animation("GIF", 5), "alt_text": "Clip", "focal_x": 0.5, "focal_y": 0.5},
    )
    assert response.status_code == 200
    assert "frames of that size" in str(response.context["adminform"].form.errors["file"])
    assert not Image.objects.exists()
