"""Login throttling on /admin/ (django-axes): real HTTP POSTs to the admin login form.

Red team: 100 wrong passwords in 25 s met no delay and no lockout.
"""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django.utils import timezone

from tests.test_settings_and_health import GOOD_KEY, manage

pytestmark = pytest.mark.django_db
PASSWORD = "pw-for-tests-only"
LOGIN = reverse("admin:login")


def attempt(client, username, password="wrong-password", ip="203.0.113.5", **extra):  # noqa: S107
    return client.post(LOGIN + "?next=/admin/", {"username": username, "password": password}, REMOTE_ADDR=ip, **extra)


def test_a_hundred_wrong_passwords_lock_the_account_out(client, editor, settings):
    statuses = [attempt(client, editor.username).status_code for _ in range(100)]
    limit = settings.AXES_FAILURE_LIMIT
    assert statuses[: limit - 1] == [200] * (limit - 1)  # the form again, "please enter a correct…"
    assert set(statuses[limit:]) == {429}
    # Locked means locked: the right password is refused too, with a clear message.
    response = attempt(client, editor.username, PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Sign-in temporarily locked" in page
    assert f"for {settings.AXES_COOLOFF_TIME.seconds // 60} minutes" in page
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_per_username_from_any_address(client, editor, settings):
    for i in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, editor.username, ip=f"198.51.100.{i}")
    assert attempt(client, editor.username, PASSWORD, ip="192.0.2.44").status_code == 429


def test_the_lockout_is_per_address_for_any_username(client, editor, writer, settings):
    for i in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, f"guess-{i}")
    assert attempt(client, writer.username, PASSWORD).status_code == 429
    # Someone else, elsewhere, is not affected.
    assert attempt(client, editor.username, PASSWORD, ip="192.0.2.44").status_code == 302


def test_a_spoofed_forwarded_for_does_not_reset_the_address_count(client, settings):
    for i in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, f"guess-{i}", HTTP_X_FORWARDED_FOR=f"10.9.8.{i}")
    assert attempt(client, "guess-99", HTTP_X_FORWARDED_FOR="10.9.8.99").status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.5"}


def test_the_lockout_ends_after_the_cool_off(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, editor.username)
    assert attempt(client, editor.username, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1))
    response = attempt(client, editor.username, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_a_good_login_through_the_form_still_works(client, editor):
    response = attempt(client, editor.username, PASSWORD)
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_throttling_is_on_in_production():
    code = "from django.conf import settings; print(settings.AXES_ENABLED, settings.AXES_FAILURE_LIMIT)"
    result = manage("shell", "-v", "0", "-c", code, NEWSROOM_ENV="production", SECRET_KEY=GOOD_KEY)
    assert result.stdout.split() == ["True", "5"], result.stderr
