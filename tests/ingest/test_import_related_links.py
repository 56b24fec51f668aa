"""A page's own "Related News": kept whole and in order, linked when the stories arrive."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import Article, RelatedArticle

pytestmark = pytest.mark.django_db
SEED = Path(__file__).resolve().parents[2] / "demo" / "data" / "al-mayadeen-article-page.txt"
DATA = Path(__file__).resolve().parent / "data"
SEED_HEADLINE = "Putin: Joint Efforts Defeated Extremism in Syria"
QUNEITRA = "Israeli forces advance in Quneitra countryside, shell Yarmouk Basin"
BARRACK = "Tom Barrack urges full repeal of Caesar Act to 'give Syria a chance'"
FARMERS = "South Lebanon's farmers count the cost of a year of strikes"
FARMERS_URL = "https://english.almayadeen.net/news/politics/south-lebanon-s-farmers-count-the-cost-of-a-year-of-strikes"


def run(*paths, dry_run=False):
    out = StringIO()
    args = [str(p) for p in paths] + (["--dry-run"] if dry_run else [])
    call_command("import_articles", *args, stdout=out, stderr=StringIO(), verbosity=2)
    return out.getvalue()


def story_page(tmp_path, headline, name="story.txt", url=None):
    """The 2024 news page made another story: its headline, standfirst and opening paragraph
    (and its URL, or none)."""
    text = (DATA / "news-2024-blank-hero-caption.txt").read_text(encoding="utf-8").replace(FARMERS, headline)
    for opening in ("Tobacco and olive growers along the border", "The olive groves around Kfar Kila"):
        assert opening in text
        text = text.replace(opening, f"{opening} ({headline})")
    text = text.replace(f"URL: {FARMERS_URL}\n", f"URL: {url}\n" if url else "")
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def entries(headline):
    article = Article.objects.get(headline=headline)
    return list(
        RelatedArticle.objects.filter(from_article=article)
        .order_by("position")
        .values_list("position", "headline", "to_article__headline")
    )


def test_the_pages_related_headlines_are_kept_waiting_in_their_order():
    out = run(SEED)
    assert entries(SEED_HEADLINE) == [(0, QUNEITRA, None), (1, BARRACK, None)]
    assert "2 related link(s) point to articles not in the database yet" in out


def test_a_waiting_entry_is_linked_when_its_story_is_imported(tmp_path):
    run(SEED)
    out = run(story_page(tmp_path, BARRACK))
    assert "article: 1/0/0/0" in out
    # The seed page was not imported again: its entry was found by the story's headline.
    assert entries(SEED_HEADLINE) == [(0, QUNEITRA, None), (1, BARRACK, BARRACK)]
    run(story_page(tmp_path, QUNEITRA, name="quneitra.txt"))
    assert entries(SEED_HEADLINE) == [(0, QUNEITRA, QUNEITRA), (1, BARRACK, BARRACK)]
    assert "unchanged" in run(SEED) and "related link(s)" not in run(SEED)


def test_a_waiting_entry_with_an_address_is_linked_by_it_whatever_the_headline(tmp_path):
    row = {
        "url": "/news/politics/ceasefire-talks",
        "headline": "Ceasefire talks",
        "body_html": "<p>Talks.</p>",
        "published_at": "2024-10-09T10:00:00+03:00",
        "related": [{"headline": "Farmers of the south count their losses", "url": FARMERS_URL}],
    }
    path = tmp_path / "articles.jsonl"
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    run(path)
    assert entries("Ceasefire talks") == [(0, "Farmers of the south count their losses", None)]
    run(DATA / "news-2024-blank-hero-caption.txt")  # the page at that URL, under its own headline
    assert entries("Ceasefire talks") == [(0, "Farmers of the south count their losses", FARMERS)]


def test_a_story_later_in_the_same_run_is_linked(tmp_path):
    story = story_page(tmp_path, BARRACK, name="z-story.txt")
    run(SEED, story)
    assert entries(SEED_HEADLINE) == [(0, QUNEITRA, None), (1, BARRACK, BARRACK)]


def test_a_story_already_linked_is_not_linked_twice(tmp_path):
    url = "https://english.almayadeen.net/news/politics/barrack-caesar-act"
    run(story_page(tmp_path, BARRACK, url=url))
    run(SEED)
    assert entries(SEED_HEADLINE) == [(0, QUNEITRA, None), (1, BARRACK, BARRACK)]
    # The story is re-headlined as the page's other entry: it keeps its one place.
    run(story_page(tmp_path, QUNEITRA, url=url))
    assert entries(SEED_HEADLINE) == [(1, BARRACK, QUNEITRA)]


def test_an_article_never_lists_itself(tmp_path):
    page = story_page(tmp_path, QUNEITRA)
    text = page.read_text(encoding="utf-8").replace("Israeli shelling sets fire to farmland in south Lebanon", QUNEITRA)
    page.write_text(text, encoding="utf-8")
    run(page)
    assert entries(QUNEITRA) == [(1, "Lebanon's agriculture ministry counts losses along the border", None)]
