"""Adding a writer: a user put in the Writer or Editor group can log in (staff status
follows the role) and writes under her own author profile, which her new articles'
byline defaults to."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from articles.models import Article, Author
from tests.articles.test_admin_workflow import ADD, form_data
from tests.factories import AuthorFactory, role, section

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer(django_user_model):
    return django_user_model.objects.create_user(
        username="nadia", password="pw-for-tests-only", first_name="Nadia", last_name="Haddad"
    )


def admin_login(client):
    """The admin's login form, as she would fill it in: True when it let her in."""
    credentials = {"username": "nadia", "password": "pw-for-tests-only", "next": reverse("admin:index")}
    return client.post(reverse("admin:login"), credentials).status_code == 302


def test_joining_the_writer_group_gives_a_login_and_an_author(newcomer, client):
    assert not admin_login(client)  # not staff yet: the admin refuses her
    newcomer.groups.add(role("Writer"))
    newcomer.refresh_from_db()
    assert newcomer.is_staff
    assert Author.objects.get(user=newcomer).name == "Nadia Haddad"
    assert admin_login(client)
    assert client.get(reverse("admin:index")).status_code == 200


def test_an_existing_author_of_her_name_is_linked_not_duplicated(newcomer):
    existing = AuthorFactory(name="nadia HADDAD")
    newcomer.groups.add(role("Editor"))
    existing.refresh_from_db()
    assert existing.user == newcomer
    assert Author.objects.filter(name_key=existing.name_key).count() == 1


def test_a_name_taken_by_someone_elses_profile_gets_the_username(newcomer, django_user_model):
    other = django_user_model.objects.create_user(username="nh2", first_name="Nadia", last_name="Haddad")
    AuthorFactory(name="Nadia Haddad", user=other)
    newcomer.groups.add(role("Writer"))
    assert Author.objects.get(user=newcomer).name == "Nadia Haddad (nadia)"


def test_adding_her_from_the_groups_side_works_too(newcomer):
    role("Writer").user_set.add(newcomer)
    newcomer.refresh_from_db()
    assert newcomer.is_staff and Author.objects.filter(user=newcomer).exists()


def test_leaving_her_last_role_takes_staff_status_away(newcomer):
    newcomer.groups.add(role("Writer"), role("Editor"))
    newcomer.groups.remove(role("Writer"))
    newcomer.refresh_from_db()
    assert newcomer.is_staff
    newcomer.groups.clear()
    newcomer.refresh_from_db()
    assert not newcomer.is_staff
    assert Author.objects.filter(user=newcomer).exists()  # her bylines stay hers


def test_other_groups_and_hand_given_staff_status_are_left_alone(django_user_model):
    user = django_user_model.objects.create_user(username="ops", is_staff=True)
    archive = Group.objects.create(name="Archive readers")
    user.groups.add(archive)
    user.groups.remove(archive)
    user.refresh_from_db()
    assert user.is_staff
    assert not Author.objects.filter(user=user).exists()


def test_an_administrator_has_no_author_profile_made_for_her(django_user_model):
    user = django_user_model.objects.create_user(username="root-ish")
    user.groups.add(role("Administrator"))
    user.refresh_from_db()
    assert user.is_staff and not Author.objects.filter(user=user).exists()


def test_the_superuser_puts_her_in_the_writer_group_through_the_user_form(admin_client, newcomer):
    url = reverse("admin:auth_user_change", args=[newcomer.pk])
    response = admin_client.get(url)
    form = response.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list | tuple)}
    data.update(
        {
            "username": "nadia",
            "first_name": "Nadia",
            "last_name": "Haddad",
            "groups": [str(role("Writer").pk)],
            "is_active": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
            "last_login_0": "",
            "last_login_1": "",
        }
    )
    data.pop("password", None)
    data.pop("is_staff", None)  # left unticked: the role decides
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    newcomer.refresh_from_db()
    assert newcomer.is_staff
    assert Author.objects.get(user=newcomer).name == "Nadia Haddad"


def test_her_new_article_is_signed_with_her_author_profile(client, newcomer):
    newcomer.groups.add(role("Writer"))
    client.force_login(newcomer)
    response = client.get(ADD)
    bylines = next(i for i in response.context["inline_admin_formsets"] if i.formset.prefix == "bylines")
    own = Author.objects.get(user=newcomer)
    assert bylines.formset.forms[0].initial["author"] == own.pk
    # The row is sent back as offered (a browser posts the pre-selected option).
    data = form_data(response)
    data.update(
        {
            "headline": "Bread prices rise again",
            "section": str(section("news/politics").pk),
            "status": "draft",
            "bylines-TOTAL_FORMS": "1",
            "bylines-0-author": str(own.pk),
            "bylines-0-position": "0",
        }
    )
    response = client.post(ADD, data)
    assert response.status_code == 302
    assert [a.name for a in Article.objects.get().byline_authors] == ["Nadia Haddad"]


def test_she_may_clear_the_offered_byline(client, newcomer):
    newcomer.groups.add(role("Writer"))
    client.force_login(newcomer)
    data = form_data(client.get(ADD))
    data.update(
        {
            "headline": "Unsigned house piece",
            "section": str(section("news/politics").pk),
            "status": "draft",
            "bylines-TOTAL_FORMS": "1",
            "bylines-0-author": "",
            "bylines-0-position": "0",
        }
    )
    assert client.post(ADD, data).status_code == 302
    assert Article.objects.get().byline_authors == []
