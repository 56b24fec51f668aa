"""Real-browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Without /usr/bin/chromium these tests are skipped locally, but in CI (env ``CI`` set)
a missing browser is an error: a green CI run must mean the browser tests ran.
"""

import importlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.db import connections
from django.urls import clear_url_caches

from tests.browser.helpers import DESKTOP

# Debian's Chromium; never a browser downloaded by Playwright.
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HERE = Path(__file__).resolve().parent
FAILURES = HERE.parent.parent / "screenshots" / "failures"
AXE_JS = HERE / "node_modules" / "axe-core" / "axe.min.js"
# Short enough that a broken page fails fast, long enough for a loaded CI machine.
TIMEOUT_MS = 15_000


def _unavailable(reason):
    """Skip locally; fail loudly in CI, where the browser suite must always run."""
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(f"browser tests skipped: {reason}")


@pytest.fixture(scope="package")
def playwright_instance():
    """Playwright, running only while the tests of this package run.

    Its sync API keeps an event loop running in the test thread, and Django then refuses
    ORM calls there ("async context") although every call here is synchronous. The
    escape hatch, DJANGO_ALLOW_ASYNC_UNSAFE, is set only as long as Playwright runs:
    other tests start subprocesses (``check --deploy``) that must not inherit it.
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the dev extra installs it
        _unavailable("the playwright package is not installed (pip install -e '.[dev]')")
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    # With that loop running, Django keeps database connections per asyncio context
    # rather than per thread, so the tests see fresh connection objects. The test
    # database's serialized contents (which serialized_rollback restores before each
    # test: groups, sections, regions from the data migration) must follow them.
    serialized = {alias: getattr(connections[alias], "_test_serialized_contents", None) for alias in connections}
    try:
        with sync_playwright() as pw:
            for alias, contents in serialized.items():
                if contents is not None:
                    connections[alias]._test_serialized_contents = contents
            yield pw
            connections.close_all()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="package")
def browser(playwright_instance):
    """One headless Chromium for all browser tests; each test gets its own context."""
    browser = playwright_instance.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
    yield browser
    browser.close()


@pytest.fixture(autouse=True)
def _media_served_from_this_tests_folder(_media_root):
    """newsroom/urls.py binds the media folder when it is imported, but every test gets
    its own MEDIA_ROOT (tests/conftest.py): re-read the URLconf so the browser can load
    the images this test uploads."""
    import newsroom.urls

    importlib.reload(newsroom.urls)
    clear_url_caches()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call" and report.failed:
        item.browser_test_failed = True
    return report


@pytest.fixture
def new_context(request, browser, live_server):
    """Make isolated browser contexts (own cookies: a different person) for this test.

    When the test fails, every page still open is saved to screenshots/failures/.
    """
    contexts = []

    def local_only(route):
        # Third-party embeds (YouTube) must not make a test depend on the network.
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            route.abort()

    def make(viewport=None, **kwargs):
        context = browser.new_context(base_url=live_server.url, viewport=viewport or DESKTOP, **kwargs)
        context.set_default_timeout(TIMEOUT_MS)
        context.route("**/*", local_only)
        contexts.append(context)
        return context

    yield make
    if getattr(request.node, "browser_test_failed", False):
        FAILURES.mkdir(parents=True, exist_ok=True)
        for c, context in enumerate(contexts):
            for p, page in enumerate(context.pages):
                page.screenshot(path=str(FAILURES / f"{request.node.name}-{c}-{p}.png"), full_page=True)
    for context in contexts:
        context.close()


@pytest.fixture
def context(new_context):
    return new_context()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture(scope="session")
def axe_script():
    """Path of axe-core's browser bundle; installs it with ``npm ci`` on first use."""
    if not AXE_JS.exists():
        npm = shutil.which("npm")
        if npm is None:
            _unavailable("axe-core is not installed and npm is missing (run: npm ci --prefix tests/browser)")
        result = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--prefix", str(HERE)], capture_output=True, text=True, timeout=300
        )
        if result.returncode != 0 or not AXE_JS.exists():
            _unavailable(f"`npm ci --prefix tests/browser` failed:\n{result.stdout}\n{result.stderr}")
    return AXE_JS
