"""Related suggestions computed on write (issue 13): ``Article.suggested_related`` is
stored when a story's tags, publication or section change, forgotten on its newest
neighbours when a story sharing their tags is published, and refreshed by
``manage.py refresh_related``."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from articles.models.article import own_related_only, suggested_related_ids
from tests.factories import ArticleFactory, section

pytestmark = pytest.mark.django_db


def days_ago(n):
    return timezone.now() - timedelta(days=n)


def stored(article):
    return Article.objects.get(pk=article.pk).suggested_related


def a_topic():
    """Stories around "Syria" and "Russia": two tags, one tag, none (same section), a
    draft and a Spanish story with both tags (never suggested)."""
    both = ArticleFactory(headline="Both", published_at=days_ago(3))
    both.tags.add("Syria", "Russia")
    one = ArticleFactory(headline="One", published_at=days_ago(2))
    one.tags.add("Syria")
    plain = ArticleFactory(headline="Plain", published_at=days_ago(1))
    draft = ArticleFactory(headline="Draft", status=Article.Status.DRAFT, published_at=None)
    draft.tags.add("Syria", "Russia")
    spanish = ArticleFactory(headline="Spanish", section=section("noticias", edition="es"))
    spanish.tags.add("Syria", "Russia")
    return both, one, plain


def test_a_story_whose_tags_are_set_stores_the_stories_sharing_most_of_them():
    both, one, plain = a_topic()
    article = ArticleFactory()
    article.tags.add("Syria", "Russia")
    # Most shared tags first, then newest; the draft and the other edition's story never.
    # The section's newest (``plain``) are not stored: the page adds the newest at render.
    assert stored(article) == [both.pk, one.pk]
    assert stored(article) == suggested_related_ids(Article.objects.get(pk=article.pk))


def test_changing_its_tags_computes_them_again():
    both, one, plain = a_topic()
    plain.tags.add("Iran")
    article = ArticleFactory()
    article.tags.add("Syria", "Russia")
    article.tags.remove(*article.tags.filter(name="Russia"))
    assert stored(article) == [one.pk, both.pk]  # one tag each: newest first
    article.tags.add("Iran")
    assert stored(article) == [plain.pk, one.pk, both.pk]


def test_a_new_story_without_tags_stores_an_empty_list_without_a_query():
    a_topic()
    with CaptureQueriesContext(connection) as ctx:
        article = ArticleFactory()
    assert stored(article) == []
    assert suggestion_queries(ctx) == []


@pytest.mark.parametrize(
    "change",
    [
        {"status": Article.Status.UNPUBLISHED},
        {"published_at": days_ago(5)},
        {"section": "news/economy"},
    ],
)
def test_a_change_of_publication_or_section_computes_its_own_list_again(change):
    both, one, plain = a_topic()
    article = ArticleFactory()
    article.tags.add("Syria")
    Article.objects.filter(pk=article.pk).update(suggested_related=[-1])  # a value nothing computes
    article = Article.objects.get(pk=article.pk)
    for name, value in change.items():
        setattr(article, name, section(value) if name == "section" else value)
    article.save()
    assert stored(article) == suggested_related_ids(article) != [-1]


def test_publishing_a_draft_computes_its_list_with_the_stories_published_since():
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    draft.tags.add("Syria")
    assert stored(draft) == []
    later = ArticleFactory(headline="Later")
    later.tags.add("Syria")
    assert stored(draft) == []  # a draft's list is not a neighbour's: kept
    draft = Article.objects.get(pk=draft.pk)
    draft.status, draft.published_at = Article.Status.PUBLISHED, timezone.now()
    draft.save()
    assert stored(draft) == [later.pk]


def test_a_plain_save_computes_nothing():
    a_topic()
    article = ArticleFactory()
    article.tags.add("Syria")
    Article.objects.filter(pk=article.pk).update(suggested_related=[-1])
    article = Article.objects.get(pk=article.pk)
    article.standfirst = "A better summary."
    with CaptureQueriesContext(connection) as ctx:
        article.save()
    assert stored(article) == [-1]
    assert suggestion_queries(ctx) == []


def suggestion_queries(ctx):
    """The captured queries that compute suggestions (the ranking by shared tags, cut to
    RELATED_COMPUTED) or forget neighbours'."""
    return [
        q["sql"]
        for q in ctx.captured_queries
        if ("ORDER BY COALESCE(" in q["sql"] and q["sql"].endswith("LIMIT 8"))
        or q["sql"].startswith('UPDATE "articles_article" SET "suggested_related" = NULL')
    ]


def test_the_marker_of_a_suggestion_query_is_found():
    """``suggestion_queries`` sees a computation (so that its emptiness above means none)."""
    article = ArticleFactory()
    article.tags.add("Syria")
    with CaptureQueriesContext(connection) as ctx:
        neighbour = ArticleFactory()
        neighbour.tags.add("Syria")
    assert len(suggestion_queries(ctx)) == 2  # the tagged story's list and the forgetting


def test_a_save_of_a_story_without_suggestions_stores_them():
    both, one, plain = a_topic()
    article = ArticleFactory()
    article.tags.add("Syria")
    Article.objects.filter(pk=article.pk).update(suggested_related=None)
    article = Article.objects.get(pk=article.pk)
    article.save()
    assert stored(article) == [one.pk, both.pk]


def test_a_save_naming_other_fields_leaves_them():
    article = ArticleFactory()
    Article.objects.filter(pk=article.pk).update(suggested_related=None)
    article = Article.objects.get(pk=article.pk)
    article.standfirst = "Only this."
    article.save(update_fields=["standfirst"])
    assert stored(article) is None


def test_publishing_a_story_forgets_its_newest_neighbours_suggestions():
    both, one, plain = a_topic()
    for story in (both, one, plain):
        Article.objects.filter(pk=story.pk).refresh_suggested_related()
    article = ArticleFactory()
    article.tags.add("Russia")
    # ``both`` carries Russia: the new story may rank in its Related, computed live
    # until the command stores it; the others share no tag with it: kept.
    assert stored(both) is None
    assert stored(one) is not None and stored(plain) is not None


def test_inside_own_related_only_no_neighbour_is_forgotten():
    both, _one, _plain = a_topic()
    Article.objects.filter(pk=both.pk).refresh_suggested_related()
    with own_related_only():
        article = ArticleFactory()
        article.tags.add("Russia")
    assert stored(both) is not None
    assert stored(article) == suggested_related_ids(Article.objects.get(pk=article.pk))


def test_a_tag_rename_computes_no_suggestions():
    a_topic()
    article = ArticleFactory()
    article.tags.add("Syria")
    Article.objects.filter(pk=article.pk).update(suggested_related=[-1])
    tag = article.tags.get()
    tag.name = "Syrian Arab Republic"
    tag.save()
    assert Article.objects.get(pk=article.pk).tag_list[0][1] == "Syrian Arab Republic"
    assert stored(article) == [-1]


# --- manage.py refresh_related --------------------------------------------------------


def run(*args):
    out = StringIO()
    call_command("refresh_related", *args, stdout=out)
    return out.getvalue()


def test_the_command_fills_the_archive_and_is_idempotent():
    stories = [*a_topic(), ArticleFactory(published_at=days_ago(30))]
    Article.objects.update(suggested_related=None)  # an archive from before the field
    # Published: the four and the Spanish story.
    assert "5 checked, 5 filled, 0 changed, 0 unchanged" in run()
    for story in stories:
        assert stored(story) == suggested_related_ids(Article.objects.get(pk=story.pk))
    assert "5 checked, 0 filled, 0 changed, 5 unchanged" in run()


def test_the_command_brings_newer_stories_into_older_stories_lists():
    old = ArticleFactory(published_at=days_ago(400))
    old.tags.add("Syria")
    with own_related_only():  # as an import leaves it
        new = ArticleFactory()
        new.tags.add("Syria")
    assert new.pk not in stored(old)
    assert "1 changed" in run()
    assert stored(old)[0] == new.pk


def test_the_command_can_be_limited_to_recent_or_missing_lists():
    old, recent = ArticleFactory(published_at=days_ago(400)), ArticleFactory(published_at=days_ago(1))
    Article.objects.update(suggested_related=None)
    run("--since", (timezone.localdate() - timedelta(days=7)).isoformat())
    assert stored(old) is None and stored(recent) is not None
    assert "1 checked, 1 filled" in run("--missing")
    assert stored(old) is not None


@pytest.mark.parametrize("bad", ["yesterday", "2026-02-30", "14/09/2021"])
def test_the_command_refuses_a_bad_date(bad):
    with pytest.raises(CommandError, match="not a date"):
        run("--since", bad)
