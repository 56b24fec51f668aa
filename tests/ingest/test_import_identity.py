"""A page imported again after its headline changed is the same article, not a second one."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import Article

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parent / "data"
OPINION = DATA / "opinion-2022-writer-without-by.txt"  # gives no URL
FARMERS = DATA / "news-2024-blank-hero-caption.txt"  # gives its URL
OLD_HEADLINE = "Europe's winter of discontent"
NEW_HEADLINE = "Europe's long winter of discontent"
OPINION_STANDFIRST = "The sanctions Europe imposed on Russian energy are coming home as inflation"


def run(path, *args):
    out = StringIO()
    call_command("import_articles", str(path), *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def headline_changed(tmp_path, source, old, new, **more):
    text = source.read_text(encoding="utf-8")
    assert f"\n{old}\n" in text
    text = text.replace(f"\n{old}\n", f"\n{new}\n", 1)
    for a, b in more.items():
        assert a in text
        text = text.replace(a, b)
    path = tmp_path / "reheadlined.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_page_without_url_imported_again_after_a_headline_change_updates_its_article(tmp_path):
    run(OPINION)
    article = Article.objects.get()
    url = article.get_absolute_url()
    out = run(headline_changed(tmp_path, OPINION, OLD_HEADLINE, NEW_HEADLINE))
    assert "article: 0/1/0/0" in out
    (again,) = Article.objects.all()
    assert (again.pk, again.headline) == (article.pk, NEW_HEADLINE)
    assert again.get_absolute_url() == url  # the article keeps its URL
    assert "article: 0/0/1/0" in run(tmp_path / "reheadlined.txt")


def test_the_story_is_found_by_its_body_when_the_standfirst_changed_too(tmp_path):
    run(OPINION)
    page = headline_changed(
        tmp_path, OPINION, OLD_HEADLINE, NEW_HEADLINE, **{OPINION_STANDFIRST: "Sanctions on Russian energy bite"}
    )
    assert "article: 0/1/0/0" in run(page)
    assert list(Article.objects.values_list("headline", flat=True)) == [NEW_HEADLINE]


def test_a_dry_run_of_the_re_headlined_page_says_updated(tmp_path):
    run(OPINION)
    out = run(headline_changed(tmp_path, OPINION, OLD_HEADLINE, NEW_HEADLINE), "--dry-run")
    assert "article: 0/1/0/0" in out
    assert Article.objects.get().headline == OLD_HEADLINE


def test_another_story_of_the_same_section_and_minute_is_another_article(tmp_path):
    run(OPINION)
    other = headline_changed(
        tmp_path,
        OPINION,
        OLD_HEADLINE,
        "Why the Gulf will not pay for Europe's gas",
        **{
            OPINION_STANDFIRST: "Qatar and the Emirates have their own customers in Asia",
            "When European leaders agreed in the spring": "When Gulf producers were asked in the spring",
        },
    )
    assert "article: 1/0/0/0" in run(other)
    assert Article.objects.count() == 2


def test_a_page_with_its_url_imported_again_after_a_headline_change_updates_its_article(tmp_path):
    run(FARMERS)
    article = Article.objects.get()
    page = headline_changed(
        tmp_path,
        FARMERS,
        "South Lebanon's farmers count the cost of a year of strikes",
        "South Lebanon's farmers count the cost of a year of Israeli strikes",
    )
    assert "article: 0/1/0/0" in run(page)
    (again,) = Article.objects.all()
    assert again.pk == article.pk and again.get_absolute_url() == article.get_absolute_url()
