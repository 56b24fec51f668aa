"""seed_demo: fills every section, region and format; idempotent; every menu link works.

One test on purpose: seeding takes a few seconds and every check reads the same data.
"""

import time
from io import StringIO

import pytest
from django.core.management import call_command

from articles.models import Article, BreakingItem, Region, Section
from tests.factories import parse_html

pytestmark = pytest.mark.django_db


def test_seed_demo_fills_the_site_and_every_menu_link_answers(client):
    started = time.monotonic()
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert time.monotonic() - started < 60
    assert "Demo content created" in out.getvalue()
    count = Article.objects.count()
    assert count >= 250

    again = StringIO()
    call_command("seed_demo", stdout=again)
    assert "nothing to do" in again.getvalue()
    assert Article.objects.count() == count

    published = Article.objects.published()
    for section in Section.objects.all():
        assert published.filter(section__path__startswith=section.path).exists(), section.path
    for region in Region.objects.filter(show_in_menu=True):
        assert published.filter(regions=region).exists(), region.slug
    assert set(published.values_list("format", flat=True)) == set(Article.Format.values)
    assert BreakingItem.objects.live().count() >= 5

    home = client.get("/")
    doc = parse_html(home)
    links = set(doc.xpath('//header//nav//a/@href | //footer//nav//a/@href | //a[@class="ticker-label"]/@href'))
    cards = doc.xpath('//section[contains(@class, "section-block")]//h3/a/@href')
    assert len(links) > 30 and len(cards) >= 10
    for url in sorted(links) + cards[:5] + ["/", "/search?q=gaza", "/authors"]:
        response = client.get(url)
        assert response.status_code == 200, url
        if url.startswith("/rss"):
            continue
        page = parse_html(response)
        assert len(page.xpath("//h1")) == 1, url
        if url in links and url.startswith(("/news", "/videos", "/region/")):
            assert len(page.xpath('//div[@class="listing-grid"]/article')) >= 10, url
