"""Readers never get an image's original upload (it is the editors' file): every page,
feed and metadata tag links renditions, and an image without renditions offers no URL."""

import pytest
from django.urls import reverse

from articles.models import Article, Image, Section
from tests.factories import ArticleFactory, ImageFactory, parse_html
from tests.image_files import phone_photo, upload

pytestmark = pytest.mark.django_db


def test_public_pages_and_feeds_never_link_the_original(client):
    image = ImageFactory(file=upload(phone_photo(), "chart.jpg"))
    infographs = Section.objects.get(path="infographs")
    infograph = ArticleFactory(format=Article.Format.INFOGRAPH, hero_image=image, section=infographs)
    standard = ArticleFactory(hero_image=image)
    pages = [
        infograph.get_absolute_url(),
        standard.get_absolute_url(),
        reverse("public:home"),
        infographs.get_absolute_url(),
        reverse("public:rss_latest"),
        reverse("public:atom_latest"),
    ]
    for path in pages:
        response = client.get(path, follow=True)
        assert response.status_code == 200, path
        assert image.file.name not in response.content.decode(), path
    doc = parse_html(client.get(infograph.get_absolute_url()))
    src = doc.xpath('//figure[contains(@class, "infograph")]/img/@src')[0]
    assert src == image.file.storage.url(image.renditions["full"][-1]["name"])


def test_an_image_without_renditions_offers_no_url_rather_than_the_original(client):
    image = ImageFactory()
    ArticleFactory(hero_image=image)
    Image.objects.filter(pk=image.pk).update(renditions={})
    image.refresh_from_db()
    assert image.rendition_url() == "" and image.srcset() == "" and image.uncropped_url == ""
    feed = client.get(reverse("public:rss_latest")).content.decode()
    assert image.file.name not in feed and "<enclosure" not in feed
