"""The audit log: written with every change, append-only, hash-chained and verifiable."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from tests.register.builders import make_assessor, make_listing, make_user
from treatsafe.register import accrediting, audit, services
from treatsafe.register.models import AuditEntry

pytestmark = pytest.mark.django_db


def _chain_of_three():
    owner = make_user()
    listing = make_listing(user=owner)
    services.update_listing(owner, listing.pk, {"qualifications": "Level 7 injectables"})
    accrediting.transition(owner, listing.pk, "apply")
    accrediting.transition(make_assessor(), listing.pk, "start_assessment")
    return listing


def test_every_change_to_a_listing_writes_an_entry_with_who_what_and_before_after():
    listing = _chain_of_three()
    entries = list(AuditEntry.objects.filter(practitioner_id=listing.pk))
    assert [e.action for e in entries] == ["listing_updated", "apply", "start_assessment"]
    update = entries[0]
    assert update.before == {"qualifications": ""}
    assert update.after == {"qualifications": "Level 7 injectables"}
    assert update.actor == listing.user.username
    assert entries[1].before["status"] == "draft"
    assert entries[1].after["status"] == "applied"


def test_each_entry_links_to_the_hash_of_the_one_before():
    _chain_of_three()
    entries = list(AuditEntry.objects.order_by("id"))
    for previous, entry in zip(entries, entries[1:], strict=False):
        assert entry.prev_hash == previous.hash
        assert entry.hash == audit.compute_hash(entry)


def test_the_orm_refuses_to_change_or_delete_an_entry():
    _chain_of_three()
    entry = AuditEntry.objects.first()
    entry.actor = "someone else"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(actor="x")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).actor != "someone else"


def test_the_database_refuses_raw_sql_updates_and_deletes():
    _chain_of_three()
    for sql in (
        "UPDATE register_auditentry SET actor = 'x'",
        "DELETE FROM register_auditentry",
    ):
        with (
            pytest.raises(Exception, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    assert AuditEntry.objects.exclude(actor="x").count() == AuditEntry.objects.count() > 0


def _drop_triggers():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER register_auditentry_no_update")
            cursor.execute("DROP TRIGGER register_auditentry_no_delete")
        else:
            cursor.execute("DROP TRIGGER register_auditentry_append_only ON register_auditentry")


def test_verify_audit_passes_on_an_intact_log(capsys):
    _chain_of_three()
    call_command("verify_audit")
    assert "intact" in capsys.readouterr().out


def test_verify_audit_detects_an_entry_edited_behind_the_applications_back():
    _chain_of_three()
    target = AuditEntry.objects.order_by("id")[1]
    _drop_triggers()  # an attacker with database access; rolled back with the test
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE register_auditentry SET actor = %s WHERE id = %s", ["mallory", target.pk]
        )
    with pytest.raises(CommandError, match=f"entry {target.pk}.*edited"):
        call_command("verify_audit")


def test_verify_audit_detects_a_deleted_entry():
    _chain_of_three()
    entries = list(AuditEntry.objects.order_by("id"))
    _drop_triggers()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM register_auditentry WHERE id = %s", [entries[1].pk])
    with pytest.raises(CommandError, match=f"entry {entries[2].pk}.*link"):
        call_command("verify_audit")


def test_a_failed_change_leaves_no_audit_entry():
    owner = make_user()
    listing = make_listing(user=owner)
    before = AuditEntry.objects.count()
    with pytest.raises(services.InvalidInput):
        services.update_listing(owner, listing.pk, {"registration_number": "not a pin"})
    assert AuditEntry.objects.count() == before
    listing.refresh_from_db()
    assert listing.registration_number == "01A2345N"
