"""Least privilege: who owns a story or an image, and static pages for administrators.

- ``Article.created_by``: a writer edits the stories she created or is a byline of
  (``articles.workflow.owns``). Filled for existing articles from the admin's log (the
  user of the "Added" entry), so drafts written before this migration keep their owner.
- ``Image.uploaded_by``: a writer may edit an image no story uses only if she uploaded
  it. Filled the same way.
- The Editor group loses the flatpages permissions (About Us, Privacy Policy, Contact
  Us): what those pages hold is served on the site's origin, the admin's too, so
  changing them is an Administrator's act (``EDITOR_LOSES``; tests read it).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# (app label, model) whose permissions the Editor group no longer has.
EDITOR_LOSES = [("flatpages", "flatpage")]
ADDITION = 1  # django.contrib.admin.models.ADDITION, frozen


def _backfill(apps, model_name, field):
    LogEntry = apps.get_model("admin", "LogEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Model = apps.get_model("articles", model_name)
    content_type = ContentType.objects.filter(app_label="articles", model=model_name.lower()).first()
    if content_type is None:
        return
    added = LogEntry.objects.filter(content_type=content_type, action_flag=ADDITION, user__isnull=False)
    for object_id, user_id in added.order_by("action_time").values_list("object_id", "user_id"):
        if object_id.isdigit():
            Model.objects.filter(pk=int(object_id), **{f"{field}__isnull": True}).update(**{field: user_id})


def backfill_owners(apps, schema_editor):
    _backfill(apps, "Article", "created_by")
    _backfill(apps, "Image", "uploaded_by")


def _editor_pages_permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    query = models.Q(pk__in=[])
    for app_label, model in EDITOR_LOSES:
        query |= models.Q(content_type__app_label=app_label, content_type__model=model)
    return Permission.objects.filter(query)


def pages_for_administrators(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name="Editor"):
        group.permissions.remove(*_editor_pages_permissions(apps))


def pages_for_editors_again(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name="Editor"):
        group.permissions.add(*_editor_pages_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_region_name_key"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("flatpages", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="image",
            name="uploaded_by",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(backfill_owners, migrations.RunPython.noop),
        migrations.RunPython(pages_for_administrators, pages_for_editors_again),
    ]
