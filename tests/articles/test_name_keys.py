"""Tag, author, section and region names are unique ignoring case in every script, on SQLite as on
PostgreSQL: the database keeps a stored name key unique (``text_policy.name_key``), tags
given by name find the tag of that name whatever its case, and the admin says so on the
form instead of failing."""

import pytest
from django.db import IntegrityError, transaction
from taggit.models import Tag

from articles.models import Author, Region, Section, TagNameKey
from articles.models.taxonomy import tag_for_name
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory

pytestmark = pytest.mark.django_db

# Pairs SQLite's lower() (ASCII only) or PostgreSQL's (no full case folding) kept apart.
SAME_NAMES = [
    ("Ägypten", "ägypten"),
    ("ΣΊΣΥΦΟΣ", "σίσυφος"),  # final sigma
    ("Дмитрий Песков", "ДМИТРИЙ ПЕСКОВ"),
    ("İstanbul", "istanbul"),
    ("IŞIL", "ışıl"),  # Turkish dotless i
    ("Straße", "STRASSE"),
    ("Ｓｙｒｉａ", "syria"),  # full-width letters
]
IDS = [a for a, _ in SAME_NAMES]


@pytest.mark.parametrize(("first", "second"), SAME_NAMES, ids=IDS)
def test_two_authors_cannot_share_a_name_in_another_case(first, second):
    AuthorFactory(name=first)
    with pytest.raises(IntegrityError), transaction.atomic():
        AuthorFactory(name=second)


@pytest.mark.parametrize(("first", "second"), SAME_NAMES, ids=IDS)
def test_two_sections_under_one_parent_cannot_share_a_name_in_another_case(first, second):
    news = Section.objects.get(path="news")
    SectionFactory(name=first, parent=news)
    SectionFactory(name=second, parent=Section.objects.get(path="videos"))  # another parent: fine
    with pytest.raises(IntegrityError), transaction.atomic():
        SectionFactory(name=second, parent=news)
    SectionFactory(name=first)
    with pytest.raises(IntegrityError), transaction.atomic():
        SectionFactory(name=second)  # top level


@pytest.mark.parametrize(("first", "second"), SAME_NAMES, ids=IDS)
def test_two_regions_cannot_share_a_name_in_another_case(first, second):
    Region.objects.create(name=first, slug="first")
    with pytest.raises(IntegrityError), transaction.atomic():
        Region.objects.create(name=second, slug="second")


def test_the_admin_says_a_region_name_is_taken(admin_client):
    Region.objects.create(name="Horn of Africa", slug="horn-of-africa")
    response = admin_client.post(
        "/admin/articles/region/add/", {"name": "HORN OF AFRICA", "slug": "apac", "position": 0}
    )
    assert response.status_code == 200
    assert "A region of this name exists already (ignoring case)." in response.content.decode()
    assert not Region.objects.filter(slug="apac").exists()


@pytest.mark.parametrize(("first", "second"), SAME_NAMES, ids=IDS)
def test_a_tag_added_by_name_in_another_case_is_the_same_tag(first, second):
    one, two = ArticleFactory(), ArticleFactory()
    one.tags.add(first)
    two.tags.add(second)
    two.tags.add(first, second)  # one tag, added once
    assert Tag.objects.filter(articles_taggedarticle_items__isnull=False).distinct().count() == 1
    assert list(two.tags.names()) == [first]
    assert tag_for_name(second) == Tag.objects.get(name=first)


@pytest.mark.parametrize(("first", "second"), SAME_NAMES, ids=IDS)
def test_the_database_refuses_a_second_tag_of_one_name(first, second):
    Tag.objects.create(name=first)
    with pytest.raises(IntegrityError), transaction.atomic():
        Tag.objects.create(name=second)
    key = TagNameKey.objects.get(tag__name=first).key
    other = Tag.objects.create(name="Other")
    with pytest.raises(IntegrityError), transaction.atomic():
        TagNameKey.objects.filter(tag=other).update(key=key)  # the database keeps it, too
    assert Tag.objects.filter(name=second).count() == 0


def test_renaming_keeps_the_key_current():
    tag = Tag.objects.create(name="Egypt")
    tag.name = "Ägypten"
    tag.save()
    author = AuthorFactory(name="Leila Haddad")
    author.name = "LEÏLA HADDAD"
    author.save(update_fields=["name"])
    assert tag_for_name("ÄGYPTEN") == tag
    assert Author.objects.get(name_key="leïla haddad") == author


def test_the_admin_says_a_name_is_taken_instead_of_failing(admin_client):
    AuthorFactory(name="Ägypten Desk")
    response = admin_client.post("/admin/articles/author/add/", {"name": "ägypten desk", "slug": "x"})
    assert response.status_code == 200
    assert "An author of this name exists already (ignoring case)." in response.content.decode()
    news = Section.objects.get(path="news")
    SectionFactory(name="Ägypten", parent=news)
    response = admin_client.post(
        "/admin/articles/section/add/", {"name": "ÄGYPTEN", "slug": "agypten", "parent": news.pk, "position": 0}
    )
    assert response.status_code == 200
    assert "This parent has a section of this name already (ignoring case)." in response.content.decode()
    Tag.objects.create(name="Ägypten")
    response = admin_client.post("/admin/taggit/tag/add/", {"name": "ägypten", "slug": "x"})
    assert response.status_code == 200
    assert "has this name already (ignoring case)" in response.content.decode()
    assert (Author.objects.filter(name="ägypten desk").count(), Tag.objects.filter(name="ägypten").count()) == (0, 0)


def test_the_admin_saves_a_renamed_author_of_the_same_name(admin_client):
    author = AuthorFactory(name="Leila Haddad")
    response = admin_client.post(f"/admin/articles/author/{author.pk}/change/", {"name": "LEILA HADDAD", "slug": "x"})
    assert response.status_code == 302
    author.refresh_from_db()
    assert author.name == "LEILA HADDAD"
