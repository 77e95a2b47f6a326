"""Emails about treatment records: to the patient (if they gave an address) and to the
practitioner. Plain text; the patient's link is the record's private address."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

from treatsafe.register.public import treatment_name

FOOTER = (
    "\n\nIf something goes wrong: contact the practitioner first; call NHS 111 for advice, or "
    "999 if you have signs of an emergency (skin turning white or blue, severe pain, changes "
    "in your sight, difficulty breathing).\n\nTreatSafe"
)


def record_url(record, base_url: str = "") -> str:
    return (base_url or settings.SITE_URL).rstrip("/") + reverse(
        "records:patient", args=[record.token]
    )


def _send(to: str, subject: str, body: str) -> None:
    if to:
        send_mail(subject, body, None, [to], fail_silently=False)


def record_issued(record, base_url: str = "") -> None:
    version = record.current
    _send(
        record.patient_email,
        "Your treatment record",
        f"{version.practitioner_name} has recorded your {treatment_name(version.treatment)} "
        f"treatment on {version.treated_on:%-d %B %Y}.\n\n"
        f"Your record, with every product used, its batch and how to report a problem:\n"
        f"{record_url(record, base_url)}\n\n"
        "Keep this link private: anyone with it can see your record." + FOOTER,
    )


def record_corrected(record, base_url: str = "") -> None:
    version = record.current
    _send(
        record.patient_email,
        "Your treatment record was corrected",
        f"{version.practitioner_name} has corrected your treatment record (version "
        f"{version.number}). {version.changes}\n\nSee it here:\n{record_url(record, base_url)}"
        + FOOTER,
    )


def recall(record, notice) -> None:
    batch = f" (batch {notice.batch})" if notice.batch else ""
    _send(
        record.patient_email,
        "Important: a product used in your treatment",
        f"{notice.get_kind_display()}: {notice.product_name}{batch} was used in your treatment. "
        f"{notice.reason}\n\nWhat this means for you and what to do:\n{record_url(record)}"
        + FOOTER,
    )


def complication_to_practitioner(report) -> None:
    listing = report.practitioner
    user = listing.user if listing else None
    if user and user.email:
        _send(
            user.email,
            "A patient has reported a problem after a treatment",
            f"A patient has reported a problem after a {treatment_name(report.treatment)} "
            f"treatment you recorded. Our assessors have it (triage: {report.get_triage_display()}"
            f"). Sign in to TreatSafe to see it and respond.\n\nTreatSafe",
        )


def question_to_practitioner(report) -> None:
    listing = report.practitioner
    user = listing.user if listing else None
    if user and user.email:
        _send(
            user.email,
            "An assessor asks for your response to a complication report",
            f"{report.question_to_practitioner}\n\nSign in to TreatSafe to respond.\n\nTreatSafe",
        )
