"""Database triggers that refuse UPDATE and DELETE on the audit log, on SQLite and PostgreSQL,
so not even a raw SQL client of the application can rewrite history unnoticed."""

from django.db import migrations

SQLITE_UP = [
    """CREATE TRIGGER register_auditentry_no_update BEFORE UPDATE ON register_auditentry
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
    """CREATE TRIGGER register_auditentry_no_delete BEFORE DELETE ON register_auditentry
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS register_auditentry_no_update",
    "DROP TRIGGER IF EXISTS register_auditentry_no_delete",
]
POSTGRES_UP = [
    """CREATE OR REPLACE FUNCTION register_auditentry_append_only() RETURNS trigger AS $$
    BEGIN RAISE EXCEPTION 'the audit log is append-only'; END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER register_auditentry_append_only BEFORE UPDATE OR DELETE
    ON register_auditentry FOR EACH ROW EXECUTE FUNCTION register_auditentry_append_only()""",
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS register_auditentry_append_only ON register_auditentry",
    "DROP FUNCTION IF EXISTS register_auditentry_append_only()",
]


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        for sql in statements.get(vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("register", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
