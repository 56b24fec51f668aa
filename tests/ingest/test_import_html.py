"""The html format: structured data first (JSON-LD, Open Graph), then the page's main content."""

from datetime import UTC, datetime
from io import StringIO
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from taggit.models import Tag

from articles.models import Article
from ingest.formats import html as html_format
from ingest.importer import ImportOptions, import_paths
from tests.factories import ArticleFactory, AuthorFactory, house_author

pytestmark = pytest.mark.django_db
BEIRUT = ZoneInfo("Asia/Beirut")


def call(*args):
    out, err = StringIO(), StringIO()
    call_command("import_articles", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_our_own_article_page_round_trips(client, tmp_path):
    writer = AuthorFactory(name="Zainab Haidar")
    house = house_author()
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
        "revised_at": None,
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
        "revised_at": article.revised_at,
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


STORY = (
    "<p>Brent crude rose three percent on Monday as traders weighed new sanctions on exports.</p>"
    "<p>Analysts in London said the move surprised markets that had expected a quieter week.</p>"
    "<p>Prices had fallen for five sessions before the announcement in Vienna on Sunday.</p>"
)


def world_page(head="", body=f"<article><h1>Oil prices climb</h1>{STORY}</article>", lang="en"):
    """A page as publishers write them: the parts each test needs, nothing of ours."""
    return (
        f'<!doctype html><html lang="{lang}"><head><title>Oil prices climb | Example News</title>'
        f'<meta property="og:site_name" content="Example News">{head}</head><body>'
        f"<nav><a href='/'>Home</a></nav>{body}<footer>Example News</footer></body></html>"
    )


DATED = '<meta property="article:published_time" content="2025-03-24T23:48:00+03:00">'


@pytest.mark.parametrize(
    ("url", "slug"),
    [
        ("https://example.org/news/politics/index.html", "oil-prices-climb"),
        ("https://example.org/news/politics/14848382", "oil-prices-climb"),
        ("https://example.org/news/politics/-14848382.php", "oil-prices-climb"),
        ("https://example.org/news/politics/" + quote("النفط-يرتفع"), "النفط-يرتفع"),
        ("https://example.org/news/politics/oil-climbs-again.html", "oil-climbs-again"),
    ],
)
def test_the_slug_is_the_urls_when_it_is_one_else_the_headlines(url, slug, tmp_path):
    (tmp_path / "p.html").write_text(world_page(DATED + f'<link rel="canonical" href="{url}">'))
    call(tmp_path / "p.html", "--section", "news/politics")
    assert Article.objects.get().slug == slug


def test_the_visible_h1_beats_a_title_with_a_site_suffix_and_a_logo_h1_does_not(tmp_path):
    suffixed = DATED + '<meta property="og:title" content="Oil prices climb | Example">'
    (tmp_path / "a.html").write_text(world_page(suffixed))
    logo = world_page(
        DATED + '<link rel="canonical" href="https://example.org/b">'
        '<meta property="og:title" content="Oil prices climb - Example News">',
        body=f"<header><h1>Example News</h1></header><article>{STORY}</article>",
    )
    (tmp_path / "b.html").write_text(logo)
    call(tmp_path, "--section", "news/politics")
    assert sorted(Article.objects.values_list("headline", flat=True)) == ["Oil prices climb", "Oil prices climb"]


def test_invalid_json_ld_is_read_and_its_entities_decoded(tmp_path):
    ld = (
        "<script type='application/ld+json'><![CDATA[{'@type': 'NewsArticle', "
        "'headline': 'Lebanon&#8217;s talks stall', 'datePublished': '2025-03-24T23:48:00+03:00',"
        " 'author': {'@type': 'Person', 'name': 'Zainab Haidar'},}]]></script>"
    )
    (tmp_path / "p.html").write_text(world_page(ld, body=f"<article>{STORY}</article>"))
    call(tmp_path / "p.html", "--section", "news/politics")
    article = Article.objects.get()
    # Yoast writes entities into JSON-LD, where the HTML parser leaves them undecoded.
    assert article.headline == "Lebanon’s talks stall"
    assert article.published_at == datetime(2025, 3, 24, 20, 48, tzinfo=UTC)
    assert [a.name for a in article.byline_authors] == ["Zainab Haidar"]


def test_placeholder_dates_are_never_taken_and_an_assumed_zone_is_said(tmp_path):
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "0001-01-01T00:00:00Z"}</script>'
        '<meta property="article:published_time" content="2025-03-24 10:00:00">'
    )
    (tmp_path / "p.html").write_text(world_page(head))
    result = import_paths([str(tmp_path / "p.html")], options=ImportOptions(tz=BEIRUT, default_section="news/politics"))
    assert result.created == 1
    assert Article.objects.get().published_at == datetime(2025, 3, 24, 10, 0, tzinfo=BEIRUT)
    assert any("names no time zone; assumed Asia/Beirut" in note for note in result.notes)


def test_a_zone_printed_on_the_page_is_the_zone_of_its_naive_times(tmp_path):
    head = '<meta property="article:published_time" content="2019-11-20T06:37:00">'
    dateline = "<p class='date'>Wednesday 20 November 2019 11:42, UK</p>"
    body = f"<article><h1>Oil prices climb</h1>{dateline}{STORY}</article>"
    (tmp_path / "p.html").write_text(world_page(head, body=body))
    call(tmp_path / "p.html", "--section", "news/politics")
    assert Article.objects.get().published_at == datetime(2019, 11, 20, 6, 37, tzinfo=UTC)


def test_junk_keywords_are_skipped_instead_of_failing_the_page(tmp_path):
    long = "a keyword that is really a whole sentence about the story and far too long to be a tag " * 2
    head = DATED + '<meta property="article:tag" content="Day: Wednesday">'
    head += f'<meta property="article:tag" content="Oil, Markets, {long}">'
    (tmp_path / "p.html").write_text(world_page(head))
    call(tmp_path / "p.html", "--section", "news/politics")
    assert sorted(Article.objects.get().tags.names()) == ["Markets", "Oil"]


@pytest.mark.parametrize(
    ("head", "byline", "names"),
    [
        ('<meta name="author" content="Analysis by Jill Disis, Example News">', "", ["Jill Disis"]),
        ('<meta name="author" content="By ROBERT BURNS, AP National Security Writer">', "", ["Robert Burns"]),
        ('<meta name="author" content="No Author">', "<p class='credit'>JIJI</p>", ["JIJI"]),
        ('<meta name="author" content="Example News">', "", []),
        (
            '<script type="application/ld+json">{"@type": "NewsArticle", "author": {"@type": "Person", '
            '"name": "Stefan Becket"}}</script>',
            "<p class='byline'>By <a href='/team/sb'>Stefan Becket</a>, Kathryn Watson and Grace Segers</p>",
            ["Stefan Becket", "Kathryn Watson", "Grace Segers"],
        ),
        (
            "",
            "<div class='byline'>By LISA MASCARO and ERIC TUCKER<div>Associated Press</div></div>",
            ["Lisa Mascaro", "Eric Tucker"],
        ),
    ],
)
def test_bylines_are_the_writers_names_and_nothing_else(head, byline, names, tmp_path):
    body = f"<article><h1>Oil prices climb</h1>{byline}{STORY}</article>"
    (tmp_path / "p.html").write_text(world_page(DATED + head, body=body))
    call(tmp_path / "p.html", "--section", "news/politics")
    assert [a.name for a in Article.objects.get().byline_authors] == names


def test_hover_cards_and_hidden_blocks_never_reach_the_body(tmp_path):
    story = (
        STORY.replace(
            "Analysts in London",
            'Analysts in <a href="/people/jane">London</a><span class="rollover-people-block">Jane Doe, '
            "senator, her latest stories</span>",
        )
        + '<p style="display: none">Hidden promotion text for subscribers only today</p>'
    )
    (tmp_path / "p.html").write_text(world_page(DATED, body=f"<article><h1>Oil prices climb</h1>{story}</article>"))
    call(tmp_path / "p.html", "--section", "news/politics")
    body = Article.objects.get().body
    assert "Analysts in" in body
    assert "senator" not in body and "Hidden promotion" not in body


def test_a_page_with_no_story_is_refused_never_published_empty(tmp_path):
    furniture = (
        "<article><h1>Oil prices climb</h1><p>Follow us on Twitter and Facebook.</p>"
        "<p>Subscribe now to read the whole story.</p></article>"
    )
    (tmp_path / "p.html").write_text(world_page(DATED, body=furniture))
    with pytest.raises(CommandError):
        _, err = call(tmp_path / "p.html", "--section", "news/politics")
    assert not Article.objects.exists()
