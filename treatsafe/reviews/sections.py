"""What reviews add to pages of the apps below (through their extension points)."""

from treatsafe.reviews import services
from treatsafe.reviews.models import Review


def listing_section(listing) -> dict:
    return {"template": "reviews/_listing_reviews.html", **services.summary(listing.pk)}


def record_section(record, viewer: str) -> dict | None:
    if viewer == "assessor":
        return None
    review = Review.objects.filter(record=record).first()
    allowed, why = services.can_review(record) if review is None else (False, "")
    return {
        "template": "reviews/_record_review.html",
        "viewer": viewer,
        "token": record.token,
        "review": services.public_review(review) if review else None,
        "status": review.get_status_display() if review else None,
        "allowed": allowed,
        "why": why,
    }
