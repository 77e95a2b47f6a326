"""The audit log: written with every change, append-only, chained with a MAC keyed outside the
database, held against signed checkpoints, and verifiable."""

import hashlib
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from tests.register.builders import make_assessor, make_listing, make_user
from treatsafe.register import accrediting, audit, checkpoints, services
from treatsafe.register.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def checkpoint_file(settings, tmp_path):
    settings.TREATSAFE_AUDIT_CHECKPOINTS = tmp_path / "audit_checkpoints"
    return settings.TREATSAFE_AUDIT_CHECKPOINTS


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


def test_each_entry_links_to_the_mac_of_the_one_before_keyed_outside_the_database(settings):
    _chain_of_three()
    entries = list(AuditEntry.objects.order_by("id"))
    for previous, entry in zip(entries, entries[1:], strict=False):
        assert entry.prev_hash == previous.hash
        assert entry.hash == audit.compute_hash(entry)
        # Not a plain hash anyone could recompute: another key gives another MAC.
        assert entry.hash != audit.legacy_hash(entry)
    settings.TREATSAFE_AUDIT_KEY = "another key"
    assert entries[1].hash != audit.compute_hash(entries[1])


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


def _sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _problems() -> str:
    with pytest.raises(CommandError) as error:
        call_command("verify_audit")
    return str(error.value)


def test_a_chain_rehashed_after_an_edit_without_the_key_is_detected():
    # The attacker edits an entry and re-computes every later link as the old, unkeyed chain did.
    _chain_of_three()
    entries = list(AuditEntry.objects.order_by("id"))
    _drop_triggers()
    prev = entries[0].prev_hash
    for entry in entries:
        if entry.pk == entries[1].pk:
            entry.actor = "mallory"
        entry.prev_hash = prev
        entry.hash = hashlib.sha256(audit.canonical(audit.entry_fields(entry))).hexdigest()
        _sql(
            "UPDATE register_auditentry SET actor=%s, prev_hash=%s, hash=%s WHERE id=%s",
            [entry.actor, entry.prev_hash, entry.hash, entry.pk],
        )
        prev = entry.hash
    assert f"entry {entries[0].pk}: its contents do not match its MAC" in _problems()


def test_an_appended_forged_accreditation_is_detected(settings):
    listing = _chain_of_three()
    forged = audit.build_entry(
        prev_hash=audit.last_hash(),
        user=None,
        action="accredit",
        obj_type="practitioner",
        obj_id=listing.pk,
        practitioner_id=listing.pk,
        before={"status": "under_assessment"},
        after={"status": "accredited", "accredited_until": "2099-01-01"},
    )
    # Written with a key guessed by the forger, not the service's.
    key = settings.TREATSAFE_AUDIT_KEY
    settings.TREATSAFE_AUDIT_KEY = "guessed"
    forged.hash = audit.compute_hash(forged)
    settings.TREATSAFE_AUDIT_KEY = key
    forged.save(force_insert=True)
    assert f"entry {forged.pk}: its contents do not match its MAC" in _problems()


def test_deleting_the_newest_entries_is_caught_by_the_checkpoint(checkpoint_file, capsys):
    _chain_of_three()
    call_command("audit_checkpoint")
    written = json.loads(capsys.readouterr().out.strip())
    assert written["count"] == AuditEntry.objects.count() and checkpoint_file.exists()
    newest = AuditEntry.objects.order_by("-id")[:2]
    _drop_triggers()
    _sql("DELETE FROM register_auditentry WHERE id >= %s", [min(e.pk for e in newest)])
    call_command("migrate", verbosity=0)  # nothing to do; the chain that is left still links up
    assert audit.verify()[1] is None
    assert "no longer in the log (the newest entries were deleted" in _problems()


def test_an_emptied_log_is_caught_by_the_checkpoint(checkpoint_file):
    _chain_of_three()
    checkpoints.write()
    _drop_triggers()
    _sql("DELETE FROM register_auditentry")
    assert "the log was emptied: it has 0 entries" in _problems()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's")
def test_postgresql_refuses_to_truncate_the_log():
    _chain_of_three()
    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        # CASCADE, as complication reports refer to the log: the trigger still refuses
        _sql("TRUNCATE register_auditentry CASCADE")
    assert AuditEntry.objects.count() == 3


def test_a_forged_or_edited_checkpoint_line_is_reported(checkpoint_file):
    _chain_of_three()
    checkpoints.write()
    genuine = json.loads(checkpoint_file.read_text())
    checkpoint_file.write_text(
        checkpoint_file.read_text() + json.dumps({**genuine, "count": 99}) + "\n"
    )
    assert "line 2: is not signed with the audit key" in _problems()


def test_every_committed_change_appends_a_checkpoint_of_the_new_head(
    checkpoint_file, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _chain_of_three()
    found, problems = checkpoints.read()
    assert problems == [] and found
    assert found[-1][1]["head_id"] == AuditEntry.objects.order_by("-id").first().pk
    assert checkpoints.verify()[2] == []


def test_verify_audit_prints_a_signed_checkpoint_for_publication(capsys):
    _chain_of_three()
    call_command("verify_audit", print_checkpoint=True)
    printed = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert checkpoints.is_genuine(printed) and printed["count"] == 3
