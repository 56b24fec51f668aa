"""Every admin page answers, and list pages cost the same number of queries for 1 or 50 rows."""

import pytest
from django.contrib import admin
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from taggit.models import Tag

from articles.models import Article, BreakingItem, Byline, Correction, Image, LiveUpdate, Redirect, Section
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    BreakingItemFactory,
    ImageFactory,
    RegionFactory,
    image_upload,
    section,
)

pytestmark = pytest.mark.django_db

# Apps whose every model the Editor group manages; auth, sites and the static pages
# (flatpages, migration 0012) are for Administrators.
EDITOR_APPS = {"articles", "taggit", "redirects"}


def _one_of_each():
    """At least one object of every model the editor manages, so change forms can be opened."""
    image = ImageFactory()
    author = AuthorFactory(photo=image)
    article = ArticleFactory(authors=[author], hero_image=image)
    article.tags.add("Syria")
    article.regions.add(RegionFactory(slug="mena", name="MENA"))
    BreakingItemFactory(article=article)
    LiveUpdate.objects.create(article=article, body="<p>Polls open.</p>")
    Correction.objects.create(article=article, text="An earlier version misspelt a name.")
    Redirect.objects.create(site=Site.objects.get_current(), old_path="/old", new_path="/new")
    assert FlatPage.objects.exists() and Section.objects.exists() and Tag.objects.exists()


def _editor_models():
    return sorted((m for m in admin.site._registry if m._meta.app_label in EDITOR_APPS), key=lambda m: m._meta.label)


def test_editor_manages_articles_images_taxonomy_ticker_tags_pages_and_redirects():
    labels = {m._meta.label for m in _editor_models()}
    assert {
        "articles.Article",
        "articles.Image",
        "articles.Author",
        "articles.Section",
        "articles.Region",
        "articles.BreakingItem",
        "taggit.Tag",
    } <= labels


@pytest.mark.parametrize("page", ["changelist", "add", "change"])
def test_every_admin_page_of_the_editor_answers_200(editor_client, page):
    _one_of_each()
    for model in _editor_models():
        info = model._meta.app_label, model._meta.model_name
        if page == "change":
            obj = model._default_manager.first()
            url = reverse("admin:{}_{}_change".format(*info), args=[obj.pk])
        else:
            url = reverse("admin:{}_{}_{}".format(*info, page))
        response = editor_client.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"


def test_article_changelist_filters_and_search_answer_200(editor_client):
    _one_of_each()
    url = reverse("admin:articles_article_changelist")
    politics = section("news/politics")
    for query, expected in [
        ({"status": "scheduled"}, 0),
        ({"status": "published"}, 1),
        ({"status": "draft"}, 0),
        ({"section__id__exact": politics.pk}, 1),
        ({"regions__id__exact": RegionFactory(slug="mena", name="MENA").pk}, 1),
        ({"format__exact": "standard"}, 1),
        ({"format__exact": "video"}, 0),
        ({"authors__id__exact": Byline.objects.get().author_id}, 1),
        ({"published_at__isnull": "False"}, 1),
        ({"published_at__isnull": "True"}, 0),
        ({"q": "Talks"}, 1),
        ({"q": "nothing like this"}, 0),
    ]:
        response = editor_client.get(url, query)
        assert response.status_code == 200, query
        assert response.context["cl"].result_count == expected, query


def test_article_changelist_shows_scheduled_status_authors_and_thumbnail(editor_client):
    from datetime import timedelta

    from django.utils import timezone

    image = ImageFactory()
    author = AuthorFactory(name="Zeina Khalil")
    ArticleFactory(
        headline="Coming tomorrow",
        published_at=timezone.now() + timedelta(days=1),
        authors=[author],
        hero_image=image,
    )
    content = editor_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "Coming tomorrow" in content
    assert "Scheduled" in content
    assert "Zeina Khalil" in content
    assert image.rendition_url("1x1", width=48) in content


def test_status_filter_separates_scheduled_from_live(editor_client):
    from datetime import timedelta

    from django.utils import timezone

    ArticleFactory(headline="Live now")
    ArticleFactory(headline="Later", published_at=timezone.now() + timedelta(hours=2))
    url = reverse("admin:articles_article_changelist")
    scheduled = editor_client.get(url, {"status": "scheduled"}).context["cl"].result_list
    live = editor_client.get(url, {"status": "published"}).context["cl"].result_list
    assert [a.headline for a in scheduled] == ["Later"]
    assert [a.headline for a in live] == ["Live now"]


def test_breaking_changelist_marks_live_items(editor_client):
    from datetime import timedelta

    from django.utils import timezone

    BreakingItemFactory(text="On air")
    BreakingItemFactory(text="Over", ends_at=timezone.now() - timedelta(minutes=1))
    response = editor_client.get(reverse("admin:articles_breakingitem_changelist"), {"live": "yes"})
    assert [b.text for b in response.context["cl"].result_list] == ["On air"]


def test_section_changelist_shows_the_tree_in_path_order(editor_client):
    response = editor_client.get(reverse("admin:articles_section_changelist"))
    paths = [s.path for s in response.context["cl"].result_list]
    assert paths == sorted(paths)
    assert "news/politics" in paths


# --- query budgets --------------------------------------------------------------------


def _make_articles(n):
    authors = [AuthorFactory() for _ in range(3)]
    image = ImageFactory()
    for i in range(n):
        article = ArticleFactory(authors=authors[: 1 + i % 3], hero_image=image if i % 2 else None)
        article.regions.add(RegionFactory(slug="mena", name="MENA"))


def _make_images(n):
    for _ in range(n):
        # Small files keep rendition work (and the test) fast; the page is the same.
        ImageFactory(file=image_upload(width=160, height=90))


def _make_breaking(n):
    articles = [ArticleFactory() for _ in range(3)]
    for i in range(n):
        BreakingItemFactory(article=articles[i % 3] if i % 2 else None, url="" if i % 2 else "https://example.org")


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx), response


# The exact budget of each list page: the same for 1 row and for 50.
# Every list page runs 9: the session, the user, the user's and the groups' permissions
# (4); the filtered and the total row counts (2); the page of rows (1); the date
# hierarchy's first/last dates and its years (2). Articles add 6: django-reversion's
# SAVEPOINT and RELEASE around the list (2), the section, region and author filter
# choices (3), and the bylines of the page (one prefetch).
BUDGETS = [
    ("admin:articles_article_changelist", _make_articles, Article, 15),
    ("admin:articles_image_changelist", _make_images, Image, 9),
    ("admin:articles_breakingitem_changelist", _make_breaking, BreakingItem, 9),
]


@pytest.mark.parametrize(("url_name", "make", "model", "budget"), BUDGETS, ids=[b[0] for b in BUDGETS])
@pytest.mark.parametrize("rows", [1, 50])
def test_changelist_runs_a_constant_number_of_queries(
    editor_client, django_assert_num_queries, url_name, make, model, budget, rows
):
    make(rows)
    assert model.objects.count() == rows
    url = reverse(url_name)
    editor_client.get(url)  # warm caches (content types, site) outside the measured request
    with django_assert_num_queries(budget):
        response = editor_client.get(url)
    assert len(response.context["cl"].result_list) == rows


def test_article_changelist_prefetches_bylines(editor_client):
    _make_articles(5)
    response = editor_client.get(reverse("admin:articles_article_changelist"))
    rows = response.context["cl"].result_list
    assert all(hasattr(a, "ordered_bylines") for a in rows)
    assert sum(len(a.ordered_bylines) for a in rows) == Byline.objects.count()


def test_admin_pages_load_the_accessibility_script_and_name_split_inputs(editor_client):
    content = editor_client.get(reverse("admin:articles_article_add")).content.decode()
    assert "admin-extra/a11y.js" in content
    assert 'aria-label="Publication date"' in content
    assert 'aria-label="Publication time"' in content
    assert 'aria-label="Byline position"' in content
    assert "admin-extra/a11y.js" in editor_client.get(reverse("admin:articles_section_changelist")).content.decode()


@pytest.mark.parametrize("object_id", ["abc", "1.5", "9" * 30, "-"])
def test_preview_of_a_malformed_id_is_a_404(editor_client, object_id):
    # Red team: /admin/articles/article/abc/preview/ answered 500.
    response = editor_client.get(f"/admin/articles/article/{object_id}/preview/")
    assert response.status_code == 404


def test_tag_merge_without_a_selection_says_what_to_do(editor_client):
    # Red team: the merge page without a selection answered 500.
    response = editor_client.get(reverse("admin:taggit_tag_merge_tags"), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("admin:taggit_tag_changelist")
    assert "No tags to merge" in response.content.decode()
    session = editor_client.session
    session["selected_tag_ids"] = "999999,abc"  # deleted or garbage ids
    session.save()
    response = editor_client.post(reverse("admin:taggit_tag_merge_tags"), {"new_tag_name": "Syria"}, follow=True)
    assert "No tags to merge" in response.content.decode()
    assert not Tag.objects.filter(name="Syria").exists()


def test_tag_merge_moves_the_articles_tags(editor_client):
    both, one = ArticleFactory(), ArticleFactory()
    both.tags.add("syria", "Syrie")
    one.tags.add("Syrie")
    selected = Tag.objects.filter(name__in=["syria", "Syrie"])
    response = editor_client.post(
        reverse("admin:taggit_tag_changelist"),
        {"action": "render_tag_form", "_selected_action": [t.pk for t in selected]},
    )
    assert response.status_code == 302
    response = editor_client.post(reverse("admin:taggit_tag_merge_tags"), {"new_tag_name": "Syria"}, follow=True)
    assert "into “Syria”" in response.content.decode(), [str(m) for m in response.context["messages"]]
    assert [t.name for t in both.tags.all()] == ["Syria"]
    assert [t.name for t in one.tags.all()] == ["Syria"]


def test_only_staff_who_may_change_tags_can_merge(client, django_user_model):
    clerk = django_user_model.objects.create_user(username="clerk", password="pw-for-tests-only", is_staff=True)
    client.force_login(clerk)
    assert client.get(reverse("admin:taggit_tag_merge_tags")).status_code == 403
