"""The audit log's chain becomes an HMAC keyed outside the database, and PostgreSQL refuses
TRUNCATE on it.

Existing entries are re-chained: the old unkeyed SHA-256 chain is verified first (a log that
was already tampered with is refused, not blessed with MACs), then every entry's prev_hash and
hash are rewritten with the MAC, with the append-only triggers lifted for this one step.
"""

from django.db import migrations

SQLITE_TRIGGERS = [
    """CREATE TRIGGER register_auditentry_no_update BEFORE UPDATE ON register_auditentry
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
    """CREATE TRIGGER register_auditentry_no_delete BEFORE DELETE ON register_auditentry
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
]
POSTGRES_TRUNCATE_UP = """CREATE TRIGGER register_auditentry_no_truncate BEFORE TRUNCATE
    ON register_auditentry FOR EACH STATEMENT EXECUTE FUNCTION register_auditentry_append_only()"""
POSTGRES_TRUNCATE_DOWN = "DROP TRIGGER IF EXISTS register_auditentry_no_truncate ON register_auditentry"


def _rechain(apps, schema_editor, make_hash, check_hash):
    AuditEntry = apps.get_model("register", "AuditEntry")
    connection = schema_editor.connection
    entries = list(AuditEntry.objects.order_by("id"))
    expected = "0" * 64
    for entry in entries:
        if entry.prev_hash != expected or check_hash(entry) != entry.hash:
            raise RuntimeError(
                f"The audit log is broken at entry {entry.pk}; it will not be re-chained. "
                "Restore it from a backup, then migrate again."
            )
        expected = entry.hash
    if not entries:
        return
    vendor = connection.vendor
    with connection.cursor() as cursor:
        if vendor == "sqlite":
            cursor.execute("DROP TRIGGER IF EXISTS register_auditentry_no_update")
        elif vendor == "postgresql":
            cursor.execute(
                "ALTER TABLE register_auditentry DISABLE TRIGGER register_auditentry_append_only"
            )
        prev = "0" * 64
        for entry in entries:
            entry.prev_hash = prev
            new = make_hash(entry)
            cursor.execute(
                "UPDATE register_auditentry SET prev_hash = %s, hash = %s WHERE id = %s",
                [prev, new, entry.pk],
            )
            prev = new
        if vendor == "sqlite":
            cursor.execute(SQLITE_TRIGGERS[0])
        elif vendor == "postgresql":
            cursor.execute(
                "ALTER TABLE register_auditentry ENABLE TRIGGER register_auditentry_append_only"
            )


def forwards(apps, schema_editor):
    from treatsafe.register import audit

    _rechain(apps, schema_editor, audit.compute_hash, audit.legacy_hash)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_TRUNCATE_UP)


def backwards(apps, schema_editor):
    from treatsafe.register import audit

    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_TRUNCATE_DOWN)
    _rechain(apps, schema_editor, audit.legacy_hash, audit.compute_hash)


class Migration(migrations.Migration):
    dependencies = [("register", "0003_search_covering_index")]

    operations = [migrations.RunPython(forwards, backwards)]
