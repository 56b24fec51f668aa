"""The wire desk belongs to the editors: the Editor and Administrator groups (made by
articles 0002) get every permission on wire feeds and incoming wires. Writers get none:
taking a wire story is an editor's call."""

from django.db import migrations

WIRE_DESK_GROUPS = ("Editor", "Administrator")


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    # Permissions are normally created after migrate; the groups need them now.
    app_config = apps.get_app_config("ingest")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    permissions = Permission.objects.filter(content_type__app_label="ingest")
    for group in Group.objects.filter(name__in=WIRE_DESK_GROUPS):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("ingest", "0001_wire_feeds"),
        ("articles", "0002_seed_structure"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
