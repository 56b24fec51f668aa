"""Migration 0012 on a database written before it: existing drafts and images keep their
owner (from the admin's "Added" log entries), and editors no longer change static pages."""

import pytest
from django.contrib.admin.models import ADDITION, CHANGE
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from articles import search
from articles.models import Article, Image
from tests.factories import image_bytes

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# The admin app too: its log is what 0012 reads, and 0011 does not depend on it.
BEFORE = [("articles", "0011_region_name_key"), ("admin", "0003_logentry_add_action_flag_choices")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    # As migrate's post_migrate does (see test_migration_0010): later tests search here.
    search.ensure_sqlite_index(using=connection.alias)
    return executor.loader.project_state(targets).apps


def test_migration_0012_gives_drafts_and_images_their_owners_and_pages_to_administrators(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    old = migrate(BEFORE)
    User = old.get_model("auth", "User")
    Group = old.get_model("auth", "Group")
    ContentType = old.get_model("contenttypes", "ContentType")
    LogEntry = old.get_model("admin", "LogEntry")
    OldArticle = old.get_model("articles", "Article")
    OldSection = old.get_model("articles", "Section")
    OldImage = old.get_model("articles", "Image")

    wendy = User.objects.create(username="wendy", is_staff=True)
    eddie = User.objects.create(username="eddie", is_staff=True)
    news, _ = OldSection.objects.get_or_create(path="news", defaults={"name": "News", "slug": "news"})
    hers = OldArticle.objects.create(headline="Her draft", slug="her-draft", section_id=news.pk)
    imported = OldArticle.objects.create(headline="Wire story", slug="wire-story", section_id=news.pk)
    (tmp_path / "photo.jpg").write_bytes(image_bytes())
    picture = OldImage.objects.create(file="photo.jpg", alt_text="A picture")

    def logged(model, obj, user, flag):
        content_type, _ = ContentType.objects.get_or_create(app_label="articles", model=model)
        LogEntry.objects.create(
            content_type=content_type, object_id=str(obj.pk), object_repr="x", action_flag=flag, user=user
        )

    logged("article", hers, wendy, ADDITION)
    logged("article", hers, eddie, CHANGE)  # a later edit is not authorship
    logged("image", picture, eddie, ADDITION)
    editor = Group.objects.get(name="Editor")
    assert editor.permissions.filter(content_type__app_label="flatpages").exists()

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert Article.objects.get(pk=hers.pk).created_by_id == wendy.pk
    assert Article.objects.get(pk=imported.pk).created_by_id is None
    assert Image.objects.get(pk=picture.pk).uploaded_by_id == eddie.pk
    editor = Group.objects.get(name="Editor")
    assert not editor.permissions.filter(content_type__app_label="flatpages").exists()
    assert editor.permissions.filter(codename="publish_article").exists()
    administrator = Group.objects.get(name="Administrator")
    assert administrator.permissions.filter(codename="change_flatpage").exists()
