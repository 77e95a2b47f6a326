"""Verified reviews: only the holder of a treatment record can review it, once, from 7 days
after the treatment. The review shows the treatment, date and products as recorded. The
practitioner replies once; anyone can report a review; assessors publish, hide (with a reason)
and restore, and every decision is in the audit log."""

import datetime as dt

from django.db import transaction
from django.db.models import Avg, Count

from treatsafe.core.errors import Conflict, InvalidInput, NotFound
from treatsafe.records import clock
from treatsafe.records.ratelimit import check
from treatsafe.register import audit
from treatsafe.register.permissions import require_assessor
from treatsafe.register.public import treatment_name
from treatsafe.reviews.models import Review, ReviewFlag
from treatsafe.reviews.screening import hold_reasons

WAIT = dt.timedelta(days=7)
MAX_TEXT = 3000
SOURCE_LABELS = {
    "human": "Human",
    "animal": "Animal",
    "plant": "Plant",
    "microbial": "Microbial",
    "synthetic": "Synthetic",
}


class ReviewRefused(InvalidInput):
    code = "review_refused"


def opens_on(record) -> dt.date:
    return record.current.treated_on + WAIT


def can_review(record) -> tuple[bool, str]:
    """Whether the record's holder may review now, and if not, why."""
    if Review.objects.filter(record=record).exists():
        return False, "You have already reviewed this treatment."
    if record.practitioner_id is None:
        return False, "The practitioner is no longer on the register."
    if clock.today() < opens_on(record):
        return False, (
            f"You can review this treatment from {opens_on(record):%-d %B %Y}, 7 days after it, "
            "when its results and any downtime are known."
        )
    return True, ""


def _public_names(record) -> tuple[str, ...]:
    version = record.current
    return (
        version.practitioner_name,
        version.clinic_name,
        *(f"{p.name} {p.manufacturer}" for p in version.products.all()),
    )


def leave_review(record, rating, text: str, client: str | None) -> Review:
    """The record holder's review. Held for moderation when it contains an email address, a
    phone number or a full name; otherwise published at once. Rate-limited per client (None
    only for the demo data generator)."""
    allowed, why = can_review(record)
    if not allowed:
        raise ReviewRefused(why, field="text")
    if not isinstance(rating, int) or isinstance(rating, bool) or not 1 <= rating <= 5:
        raise ReviewRefused("Choose a rating from 1 to 5 stars.", field="rating")
    text = (text or "").strip()
    if len(text) < 10:
        raise ReviewRefused("Write at least a sentence about your treatment.", field="text")
    if len(text) > MAX_TEXT:
        raise ReviewRefused(f"Keep the review under {MAX_TEXT} characters.", field="text")
    if client is not None:
        check(
            "review",
            client,
            limit=5,
            window=3600,
            message="Too many reviews from here: try again in an hour.",
        )
    held = hold_reasons(text, _public_names(record))
    version = record.current
    with transaction.atomic():
        if Review.objects.select_for_update().filter(record=record).exists():
            raise ReviewRefused("You have already reviewed this treatment.", field="text")
        review = Review.objects.create(
            record=record,
            practitioner=record.practitioner,
            treatment=version.treatment,
            treated_on=version.treated_on,
            products=[
                {
                    "name": p.name,
                    "manufacturer": p.manufacturer,
                    "source": p.source,
                    "route": version.route,
                }
                for p in version.products.all()
            ],
            rating=rating,
            text=text,
            status=Review.State.HELD if held else Review.State.PUBLISHED,
            held_reason="; ".join(held),
            created_at=clock.now(),
            is_demo=record.is_demo,
        )
        audit.record(
            None,
            "review_submitted",
            review,
            practitioner_id=review.practitioner_id,
            actor=(None, "patient"),
            after={"status": review.status, "held_reason": review.held_reason or None},
        )
    return review


def reply(user, review_id: int, text: str) -> Review:
    """The practitioner's one reply to a review of their treatment."""
    review = (
        Review.objects.filter(pk=review_id, practitioner__user=user).first()
        if user.is_authenticated
        else None
    )
    if review is None:
        raise NotFound("There is no review of your treatments with that number.")
    if review.replied_at:
        raise Conflict("You have already replied to this review.")
    text = (text or "").strip()
    if not text:
        raise InvalidInput("Write your reply.", field="reply")
    if hold_reasons(text, (review.practitioner.name,)):
        raise InvalidInput(
            "Do not include email addresses, phone numbers or anyone's name in a reply.",
            field="reply",
        )
    with transaction.atomic():
        review.reply, review.replied_at = text[:MAX_TEXT], clock.now()
        review.save(update_fields=["reply", "replied_at"])
        audit.record(user, "review_reply", review, practitioner_id=review.practitioner_id)
    return review


def flag(review_id: int, reason: str, client: str) -> ReviewFlag:
    """Anyone reports a published review to the assessors."""
    review = Review.objects.filter(pk=review_id, status=Review.State.PUBLISHED).first()
    if review is None:
        raise NotFound("There is no published review with that number.")
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("Say what is wrong with the review.", field="reason")
    check("review-flag", client, limit=20, window=3600, message="Too many reports: try later.")
    return ReviewFlag.objects.create(review=review, reason=reason[:2000], created_at=clock.now())


MODERATION = {
    "publish": (Review.State.PUBLISHED, "review_published"),
    "hide": (Review.State.HIDDEN, "review_hidden"),
    "restore": (Review.State.PUBLISHED, "review_restored"),
}


def moderate(user, review_id: int, action: str, reason: str = "") -> Review:
    review = Review.objects.select_related("practitioner").filter(pk=review_id).first()
    if review is None:
        raise NotFound("There is no review with that number.")
    require_assessor(user, review.practitioner)
    if action not in MODERATION:
        raise InvalidInput("Choose publish, hide or restore.", field="action")
    target, audit_action = MODERATION[action]
    allowed_from = {
        "publish": (Review.State.HELD,),
        "hide": (Review.State.HELD, Review.State.PUBLISHED),
        "restore": (Review.State.HIDDEN,),
    }[action]
    if review.status not in allowed_from:
        raise Conflict(f"A {review.get_status_display().lower()} review cannot be {action}ed.")
    reason = (reason or "").strip()
    if action == "hide" and not reason:
        raise InvalidInput("Give the reason for hiding the review.", field="reason")
    before = {"status": review.status}
    with transaction.atomic():
        review.status = target
        review.hidden_reason = reason if action == "hide" else ""
        review.moderated_at = clock.now()
        review.save(update_fields=["status", "hidden_reason", "moderated_at"])
        review.flags.filter(resolved_at__isnull=True).update(
            resolved_at=clock.now(), resolved_by=user
        )
        audit.record(
            user,
            audit_action,
            review,
            practitioner_id=review.practitioner_id,
            before=before,
            after={"status": target, "reason": reason or None},
        )
    return review


# --- what the public sees --------------------------------------------------------------------


def public_review(review: Review) -> dict:
    """No personal data: no record, no reviewer, only what the practitioner recorded."""
    return {
        "id": review.pk,
        "verified_treatment": True,
        "rating": review.rating,
        "text": review.text,
        "treatment": {"slug": review.treatment, "name": treatment_name(review.treatment)},
        "treated_on": review.treated_on.isoformat(),
        "products": [
            {**p, "source_label": SOURCE_LABELS.get(p.get("source"), p.get("source"))}
            for p in review.products
        ],
        "reply": review.reply or None,
        "published_at": review.created_at.date().isoformat(),
        "practitioner_id": review.practitioner_id,
        "is_demo": review.is_demo,
    }


def published(practitioner_id: int):
    return Review.objects.filter(practitioner_id=practitioner_id, status=Review.State.PUBLISHED)


def summary(practitioner_id: int, limit: int = 20) -> dict:
    rows = published(practitioner_id)
    totals = rows.aggregate(count=Count("id"), average=Avg("rating"))
    return {
        "count": totals["count"],
        "average": round(totals["average"], 1) if totals["average"] is not None else None,
        "reviews": [public_review(r) for r in rows[:limit]],
    }


def export_rows():
    """Every published review, for the open-data export."""
    rows = Review.objects.filter(status=Review.State.PUBLISHED, practitioner__isnull=False)
    for review in rows.order_by("id").iterator(chunk_size=2000):
        yield public_review(review)
