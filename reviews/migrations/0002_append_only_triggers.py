from django.db import migrations

# On PostgreSQL the database itself refuses rewriting or deleting audit events
# and correction notes (TRUNCATE, used by test flushes, is not a row operation).
TABLES = ("reviews_auditevent", "reviews_correctionnote")

FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION reviews_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION USING
    MESSAGE = TG_TABLE_NAME || ' rows are append-only: ' || TG_OP || ' refused',
    ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
"""
TRIGGER_SQL = """
CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
  FOR EACH ROW EXECUTE FUNCTION reviews_append_only();
"""
REVERSE_SQL = "DROP TRIGGER IF EXISTS {table}_append_only ON {table};"


def triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION_SQL)
        for table in TABLES:
            schema_editor.execute(TRIGGER_SQL.format(table=table))


def triggers_reverse(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(REVERSE_SQL.format(table=table))
        schema_editor.execute("DROP FUNCTION IF EXISTS reviews_append_only();")


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial")]

    operations = [migrations.RunPython(triggers, triggers_reverse)]
