"""Verified reviews: who can review and when, what a review shows, holding personal details
for moderation, replies, reports, moderation (audited), rate limits, listing, API and export."""

import datetime as dt
import json

import pytest
from django.core.cache import cache

from tests.records.builders import issue, practitioner
from tests.register.builders import make_assessor
from treatsafe.core.errors import Forbidden
from treatsafe.records import clock
from treatsafe.register.models import AuditEntry
from treatsafe.reviews import services
from treatsafe.reviews.models import Review
from treatsafe.reviews.screening import hold_reasons

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()


@pytest.fixture
def days_later(monkeypatch):
    """Move the records/reviews clock forward by n days."""
    real = clock.now

    def move(n):
        monkeypatch.setattr(clock, "now", lambda: real() + dt.timedelta(days=n))

    return move


def _record(**fields):
    user, listing, product = practitioner()
    return user, listing, issue(user, listing, treated_on=dt.date.today(), **fields)


def test_a_review_opens_7_days_after_the_treatment(days_later):
    _, _, record = _record()
    days_later(6)
    with pytest.raises(services.ReviewRefused, match="7 days"):
        services.leave_review(record, 5, "Great result and kind staff.", "ip")
    days_later(7)
    review = services.leave_review(record, 5, "Great result and kind staff.", "ip")
    assert review.status == "published"


def test_a_record_holder_can_review_only_once(days_later):
    _, _, record = _record()
    days_later(8)
    services.leave_review(record, 4, "Good result, some swelling.", "ip")
    with pytest.raises(services.ReviewRefused, match="already"):
        services.leave_review(record, 1, "Trying to review again here.", "ip2")
    assert Review.objects.count() == 1


def test_a_review_shows_the_treatment_date_and_products_as_recorded(days_later):
    _, listing, record = _record()
    days_later(8)
    review = services.public_review(services.leave_review(record, 5, "Very happy overall.", "ip"))
    assert review["verified_treatment"] is True
    assert review["treatment"]["slug"] == "dermal-filler"
    assert review["treated_on"] == record.current.treated_on.isoformat()
    assert (
        review["products"][0]["source"] == "synthetic"
        and review["products"][0]["route"] == "injected"
    )
    assert "record" not in review and "email" not in json.dumps(review)


@pytest.mark.parametrize(
    "text",
    [
        "Call me on 07700 900123 for details.",
        "Email me at someone@example.com any time.",
        "Sarah Jenkins at reception was rude to my sister.",
        "Ring +44 20 7946 0000 please.",
    ],
)
def test_reviews_with_personal_details_are_held_for_moderation(days_later, text):
    _, _, record = _record()
    days_later(8)
    review = services.leave_review(record, 3, text, "ip")
    assert review.status == "held" and review.held_reason


def test_ordinary_reviews_and_the_practitioners_own_name_are_not_held():
    assert hold_reasons("Great results. Highly recommend this clinic!") == []
    assert hold_reasons("Jane Smith was lovely.", ("Jane Smith",)) == []
    assert hold_reasons("Swelling for 3 days, gone by Monday.") == []


def test_ratings_outside_1_to_5_are_refused(days_later):
    _, _, record = _record()
    days_later(8)
    for rating in (0, 6, True):
        with pytest.raises(services.ReviewRefused, match="rating"):
            services.leave_review(record, rating, "A perfectly fine review.", "ip")


def test_reviews_are_rate_limited_per_client(days_later):
    days_later(8)
    records = [_record()[2] for _ in range(6)]
    for record in records[:5]:
        services.leave_review(record, 5, "Fine treatment, no problems.", "same-ip")
    from treatsafe.records.ratelimit import RateLimited

    with pytest.raises(RateLimited):
        services.leave_review(records[5], 5, "Fine treatment, no problems.", "same-ip")


def test_the_practitioner_replies_once_and_no_one_else_can(days_later):
    user, _, record = _record()
    days_later(8)
    review = services.leave_review(record, 2, "Slow to answer my questions.", "ip")
    other, _, _ = practitioner()
    with pytest.raises(services.NotFound):
        services.reply(other, review.pk, "Not mine")
    services.reply(user, review.pk, "Sorry: we have changed our phone system.")
    with pytest.raises(services.Conflict):
        services.reply(user, review.pk, "Again")


def test_assessors_moderate_with_reasons_and_every_decision_is_audited(days_later):
    _, _, record = _record()
    days_later(8)
    review = services.leave_review(record, 1, "Call 07700 900123 now.", "ip")
    assessor = make_assessor()
    with pytest.raises(services.InvalidInput, match="reason"):
        services.moderate(assessor, review.pk, "hide", "")
    services.moderate(assessor, review.pk, "hide", "Phone number")
    services.moderate(assessor, review.pk, "restore")
    actions = list(AuditEntry.objects.filter(object_type="review").values_list("action", flat=True))
    assert actions == ["review_submitted", "review_hidden", "review_restored"]
    with pytest.raises(Forbidden):
        services.moderate(practitioner()[0], review.pk, "hide", "x")


def test_anyone_can_report_a_published_review(client, days_later):
    _, listing, record = _record()
    days_later(8)
    review = services.leave_review(record, 5, "Good results after a week.", "ip")
    response = client.post(f"/reviews/{review.pk}/report/", {"reason": "Looks fake"})
    assert response.status_code == 302 and review.flags.count() == 1


def test_the_listing_shows_published_reviews_with_product_count_and_average(client, days_later):
    user, listing, _ = practitioner()
    days_later(8)
    for rating, text in (
        (5, "Really good results."),
        (3, "Fine, some bruising."),
        (1, "Call 07700 900123"),
    ):
        record = issue(user, listing, treated_on=dt.date.today())
        services.leave_review(record, rating, text, f"ip{rating}")
    page = client.get(f"/register/practitioners/{listing.pk}/").content.decode()
    assert "4.0 out of 5 stars from 2 reviews" in page
    assert "Verified treatment" in page and "Hyaluronic filler" in page
    assert "07700" not in page
    api = client.get(f"/api/v1/practitioners/{listing.pk}/reviews").json()
    assert api["count"] == 2 and api["average"] == 4.0


def test_the_open_data_export_includes_published_reviews_without_personal_data(client, days_later):
    user, listing, record = _record(patient_email="secret@example.test")
    days_later(8)
    services.leave_review(record, 5, "Really good results.", "ip")
    body = b"".join(client.get("/register/export.json").streaming_content).decode()
    data = json.loads(body)
    assert [r["rating"] for r in data["reviews"]] == [5]
    assert "secret@example.test" not in body and record.token not in body


def test_the_patient_leaves_a_review_on_the_site_after_7_days(client, days_later):
    _, _, record = _record()
    page = client.get(f"/reviews/r/{record.token}/")
    assert "7 days" in page.content.decode()
    days_later(7)
    response = client.post(
        f"/reviews/r/{record.token}/", {"rating": "4", "text": "Nice result, little swelling."}
    )
    assert response.status_code == 302
    assert Review.objects.get().rating == 4
