"""Complication reports: a patient reports a problem from their record; it is triaged, goes to
the assessors' queue and to the practitioner; an assessor takes it on, may ask the practitioner
to respond, records the outcome and may link it to a suspension.

Complication reports live in the records app, not an app of their own: a report is about one
record, and the report is what lets an assessor see that record, so both sit behind the same
privacy rules in one place (a separate app would need records to import it, or the reverse)."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from treatsafe.core.errors import Conflict, InvalidInput, NotFound
from treatsafe.records import clock, notify
from treatsafe.records.models import ComplicationReport
from treatsafe.register import audit
from treatsafe.register.permissions import require_assessor

NHS_SOURCE = {
    "title": "Cosmetic injections",
    "publisher": "NHS",
    "url": "https://www.nhs.uk/conditions/cosmetic-procedures/cosmetic-injections/",
}
YELLOW_CARD_URL = "https://yellowcard.mhra.gov.uk/"

# Signs of an emergency after an aesthetic treatment: a blocked blood vessel after filler
# (blanching, blue or mottled skin, severe pain, loss of sight), a severe allergic reaction,
# or botulism-like spread of toxin. Any of them: call 999 or go to A&E now.
EMERGENCY_SIGNS = {
    "skin_colour": "Skin turning white, blue, grey or blotchy near where you were treated",
    "severe_pain": "Severe pain, or pain that is getting much worse",
    "vision": "Any change in your sight, such as blurred, double or lost vision",
    "breathing": (
        "Difficulty breathing or swallowing, or swelling of the lips, tongue, face or throat"
    ),
    "weakness": "Drooping of the face, slurred speech, or weak arms or legs",
}
HOW_NOW = {"better": "Getting better", "same": "About the same", "worse": "Getting worse"}
SEEN_DOCTOR = {"yes": "Yes", "no": "No"}
FINDING_WINDOW = dt.timedelta(days=365)


class ReportRefused(InvalidInput):
    code = "report_refused"


@dataclass
class ReportInput:
    what_happened: str
    started_on: dt.date | None
    how_now: str
    seen_doctor: str
    emergency_signs: list[str]


def emergency(signs) -> list[str]:
    """The emergency signs among the answers (unknown codes are refused)."""
    unknown = [s for s in signs if s not in EMERGENCY_SIGNS]
    if unknown:
        raise ReportRefused("Choose the signs from the list.", field="emergency_signs")
    return [EMERGENCY_SIGNS[s] for s in signs]


def triage(data: ReportInput) -> tuple[str, str]:
    """Low, medium or high, with the reason (the rules, in order)."""
    if data.emergency_signs:
        signs = "; ".join(EMERGENCY_SIGNS[s].lower() for s in data.emergency_signs)
        return "high", f"Signs of an emergency reported: {signs}."
    if data.how_now == "worse":
        return "medium", "The problem is getting worse."
    if data.seen_doctor == "yes":
        return "medium", "The patient needed to see a doctor."
    return "low", "No signs of an emergency, not getting worse and no doctor needed so far."


def report_problem(record, data: ReportInput) -> ComplicationReport:
    """Store the patient's report (after any emergency advice has been shown), triage it, and
    tell the practitioner."""
    emergency(data.emergency_signs)
    what = (data.what_happened or "").strip()
    if not what:
        raise ReportRefused("Describe what happened.", field="what_happened")
    version = record.current
    if data.started_on is None:
        raise ReportRefused("Enter the date the problem started.", field="started_on")
    if data.started_on < version.treated_on or data.started_on > clock.today():
        raise ReportRefused(
            f"The problem must have started between the treatment "
            f"({version.treated_on:%-d %B %Y}) and today.",
            field="started_on",
        )
    if data.how_now not in HOW_NOW:
        raise ReportRefused("Say how the problem is now.", field="how_now")
    if data.seen_doctor not in SEEN_DOCTOR:
        raise ReportRefused("Say whether you have seen a doctor about it.", field="seen_doctor")
    level, reason = triage(data)
    products = version.products.all()
    with transaction.atomic():
        report = ComplicationReport.objects.create(
            record=record,
            practitioner=record.practitioner,
            treatment=version.treatment,
            medicine_or_device=any(
                p.regulatory_status in ("licensed_medicine", "device") for p in products
            )
            or version.treatment in ("botulinum-toxin", "dermal-filler"),
            what_happened=what[:5000],
            started_on=data.started_on,
            how_now=data.how_now,
            seen_doctor=data.seen_doctor,
            emergency_signs=list(data.emergency_signs),
            triage=level,
            triage_reason=reason,
            created_at=clock.now(),
            is_demo=record.is_demo,
        )
        audit.record(
            None,
            "complication_reported",
            report,
            practitioner_id=record.practitioner_id,
            actor=(None, "patient"),
            after={"triage": level},
        )
    transaction.on_commit(lambda: notify.complication_to_practitioner(report))
    return report


# --- the assessors ---------------------------------------------------------------------------


def _report(report_id: int) -> ComplicationReport:
    report = (
        ComplicationReport.objects.select_related("practitioner", "record")
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        raise NotFound("There is no complication report with that number.")
    return report


def _as_handler(user, report_id: int) -> ComplicationReport:
    report = _report(report_id)
    require_assessor(user, report.practitioner)
    if report.handler_id != user.pk:
        raise Conflict("Take this report on before acting on it.")
    if report.status == ComplicationReport.State.CLOSED:
        raise Conflict("This report is closed.")
    return report


def _save(user, report, action: str, fields: dict) -> ComplicationReport:
    before = {k: getattr(report, k) for k in fields}
    for key, value in fields.items():
        setattr(report, key, value)
    with transaction.atomic():
        report.save(update_fields=list(fields))
        after = {k: (v.pk if hasattr(v, "pk") else v) for k, v in fields.items()}
        before = {k: (v.pk if hasattr(v, "pk") else v) for k, v in before.items()}
        audit.record(
            user, action, report, practitioner_id=report.practitioner_id, before=before, after=after
        )
    return report


def take_on(user, report_id: int) -> ComplicationReport:
    """The assessor becomes the report's handler (and may then see the record)."""
    report = _report(report_id)
    require_assessor(user, report.practitioner)
    if report.status == ComplicationReport.State.CLOSED:
        raise Conflict("This report is closed.")
    if report.handler_id and report.handler_id != user.pk:
        raise Conflict("Another assessor is handling this report.")
    return _save(user, report, "complication_taken", {"handler": user})


def retriage(user, report_id: int, level: str, reason: str) -> ComplicationReport:
    report = _as_handler(user, report_id)
    if level not in ComplicationReport.Triage.values:
        raise InvalidInput("Choose low, medium or high.", field="triage")
    if not (reason or "").strip():
        raise InvalidInput("Give the reason for the triage.", field="triage_reason")
    return _save(
        user, report, "complication_triaged", {"triage": level, "triage_reason": reason.strip()}
    )


def ask_practitioner(user, report_id: int, question: str) -> ComplicationReport:
    report = _as_handler(user, report_id)
    if not (question or "").strip():
        raise InvalidInput("Write what you are asking the practitioner.", field="question")
    report = _save(
        user,
        report,
        "complication_question",
        {
            "question_to_practitioner": question.strip(),
            "status": ComplicationReport.State.AWAITING_PRACTITIONER,
        },
    )
    transaction.on_commit(lambda: notify.question_to_practitioner(report))
    return report


def close(user, report_id: int, outcome: str, note: str) -> ComplicationReport:
    report = _as_handler(user, report_id)
    if outcome not in ComplicationReport.Outcome.values:
        raise InvalidInput("Choose the outcome.", field="outcome")
    if not (note or "").strip():
        raise InvalidInput("Write a note on the outcome.", field="outcome_note")
    return _save(
        user,
        report,
        "complication_closed",
        {
            "outcome": outcome,
            "outcome_note": note.strip(),
            "status": ComplicationReport.State.CLOSED,
            "closed_at": clock.now(),
        },
    )


def link_suspension(user, report_id: int, reason: str) -> ComplicationReport:
    """Suspend the listing because of this report (or link the suspension already in force)."""
    from treatsafe.register import accrediting
    from treatsafe.register.models import AuditEntry

    report = _as_handler(user, report_id)
    if report.practitioner is None:
        raise Conflict("The listing no longer exists.")
    if report.practitioner.status != "suspended":
        accrediting.transition(user, report.practitioner_id, "suspend", reason)
    entry = (
        AuditEntry.objects.filter(practitioner_id=report.practitioner_id, action="suspend")
        .order_by("-id")
        .first()
    )
    return _save(user, report, "complication_suspension", {"suspension": entry})


# --- the practitioner ------------------------------------------------------------------------


def for_practitioner(user):
    if not user or not user.is_authenticated:
        return ComplicationReport.objects.none()
    return ComplicationReport.objects.filter(practitioner__user=user)


def respond(user, report_id: int, text: str) -> ComplicationReport:
    report = for_practitioner(user).filter(pk=report_id).first()
    if report is None:
        raise NotFound("There is no report about your treatments with that number.")
    if report.responded_at:
        raise Conflict("You have already responded to this report.")
    if not (text or "").strip():
        raise InvalidInput("Write your response.", field="response")
    fields = {"practitioner_response": text.strip()[:5000], "responded_at": clock.now()}
    if report.status == ComplicationReport.State.AWAITING_PRACTITIONER:
        fields["status"] = ComplicationReport.State.OPEN
    return _save(user, report, "complication_response", fields)


# --- the public listing ----------------------------------------------------------------------


def findings_against(practitioner_id: int) -> int:
    """Reports closed with a finding against the practitioner in the last 12 months."""
    return ComplicationReport.objects.filter(
        practitioner_id=practitioner_id,
        status=ComplicationReport.State.CLOSED,
        outcome=ComplicationReport.Outcome.FINDING_AGAINST,
        closed_at__gte=clock.now() - FINDING_WINDOW,
    ).count()


def listing_section(listing) -> dict:
    return {
        "template": "records/_listing_complications.html",
        "findings_against": findings_against(listing.pk),
    }
