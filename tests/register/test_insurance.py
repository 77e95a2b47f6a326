"""A listing never says more than is true: no accreditation past the insurance's end, a lapsed
insurance suspends the listing with its date, and the reason shown matches the data shown."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.register.builders import make_assessor, make_listing, meet_all_standards
from treatsafe.register import accrediting, demo
from treatsafe.register.accreditation import add_months, plan
from treatsafe.register.models import AuditEntry, Practitioner

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 28)


def test_an_accreditation_is_capped_at_the_end_of_the_insurance_and_says_so():
    outcome = plan(
        "accredit",
        "under_assessment",
        "assessor",
        today=TODAY,
        insured_until=dt.date(2027, 3, 31),
    )
    assert outcome.accredited_until == dt.date(2027, 3, 31)
    assert "until the end of the practitioner's insurance (31 March 2027)" in outcome.reason


def test_insurance_beyond_twelve_months_leaves_the_accreditation_at_twelve_months():
    outcome = plan(
        "accredit", "under_assessment", "assessor", today=TODAY, insured_until=dt.date(2028, 1, 1)
    )
    assert outcome.accredited_until == add_months(TODAY, 12)
    assert outcome.reason == ""


def test_accrediting_through_the_back_office_caps_and_publishes_the_reason(client):
    assessor = make_assessor()
    client.force_login(assessor)
    ends = timezone.localdate() + dt.timedelta(days=100)
    listing = make_listing("under_assessment", insurance_expires=ends)
    meet_all_standards(listing, assessor)
    response = client.post(f"/register/assess/{listing.pk}/decisions/accredit/", follow=True)
    listing.refresh_from_db()
    assert listing.accredited_until == ends
    shown = f"{ends.day} {ends:%B} {ends.year}"
    assert f"accredited until {shown}" in response.soup.get_text(" ", strip=True)
    public = client.get(f"/register/practitioners/{listing.pk}/").soup.get_text(" ", strip=True)
    assert "until the end of the practitioner's insurance" in public


def test_the_daily_job_suspends_a_listing_whose_insurance_ended_saying_when():
    today = timezone.localdate()
    ended = today - dt.timedelta(days=3)
    lapsed = make_listing("accredited", insurance_expires=ended)
    insured = make_listing("accredited")
    call_command("expire_accreditations", stdout=io.StringIO())
    lapsed.refresh_from_db()
    insured.refresh_from_db()
    assert lapsed.status == "suspended"
    assert lapsed.status_reason == (
        f"Insurance ended on {ended.day} {ended:%B} {ended.year}; "
        "suspended until new cover is shown."
    )
    assert insured.status == "accredited"
    entry = AuditEntry.objects.filter(practitioner_id=lapsed.pk).last()
    assert entry.action == "lapse" and entry.actor_id is None


def test_a_suspension_for_lapsed_insurance_cannot_be_lifted_without_new_cover():
    listing = make_listing("suspended", insurance_expires=timezone.localdate() - dt.timedelta(1))
    with pytest.raises(accrediting.AccreditationBlocked, match="no insurance in date"):
        accrediting.transition(make_assessor(), listing.pk, "reinstate", "cover shown")


def test_demo_listings_suspended_for_insurance_show_insurance_that_has_ended():
    demo.generate(300, history=False)
    suspended = Practitioner.objects.filter(is_demo=True, status_reason__startswith="Insurance")
    assert suspended.exists()
    today = timezone.localdate()
    for listing in suspended:
        assert listing.insurance_expires < today
        shown = f"{listing.insurance_expires.day} {listing.insurance_expires:%B}"
        assert shown in listing.status_reason
    accredited = Practitioner.objects.filter(is_demo=True, status="accredited")
    assert all(p.insurance_expires >= p.accredited_until for p in accredited)
    assert not Practitioner.objects.filter(is_demo=True, status_changed_at__isnull=True).exclude(
        status="draft"
    )
