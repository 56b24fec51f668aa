import pytest
from django.test import override_settings

from tests.factories import role


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hasher():
    """Hash test passwords with MD5: the production hasher (PBKDF2, ~1 M iterations) is
    slow by design and cost every test that creates a user a noticeable fraction of a
    second. Logging in through the real login page (browser tests) still works, since
    the live server runs in this process with these settings; tests that hand a user to
    another process put the real hasher back (test_scale_out.py)."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files go to a throwaway folder per test."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _staff(django_user_model, username, group):
    user = django_user_model.objects.create_user(username=username, password="pw-for-tests-only", is_staff=True)
    user.groups.add(role(group))
    return user


@pytest.fixture
def writer(db, django_user_model):
    """A staff member in the Writer group: drafts and submits, never publishes."""
    return _staff(django_user_model, "wendy-writer", "Writer")


@pytest.fixture
def editor(db, django_user_model):
    """A staff member in the Editor group: publishes, schedules, unpublishes."""
    return _staff(django_user_model, "eddie-editor", "Editor")


@pytest.fixture
def writer_client(client, writer):
    client.force_login(writer)
    return client


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def pytest_configure(config):
    from pathlib import Path

    from django.conf import settings

    # whitenoise warns when the collected-static folder is missing; tests do not collect.
    Path(settings.STATIC_ROOT).mkdir(exist_ok=True)
