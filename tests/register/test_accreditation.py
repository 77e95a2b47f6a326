"""The accreditation state machine, as a pure function."""

import datetime as dt

import pytest

from treatsafe.register.accreditation import (
    TRANSITIONS,
    IllegalTransition,
    NotAllowed,
    ReasonRequired,
    Status,
    actions_for,
    add_months,
    effective_status,
    plan,
)

TODAY = dt.date(2026, 11, 25)


def test_the_happy_path_goes_from_draft_to_accredited_for_twelve_months():
    status = Status.DRAFT
    for action, role in [
        ("apply", "practitioner"),
        ("start_assessment", "assessor"),
        ("accredit", "assessor"),
    ]:
        outcome = plan(action, status, role, today=TODAY)
        status = outcome.target
    assert status == Status.ACCREDITED
    assert outcome.accredited_until == dt.date(2027, 11, 25)


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("accredit", Status.DRAFT),
        ("accredit", Status.APPLIED),
        ("accredit", Status.REVOKED),
        ("start_assessment", Status.ACCREDITED),
        ("apply", Status.ACCREDITED),
        ("suspend", Status.APPLIED),
        ("reinstate", Status.ACCREDITED),
        ("revoke", Status.DRAFT),
        ("renew", Status.SUSPENDED),
        ("renew", Status.REVOKED),
    ],
)
def test_illegal_transitions_are_refused(action, status):
    role = TRANSITIONS[action].role
    with pytest.raises(IllegalTransition):
        plan(action, status, role, today=TODAY, reason="because")


def test_an_unknown_action_is_an_illegal_transition():
    with pytest.raises(IllegalTransition):
        plan("promote", Status.DRAFT, "assessor", today=TODAY)


@pytest.mark.parametrize("action", ["start_assessment", "accredit", "suspend", "revoke", "renew"])
def test_a_practitioner_can_take_no_assessor_action(action):
    source = TRANSITIONS[action].sources[0]
    with pytest.raises(NotAllowed):
        plan(action, source, "practitioner", today=TODAY, reason="x")


def test_an_assessor_cannot_apply_on_a_practitioners_behalf():
    with pytest.raises(NotAllowed):
        plan("apply", Status.DRAFT, "assessor", today=TODAY)


@pytest.mark.parametrize("action", ["suspend", "revoke", "refuse", "reinstate"])
def test_suspending_revoking_refusing_and_reinstating_need_a_public_reason(action):
    source = TRANSITIONS[action].sources[0]
    until = dt.date(2027, 1, 1)
    with pytest.raises(ReasonRequired):
        plan(action, source, "assessor", today=TODAY, accredited_until=until, reason="   ")
    outcome = plan(
        action, source, "assessor", today=TODAY, accredited_until=until, reason=" Complaint upheld "
    )
    assert outcome.reason == "Complaint upheld"


def test_an_accreditation_past_its_expiry_date_is_expired():
    assert effective_status(Status.ACCREDITED, TODAY - dt.timedelta(days=1), TODAY) == "expired"
    assert effective_status(Status.ACCREDITED, TODAY, TODAY) == "accredited"
    assert effective_status(Status.SUSPENDED, TODAY - dt.timedelta(days=1), TODAY) == "suspended"


def test_an_expired_accreditation_cannot_be_suspended_but_can_be_renewed():
    yesterday = TODAY - dt.timedelta(days=1)
    with pytest.raises(IllegalTransition):
        plan("suspend", Status.ACCREDITED, "assessor", today=TODAY, accredited_until=yesterday)
    outcome = plan("renew", Status.ACCREDITED, "assessor", today=TODAY, accredited_until=yesterday)
    assert outcome.accredited_until == dt.date(2027, 11, 25)


def test_renewing_early_extends_from_the_current_expiry_not_from_today():
    until = dt.date(2027, 1, 31)
    outcome = plan("renew", Status.ACCREDITED, "assessor", today=TODAY, accredited_until=until)
    assert outcome.accredited_until == dt.date(2028, 1, 31)


def test_the_system_expires_only_what_is_past_its_date():
    with pytest.raises(IllegalTransition):
        plan("expire", Status.ACCREDITED, "system", today=TODAY, accredited_until=TODAY)
    outcome = plan(
        "expire", Status.ACCREDITED, "system", today=TODAY, accredited_until=dt.date(2026, 1, 1)
    )
    assert outcome.target == Status.EXPIRED


def test_revoked_is_final():
    assert actions_for(Status.REVOKED, "assessor", None, TODAY) == []
    assert actions_for(Status.REVOKED, "practitioner", None, TODAY) == []


def test_twelve_months_from_29_february_is_28_february():
    assert add_months(dt.date(2028, 2, 29), 12) == dt.date(2029, 2, 28)
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
