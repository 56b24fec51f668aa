"""Page-text dumps of Al Mayadeen layouts other than the seed's (tests/ingest/data/):
the 2022 opinion page (the writer's name alone, no "By"), the 2024 news page (a hero
caption left blank), and a dump that kept a caption and its credit but lost the image."""

from datetime import datetime
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from articles.models import Article
from ingest.formats import page_text
from ingest.records import ArticleRecord

DATA = Path(__file__).resolve().parent / "data"
OPINION_2022 = DATA / "opinion-2022-writer-without-by.txt"
BLANK_CAPTION_2024 = DATA / "news-2024-blank-hero-caption.txt"
CAPTION_WITHOUT_IMAGE = DATA / "news-2024-caption-credit-without-image.txt"
BEIRUT = ZoneInfo("Asia/Beirut")

OPINION_STANDFIRST = (
    "The sanctions Europe imposed on Russian energy are coming home as inflation, strikes and shuttered "
    "factories, while Washington sells it gas at four times the price."
)


def parse_text(text):
    records = page_text.parse(text, "page.txt", tz=BEIRUT)
    return next(r for r in records if isinstance(r, ArticleRecord))


def parse_file(path, replace=None):
    text = path.read_text(encoding="utf-8")
    for old, new in (replace or {}).items():
        assert old in text
        text = text.replace(old, new)
    return parse_text(text)


def import_text(tmp_path, text, *args):
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command("import_articles", str(path), *args, stdout=out, stderr=StringIO())
    return out.getvalue()


# --- the 2022 opinion layout ------------------------------------------------------------


def test_2022_opinion_page_writer_alone_after_the_standfirst():
    article = parse_file(OPINION_2022)
    assert article.section == "Opinion"
    assert article.headline == "Europe's winter of discontent"
    assert article.standfirst == OPINION_STANDFIRST
    assert article.authors == ["Ali Hassan Rizk"]
    assert article.source == "Al Mayadeen English"
    assert article.published_at == datetime(2022, 10, 12, 14, 5, tzinfo=BEIRUT)
    assert (article.hero_caption, article.hero_credit) == (
        "Protesters march in Paris against the rising cost of living, October 2022.",
        "AFP",
    )
    assert article.body_html.startswith("<p>When European leaders agreed in the spring")
    for header in ("Ali Hassan Rizk", OPINION_STANDFIRST, "Min Read", "Protesters march"):
        assert header not in article.body_html


@pytest.mark.django_db
def test_2022_opinion_page_imports_with_its_writer(tmp_path):
    out = import_text(tmp_path, OPINION_2022.read_text(encoding="utf-8"))
    assert "article: 1/0/0/0" in out
    article = Article.objects.get()
    assert article.get_absolute_url() == "/articles/opinion/europes-winter-of-discontent"
    assert [a.name for a in article.byline_authors] == ["Ali Hassan Rizk"]
    assert article.standfirst == OPINION_STANDFIRST


def test_two_writers_alone_on_the_line():
    article = parse_file(OPINION_2022, {"\nAli Hassan Rizk\n": "\nLeila Haddad and Omar al-Khalil\n"})
    assert article.authors == ["Leila Haddad", "Omar al-Khalil"]


def test_the_writer_alone_before_the_standfirst_still_reads():
    article = parse_file(
        OPINION_2022, {f"{OPINION_STANDFIRST}\n\nAli Hassan Rizk\n": f"Ali Hassan Rizk\n\n{OPINION_STANDFIRST}\n"}
    )
    assert article.authors == ["Ali Hassan Rizk"]
    assert article.published_at == datetime(2022, 10, 12, 14, 5, tzinfo=BEIRUT)


@pytest.mark.parametrize("label", ["Digital Series", "Video Features", "Arts and Culture", "In Pictures"])
def test_a_section_label_in_the_writers_place_is_not_a_writer(label):
    article = parse_file(OPINION_2022, {"\nAli Hassan Rizk\n": f"\n{label}\n"})
    assert article.authors == []
    assert article.standfirst == OPINION_STANDFIRST
    assert article.published_at == datetime(2022, 10, 12, 14, 5, tzinfo=BEIRUT)
    assert label not in article.body_html


@pytest.mark.parametrize(
    "standfirst",
    [
        "Why Europe Pays the Price",
        "Sanctions Are Coming Home",
        "Europe In Crisis: Who Pays",
        "Winter Comes to Berlin",
        "The Winter Europe Chose",
    ],
)
def test_a_short_standfirst_next_to_the_byline_block_is_not_a_writer(standfirst):
    """Without a writer's line, the line before the byline block is the standfirst, even
    when it is short and capitalised like a name."""
    article = parse_file(OPINION_2022, {f"{OPINION_STANDFIRST}\n\nAli Hassan Rizk\n": f"{standfirst}\n"})
    assert article.authors == []
    assert article.standfirst == standfirst
    assert article.published_at == datetime(2022, 10, 12, 14, 5, tzinfo=BEIRUT)


def test_a_name_alone_away_from_the_byline_block_is_body_text():
    article = parse_file(
        OPINION_2022,
        {"Germany's industrial output": "Olaf Scholz\n\nGermany's industrial output"},
    )
    assert article.authors == ["Ali Hassan Rizk"]
    assert "Olaf Scholz" in article.body_html


# --- the 2024 layout: a hero caption left blank -----------------------------------------

BLANK_LINE = "    \u200b\n"


def test_2024_page_blank_hero_caption_is_no_caption():
    article = parse_file(BLANK_CAPTION_2024)
    assert article.hero_caption == "" and article.hero_credit == ""
    assert article.standfirst.startswith("Tobacco and olive growers")
    assert article.body_html.startswith("<p>The olive groves around Kfar Kila")
    assert "Farmers in south Lebanon" not in article.body_html  # the figure's alt text


@pytest.mark.parametrize(
    "blank",
    [
        "",
        "    \n",
        "    \u00a0\n",
        "    \u200b\u200b\n",
        "    \u2060\n",
        "    \u3164\n",
        "    \u2800\n",
        "    \ufeff\n",
    ],
    ids=["missing", "spaces", "nbsp", "zero-width", "word-joiner", "hangul-filler", "braille-blank", "bom"],
)
def test_a_hero_caption_that_prints_nothing_is_no_caption(blank):
    article = parse_file(BLANK_CAPTION_2024, {BLANK_LINE: blank})
    assert article.hero_caption == ""
    assert article.body_html.startswith("<p>The olive groves around Kfar Kila")
    assert "<ul>" not in article.body_html


@pytest.mark.django_db
def test_2024_page_imports_without_a_caption(tmp_path):
    import_text(tmp_path, BLANK_CAPTION_2024.read_text(encoding="utf-8"))
    article = Article.objects.get()
    assert article.hero_caption == "" and article.caption == ""
    assert article.get_absolute_url() == "/news/politics/south-lebanon-s-farmers-count-the-cost-of-a-year-of-strikes"


# --- a caption and credit kept while the image was lost ---------------------------------

CAPTION = "Smoke rises over Haret Hreik after the Israeli strike on Beirut's southern suburbs."


@pytest.mark.parametrize("indent", ["    ", ""], ids=["indented", "flush"])
def test_caption_and_credit_without_an_image_are_the_heros(indent):
    article = parse_file(CAPTION_WITHOUT_IMAGE, {f"    {CAPTION}": f"{indent}{CAPTION}"})
    assert (article.hero_caption, article.hero_credit) == (CAPTION, "Social media")
    assert article.hero_image is None
    assert "Smoke rises" not in article.body_html and "Social media" not in article.body_html
    assert article.body_html.startswith("<p>Israeli warplanes struck a residential building")


@pytest.mark.django_db
def test_caption_and_credit_without_an_image_are_kept_on_the_article(tmp_path):
    import_text(tmp_path, CAPTION_WITHOUT_IMAGE.read_text(encoding="utf-8"))
    article = Article.objects.get()
    assert article.hero_image is None
    assert (article.hero_caption, article.hero_credit) == (CAPTION, "Social media")
    assert (article.caption, article.credit) == (CAPTION, "Social media")
    assert "Smoke rises" not in article.body


def test_a_first_paragraph_ending_in_parentheses_stays_body_text():
    """Only a line where the hero figure stands (after the share links, or indented as
    captions are) is a caption: the first paragraph may end with "(AFP)" too."""
    first = "Israeli warplanes struck a residential building in Haret Hreik on Friday. (AFP)"
    article = parse_file(
        CAPTION_WITHOUT_IMAGE,
        {
            f"  • x\n    {CAPTION} (Social media)\n\n": "",
            "Israeli warplanes struck a residential building in the Haret Hreik neighbourhood of Beirut's "
            "southern suburbs on Friday evening, Al Mayadeen's correspondent reported. ": first,
        },
    )
    assert article.hero_caption == ""
    assert article.body_html.startswith(f"<p>{first}</p>")


def test_the_writer_as_a_bullet_of_the_byline_block():
    article = parse_file(OPINION_2022, {"\nAli Hassan Rizk\n\n  • Source:": "\n  • Ali Hassan Rizk\n  • Source:"})
    assert article.authors == ["Ali Hassan Rizk"]
    assert article.standfirst == OPINION_STANDFIRST


def test_a_subheading_named_like_a_section_opening_the_body_stays_in_the_body():
    article = parse_file(
        CAPTION_WITHOUT_IMAGE, {"\n\nIsraeli warplanes struck": "\n\nHealth\n\nIsraeli warplanes struck"}
    )
    assert article.body_html.startswith("<h3>Health</h3>\n<p>Israeli warplanes struck")
