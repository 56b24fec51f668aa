"""The page-text format: text renderings of Al Mayadeen article pages."""

import json
from datetime import datetime
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from articles.models import Article, BreakingItem, RelatedArticle
from ingest.formats import page_text
from ingest.records import ArticleRecord, BreakingRecord, ImportFailure
from tests.factories import ArticleFactory

SEED = Path(__file__).resolve().parents[2] / "demo" / "data" / "al-mayadeen-article-page.txt"
BEIRUT = ZoneInfo("Asia/Beirut")
SEED_HEADLINE = "Putin: Joint Efforts Defeated Extremism in Syria"
NAV = (
    "Al Mayadeen English\n\n  • Ar\n  • Es\n  • x\nAl Mayadeen English\n\nSlogan\n\n"
    "  • News\n    • Politics\nNews\n  • Politics\n"
)
TICKER = "BREAKING\nFirst ticker line about talks\nSecond ticker line: Al Mayadeen's correspondent\n\n"
FOOTER = "\nMost Read\n\nSomething else entirely\n\n  • Politics\n  • 8 Nov 2025\n\nRead Next\n\nAl Mayadeen English\n"


def seed_records(tz=BEIRUT):
    return page_text.parse(SEED.read_text(encoding="utf-8"), "seed.txt", tz=tz)


def page(header, body, tags=("Syria",)):
    tag_lines = "".join(f"  • {t}\n" for t in tags)
    return NAV + TICKER + header + "\n\n" + "\n\n".join(body) + "\n\n" + tag_lines + FOOTER


def parse_one(text):
    records = page_text.parse(text, "page.txt", tz=BEIRUT)
    return next(r for r in records if isinstance(r, ArticleRecord))


def test_seed_page_gives_exactly_the_article():
    article = seed_records()[0]
    assert article.headline == SEED_HEADLINE
    assert article.authors == ["Al Mayadeen"]
    assert article.source == "Al Mayadeen"
    assert article.published_at == datetime(2021, 9, 14, 9, 39, tzinfo=BEIRUT)
    assert article.standfirst == (
        "On an unannounced visit, Russian President Vladimir Putin holds a meeting with his Syrian "
        "counterpart Bashar al-Assad in Moscow."
    )
    assert article.hero_caption == "Putin during a meeting with al-Assad at the Kremlin."
    assert article.tags == ["Syria", "Russia", "Putin", "Bashar al-Assad"]
    assert [r.headline for r in article.related] == [
        "Israeli forces advance in Quneitra countryside, shell Yarmouk Basin",
        "Tom Barrack urges full repeal of Caesar Act to 'give Syria a chance'",
    ]
    paragraphs = article.body_html.split("\n")
    assert paragraphs[0] == (
        "<p>The Syrian President Bashar al-Assad had a meeting with the Russian President Vladimir Putin "
        "after arriving in Moscow on Tuesday morning.</p>"
    )
    assert paragraphs[-1].endswith("by the US and its allies as inhumane and illegal.</p>")
    assert len(paragraphs) == 10
    tweet = paragraphs[5]
    assert tweet.startswith('<blockquote class="twitter-tweet"><p>«Очень рад вас приветствовать в Москве')
    assert tweet.endswith("<p>— Дмитрий Смирнов (@dimsmirnov175) September 14, 2021</p></blockquote>")


def test_seed_chrome_and_related_headlines_are_not_body_text():
    body = seed_records()[0].body_html
    for chrome in [
        "Related News",
        "Israeli forces advance",
        "Most Read",
        "Read Next",
        "Coverage",
        "Slogan",
        "Yemen busts",
        "All Rights Reserved",
        "Min Read",
        "Politics",
        "BREAKING",
        "Syria</p>",
    ]:
        assert chrome not in body


def test_seed_ticker_gives_ten_breaking_items_in_order():
    items = [r for r in seed_records() if isinstance(r, BreakingRecord)]
    assert len(items) == 10
    assert items[0].text.startswith("CNN says Trump has not yet decided")
    assert items[9].text.startswith("Maduro: The comprehensive defense command")
    assert [i.position for i in items] == list(range(10))
    toul = items[5]
    assert (toul.text, toul.attribution) == (
        "An Israeli drone attacked a vehicle in the town of Toul, Nabatieh District",
        "Al Mayadeen's correspondent",
    )


@pytest.mark.django_db
def test_seed_imports_at_its_section_url_with_reading_time_three():
    call_command("import_articles", str(SEED), stdout=StringIO())
    article = Article.objects.get()
    assert article.get_absolute_url() == "/news/politics/putin-joint-efforts-defeated-extremism-in-syria"
    assert article.reading_time == 3
    assert article.status == Article.Status.PUBLISHED
    assert [a.name for a in article.byline_authors] == ["Al Mayadeen"]
    assert sorted(article.tags.names()) == ["Bashar al-Assad", "Putin", "Russia", "Syria"]
    assert article.hero_caption == "Putin during a meeting with al-Assad at the Kremlin."
    assert BreakingItem.objects.count() == 10
    assert '<blockquote class="twitter-tweet">' in article.body


@pytest.mark.django_db
def test_tz_option_sets_the_zone_of_page_dates():
    call_command("import_articles", str(SEED), "--tz", "UTC", stdout=StringIO())
    assert Article.objects.get().published_at == datetime(2021, 9, 14, 9, 39, tzinfo=ZoneInfo("UTC"))


def test_one_line_header_with_listen():
    text = page(
        "Gaza talks stall again\n\nBy Al Mayadeen English / Source: Agencies / 24 Mar 2025 23:48 / 3 Min Read / "
        "Mediators leave Cairo without a deal. / Listen",
        ["Negotiators left the city on Monday evening."],
    )
    article = parse_one(text)
    assert (article.headline, article.authors, article.source) == (
        "Gaza talks stall again",
        ["Al Mayadeen English"],
        "Agencies",
    )
    assert article.published_at == datetime(2025, 3, 24, 23, 48, tzinfo=BEIRUT)
    assert article.standfirst == "Mediators leave Cairo without a deal."
    assert article.body_html == "<p>Negotiators left the city on Monday evening.</p>"


def test_header_lines_with_listen_after_the_standfirst():
    text = page(
        "Gaza talks stall again\n\nBy Al Mayadeen English\nSource: Agencies\n24 Mar 2025 23:48\n3 Min Read\n\n"
        "Mediators leave Cairo without a deal.\n\nListen",
        ["Negotiators left the city on Monday evening."],
    )
    article = parse_one(text)
    assert article.standfirst == "Mediators leave Cairo without a deal."
    assert article.body_html == "<p>Negotiators left the city on Monday evening.</p>"


def test_older_page_date_first_and_caption_before_byline():
    text = page(
        "Old story about the harbour\n\n  • 3 Feb 2019 08:05\n  • Ships in the harbour\n"
        "    Ships wait in the harbour. (Social media)\n  • By Jane Roe\n  • Source: Agencies\n\n"
        "The harbour reopened after a week.",
        ["Trade resumed slowly on Sunday.", "Officials expect more ships."],
    )
    article = parse_one(text)
    assert article.published_at == datetime(2019, 2, 3, 8, 5, tzinfo=BEIRUT)
    assert (article.hero_caption, article.hero_credit) == ("Ships wait in the harbour.", "Social media")
    assert article.authors == ["Jane Roe"]
    assert article.standfirst == "The harbour reopened after a week."
    assert article.body_html == "<p>Trade resumed slowly on Sunday.</p>\n<p>Officials expect more ships.</p>"


def test_opinion_author_alone_without_by():
    text = page(
        "Imperialism and the war in Ukraine\n\nAli Hassan Rizk\n\n  • Source: Al Mayadeen English\n"
        "  • 10 Nov 2025 12:00\n4 Min Read\n\nThe imperialists are not make-believe.",
        ["Their cruelty stands bare today."],
    )
    article = parse_one(text)
    assert article.authors == ["Ali Hassan Rizk"]
    assert article.headline == "Imperialism and the war in Ukraine"
    assert article.standfirst == "The imperialists are not make-believe."


def test_read_more_lines_are_related_links_and_short_lines_are_subheadings():
    text = page(
        "Harbour reopens\n\n  • By Jane Roe\n  • 3 Feb 2019 08:05\n\nThe harbour reopened.",
        [
            "Trade resumed slowly on Sunday.",
            "Read more: Ships return to the northern port",
            "What comes next",
            "Officials expect more ships, they said.",
        ],
    )
    article = parse_one(text)
    assert [r.headline for r in article.related] == ["Ships return to the northern port"]
    assert article.body_html == (
        "<p>Trade resumed slowly on Sunday.</p>\n<h3>What comes next</h3>\n"
        "<p>Officials expect more ships, they said.</p>"
    )


def test_windows_line_endings_byte_order_mark_and_curly_quotes(tmp_path):
    source = SEED.read_text(encoding="utf-8").replace("'back to normal'", "‘back to normal’")
    path = tmp_path / "windows.txt"
    path.write_bytes(b"\xef\xbb\xbf" + source.replace("\n", "\r\n").encode("utf-8"))
    records = page_text.parse(path.read_bytes().decode("utf-8-sig"), str(path), tz=BEIRUT)
    article = records[0]
    assert article.headline == SEED_HEADLINE
    assert "‘back to normal’" in article.body_html
    assert "\r" not in article.body_html
    assert article.tags == ["Syria", "Russia", "Putin", "Bashar al-Assad"]


def test_a_page_with_only_menus_and_ticker_is_an_error():
    truncated = SEED.read_text(encoding="utf-8").split(SEED_HEADLINE)[0]
    with pytest.raises(ImportFailure, match="no article in this page"):
        page_text.parse(truncated, "cut.txt", tz=BEIRUT)


@pytest.mark.django_db
def test_related_headline_links_to_an_existing_article():
    target = ArticleFactory(headline="Israeli forces advance in Quneitra countryside, shell Yarmouk Basin")
    call_command("import_articles", str(SEED), stdout=StringIO())
    article = Article.objects.get(headline=SEED_HEADLINE)
    # The second headline's story is not in the database: its entry waits, in its place.
    entries = RelatedArticle.objects.filter(from_article=article).order_by("position")
    assert list(entries.values_list("to_article", "headline")) == [
        (target.pk, "Israeli forces advance in Quneitra countryside, shell Yarmouk Basin"),
        (None, "Tom Barrack urges full repeal of Caesar Act to 'give Syria a chance'"),
    ]


@pytest.mark.django_db
def test_related_link_is_made_when_its_target_arrives_later(capsys):
    call_command("import_articles", str(SEED), stdout=StringIO())
    assert not RelatedArticle.objects.filter(to_article__isnull=False).exists()
    # Brought by other means than an import (the admin): found when the page is imported again.
    target = ArticleFactory(headline="Tom Barrack urges full repeal of Caesar Act to 'give Syria a chance'")
    out = StringIO()
    call_command("import_articles", str(SEED), stdout=out)
    assert RelatedArticle.objects.get(to_article__isnull=False).to_article == target
    assert RelatedArticle.objects.count() == 2  # the other entry still waits for its story
    assert "1 updated" in out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1252"])
def test_the_command_decodes_the_page_whatever_its_encoding(tmp_path, encoding):
    source = SEED.read_text(encoding="utf-8").replace("\n", "\r\n")
    if encoding == "cp1252":  # no Cyrillic in Windows-1252: drop the tweet's text
        source = source.encode("cp1252", errors="ignore").decode("cp1252")
    path = tmp_path / "page.txt"
    path.write_bytes(source.encode(encoding))
    call_command("import_articles", str(path), stdout=StringIO())
    article = Article.objects.get()
    assert article.headline == SEED_HEADLINE
    assert "“terrorists”" in BreakingItem.objects.get(position=1).text


@pytest.mark.django_db
def test_a_breadcrumb_puts_the_article_in_its_section(tmp_path):
    text = page(
        "Opinion\n\nImperialism and the war in Ukraine\n\nAli Hassan Rizk\n\n  • 10 Nov 2025 12:00\n\n"
        "The imperialists are not make-believe.",
        ["Their cruelty stands bare today."],
    )
    path = tmp_path / "opinion.txt"
    path.write_text(text, encoding="utf-8")
    call_command("import_articles", str(path), stdout=StringIO())
    article = Article.objects.get()
    assert article.get_absolute_url() == "/articles/opinion/imperialism-and-the-war-in-ukraine"
    assert [a.name for a in article.byline_authors] == ["Ali Hassan Rizk"]


@pytest.mark.django_db
def test_a_ticker_line_already_on_the_ticker_is_not_added_twice():
    from tests.factories import BreakingItemFactory

    typed_in_admin = (
        "maduro: The comprehensive defense command, which unites all public military "
        "institutions and all popular forces, must be activated in the early hours of this morning"
    )
    BreakingItemFactory(text=typed_in_admin)
    out = StringIO()
    call_command("import_articles", str(SEED), stdout=out)
    assert BreakingItem.objects.count() == 10
    assert "breaking: 9/0/1/0" in out.getvalue()


# The identities the seed's ticker lines have had since the first import (stored in
# BreakingItem.external_id): a change of form would make every re-import see new lines.
TOUL = "An Israeli drone attacked a vehicle in the town of Toul, Nabatieh District"
TOUL_ID = "ticker:116bdebf854f6b866ca78881"  # with its attribution, "…: Al Mayadeen's correspondent"
CNN_ID = "ticker:3015e8c7b86f59da8741276f"


@pytest.mark.django_db
def test_ticker_lines_keep_the_identity_they_were_stored_with():
    call_command("import_articles", str(SEED), stdout=StringIO())
    ids = set(BreakingItem.objects.values_list("external_id", flat=True))
    assert {TOUL_ID, CNN_ID} <= ids


@pytest.mark.django_db
def test_a_json_lines_ticker_row_without_identity_is_the_same_item_as_the_page_line(tmp_path):
    row = {"type": "breaking", "text": TOUL, "attribution": "Al Mayadeen's correspondent"}
    path = tmp_path / "breaking.jsonl"
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    call_command("import_articles", str(path), stdout=StringIO())
    assert BreakingItem.objects.get().external_id == TOUL_ID
    out = StringIO()
    call_command("import_articles", str(SEED), stdout=out)
    assert BreakingItem.objects.count() == 10
    assert "breaking: 9/1/0/0" in out.getvalue()  # the page moves the row to its position
    assert BreakingItem.objects.get(external_id=TOUL_ID).position == 5


@pytest.mark.django_db
def test_a_ticker_row_stored_under_the_retired_identity_form_stays_one_item(tmp_path):
    from tests.factories import BreakingItemFactory

    # Rows without an identity were once keyed "ticker:" + sha256 of the text.
    BreakingItemFactory(text=TOUL, external_id="ticker:7e5c0b1d35a46f8a0c2e44d1")
    path = tmp_path / "breaking.jsonl"
    path.write_text(json.dumps({"type": "breaking", "text": TOUL}) + "\n", encoding="utf-8")
    out = StringIO()
    call_command("import_articles", str(path), stdout=out)
    assert BreakingItem.objects.count() == 1
    assert "0 created, 0 updated, 1 unchanged" in out.getvalue()
