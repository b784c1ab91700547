from django.db import migrations

from newsroom.roles import NEWSROOM_PERMISSIONS, grant_role_permissions

# On PostgreSQL the database itself refuses rewriting a draft's content or
# deleting a draft outside an article deletion.
DRAFT_TRIGGER_SQL = """
CREATE OR REPLACE FUNCTION newsroom_draft_immutable() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (
       NEW.article_id IS DISTINCT FROM OLD.article_id
    OR NEW.number IS DISTINCT FROM OLD.number
    OR NEW.title IS DISTINCT FROM OLD.title
    OR NEW.body IS DISTINCT FROM OLD.body
    OR NEW.content_hash IS DISTINCT FROM OLD.content_hash
    OR NEW.author_id IS DISTINCT FROM OLD.author_id
    OR NEW.created_at IS DISTINCT FROM OLD.created_at) THEN
    RAISE EXCEPTION 'drafts are immutable: save a new draft instead'
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER newsroom_draft_immutable BEFORE UPDATE ON newsroom_draft
  FOR EACH ROW EXECUTE FUNCTION newsroom_draft_immutable();
"""
DRAFT_TRIGGER_REVERSE_SQL = """
DROP TRIGGER IF EXISTS newsroom_draft_immutable ON newsroom_draft;
DROP FUNCTION IF EXISTS newsroom_draft_immutable();
"""


def grant(apps, schema_editor):
    grant_role_permissions(apps, "newsroom", NEWSROOM_PERMISSIONS)


def draft_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DRAFT_TRIGGER_SQL)


def draft_trigger_reverse(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DRAFT_TRIGGER_REVERSE_SQL)


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(grant, migrations.RunPython.noop),
        migrations.RunPython(draft_trigger, draft_trigger_reverse),
    ]
