"""Corrections on the public site: the notice box, CorrectionComment in the article's
JSON-LD, dateModified, /corrections and its feeds; proposals are never shown."""

import html
from datetime import timedelta

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Correction
from public.metadata import iso
from tests.factories import ArticleFactory, jsonld, parse_html, warm_site_chrome
from tests.schema_org import problems

pytestmark = pytest.mark.django_db


def notice(article, text, kind=Correction.Kind.CORRECTION, minutes_ago=10, published=True):
    when = timezone.now() - timedelta(minutes=minutes_ago)
    return Correction.objects.create(
        article=article,
        kind=kind,
        text=text,
        created_at=when,
        status=Correction.Status.PUBLISHED if published else Correction.Status.PROPOSED,
        published_at=when if published else None,
    )


def test_published_notices_show_in_a_box_and_proposals_do_not(client):
    article = ArticleFactory()
    first = notice(article, "An earlier version gave the wrong date.", minutes_ago=30)
    notice(article, "The minister spoke on Monday, not Sunday.", kind=Correction.Kind.CLARIFICATION, minutes_ago=5)
    notice(article, "Proposed, not checked yet.", published=False)
    doc = parse_html(client.get(article.get_absolute_url()))
    box = doc.xpath('//aside[@class="corrections-box"]')[0]
    items = [li.text_content() for li in box.xpath(".//li")]
    assert len(items) == 2
    assert items[0].startswith("Correction: An earlier version gave the wrong date.")
    assert items[1].startswith("Clarification: The minister spoke on Monday, not Sunday.")
    assert box.xpath(f'.//li[@id="correction-{first.pk}"]')
    assert "Proposed, not checked yet." not in doc.text_content()


def test_an_article_without_notices_has_no_box(client):
    doc = parse_html(client.get(ArticleFactory().get_absolute_url()))
    assert not doc.xpath('//aside[@class="corrections-box"]')


def test_notices_are_correction_comments_and_move_date_modified(client):
    article = ArticleFactory(published_at=timezone.now() - timedelta(days=1))
    published = notice(article, "The figure was 40, not 14.", minutes_ago=3)
    notice(article, "Proposed only.", published=False, minutes_ago=1)
    response = client.get(article.get_absolute_url())
    news = jsonld(response)["NewsArticle"]
    assert problems(news) == []
    assert news["correction"] == [
        {
            "@type": "CorrectionComment",
            "name": "Correction",
            "text": "The figure was 40, not 14.",
            "datePublished": iso(published.published_at),
            "url": f"http://testserver{article.get_absolute_url()}#correction-{published.pk}".replace(
                "http://testserver", news["mainEntityOfPage"]["@id"].removesuffix(article.get_absolute_url())
            ),
        }
    ]
    assert news["dateModified"] == iso(published.published_at)
    doc = parse_html(response)
    assert doc.xpath('//span[@class="updated"]/time/@datetime') == [iso(published.published_at)]


def test_a_notice_costs_one_query_and_none_without(client, django_assert_num_queries):
    plain, corrected = ArticleFactory(), ArticleFactory()
    notice(corrected, "Fixed a name.")
    warm_site_chrome()
    # The article (its notices' and updates' times in it), bylines, and the cards of
    # related, Read Next and Most Read in one: as before notices existed.
    with django_assert_num_queries(3):
        client.get(plain.get_absolute_url())
    with django_assert_num_queries(4):  # + the notices themselves
        client.get(corrected.get_absolute_url())


def test_the_corrections_page_lists_published_notices_of_published_articles_newest_first(client):
    older = notice(ArticleFactory(headline="Port reopens"), "Wrong port named.", minutes_ago=60)
    newer = notice(
        ArticleFactory(headline="Budget passes"), "Vote count fixed.", kind=Correction.Kind.UPDATE, minutes_ago=5
    )
    notice(ArticleFactory(headline="Secret draft", status=Article.Status.DRAFT, published_at=None), "Hidden.")
    notice(ArticleFactory(headline="Unchecked"), "Proposed.", published=False)
    response = client.get(reverse("public:corrections"))
    doc = parse_html(response)
    assert doc.xpath("//h1/text()") == ["Corrections and clarifications"]
    rows = doc.xpath('//ol[@class="corrections-archive"]/li')
    assert [r.xpath(".//h2/a/text()")[0] for r in rows] == ["Budget passes", "Port reopens"]
    assert rows[0].xpath(".//h2/a/@href") == [newer.get_absolute_url()]
    assert "Update note" in rows[0].text_content() and "Wrong port named." in rows[1].text_content()
    assert older.get_absolute_url().endswith(f"#correction-{older.pk}")
    assert "Hidden." not in response.content.decode() and "Proposed." not in response.content.decode()


def test_the_corrections_page_is_paginated(client):
    article = ArticleFactory()
    for i in range(31):
        notice(article, f"Notice {i}.", minutes_ago=i + 1)
    first = parse_html(client.get(reverse("public:corrections")))
    assert len(first.xpath('//ol[@class="corrections-archive"]/li')) == 30
    second = parse_html(client.get(reverse("public:corrections"), {"page": "2"}))
    assert [li.xpath(".//p[2]/text()")[0] for li in second.xpath('//ol[@class="corrections-archive"]/li')] == [
        "Notice 30."
    ]
    assert client.get(reverse("public:corrections"), {"page": "x"}).status_code == 404


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_the_corrections_feed(client, kind):
    article = ArticleFactory(headline="Budget passes")
    item = notice(article, "Vote count fixed: 61 to 40.")
    notice(ArticleFactory(), "Proposed.", published=False)
    parsed = feedparser.parse(client.get(reverse(f"public:{kind}_corrections")).content)
    assert not parsed.bozo, parsed.bozo_exception
    assert len(parsed.entries) == 1
    entry = parsed.entries[0]
    title = html.unescape(entry.title) if entry.title_detail.type == "text/html" else entry.title
    assert title == "Correction: Budget passes"
    assert "Vote count fixed: 61 to 40." in entry.summary
    assert entry.link.endswith(f"{article.get_absolute_url()}#correction-{item.pk}")
    assert entry.id.startswith("tag:") and entry.id.endswith(f":correction/{item.pk}")


def test_a_published_notice_reaches_a_cached_article_page(client):
    article = ArticleFactory()
    client.get(article.get_absolute_url())
    notice(article, "The name was misspelt.")
    assert "The name was misspelt." in client.get(article.get_absolute_url()).content.decode()
