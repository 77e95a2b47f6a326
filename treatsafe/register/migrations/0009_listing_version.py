from django.db import migrations

# A place search's answer shows each listing's name, status and clinic and the offers there, so
# answers kept at a version of the register (lookup.place_answers) must go stale when any of
# those rows changes too, not only the search rows: the same bump as migration 0007's, on the
# listing, clinic and offer tables.
TABLES = ("register_practitioner", "register_clinic", "register_offer")
SQLITE_BUMP = (
    "INSERT INTO register_searchversion (id, epoch, n) VALUES (1, random(), 1) "
    "ON CONFLICT (id) DO UPDATE SET n = n + 1"
)
SQLITE_CREATE = [
    f"CREATE TRIGGER {table}_version_{event.lower()} AFTER {event} "
    f"ON {table} BEGIN {SQLITE_BUMP}; END"
    for table in TABLES
    for event in ("INSERT", "UPDATE", "DELETE")
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {table}_version_{event}"
    for table in TABLES
    for event in ("insert", "update", "delete")
]
POSTGRES_CREATE = [
    sql
    for table in TABLES
    for sql in (
        f"CREATE CONSTRAINT TRIGGER {table}_version AFTER INSERT OR UPDATE OR DELETE "
        f"ON {table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
        "EXECUTE FUNCTION register_bump_search_version()",
        f"CREATE TRIGGER {table}_version_truncate AFTER TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION register_bump_search_version()",
    )
]
POSTGRES_DROP = [
    sql
    for table in TABLES
    for sql in (
        f"DROP TRIGGER IF EXISTS {table}_version ON {table}",
        f"DROP TRIGGER IF EXISTS {table}_version_truncate ON {table}",
    )
]


def _run(schema_editor, by_vendor):
    for sql in by_vendor.get(schema_editor.connection.vendor, ()):
        schema_editor.execute(sql)


def create_triggers(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE})


def drop_triggers(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP})


class Migration(migrations.Migration):
    dependencies = [
        ("register", "0008_search_total"),
    ]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
