"""Every public page type is valid HTML for the Nu HTML Checker (vnu, the W3C's).

All pages go to ONE vnu run: the JVM takes seconds to start. vnu comes from npm
(tests/browser/package.json, ``npm ci --prefix tests/browser``) and runs on Java.
Without Java or vnu the test is skipped locally and fails in CI (``CI`` set), where
a green run must mean the pages were checked.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, LiveUpdate
from tests.browser.content import build_newsroom, section
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

BROWSER_TESTS = Path(__file__).resolve().parent.parent / "browser"
VNU_JAR = BROWSER_TESTS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# Bodies as importers deliver them: sub-headings that start at <h3> or <h4>, under
# the page's <h1> (and a live update's <h3> title).
IMPORTED_BODY = "<h3>Background</h3><p>First.</p><h4>Detail</h4><p>Second.</p><h3>Reactions</h3><p>Third.</p>"


def _unavailable(reason):
    if os.environ.get("CI"):
        pytest.fail(f"the HTML conformance check cannot run in CI: {reason}", pytrace=False)
    pytest.skip(f"HTML conformance check skipped: {reason}")


@pytest.fixture(scope="session")
def vnu():
    """The command that runs the Nu HTML Checker; installs vnu-jar with npm on first use."""
    java = shutil.which("java")
    if java is None:
        _unavailable("java is missing (apt-get install default-jre-headless)")
    if not VNU_JAR.exists():
        npm = shutil.which("npm")
        if npm is None:
            _unavailable("vnu-jar is not installed and npm is missing (run: npm ci --prefix tests/browser)")
        result = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--prefix", str(BROWSER_TESTS)],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if result.returncode != 0 or not VNU_JAR.exists():
            _unavailable(f"`npm ci --prefix tests/browser` failed:\n{result.stdout}\n{result.stderr}")
    return [java, "-jar", str(VNU_JAR), "--format", "json", "--stdout"]


def public_page_urls():
    """Every public page type, by name, on a small newsroom with each article format."""
    newsroom = build_newsroom()
    imported = ArticleFactory(
        headline="Imported: a story whose sub-headings start at h3",
        body=IMPORTED_BODY,
        section=section("news/economy"),
    )
    live = newsroom.live
    LiveUpdate.objects.create(article=live, posted_at=timezone.now(), body="<h4>Results</h4><p>Counting.</p>")
    LiveUpdate.objects.create(article=live, posted_at=timezone.now(), title="Polls close", body=IMPORTED_BODY)
    LiveUpdate.objects.create(
        article=live,
        posted_at=timezone.now(),
        body="<p>Watch the count.</p>",
        embed_url="https://www.youtube.com/watch?v=aqz-KE-bpKQ",
        image=newsroom.standard.hero_image,
        key_event=True,
    )
    ended = ArticleFactory(
        headline="Live: the summit, as it happened",
        format=Article.Format.LIVE,
        coverage_ended_at=timezone.now(),
        section=section("live"),
    )
    LiveUpdate.objects.create(article=ended, body="<p>The summit closed.</p>", key_event=True)
    urls = {
        "home": reverse("public:home"),
        "section": reverse("public:section", kwargs={"path": "news/politics"}),
        "top-level section": reverse("public:section", kwargs={"path": "news"}),
        "region": reverse("public:region", kwargs={"slug": "west-asia"}),
        "tag": reverse("public:tag", kwargs={"slug": newsroom.tag_slug}),
        "author": reverse("public:author", kwargs={"slug": newsroom.author_slug}),
        "authors": reverse("public:authors"),
        "search with results": reverse("public:search") + "?q=ceasefire",
        "search without results": reverse("public:search") + "?q=zzyzx",
        "search form": reverse("public:search"),
        "breaking": reverse("public:breaking"),
        "corrections": reverse("public:corrections"),
        "flatpage": reverse("public:flatpage", kwargs={"url": "about-us"}),
        "404": reverse("public:section", kwargs={"path": "news/politics/no-such-story"}),
        "article (imported body)": imported.get_absolute_url(),
    }
    urls.update({f"article ({name})": article.get_absolute_url() for name, article in newsroom.formats().items()})
    urls["article (live, ended)"] = ended.get_absolute_url()
    return urls


def test_every_public_page_type_is_valid_html(client, vnu, tmp_path):
    files = {}
    for n, (name, url) in enumerate(public_page_urls().items()):
        response = client.get(url)
        assert response.status_code == (404 if name == "404" else 200), f"{name}: {url} answered {response.status_code}"
        path = tmp_path / f"page-{n}.html"
        path.write_bytes(response.content)
        files[path.name] = f"{name} ({url})"
    assert Article.objects.published().count() > 5  # the pages showed real content

    result = subprocess.run([*vnu, *(str(tmp_path / name) for name in files)], capture_output=True, timeout=300)
    try:
        messages = json.loads(result.stdout)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"vnu gave no report (exit {result.returncode}):\n{result.stdout!r}\n{result.stderr!r}")
    errors = [m for m in messages if m["type"] in {"error", "non-document-error"}]
    report = [
        f"{files.get(m.get('url', '').rsplit('/', 1)[-1], m.get('url'))} line {m.get('lastLine')}: {m['message']}"
        f"\n    {m.get('extract', '')!r}"
        for m in errors
    ]
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(report)
