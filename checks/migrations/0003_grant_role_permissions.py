from django.db import migrations

from newsroom.roles import ROLE_PERMISSIONS, grant_role_permissions


def grant(apps, schema_editor):
    grant_role_permissions(apps, "checks", ROLE_PERMISSIONS["checks"])


class Migration(migrations.Migration):
    dependencies = [
        ("checks", "0002_claim_warnings_and_suggestions"),
        ("newsroom", "0002_roles_and_draft_immutability"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
