"""JSON API for verified reviews (mounted under /api/v1/ by treatsafe.api)."""

from ninja import Router, Status

from treatsafe.records import services as records
from treatsafe.records.ratelimit import client_key
from treatsafe.records.schemas import ErrorOut
from treatsafe.register import services as register
from treatsafe.reviews import services
from treatsafe.reviews.schemas import ReviewIn, ReviewsOut, ReviewSubmittedOut

router = Router(tags=["reviews"])


@router.get(
    "/practitioners/{practitioner_id}/reviews",
    response={200: ReviewsOut, 404: ErrorOut},
    summary="Published reviews of a listing, from verified treatments (no personal data)",
)
def listing_reviews(request, practitioner_id: int):
    listing = register.get_public_listing(practitioner_id)
    return services.summary(listing.pk, limit=200)


@router.post(
    "/patient-records/{token}/review",
    response={201: ReviewSubmittedOut, 400: ErrorOut, 404: ErrorOut, 429: ErrorOut},
    summary="The record holder reviews the treatment (once, from 7 days after it)",
)
def leave_review(request, token: str, body: ReviewIn):
    record = records.for_patient(token)
    review = services.leave_review(record, body.rating, body.text, client_key(request))
    return Status(
        201,
        {
            "id": review.pk,
            "status": review.status,
            "held_reason": review.held_reason or None,
        },
    )
