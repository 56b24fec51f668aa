"""The kicker on cards and the article page; the SEO title, description and social
image in the page's <title>, meta description, Open Graph, X card and JSON-LD, with the
headline, standfirst and hero image when they are empty (public/metadata.py)."""

import pytest

from tests.factories import ArticleFactory, ImageFactory, jsonld, parse_html

pytestmark = pytest.mark.django_db


def meta(doc, attr, name):
    return doc.xpath(f"//meta[@{attr}='{name}']/@content")[0]


def test_the_kicker_shows_on_home_section_tag_cards_and_the_article(client):
    article = ArticleFactory(headline="Port reopens", kicker="Exclusive")
    article.tags.add("Shipping")
    for url in ["/", article.section.get_absolute_url(), "/tag/shipping"]:
        kickers = parse_html(client.get(url)).xpath("//*[@class='card-kicker']/text()")
        # The home page may show the story twice (lead and its section's block).
        assert kickers and set(kickers) == {"Exclusive"}, url
    doc = parse_html(client.get(article.get_absolute_url()))
    assert doc.xpath("//header[@class='article-header']/p[@class='kicker']/text()") == ["Exclusive"]


def test_no_kicker_no_label(client):
    article = ArticleFactory()
    doc = parse_html(client.get(article.get_absolute_url()))
    assert not doc.xpath("//header[@class='article-header']/p[@class='kicker']")
    assert not doc.xpath("//*[@class='card-kicker']")


def test_seo_fields_lead_the_pages_metadata(client):
    hero, social = ImageFactory(alt_text="Hero"), ImageFactory(alt_text="Social picture")
    article = ArticleFactory(
        headline="Port reopens after the storm of the decade",
        standfirst="Ships queue at the harbour.",
        seo_title="Beirut port reopens",
        seo_description="The port of Beirut reopened on Monday after the storm.",
        hero_image=hero,
        social_image=social,
    )
    response = client.get(article.get_absolute_url())
    doc = parse_html(response)
    assert doc.findtext(".//title").startswith("Beirut port reopens | ")
    assert meta(doc, "name", "description") == "The port of Beirut reopened on Monday after the storm."
    assert meta(doc, "property", "og:title") == "Beirut port reopens"
    assert meta(doc, "name", "twitter:title") == "Beirut port reopens"
    assert meta(doc, "property", "og:description") == "The port of Beirut reopened on Monday after the storm."
    assert social.file.name.rsplit("/", 1)[-1].split(".")[0] in meta(doc, "property", "og:image")
    assert meta(doc, "property", "og:image:alt") == "Social picture"
    assert meta(doc, "name", "twitter:image") == meta(doc, "property", "og:image")
    news = jsonld(response)["NewsArticle"]
    assert news["headline"] == "Port reopens after the storm of the decade"  # what the <h1> says
    assert news["alternativeHeadline"] == "Beirut port reopens"
    assert news["description"] == "The port of Beirut reopened on Monday after the storm."
    assert all(social.file.name.rsplit("/", 1)[-1].split(".")[0] in url for url in news["image"])
    assert doc.xpath("//h1/text()") == ["Port reopens after the storm of the decade"]


def test_without_seo_fields_the_headline_standfirst_and_hero_are_used(client):
    hero = ImageFactory(alt_text="Hero")
    article = ArticleFactory(headline="Port reopens", standfirst="Ships queue at the harbour.", hero_image=hero)
    response = client.get(article.get_absolute_url())
    doc = parse_html(response)
    assert doc.findtext(".//title").startswith("Port reopens | ")
    assert meta(doc, "name", "description") == "Ships queue at the harbour."
    assert meta(doc, "property", "og:title") == "Port reopens"
    assert meta(doc, "property", "og:image:alt") == "Hero"
    news = jsonld(response)["NewsArticle"]
    assert "alternativeHeadline" not in news
    assert news["description"] == "Ships queue at the harbour."
