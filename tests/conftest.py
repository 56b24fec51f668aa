import logging

import pytest
from django.conf import settings
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import override_settings

from newsroom.catalogues import compile_stale
from tests.factories import role

logger = logging.getLogger(__name__)


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hasher():
    """Hash test passwords with MD5: the production hasher (PBKDF2, ~1 M iterations) is
    slow by design and cost every test that creates a user a noticeable fraction of a
    second. Logging in through the real login page (browser tests) still works, since
    the live server runs in this process with these settings; tests that hand a user to
    another process put the real hasher back (test_scale_out.py)."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True, scope="session")
def _shared_cache_of_this_run(tmp_path_factory):
    """The embedded default's shared disk cache in a folder of this test run, never the
    checkout's ``var/cache`` (a running dev server's). Servers a test starts in other
    processes are handed the same folder (``CACHE_DIR``) to share it, as workers do."""
    default = settings.CACHES["default"]
    if default["BACKEND"] != "newsroom.sharedcache.SharedDiskCache":
        yield  # Redis (REDIS_URL): shared already; its key prefix keeps runs apart
        return
    location = str(tmp_path_factory.mktemp("cache"))
    with override_settings(CACHES={"default": {**default, "LOCATION": location}}):
        yield


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """SQLite tests run on a database file in WAL mode, as the embedded default does in
    production, not in memory: there a reader on a second connection sees the last
    committed state while a writer's transaction is open, as on PostgreSQL. (An
    in-memory shared-cache database answers "table is locked" instead.)"""
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("sqlite") / "test.sqlite3")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files go to a throwaway folder per test."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty shared cache and, as a new worker would, nothing
    held by this process (pages, fragments, read plans: ``public.caching``)."""
    from django.core.cache import cache

    from public import caching

    def clear():
        cache.clear()
        layers = (caching._LOCAL, caching._LOCAL_PAGES, caching._LOCAL_TICKER, caching._READ_PLANS)
        for layer in (*layers, caching._LOCAL_BOXES, caching._LOCAL_FILLED):
            layer.clear()

    clear()
    yield
    clear()


def _only_the_tests_transaction_is_open(connection):
    # Django marks the test's own atomic blocks (the ones it rolls back) ``_from_testcase``;
    # it uses the same mark to decide whether ``atomic(durable=True)`` is outermost.
    return connection.in_atomic_block and all(block._from_testcase for block in connection.atomic_blocks)


@pytest.fixture(autouse=True)
def _commit_hooks_run_at_the_applications_commit(request, monkeypatch):
    """Run ``transaction.on_commit`` callbacks where production runs them: when the code
    under test commits.

    A ``django_db`` test runs inside a transaction that is rolled back, never committed,
    so Django would never run the callbacks (the page cache is invalidated in one) and a
    test could not see an edit on its next request. Here an ``on_commit`` outside any
    atomic block of the application runs at once, as in autocommit mode, and callbacks
    registered inside the application's outermost ``atomic()`` run when that block exits
    successfully, as after its COMMIT; a rolled-back block discards them as Django does.
    Transactional tests (``transaction=True``) commit for real and are unaffected.

    Tests that request ``django_capture_on_commit_callbacks`` see Django's own test
    behaviour instead: callbacks are kept for the fixture to inspect.
    """
    if "django_capture_on_commit_callbacks" in request.fixturenames:
        return
    on_commit, atomic_exit = BaseDatabaseWrapper.on_commit, transaction.Atomic.__exit__

    def run_at_once_in_autocommit(connection, func, robust=False):
        if _only_the_tests_transaction_is_open(connection):
            func()
        else:
            on_commit(connection, func, robust)

    def run_after_outermost_block(self, exc_type, exc_value, traceback):
        connection = transaction.get_connection(self.using)
        result = atomic_exit(self, exc_type, exc_value, traceback)
        if exc_type is None and not connection.needs_rollback and _only_the_tests_transaction_is_open(connection):
            pending, connection.run_on_commit = connection.run_on_commit, []
            for _savepoints, func, robust in pending:
                try:
                    func()
                except Exception:
                    if not robust:
                        raise
                    logger.exception("on_commit callback %r failed (robust: the others still run)", func)
        return result

    monkeypatch.setattr(BaseDatabaseWrapper, "on_commit", run_at_once_in_autocommit)
    monkeypatch.setattr(transaction.Atomic, "__exit__", run_after_outermost_block)


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
def administrator(db, django_user_model):
    """A staff member in the Administrator group: every permission, static pages included."""
    return _staff(django_user_model, "ada-admin", "Administrator")


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

    # whitenoise warns when the collected-static folder is missing; tests do not collect.
    Path(settings.STATIC_ROOT).mkdir(exist_ok=True)
    # The pages are tested in Arabic and Spanish too: with the catalogues as they are in
    # locale/, even when the run did not start from `make test` (which compiles them).
    compile_stale()


@pytest.fixture(autouse=True)
def _fresh_read_counter(monkeypatch):
    """The view beacon keeps per-worker state (rate gate, read buffer): a new one per test."""
    from public import readcount

    monkeypatch.setattr(readcount, "_gate", readcount._LocalGate())
    monkeypatch.setattr(readcount, "buffer", readcount.ReadBuffer())
