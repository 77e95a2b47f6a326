"""The record pages, the PDF with its QR code, the patient's download and delete, the
complication report flow, API tokens, recall, retention, and the assessor's handling."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from tests.records.builders import issue, practitioner
from tests.register.builders import make_assessor, make_product
from treatsafe.records import complications, recall, services
from treatsafe.records.models import ComplicationReport, RecallNotice, TreatmentRecord
from treatsafe.register.models import AuditEntry

pytestmark = pytest.mark.django_db


def _form(listing, product, **fields):
    today = dt.date.today()
    data = {
        "treated_on": (today - dt.timedelta(days=1)).isoformat(),
        "treatment": "dermal-filler",
        "clinic": listing.clinics.first().pk,
        "route": "injected",
        "area": "upper lip",
        "product_1": product.pk,
        "batch_1": "LOT9",
        "expiry_1": (today + dt.timedelta(days=90)).isoformat(),
        "aftercare": "Ice if swollen.",
        "patient_age_band": "18_or_over",
        "patient_email": "",
    }
    data.update(fields)
    return data


def test_a_practitioner_records_a_treatment_on_the_site(client):
    user, listing, product = practitioner()
    client.force_login(user)
    assert client.get("/records/new/").status_code == 200
    response = client.post("/records/new/", _form(listing, product))
    record = TreatmentRecord.objects.get()
    assert response.status_code == 302 and record.token in response["Location"]
    page = client.get(response["Location"])
    assert "LOT9" in page.content.decode()


def test_a_refused_record_shows_the_error_on_the_form_and_stores_nothing(client):
    user, listing, product = practitioner()
    client.force_login(user)
    response = client.post("/records/new/", _form(listing, product, patient_age_band="under_18"))
    assert response.status_code == 200
    assert "under-18" in response.content.decode()
    assert response.soup.title.text.startswith("Error: ")
    assert TreatmentRecord.objects.count() == 0


def test_the_patient_page_shows_what_to_do_if_something_goes_wrong(client):
    user, listing, _ = practitioner()
    record = issue(user, listing)
    page = client.get(f"/records/r/{record.token}/")
    text = page.content.decode()
    assert page["Cache-Control"] == "no-store"
    for needle in ("999", "111", "Yellow Card", listing.complications_contact, "LOT123"):
        assert needle in text
    assert "Accreditation at the treatment" in text and "Accreditation now" in text


def test_the_pdf_is_one_page_with_a_qr_code_to_the_record_page(client):
    import pypdfium2
    import zxingcpp

    user, listing, _ = practitioner()
    record = issue(user, listing)
    response = client.get(f"/records/r/{record.token}/record.pdf")
    assert response["Content-Type"] == "application/pdf"
    pdf = pypdfium2.PdfDocument(response.content)
    assert len(pdf) == 1
    image = pdf[0].render(scale=3).to_pil()
    codes = zxingcpp.read_barcodes(image)
    assert [c.text for c in codes] == [f"http://testserver/records/r/{record.token}/"]


def test_the_patient_downloads_their_data_as_json_and_deletes_their_copy(client):
    user, listing, _ = practitioner()
    record = issue(user, listing, patient_email="p@example.test")
    data = json.loads(client.get(f"/records/r/{record.token}/record.json").content)
    assert data["email"] == "p@example.test" and data["products"][0]["batch"] == "LOT123"
    assert client.get(f"/records/r/{record.token}/delete/").status_code == 200
    assert client.post(f"/records/r/{record.token}/delete/").status_code == 200
    assert not TreatmentRecord.objects.exists()
    assert client.get(f"/records/r/{record.token}/").status_code == 404


def test_emergency_signs_show_999_before_anything_is_stored(client):
    user, listing, _ = practitioner()
    record = issue(user, listing)
    response = client.post(
        f"/records/r/{record.token}/problem/", {"emergency_signs": ["skin_colour"]}
    )
    assert "Call 999 or go to A&amp;E now" in response.content.decode()
    assert ComplicationReport.objects.count() == 0
    details = f"/records/r/{record.token}/problem/details/?signs=skin_colour"
    response = client.post(
        details,
        {
            "emergency_signs": ["skin_colour"],
            "what_happened": "Pale patch on lip",
            "started_on": dt.date.today().isoformat(),
            "how_now": "worse",
            "seen_doctor": "yes",
        },
    )
    assert response.status_code == 302
    report = ComplicationReport.objects.get()
    assert report.triage == "high" and "white" in report.triage_reason


def test_no_emergency_signs_go_straight_to_the_details(client):
    user, listing, _ = practitioner()
    record = issue(user, listing)
    response = client.post(f"/records/r/{record.token}/problem/", {})
    assert response.status_code == 302 and response["Location"].endswith("/problem/details/")


@pytest.mark.parametrize(
    ("how", "doctor", "signs", "level"),
    [
        ("better", "no", [], "low"),
        ("worse", "no", [], "medium"),
        ("same", "yes", [], "medium"),
        ("better", "no", ["vision"], "high"),
    ],
)
def test_triage_follows_the_answers(how, doctor, signs, level):
    data = complications.ReportInput("x", dt.date.today(), how, doctor, signs)
    assert complications.triage(data)[0] == level


def test_an_api_token_records_a_treatment_and_stops_working_once_revoked(client):
    from treatsafe.records import tokens

    user, listing, product = practitioner()
    token, text = tokens.create(user, "Clinic software")
    assert token.digest != text and text not in json.dumps(
        list(type(token).objects.values()), default=str
    )
    body = {
        "treated_on": (dt.date.today() - dt.timedelta(days=1)).isoformat(),
        "treatment": "dermal-filler",
        "clinic_id": listing.clinics.first().pk,
        "route": "injected",
        "area": "cheeks",
        "aftercare": "Rest.",
        "patient_age_band": "18_or_over",
        "products": [{"product_id": product.pk, "batch": "B1", "expires_on": "2099-01-01"}],
    }
    auth = {"HTTP_AUTHORIZATION": f"Bearer {text}"}
    response = client.post("/api/v1/records", body, content_type="application/json", **auth)
    assert response.status_code == 201, response.content
    assert response.json()["url"].endswith(f"/records/r/{response.json()['token']}/")
    refused = client.post(
        "/api/v1/records",
        {**body, "patient_age_band": "under_18"},
        content_type="application/json",
        **auth,
    )
    assert refused.status_code == 400 and refused.json()["error"] == "record_refused"
    tokens.revoke(user, token.pk)
    again = client.post("/api/v1/records", body, content_type="application/json", **auth)
    assert again.status_code == 401
    assert TreatmentRecord.objects.count() == 1


def test_token_pages_make_and_revoke_a_token(client):
    user, _, _ = practitioner()
    client.force_login(user)
    made = client.post("/records/api-tokens/", {"name": "Clinic app"})
    token_text = made.soup.select_one("#new-token").text
    assert token_text.startswith("tsr_")
    token_id = user.record_api_tokens.get().pk
    client.post(f"/records/api-tokens/{token_id}/revoke/")
    assert user.record_api_tokens.get().revoked_at is not None


def test_a_product_becoming_unlawful_puts_a_notice_on_records_and_emails_patients(mailoutbox):
    user, listing, product = practitioner()
    record = issue(user, listing, patient_email="p@example.test")
    mailoutbox.clear()
    recall.on_products_unlawful(None, products={product.pk: "prohibited ingredient"})
    notice = RecallNotice.objects.get(record=record)
    assert notice.kind == "unlawful" and notice.emailed_at
    assert len(mailoutbox) == 1 and record.token in mailoutbox[0].body
    recall.on_products_unlawful(None, products={product.pk: "again"})
    assert RecallNotice.objects.count() == 1 and len(mailoutbox) == 1


def test_the_verdict_recompute_signal_reaches_records(django_capture_on_commit_callbacks):
    from treatsafe.register.signals import products_became_unlawful

    user, listing, product = practitioner()
    record = issue(user, listing)
    products_became_unlawful.send(sender=None, products={product.pk: "now unlawful"})
    assert record.notices.count() == 1


def test_an_assessor_marks_a_batch_and_only_records_with_that_batch_get_a_notice(client):
    user, listing, product = practitioner()
    hit = issue(user, listing)
    from treatsafe.records.recording import ProductUse

    other = issue(
        user,
        listing,
        products=[ProductUse(product.pk, "OTHER", dt.date.today() + dt.timedelta(days=9))],
    )
    assessor = make_assessor()
    client.force_login(assessor)
    response = client.post(
        "/records/assess/batches/",
        {
            "product_name": product.name,
            "manufacturer": product.manufacturer,
            "batch": "lot123",
            "reason": "Contaminated",
        },
    )
    assert response.status_code == 302
    assert hit.notices.count() == 1 and other.notices.count() == 0
    assert "Contaminated" in client.get(f"/records/r/{hit.token}/").content.decode()


def test_records_past_their_retention_are_purged_by_the_command(settings):
    user, listing, _ = practitioner()
    old = issue(user, listing)
    TreatmentRecord.objects.filter(pk=old.pk).update(
        keep_until=dt.date.today() - dt.timedelta(days=1)
    )
    kept = issue(user, listing)
    out = io.StringIO()
    call_command("purge_records", stdout=out)
    assert "1 treatment record removed" in out.getvalue()
    assert list(TreatmentRecord.objects.values_list("pk", flat=True)) == [kept.pk]


def test_retention_follows_the_configured_period(settings):
    settings.RECORD_RETENTION_DAYS = 30
    user, listing, _ = practitioner()
    record = issue(user, listing)
    assert record.keep_until == record.current.treated_on + dt.timedelta(days=30)


def test_an_assessor_handles_a_report_and_the_listing_counts_findings_against(client):
    user, listing, _ = practitioner()
    record = issue(user, listing)
    report = complications.report_problem(
        record, complications.ReportInput("Lump", dt.date.today(), "same", "no", [])
    )
    assessor = make_assessor()
    client.force_login(assessor)
    assert client.get("/records/assess/complications/").status_code == 200
    assert client.get(f"/records/assess/complications/{report.pk}/record/").status_code == 404
    client.post(f"/records/assess/complications/{report.pk}/take/")
    page = client.get(f"/records/assess/complications/{report.pk}/record/")
    assert page.status_code == 200 and "LOT123" in page.content.decode()
    entry = AuditEntry.objects.filter(action="record_viewed").last()
    assert f"complication report {report.pk}" in entry.after["reason"]
    client.post(
        f"/records/assess/complications/{report.pk}/triage/",
        {"triage-triage": "medium", "triage-triage_reason": "Lump persisting"},
    )
    client.post(f"/records/assess/complications/{report.pk}/ask/", {"ask-question": "What filler?"})
    report.refresh_from_db()
    assert report.triage == "medium" and report.status == "awaiting_practitioner"
    client.force_login(user)
    client.post(f"/records/complications/{report.pk}/respond/", {"response": "Product X"})
    client.force_login(assessor)
    client.post(
        f"/records/assess/complications/{report.pk}/close/",
        {"close-outcome": "finding_against", "close-outcome_note": "Poor technique"},
    )
    report.refresh_from_db()
    assert report.practitioner_response == "Product X" and report.status == "closed"
    listing_page = client.get(f"/register/practitioners/{listing.pk}/").content.decode()
    assert "1 complication report closed with a finding against" in listing_page
    assert client.get(f"/records/assess/complications/{report.pk}/record/").status_code == 404


def test_a_report_can_be_linked_to_a_suspension(client):
    user, listing, _ = practitioner()
    record = issue(user, listing)
    report = complications.report_problem(
        record, complications.ReportInput("Necrosis", dt.date.today(), "worse", "yes", [])
    )
    assessor = make_assessor()
    complications.take_on(assessor, report.pk)
    complications.link_suspension(assessor, report.pk, "Serious complication under review")
    report.refresh_from_db()
    listing.refresh_from_db()
    assert listing.status == "suspended" and report.suspension.action == "suspend"


def test_services_refuse_a_practitioner_someone_elses_record():
    user, listing, _ = practitioner()
    record = issue(user, listing)
    other, _, _ = practitioner()
    with pytest.raises(services.RecordNotFound):
        services.for_practitioner(other, record.token)


def test_a_recompute_that_finds_a_recorded_product_unlawful_puts_a_notice_on_the_record(
    django_capture_on_commit_callbacks,
):
    from treatsafe.register import recompute
    from treatsafe.register.models import Product, VerdictState

    user, listing, _ = practitioner(treatments=("exosomes",))
    serum = make_product(
        listing,
        name="Plant exosome serum",
        source="plant",
        route="topical",
        regulatory_status="cosmetic",
    )
    listing.offers.get().products.add(serum)
    record = issue(user, listing, product=serum, treatment="exosomes", route="topical")
    # Later the product turns out to be of human origin: the recompute finds the offer unlawful.
    Product.objects.filter(pk=serum.pk).update(source="human")
    VerdictState.objects.update_or_create(
        key="verdicts", defaults={"fingerprint": "old", "computed_at": "2026-01-01T00:00Z"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        recompute.recompute_verdicts()
    notice = record.notices.get()
    assert notice.kind == "unlawful" and notice.product_name == "Plant exosome serum"


def test_demo_data_includes_records_reviews_and_reports_all_marked_as_demo(settings):
    from treatsafe.reviews.models import Review

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    out = io.StringIO()
    call_command("demo_data", practitioners=200, stdout=out)
    assert TreatmentRecord.objects.exists() and Review.objects.exists()
    assert ComplicationReport.objects.exists()
    assert not TreatmentRecord.objects.filter(is_demo=False).exists()
    assert not Review.objects.filter(is_demo=False).exists()
    assert not ComplicationReport.objects.filter(is_demo=False).exists()
    assert "Demo treatment records" in out.getvalue()
    call_command("demo_data", practitioners=0, stdout=out)
    assert not TreatmentRecord.objects.exists() and not Review.objects.exists()


def test_the_problem_page_links_to_yellow_card_when_a_medicine_or_device_was_used(client):
    user, listing, _ = practitioner()  # a filler: a device
    record = issue(user, listing)
    page = client.get(f"/records/r/{record.token}/problem/details/")
    assert "yellowcard.mhra.gov.uk" in page.content.decode()


def test_assessors_and_practitioners_find_the_new_pages_from_their_own(client):
    user, listing, _ = practitioner()
    client.force_login(user)
    assert "/records/" in client.get("/register/my-listing/").content.decode()
    client.force_login(make_assessor())
    queue = client.get("/register/assess/").content.decode()
    assert "/records/assess/complications/" in queue and "/reviews/moderate/" in queue


def test_the_practitioners_list_shows_only_their_own_records_by_treatment_name(client):
    user, listing, _ = practitioner()
    issue(user, listing, area="Mine only")
    other, other_listing, _ = practitioner()
    issue(other, other_listing, area="Not mine")
    client.force_login(user)
    page = client.get("/records/").content.decode()
    assert "Mine only" in page and "Not mine" not in page and "Dermal filler" in page
