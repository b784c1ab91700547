from django.db import migrations

from newsroom.roles import ROLE_PERMISSIONS, grant_role_permissions


def grant(apps, schema_editor):
    grant_role_permissions(apps, "reviews", ROLE_PERMISSIONS["reviews"])


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0002_append_only_triggers"),
        ("newsroom", "0002_roles_and_draft_immutability"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
