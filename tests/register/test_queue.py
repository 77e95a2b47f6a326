"""The assessors' queue: longest waiting first, every listing reachable a page at a time, the
date each entered its state, filters by queue, nation and name."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.register.builders import make_assessor, make_clinic, make_listing, make_user
from treatsafe.register import accrediting, services
from treatsafe.register.models import Practitioner
from treatsafe.register.queue import PER_PAGE

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessor(client):
    user = make_assessor()
    client.force_login(user)
    return user


def waited(listing, days):
    Practitioner.objects.filter(pk=listing.pk).update(
        status_changed_at=timezone.now() - dt.timedelta(days=days)
    )


def row_names(soup):
    return [a.get_text() for a in soup.select("table tbody td:first-child a")]


def test_the_longest_waiting_come_first_with_the_date_they_entered_their_state(client, assessor):
    recent = make_listing("applied", name="Recent Applicant")
    old = make_listing("applied", name="Patient Applicant")
    waited(recent, 2)
    waited(old, 40)
    soup = client.get("/register/assess/", {"show": "applied"}).soup
    names = row_names(soup)
    assert names.index(f"Patient Applicant (number {old.pk})") < names.index(
        f"Recent Applicant (number {recent.pk})"
    )
    entered = (timezone.now() - dt.timedelta(days=40)).date()
    text = soup.get_text(" ", strip=True)
    assert f"{entered.day} {entered:%B} {entered.year} (40 days ago)" in text


def test_a_new_application_is_on_the_queue_however_long_it_is(client, assessor):
    for i in range(PER_PAGE + 3):
        waited(make_listing("applied", name=f"Waiting Applicant {i:02d}"), 30)
    owner = make_user()
    draft = make_listing("draft", user=owner, name="Brand New Applicant")
    accrediting.transition(owner, draft.pk, "apply")
    first = client.get("/register/assess/", {"show": "applied"}).soup
    text = first.get_text(" ", strip=True)
    assert f"Showing 1 to {PER_PAGE} of {PER_PAGE + 4}" in text
    last_page = first.find("nav", class_="govuk-pagination").find("a", rel="next")["href"]
    second = client.get("/register/assess/" + last_page).soup
    assert f"Brand New Applicant (number {draft.pk})" in row_names(second)
    assert "today" in second.get_text()


def test_the_queue_filters_by_nation_and_by_a_name_with_a_typo(client, assessor):
    welsh = make_listing("applied", name="Angharad Llewellyn", clinic=make_clinic(nation="wales"))
    english = make_listing("applied", name="Angela Lewis")
    by_nation = row_names(
        client.get("/register/assess/", {"show": "applied", "nation": "wales"}).soup
    )
    assert f"Angharad Llewellyn (number {welsh.pk})" in by_nation
    assert f"Angela Lewis (number {english.pk})" not in by_nation
    by_name = row_names(client.get("/register/assess/", {"q": "anghard llewelyn"}).soup)
    assert by_name == [f"Angharad Llewellyn (number {welsh.pk})"]


def test_every_waiting_queue_is_counted_and_an_unknown_filter_is_an_error(client, assessor):
    make_listing("under_assessment")
    listing = make_listing("accredited")
    services.report_listing(listing.pk, "Advertised Botox on Instagram")
    soup = client.get("/register/assess/").soup
    text = soup.get_text(" ", strip=True)
    assert "Under assessment (" in text and "Listings with open reports (" in text
    assert listing.name in text  # a listing with an open report is waiting for an assessor
    bad = client.get("/register/assess/", {"show": "everything-ever"})
    assert bad.soup.title.get_text().startswith("Error: ")
