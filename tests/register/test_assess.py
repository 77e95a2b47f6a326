"""The assessors' back office: standard by standard, decisions with reasons, reports, and the
rules that keep an assessment honest."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.register.builders import make_assessor, make_listing, make_user, meet_all_standards
from treatsafe.register import accrediting, services
from treatsafe.register.accreditation import add_months
from treatsafe.register.models import Assessment, AuditEntry, Report
from treatsafe.register.standards import STANDARDS

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessor(client):
    user = make_assessor()
    client.force_login(user)
    return user


def test_only_assessors_reach_the_back_office(client):
    assert client.get("/register/assess/").status_code == 302  # sign in first
    client.force_login(make_user())
    assert client.get("/register/assess/").status_code == 403


def test_an_assessor_assesses_standard_by_standard_and_accredits_for_twelve_months(
    client, assessor
):
    listing = make_listing(status="applied")
    assert client.get("/register/assess/").status_code == 200
    assert (
        client.post(f"/register/assess/{listing.pk}/decisions/start_assessment/").status_code == 302
    )
    page = client.get(f"/register/assess/{listing.pk}/")
    assert page.status_code == 200
    for standard in STANDARDS:
        response = client.post(
            f"/register/assess/{listing.pk}/standards/{standard.code}/",
            {f"{standard.code}-finding": "met", f"{standard.code}-evidence": "Seen the documents"},
        )
        assert response.status_code == 302
    assert Assessment.objects.filter(practitioner=listing, finding="met").count() == len(STANDARDS)
    assert client.post(f"/register/assess/{listing.pk}/decisions/accredit/").status_code == 302
    listing.refresh_from_db()
    assert listing.status == "accredited"
    assert listing.accredited_until == add_months(timezone.localdate(), 12)
    actions = list(
        AuditEntry.objects.filter(practitioner_id=listing.pk).values_list("action", flat=True)
    )
    assert actions[0] == "start_assessment" and actions[-1] == "accredit"
    assert actions.count("finding_recorded") == len(STANDARDS)
    history = client.get(f"/register/practitioners/{listing.pk}/").soup.get_text(" ")
    assert "Accredited" in history and "Assessment started" in history


def test_accreditation_is_refused_while_a_standard_is_not_met(client, assessor):
    listing = make_listing(status="under_assessment")
    meet_all_standards(listing, assessor)
    Assessment.objects.filter(practitioner=listing, standard="premises").update(finding="not_met")
    response = client.post(f"/register/assess/{listing.pk}/decisions/accredit/")
    assert response.status_code == 200  # the page again, with the reasons
    assert (
        "Premises and infection control"
        in response.soup.find(class_="govuk-error-summary").get_text()
    )
    listing.refresh_from_db()
    assert listing.status == "under_assessment"


def test_an_unlawful_offer_blocks_accreditation(assessor):
    listing = make_listing(status="under_assessment", treatments=("dermal-filler", "exosomes"))
    meet_all_standards(listing, assessor)
    listing.offers.filter(treatment="exosomes").update(verdict="unlawful", is_published=False)
    with pytest.raises(accrediting.AccreditationBlocked, match="unlawful"):
        accrediting.transition(assessor, listing.pk, "accredit")
    listing.refresh_from_db()
    assert listing.status == "under_assessment"


def test_expired_insurance_blocks_accreditation(assessor):
    listing = make_listing(
        status="under_assessment",
        insurance_expires=timezone.localdate() - dt.timedelta(days=1),
    )
    meet_all_standards(listing, assessor)
    with pytest.raises(accrediting.AccreditationBlocked, match="insurance"):
        accrediting.transition(assessor, listing.pk, "accredit")


def test_suspending_needs_a_reason_which_is_then_shown_publicly(client, assessor):
    listing = make_listing(status="accredited")
    response = client.post(
        f"/register/assess/{listing.pk}/decisions/suspend/", {"suspend-reason": ""}
    )
    assert response.status_code == 200
    assert response.soup.find(class_="govuk-error-summary")
    listing.refresh_from_db()
    assert listing.status == "accredited"
    client.post(
        f"/register/assess/{listing.pk}/decisions/suspend/",
        {"suspend-reason": "Complaint about aftercare under investigation"},
    )
    listing.refresh_from_db()
    assert listing.status == "suspended"
    public = client.get(f"/register/practitioners/{listing.pk}/").soup.get_text(" ")
    assert "Complaint about aftercare under investigation" in public


def test_revoking_is_final_and_public(client, assessor):
    listing = make_listing(status="suspended", accredited_until=timezone.localdate())
    client.post(
        f"/register/assess/{listing.pk}/decisions/revoke/", {"revoke-reason": "Fraudulent PIN"}
    )
    listing.refresh_from_db()
    assert listing.status == "revoked"
    response = client.post(
        f"/register/assess/{listing.pk}/decisions/reinstate/", {"reinstate-reason": "x"}
    )
    assert "not possible" in response.soup.find(class_="govuk-error-summary").get_text()
    assert "revoked" in client.get(f"/register/practitioners/{listing.pk}/").soup.get_text()


def test_an_assessor_cannot_assess_their_own_listing(client, assessor):
    listing = make_listing(status="applied", user=assessor)
    response = client.post(f"/register/assess/{listing.pk}/decisions/start_assessment/")
    assert response.status_code == 403
    listing.refresh_from_db()
    assert listing.status == "applied"


def test_an_assessor_sees_reports_against_a_listing_and_can_close_them(client, assessor):
    listing = make_listing(status="accredited")
    report = services.report_listing(listing.pk, "Advertised Botox on Instagram")
    page = client.get(f"/register/assess/{listing.pk}/")
    assert "Advertised Botox on Instagram" in page.soup.get_text()
    assert listing.name in client.get("/register/assess/").soup.get_text()
    client.post(f"/register/assess/reports/{report.pk}/", {"status": "closed"})
    assert Report.objects.get(pk=report.pk).status == "closed"


def test_a_finding_of_does_not_apply_is_refused_for_a_standard_that_always_applies(assessor):
    listing = make_listing(status="under_assessment")
    with pytest.raises(services.InvalidInput):
        accrediting.record_finding(assessor, listing.pk, "insurance", "not_applicable", "")
    accrediting.record_finding(assessor, listing.pk, "prescriber", "not_applicable", "No POMs")


def test_expiry_by_date_is_recorded_by_the_system(assessor):
    lapsed = make_listing(
        status="accredited", accredited_until=timezone.localdate() - dt.timedelta(days=2)
    )
    current = make_listing(status="accredited")
    assert accrediting.expire_due() == 1
    lapsed.refresh_from_db()
    current.refresh_from_db()
    assert lapsed.status == "expired" and current.status == "accredited"
    assert AuditEntry.objects.filter(practitioner_id=lapsed.pk, action="expire").exists()


def test_the_admin_shows_the_audit_log_read_only_even_to_a_superuser(admin_client):
    listing = make_listing()
    owner = make_user()
    listing.user = owner
    listing.save()
    accrediting.transition(owner, listing.pk, "apply")
    entry = AuditEntry.objects.last()
    assert admin_client.get("/admin/register/auditentry/").status_code == 200
    assert admin_client.get(f"/admin/register/auditentry/{entry.pk}/delete/").status_code == 403
    response = admin_client.post(f"/admin/register/auditentry/{entry.pk}/change/", {"actor": "x"})
    assert response.status_code == 403
    assert AuditEntry.objects.get(pk=entry.pk).actor == owner.username


def test_renewal_needs_every_standard_assessed_again_since_the_last_accreditation(assessor):
    listing = make_listing(status="under_assessment")
    meet_all_standards(listing, assessor)
    accrediting.transition(assessor, listing.pk, "accredit")
    listing.refresh_from_db()
    until = listing.accredited_until
    with pytest.raises(accrediting.AccreditationBlocked) as blocked:
        accrediting.transition(assessor, listing.pk, "renew")
    assert len(blocked.value.details["problems"]) == len(STANDARDS)
    assert all(p.startswith("Not re-assessed") for p in blocked.value.details["problems"])
    listing.refresh_from_db()
    assert listing.accredited_until == until
    for standard in STANDARDS:
        accrediting.record_finding(assessor, listing.pk, standard.code, "met", "Seen again")
    accrediting.transition(assessor, listing.pk, "renew")
    listing.refresh_from_db()
    assert listing.accredited_until == add_months(until, 12)


def test_a_practitioner_changing_what_an_assessor_verified_reopens_those_standards(
    client, assessor
):
    owner = make_user()
    listing = make_listing(user=owner, status="under_assessment")
    meet_all_standards(listing, assessor)
    accrediting.transition(assessor, listing.pk, "accredit")
    services.update_listing(owner, listing.pk, {"complications_contact": "020 7946 0999"})
    offer = listing.offers.get()
    services.save_offer(owner, listing.pk, {"price_from": "160"}, offer.pk)  # price only
    assert set(listing.assessments.values_list("standard", flat=True)) == {
        s.code for s in STANDARDS if s.code != "complications"
    }
    services.update_listing(owner, listing.pk, {"registration_number": "99Z9999Z"})
    assert not listing.assessments.filter(standard__in=("complications", "registration")).exists()
    reopened = AuditEntry.objects.filter(action="findings_reopened").order_by("id")
    assert [sorted(e.before) for e in reopened] == [["complications"], ["registration"]]
    assert reopened.last().after == {"changed": ["registration_number"]}
    listing.refresh_from_db()
    assert listing.status == "accredited"  # only an assessor changes the state
    queue = client.get("/register/assess/").soup
    section = queue.find("h2", string=lambda t: t and "changed by the practitioner" in t)
    assert section and f"number {listing.pk}" in section.find_next("table").get_text()
    blockers = accrediting.accreditation_blockers(listing, timezone.localdate())
    assert "Standard not met: Verified statutory registration." in blockers
    client.force_login(owner)
    notice = client.get("/register/my-listing/").soup.find(class_="govuk-inset-text")
    assert "Verified statutory registration" in notice.get_text()


def test_changes_to_a_draft_reopen_nothing_and_write_no_extra_entry(assessor):
    owner = make_user()
    listing = make_listing(user=owner, status="draft")
    services.update_listing(owner, listing.pk, {"registration_number": "99Z9999Z"})
    assert not AuditEntry.objects.filter(action="findings_reopened").exists()


def test_every_reopening_rule_names_a_standard_and_fields_a_practitioner_can_change():
    from treatsafe.register.services import PRACTITIONER_FIELDS
    from treatsafe.register.standards import REOPENED_BY, STANDARDS_BY_CODE

    known = set(PRACTITIONER_FIELDS) | {"clinics", "products", "treatments"}
    for code, keys in REOPENED_BY.items():
        assert code in STANDARDS_BY_CODE, code
        assert keys and keys <= known, (code, keys - known)


def test_an_assessor_cannot_close_reports_against_their_own_listing(client, assessor):
    listing = make_listing(status="accredited", user=assessor)
    report = services.report_listing(listing.pk, "Injects filler in a car park")
    response = client.post(f"/register/assess/reports/{report.pk}/", {"status": "closed"})
    assert response.status_code == 403
    assert Report.objects.get(pk=report.pk).status == "open"


def test_an_application_not_yet_under_assessment_offers_no_finding_forms(client, assessor):
    listing = make_listing(status="applied")
    page = client.get(f"/register/assess/{listing.pk}/")
    text = " ".join(page.soup.get_text(" ").split())
    assert "Save finding" not in text  # saving one would only say "Start the assessment"
    assert "Start the assessment to record findings" in text
    client.post(f"/register/assess/{listing.pk}/decisions/start_assessment/")
    page = client.get(f"/register/assess/{listing.pk}/")
    assert "Save finding" in page.soup.get_text(" ")


def test_a_decision_says_what_the_listing_now_is(client, assessor):
    listing = make_listing(status="applied")
    page = client.post(f"/register/assess/{listing.pk}/decisions/start_assessment/", follow=True)
    text = " ".join(page.soup.get_text(" ").split())
    assert "Done: start assessment" not in text
    assert f"{listing.name} is now under assessment." in text


def test_an_assessor_who_is_also_a_practitioner_sees_no_report_about_their_own_listing(
    client, assessor
):
    from django.contrib.auth.models import Group

    assessor.groups.add(Group.objects.get_or_create(name="practitioners")[0])
    own = make_listing(status="accredited", user=assessor, name="Own Listing")
    other = make_listing(status="accredited", name="Other Listing")
    services.report_listing(own.pk, "Secret complaint about the owner")
    services.report_listing(other.pk, "Complaint about someone else")

    queue = " ".join(client.get("/register/assess/").soup.get_text(" ").split())
    assert "Other Listing" in queue
    assert "Own Listing" not in queue

    own_page = client.get(f"/register/assess/{own.pk}/").content.decode()
    assert "Secret complaint" not in own_page
    assert "shown to other assessors only" in own_page
    assert (
        "Complaint about someone else"
        in client.get(f"/register/assess/{other.pk}/").content.decode()
    )

    # The admin (a staff assessor) hides them too.
    assessor.is_staff = True
    assessor.is_superuser = True
    assessor.save()
    admin_page = client.get("/admin/register/report/").content.decode()
    assert f"/admin/register/report/{other.reports.get().pk}/" in admin_page
    assert f"/admin/register/report/{own.reports.get().pk}/" not in admin_page
