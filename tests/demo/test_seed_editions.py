"""The demo's Arabic and Spanish editions: sections, stories written for the demo, a
ticker line each, one story in all three editions; idempotent."""

import pytest

from articles.models import Article, BreakingItem, Region, Section
from demo.editions import STORIES, seed_editions
from tests.factories import parse_html

pytestmark = pytest.mark.django_db


def test_the_demo_editions_are_seeded_once_and_shown(client):
    first = seed_editions()
    assert first["edition stories"] == len(STORIES)
    assert not any(seed_editions().values())  # idempotent
    for edition in ("ar", "es"):
        stories = Article.objects.published().filter(edition=edition)
        assert stories.count() >= 3
        # Every section and region of the demo edition has a story: no empty menu link.
        for section in Section.objects.filter(edition=edition):
            assert stories.filter(section__path__startswith=section.path).exists(), section.path
        for region in Region.objects.filter(edition=edition):
            assert stories.filter(regions=region).exists(), region.slug
        assert BreakingItem.objects.live().filter(edition=edition).exists()
    # No lorem ipsum: real sentences in the edition's script.
    arabic = Article.objects.filter(edition="ar").first()
    assert "lorem" not in arabic.body.lower() and any("\u0600" <= c <= "\u06ff" for c in arabic.body)
    talks = Article.objects.get(external_id="demo-edition:talks-en")
    assert Article.objects.filter(translation_group=talks.translation_group).count() == 3
    page = parse_html(client.get(talks.get_absolute_url()))
    assert set(page.xpath("//link[@hreflang]/@hreflang")) == {"en", "ar", "es", "x-default"}
    home = client.get("/ar/").content.decode()
    assert Article.objects.get(external_id="demo-edition:olives-ar").headline in home
