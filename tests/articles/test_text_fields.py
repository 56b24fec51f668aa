"""Every text field of the content is held to the text policy when saved, whoever saves
it: no character that is never text (pasted office text carries U+000B, U+0008...), and
plain fields hold plain text, as typed."""

import pytest
from django.contrib.flatpages.models import FlatPage
from taggit.models import Tag

from articles.models import Article, GalleryItem, LiveUpdate
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    BreakingItemFactory,
    ImageFactory,
    RegionFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db

# A vertical tab between words, a backspace, a noncharacter and DEL's neighbour NUL.
PASTED = "Cairo\x0btalks\x08\ufffe\x00"
CLEAN = "Cairo talks"


def _gallery_item(**fields):
    return GalleryItem.objects.create(article=ArticleFactory(), image=ImageFactory(), **fields)


def _live_update(**fields):
    return LiveUpdate.objects.create(article=ArticleFactory(), **{"body": "<p>x</p>", **fields})


def _flatpage(**fields):
    return FlatPage.objects.create(**{"url": "/x/", "title": "x", **fields})


def _tag(**fields):
    return Tag.objects.create(**fields)


# (what makes the object, the field, what is stored for PASTED)
FIELDS = [
    (ArticleFactory, "headline", CLEAN),
    (ArticleFactory, "standfirst", CLEAN),
    (ArticleFactory, "hero_caption", CLEAN),
    (ArticleFactory, "source", CLEAN),
    (ArticleFactory, "body", f"<p>{CLEAN}</p>"),
    (_live_update, "title", CLEAN),
    (_live_update, "body", f"<p>{CLEAN}</p>"),
    (_gallery_item, "caption", CLEAN),
    (BreakingItemFactory, "text", CLEAN),
    (BreakingItemFactory, "attribution", CLEAN),
    (ImageFactory, "alt_text", CLEAN),
    (ImageFactory, "caption", CLEAN),
    (ImageFactory, "credit", CLEAN),
    (SectionFactory, "name", CLEAN),
    (SectionFactory, "description", CLEAN),
    (RegionFactory, "name", CLEAN),
    (AuthorFactory, "name", CLEAN),
    (AuthorFactory, "role", CLEAN),
    (AuthorFactory, "bio", CLEAN),
    (_tag, "name", CLEAN),
    (_flatpage, "title", CLEAN),
    (_flatpage, "content", CLEAN),
]


@pytest.mark.parametrize(
    ("make", "field", "stored"), FIELDS, ids=[f"{make.__name__.strip('_')}.{field}" for make, field, _ in FIELDS]
)
def test_no_text_field_stores_a_control_character(make, field, stored):
    value = f"<p>{PASTED}</p>" if field == "body" else PASTED
    obj = make(**{field: value})
    obj.refresh_from_db()
    assert getattr(obj, field) == stored


def test_a_tag_given_by_name_is_stored_clean():
    article = ArticleFactory()
    article.tags.add(PASTED)
    assert [t.name for t in article.tags.all()] == [CLEAN]


def test_an_article_edited_later_is_cleaned_too():
    article = ArticleFactory()
    # Stored before the rule (without NUL, which PostgreSQL never stores).
    Article.objects.filter(pk=article.pk).update(headline=PASTED.replace("\x00", ""))
    article.refresh_from_db()
    article.save()
    article.refresh_from_db()
    assert article.headline == CLEAN


@pytest.mark.parametrize(
    "typed",
    ["&lt;svg onload=alert(1)&gt; talks", "5 < 6 & 7 > 3", "AT&T", "&amp; stays literal", "Lebanon&#8217;s"],
)
def test_plain_fields_store_text_as_typed(typed):
    article = ArticleFactory(headline=typed, standfirst=typed)
    article.refresh_from_db()
    assert (article.headline, article.standfirst) == (typed, typed)
    article.save()  # and a second save decodes nothing either
    article.refresh_from_db()
    assert (article.headline, article.standfirst) == (typed, typed)


def test_plain_fields_keep_no_markup():
    article = ArticleFactory(headline="<svg onload=alert(1)>Talks <b>resume</b>", standfirst="<p>In Cairo</p>")
    article.refresh_from_db()
    assert (article.headline, article.standfirst) == ("Talks resume", "In Cairo")
