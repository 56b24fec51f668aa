"""Date/time fields of the admin around Beirut's daylight-saving changes of 2024 and 2025.

Clocks go forward at midnight on the last Sunday of March (00:00–00:59 do not exist)
and back at midnight on the last Sunday of October (23:00–23:59 of the Saturday happen
twice). Every case goes through the real change form: open it, change something, POST.
"""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.db import models
from django.urls import reverse

from articles.admin.localtime import LocalDateTimeField
from articles.models import Article, LiveUpdate
from tests.articles.test_admin_workflow import change_url, edit, form_data, form_errors
from tests.factories import ArticleFactory, BreakingItemFactory

pytestmark = pytest.mark.django_db

BEIRUT = ZoneInfo("Asia/Beirut")
# The Saturday night whose 23:00–23:59 happen twice, and the Sunday whose 00:00–00:59 are skipped.
FALL_BACK = {2024: (2024, 10, 26), 2025: (2025, 10, 25)}
SPRING_FORWARD = {2024: (2024, 3, 31), 2025: (2025, 3, 30)}


def utc(value):
    """``value`` in UTC: an ambiguous Beirut datetime equals nothing of another zone (PEP 495)."""
    return value.astimezone(UTC)


def repeated_2330(year, fold):
    """23:30 on the fall-back night: fold 0 is the first one (UTC+3), fold 1 the second (UTC+2)."""
    return datetime(*FALL_BACK[year], 23, 30, 15, 123456, tzinfo=BEIRUT, fold=fold)


@pytest.mark.parametrize("year", [2024, 2025])
@pytest.mark.parametrize("fold", [0, 1])
def test_an_article_published_in_the_repeated_hour_can_be_saved_again(editor_client, year, fold):
    when = repeated_2330(year, fold)
    article = ArticleFactory(published_at=when)
    response = edit(editor_client, article, headline="Talks resume, corrected headline")
    assert response.status_code == 302, form_errors(response)
    article.refresh_from_db()
    assert article.headline == "Talks resume, corrected headline"
    # The very instant stored, not the other 23:30, and not rounded to the second.
    assert utc(article.published_at) == utc(when)


@pytest.mark.parametrize("year", [2024, 2025])
def test_a_repeated_time_typed_by_hand_is_the_first_one_and_the_editor_is_told(editor_client, year):
    article = ArticleFactory()
    day = datetime(*FALL_BACK[year])
    response = edit(
        editor_client,
        article,
        published_at_0=day.strftime("%Y-%m-%d"),
        published_at_1="23:30",
    )
    assert response.status_code == 302, form_errors(response)
    article.refresh_from_db()
    assert utc(article.published_at) == datetime(*FALL_BACK[year], 20, 30, tzinfo=UTC)
    assert article.published_at.astimezone(BEIRUT).utcoffset().total_seconds() == 3 * 3600
    notes = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("happens twice in Asia/Beirut" in n and "the first one was taken" in n for n in notes), notes


def test_the_form_says_how_repeated_and_skipped_times_are_read(editor_client):
    page = editor_client.get(change_url(ArticleFactory())).content.decode()
    assert "a time that happens twice is read as the first one" in page


@pytest.mark.parametrize("year", [2024, 2025])
def test_scheduling_into_the_skipped_hour_says_which_times_are_missing(editor_client, year):
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    day = datetime(*SPRING_FORWARD[year])
    response = edit(
        editor_client,
        article,
        status="published",
        published_at_0=day.strftime("%Y-%m-%d"),
        published_at_1="00:30",
    )
    assert response.status_code == 200
    expected = f"00:00–00:59 on {day.day} Mar {year} does not exist in Asia/Beirut; clocks go from 00:00 to 01:00."
    assert expected in form_errors(response)
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT and article.published_at is None


@pytest.mark.parametrize("year", [2024, 2025])
def test_times_next_to_the_skipped_hour_are_taken(editor_client, year):
    article = ArticleFactory()
    day = datetime(*SPRING_FORWARD[year])
    response = edit(editor_client, article, published_at_0=day.strftime("%Y-%m-%d"), published_at_1="01:00")
    assert response.status_code == 302, form_errors(response)
    article.refresh_from_db()
    assert article.published_at == datetime(*SPRING_FORWARD[year], 1, 0, tzinfo=BEIRUT)


def _breaking_change(client, item, **changes):
    url = reverse("admin:articles_breakingitem_change", args=[item.pk])
    data = form_data(client.get(url))
    data.update(changes)
    return client.post(url, data)


@pytest.mark.parametrize("year", [2024, 2025])
def test_a_ticker_line_started_in_the_repeated_hour_can_be_edited(editor_client, year):
    starts = repeated_2330(year, fold=1)
    ends = datetime(*FALL_BACK[year], 23, 45, tzinfo=BEIRUT, fold=1)
    item = BreakingItemFactory(starts_at=starts, ends_at=ends)
    response = _breaking_change(editor_client, item, text="Corrected breaking line")
    assert response.status_code == 302, form_errors(response)
    item.refresh_from_db()
    assert item.text == "Corrected breaking line"
    assert (utc(item.starts_at), utc(item.ends_at)) == (utc(starts), utc(ends))


@pytest.mark.parametrize("year", [2024, 2025])
def test_a_ticker_line_cannot_end_in_the_skipped_hour(editor_client, year):
    item = BreakingItemFactory()
    stored_end = item.ends_at  # the default lifetime's end (BreakingItem.save)
    day = datetime(*SPRING_FORWARD[year])
    response = _breaking_change(editor_client, item, ends_at_0=day.strftime("%Y-%m-%d"), ends_at_1="00:15")
    assert response.status_code == 200
    assert "does not exist in Asia/Beirut" in form_errors(response)
    item.refresh_from_db()
    assert item.ends_at == stored_end


@pytest.mark.parametrize("year", [2024, 2025])
def test_a_live_update_posted_in_the_repeated_hour_keeps_its_article_saveable(editor_client, year):
    article = ArticleFactory(format=Article.Format.LIVE)
    posted = repeated_2330(year, fold=1)
    update = LiveUpdate.objects.create(article=article, posted_at=posted, title="Late news", body="<p>News.</p>")
    response = edit(editor_client, article, standfirst="Follow the night live.")
    assert response.status_code == 302, form_errors(response)
    update.refresh_from_db()
    assert utc(update.posted_at) == utc(posted)


def _editable_datetime_fields(model_admin, model):
    # Fields the admin shows read-only (django-axes' lockout log, for one) are never typed.
    shown_read_only = set(model_admin.readonly_fields)
    for field in model._meta.get_fields():
        if (
            isinstance(field, models.DateTimeField)
            and field.editable
            and not field.auto_now_add
            and field.name not in shown_read_only
        ):
            yield field


def test_every_date_time_field_of_the_admin_reads_local_times_the_same_way(rf, admin_user):
    request = rf.get("/")
    request.user = admin_user
    checked = []
    for model, model_admin in admin.site._registry.items():
        admins = [(model, model_admin)] + [
            (inline.model, inline) for inline in model_admin.get_inline_instances(request)
        ]
        for each_model, each_admin in admins:
            for field in _editable_datetime_fields(each_admin, each_model):
                formfield = each_admin.formfield_for_dbfield(field, request)
                checked.append(f"{each_model._meta.label}.{field.name}")
                assert isinstance(formfield, LocalDateTimeField), f"{each_model._meta.label}.{field.name}"
    assert {"articles.Article.published_at", "articles.BreakingItem.ends_at", "articles.LiveUpdate.posted_at"} <= set(
        checked
    )


def test_a_staff_login_of_the_repeated_hour_can_be_edited(client, admin_user):
    admin_user.last_login = repeated_2330(2024, fold=1)
    admin_user.save()
    client.force_login(admin_user)
    admin_user.refresh_from_db()
    url = reverse("admin:auth_user_change", args=[admin_user.pk])
    admin_user.last_login = repeated_2330(2024, fold=1)  # force_login moved it to now
    admin_user.save(update_fields=["last_login"])
    data = form_data(client.get(url))
    data["first_name"] = "Amal"
    response = client.post(url, data)
    assert response.status_code == 302, form_errors(response)
    admin_user.refresh_from_db()
    assert admin_user.first_name == "Amal"
    assert utc(admin_user.last_login) == utc(repeated_2330(2024, fold=1))
