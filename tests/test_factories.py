"""The factories and personas work on a database without the seed migration's rows,
as a transactional test leaves it (its flush empties every table)."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from articles.models import Author, Region, Section
from tests.factories import ArticleFactory, AuthorFactory, RegionFactory, house_author, role, section


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_factories_and_roles_work_after_a_flush(client, django_user_model):
    call_command("flush", interactive=False, verbosity=0)
    assert not Section.objects.exists() and not Region.objects.exists() and not Group.objects.exists()

    article = ArticleFactory(authors=[AuthorFactory(), house_author()])
    article.regions.add(RegionFactory(slug="mena", name="MENA"))
    assert article.section.path == "news/politics" and article.section.parent.path == "news"
    assert client.get(article.get_absolute_url()).status_code == 200

    writer = django_user_model.objects.create_user("w", is_staff=True)
    writer.groups.add(role("Writer"))
    editor = django_user_model.objects.create_user("e", is_staff=True)
    editor.groups.add(role("Editor"))
    assert writer.has_perm("articles.change_article") and not writer.has_perm("articles.publish_article")
    assert editor.has_perm("articles.publish_article")


def test_factories_return_the_seeded_rows_when_they_exist(db):
    seeded = Section.objects.get(path="news/economy")
    assert section("news/economy") == seeded and seeded.name == "Economy"
    assert RegionFactory(slug="mena", name="MENA") == Region.objects.get(slug="mena")
    assert house_author() == Author.objects.get(name="Al Mayadeen English")
    assert role("Editor").permissions.filter(codename="publish_article").exists()
    assert Section.objects.filter(path="news/economy").count() == 1


def test_role_refuses_an_unknown_name(db):
    with pytest.raises(ValueError, match="no such role"):
        role("Intern")
    assert not Group.objects.filter(name="Intern").exists()
