"""Full-text search, the same tests on SQLite (FTS5) and PostgreSQL (tsvector)."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from taggit.models import Tag

from articles.models import Article, Byline
from articles.search import ensure_sqlite_index, parse
from ingest.loader import Loader
from ingest.records import ArticleRecord
from tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db


def found(query):
    return [a.headline for a in Article.objects.published().search(query)]


def test_headline_matches_rank_above_standfirst_and_body():
    ArticleFactory(headline="Markets calm", standfirst="Quiet day", body="<p>Sanctions were discussed briefly.</p>")
    ArticleFactory(headline="Budget vote", standfirst="Sanctions loom over the vote", body="<p>Nothing.</p>")
    ArticleFactory(headline="Sanctions on Syria condemned", standfirst="x", body="<p>y</p>")
    assert found("sanctions") == ["Sanctions on Syria condemned", "Budget vote", "Markets calm"]


def test_phrase_must_match_in_order():
    ArticleFactory(headline="Putin meets Assad", body="<p>x</p>")
    ArticleFactory(headline="Assad meets Putin", body="<p>x</p>")
    assert found('"putin meets"') == ["Putin meets Assad"]


def test_minus_word_excludes():
    ArticleFactory(headline="Gaza ceasefire talks", body="<p>x</p>")
    ArticleFactory(headline="Gaza hospital shelled", body="<p>x</p>")
    assert found("gaza -hospital") == ["Gaza ceasefire talks"]


def test_only_minus_words_find_nothing():
    ArticleFactory(headline="Gaza ceasefire talks")
    assert found("-gaza") == []


def test_case_and_accents_do_not_matter():
    ArticleFactory(headline="Pérez wins in Bogotá", body="<p>x</p>")
    assert found("perez bogota") == ["Pérez wins in Bogotá"]
    assert found("PÉREZ") == ["Pérez wins in Bogotá"]


def test_arabic_text_is_searchable():
    ArticleFactory(
        headline="بوتين يلتقي الأسد في موسكو", slug="putin-assad-ar", body="<p>الجهود المشتركة هزمت التطرف</p>"
    )
    ArticleFactory(headline="Unrelated", body="<p>x</p>")
    assert found("موسكو") == ["بوتين يلتقي الأسد في موسكو"]
    assert found("التطرف") == ["بوتين يلتقي الأسد في موسكو"]


def test_html_markup_is_not_searchable_text():
    ArticleFactory(headline="Plain", body="<p><strong>Bold</strong> claim</p>")
    assert found("strong") == []
    assert found("bold") == ["Plain"]


def test_index_follows_edits_and_deletes():
    article = ArticleFactory(headline="Original headline words", body="<p>x</p>")
    article.headline = "Corrected headline wording"
    article.save()
    assert found("original") == []
    assert found("corrected") == ["Corrected headline wording"]
    Article.objects.filter(pk=article.pk).update(body_text="bulk updated zanzibar")
    assert found("zanzibar") == ["Corrected headline wording"]
    article.delete()
    assert found("corrected") == []


def test_articles_the_queryset_excludes_take_no_place_in_the_relevance_window(settings):
    ArticleFactory(headline="Summit of 2019", body="<p>x</p>")
    section = Article.objects.get().section
    # Newer matching drafts, more than the window holds.
    Article.objects.bulk_create(
        ArticleFactory.build(headline=f"Summit draft {i}", slug=f"draft-{i}", section=section, status="draft")
        for i in range(settings.SEARCH_WINDOW + 100)
    )
    assert found("summit") == ["Summit of 2019"]


def test_an_empty_queryset_finds_nothing():
    ArticleFactory(headline="Summit")
    assert list(Article.objects.filter(pk__in=[]).search("summit")) == []


def test_search_respects_visibility():
    ArticleFactory(headline="Visible summit", body="<p>x</p>")
    ArticleFactory(headline="Draft summit", status=Article.Status.DRAFT, body="<p>x</p>")
    assert found("summit") == ["Visible summit"]


@pytest.mark.parametrize("query", ["", "   ", '"', "-", '""', "AND OR NOT", "*", "^", "(", "NEAR(a b)", "x" * 10_000])
def test_hostile_queries_find_nothing_and_never_error(query):
    ArticleFactory(headline="Anything at all")
    # Operators and punctuation are not search syntax: none of these names a word of the article.
    assert found(query) == []


def test_query_parser_splits_phrases_and_minus_words():
    assert parse('syria "joint efforts" -russia -"cold war"') == (
        [("syria",), ("joint", "efforts")],
        [("russia",), ("cold", "war")],
    )


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite FTS5 triggers")
def test_sqlite_triggers_are_recreated_after_a_table_rebuild():
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER articles_article_fts_ai")
    ensure_sqlite_index()
    ArticleFactory(headline="Recreated trigger works")
    assert found("recreated") == ["Recreated trigger works"]


def test_admin_changelist_uses_full_text_search(editor_client):
    ArticleFactory(headline="Pérez meets the council", body="<p>x</p>")
    ArticleFactory(headline="Council budget", status=Article.Status.DRAFT, body="<p>x</p>")
    ArticleFactory(headline="Unrelated matter", body="<p>the Council met</p>")
    response = editor_client.get("/admin/articles/article/", {"q": "perez"})
    assert response.status_code == 200
    assert [a.headline for a in response.context["cl"].result_list] == ["Pérez meets the council"]
    response = editor_client.get("/admin/articles/article/", {"q": "council -budget"})
    assert {a.headline for a in response.context["cl"].result_list} == {"Pérez meets the council", "Unrelated matter"}


def test_tags_and_author_names_are_searched_and_rank_below_the_headline():
    haddad = AuthorFactory(name="Leila Haddad")
    by_her = ArticleFactory(headline="Ports reopen", body="<p>x</p>", authors=[haddad])
    tagged = ArticleFactory(headline="Talks resume", body="<p>x</p>")
    tagged.tags.add("Syria", "Diplomacy")
    ArticleFactory(headline="Markets", body="<p>Syria was mentioned in passing.</p>")
    ArticleFactory(headline="Syria summit opens", body="<p>x</p>")
    assert found("haddad") == [by_her.headline]
    assert found("leila haddad") == [by_her.headline]
    # headline (A) > tag (B) > body (C)
    assert found("syria") == ["Syria summit opens", "Talks resume", "Markets"]


def test_names_follow_tag_and_byline_changes_and_renames():
    author = AuthorFactory(name="Omar Khalil")
    article = ArticleFactory(headline="Harbour news", body="<p>x</p>")
    assert found("khalil") == []
    Byline.objects.create(article=article, author=author, position=0)
    assert found("khalil") == ["Harbour news"]
    author.name = "Omar Nassar"
    author.save()
    assert found("khalil") == [] and found("nassar") == ["Harbour news"]
    article.bylines.all().delete()
    assert found("nassar") == []
    article.tags.add("Lebanon")
    assert found("lebanon") == ["Harbour news"]
    tag = Tag.objects.get(name="Lebanon")
    tag.name = "Beirut"
    tag.save()
    assert found("lebanon") == [] and found("beirut") == ["Harbour news"]
    article.tags.clear()
    assert found("beirut") == []
    # Editing the article keeps the names indexed.
    article.tags.set(["Gaza"])
    article.headline = "Harbour news, updated"
    article.save()
    assert found("gaza") == ["Harbour news, updated"]


def test_phrases_and_minus_words_apply_to_names_too():
    article = ArticleFactory(headline="Ports reopen", body="<p>x</p>", authors=[AuthorFactory(name="Leila Haddad")])
    article.tags.add("Bashar al-Assad")
    assert found('"leila haddad"') == ["Ports reopen"]
    assert found("ports -haddad") == []
    assert found("assad") == ["Ports reopen"]


def test_imported_articles_are_found_by_their_authors_and_tags():
    # The importer bulk-creates bylines and tags (no signals) and writes the names itself.
    loader = Loader()
    loader.load(
        [
            ArticleRecord(
                origin="x.jsonl:1",
                headline="Talks resume in Vienna",
                body_html="<p>Negotiators met on Monday.</p>",
                url="https://example.com/news/politics/talks-resume",
                section="news/politics",
                published_at=datetime(2024, 5, 1, 8, 0, tzinfo=UTC),
                authors=["Leila Haddad"],
                tags=["Syria"],
            )
        ]
    )
    assert loader.finish().created == 1
    assert [a.headline for a in Article.objects.search("haddad")] == ["Talks resume in Vienna"]
    assert [a.headline for a in Article.objects.search("syria")] == ["Talks resume in Vienna"]
