"""Request bodies over REQUEST_MAX_BYTES are refused from their Content-Length,
before anything reads them (red team: a 300 MB upload was read whole before the
20 MB image check)."""

import pytest
from django.urls import reverse


class Unreadable:
    """A request body that fails the test if anyone reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


@pytest.mark.django_db
def test_a_300_mb_upload_is_refused_before_it_is_read(editor_client, settings):
    response = editor_client.generic(
        "POST",
        reverse("admin:articles_image_add"),
        CONTENT_TYPE="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(300 * 1024 * 1024),
        **{"wsgi.input": Unreadable()},
    )
    assert response.status_code == 413
    assert "300.0 MB" in response.content.decode()
    assert f"the limit is {settings.REQUEST_MAX_BYTES // 2**20} MB" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/beacon/view/1", "/admin/login/", "/no/such/page"])
def test_every_url_has_the_limit(client, path):
    response = client.generic("POST", path, CONTENT_LENGTH=str(26 * 1024 * 1024), **{"wsgi.input": Unreadable()})
    assert response.status_code == 413


@pytest.mark.django_db
def test_a_body_under_the_limit_goes_through(editor_client, settings):
    settings.REQUEST_MAX_BYTES = 1024
    response = editor_client.post(reverse("admin:articles_image_add"), {"alt_text": "x"})
    assert response.status_code == 200  # the form, with its errors


def test_a_garbage_content_length_is_a_400(client):
    assert client.generic("POST", "/", CONTENT_LENGTH="lots").status_code == 400
