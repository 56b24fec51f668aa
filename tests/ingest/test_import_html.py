"""The html format: structured data first (JSON-LD, Open Graph), then the page's main content."""

from datetime import UTC, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from taggit.models import Tag

from articles.models import Article, Author
from ingest.formats import html as html_format
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db
BEIRUT = ZoneInfo("Asia/Beirut")


def call(*args):
    out, err = StringIO(), StringIO()
    call_command("import_articles", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_our_own_article_page_round_trips(client, tmp_path):
    writer = AuthorFactory(name="Zainab Haidar")
    house = Author.objects.get(name="Al Mayadeen English")
    original = ArticleFactory(
        headline="Assad meets Putin in Moscow",
        standfirst="On an unannounced visit, the two presidents met.",
        body=(
            "<p>The Syrian president arrived on Tuesday.</p><h3>What they said</h3>"
            '<blockquote class="twitter-tweet"><p>Quote</p><p>— Someone (@someone) September 14, 2021</p></blockquote>'
            "<p>Talks went on into the night.</p>"
        ),
        source="Agencies",
        published_at=datetime(2021, 9, 14, 9, 39, tzinfo=BEIRUT),
        authors=[writer, house],
    )
    original.tags.set(["Syria", "Russia"])
    target = ArticleFactory(headline="Sanctions widen")
    original.related_links.create(to_article=target, position=0)
    response = client.get(original.get_absolute_url())
    assert response.status_code == 200
    page = tmp_path / "page.html"
    page.write_bytes(response.content)
    expected = {
        "url": original.get_absolute_url(),
        "headline": original.headline,
        "standfirst": original.standfirst,
        "body": original.body,
        "published_at": original.published_at,
        "updated_at": None,
        "authors": ["Zainab Haidar", "Al Mayadeen English"],
        "tags": ["Russia", "Syria"],
        "reading_time": original.reading_time,
        "source": "Agencies",
    }
    original.delete()
    Tag.objects.all().delete()
    out, err = call(page)
    assert err == ""
    article = Article.objects.get(headline="Assad meets Putin in Moscow")
    assert {
        "url": article.get_absolute_url(),
        "headline": article.headline,
        "standfirst": article.standfirst,
        "body": article.body,
        "published_at": article.published_at,
        "updated_at": article.updated_at,
        "authors": [a.name for a in article.byline_authors],
        "tags": sorted(article.tags.names()),
        "reading_time": article.reading_time,
        "source": article.source,
    } == expected
    assert [r.to_article for r in article.related_links.all()] == [target]
    # Idempotent like every format.
    out, _ = call(page)
    assert "0 created, 0 updated, 1 unchanged" in out


OG_PAGE = """<!doctype html>
<html lang="en"><head><title>Site</title>
<link rel="canonical" href="https://english.almayadeen.net/news/economy/oil-prices-climb">
<meta property="og:title" content="Oil prices climb">
<meta property="og:description" content="Brent rose on Monday.">
<meta property="article:published_time" content="2025-03-24T23:48:00+03:00">
<meta property="article:section" content="Economy">
<meta property="article:tag" content="Oil"><meta property="article:tag" content="Markets">
<meta name="author" content="Al Mayadeen English">
</head><body><nav><a href="/">Home</a> News Politics</nav>
<main><h1>Oil prices climb</h1><div class="share">Share on X</div>
<p>Prices rose <b>sharply</b>.</p><p>Traders expect more.</p></main>
<footer>All Rights Reserved</footer></body></html>"""


def test_open_graph_meta_and_main_content_without_json_ld(tmp_path):
    page = tmp_path / "og.html"
    page.write_text(OG_PAGE)
    call(page)
    article = Article.objects.get()
    assert article.get_absolute_url() == "/news/economy/oil-prices-climb"
    assert article.external_id == "https://english.almayadeen.net/news/economy/oil-prices-climb"
    assert (article.headline, article.standfirst) == ("Oil prices climb", "Brent rose on Monday.")
    assert article.published_at == datetime(2025, 3, 24, 20, 48, tzinfo=UTC)
    assert [a.name for a in article.byline_authors] == ["Al Mayadeen English"]
    assert sorted(article.tags.names()) == ["Markets", "Oil"]
    assert article.body == "<p>Prices rose <b>sharply</b>.</p><p>Traders expect more.</p>"


def test_scripts_and_event_handlers_are_removed(tmp_path):
    hostile = OG_PAGE.replace(
        "<p>Traders expect more.</p>",
        '<script>alert(1)</script><p onclick="steal()">Traders <a href="javascript:alert(2)">expect</a> more.</p>'
        '<iframe src="https://evil.example"></iframe><img src=x onerror="alert(3)">',
    )
    page = tmp_path / "hostile.html"
    page.write_text(hostile)
    call(page)
    body = Article.objects.get().body
    # The relative image stays (the sanitiser allows our own media); its handler does not.
    assert body == '<p>Prices rose <b>sharply</b>.</p><p>Traders <a>expect</a> more.</p><img src="x">'


def test_legacy_encodings_are_detected(tmp_path):
    arabic = OG_PAGE.replace("Oil prices climb", "أسعار النفط ترتفع").replace('<html lang="en">', '<html lang="ar">')
    (tmp_path / "ar.html").write_bytes(arabic.encode("cp1256"))
    western = OG_PAGE.replace("Traders expect more.", "Traders at the café expect “more”.").replace(
        "oil-prices-climb", "cafe"
    )
    (tmp_path / "fr.html").write_bytes(western.encode("cp1252"))
    utf16 = OG_PAGE.replace("oil-prices-climb", "utf16")
    (tmp_path / "u16.html").write_bytes(utf16.encode("utf-16"))
    out, err = call(tmp_path)
    assert err == ""
    assert Article.objects.get(slug="oil-prices-climb").headline == "أسعار النفط ترتفع"
    assert "Traders at the café expect “more”." in Article.objects.get(slug="cafe").body
    assert Article.objects.get(slug="utf16").headline == "Oil prices climb"


def test_a_page_without_any_article_is_an_error(tmp_path):
    page = tmp_path / "menu.html"
    page.write_text("<!doctype html><html><head><title>Menu</title></head><body><nav>News</nav></body></html>")
    with pytest.raises(CommandError):
        call(page)
    assert not Article.objects.exists()


def test_json_ld_article_body_is_text_not_markup():
    # schema.org articleBody is plain text: its "<" and "&" are characters to show.
    page = (
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": "Tags explained",'
        ' "datePublished": "2021-09-14T09:39:00+03:00", "articleBody": "Use <b> for bold & more.\\nSecond line."}'
        "</script></head><body></body></html>"
    )
    record = html_format.parse(page, "page.html", tz=BEIRUT)[0]
    assert record.body_html == "<p>Use &lt;b&gt; for bold &amp; more.</p><p>Second line.</p>"
