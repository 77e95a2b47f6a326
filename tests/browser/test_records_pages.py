"""Treatment records, complication reports and verified reviews in a real browser, with axe on
every page: a practitioner records a treatment, the patient opens it from the emailed link and
from the PDF's QR code, reviews it after 7 days, reports a complication with emergency signs,
and an assessor moderates a review and triages a report."""

import uuid

import pypdfium2
import zxingcpp

from tests.browser.conftest import assert_accessible
from tests.browser.test_accounts_pages import read_outbox_link
from tests.browser.test_register_pages import last_line, make_user, sign_in, unique_email


def listing_for(server, address: str) -> tuple[int, int, int]:
    """Give the user an accredited listing, a clinic and a filler: (listing, clinic, product)."""
    out = server.python(
        "from treatsafe.accounts.models import User\n"
        "from tests.register.builders import make_listing, make_product\n"
        f"u = User.objects.get(email='{address}')\n"
        "l = make_listing('accredited', user=u, name='Browser Practitioner')\n"
        "p = make_product(l, name='Browser Filler', manufacturer='Browser Labs')\n"
        "print(l.pk, l.clinics.first().pk, p.pk, sep='|')"
    )
    return tuple(int(x) for x in last_line(out).split("|"))


def record_for_patient(server, days_ago: int = 0, email: str = "") -> str:
    """A record issued by a fresh practitioner; returns its private token."""
    name = uuid.uuid4().hex[:10]
    out = server.python(
        "import datetime as dt\n"
        "from tests.register.builders import make_listing, make_product, make_user\n"
        "from tests.records.builders import record_input\n"
        "from treatsafe.records.services import issue_record\n"
        f"u = make_user(username='{name}', email='{name}@example.test')\n"
        "l = make_listing('accredited', user=u)\n"
        "make_product(l)\n"
        f"r = issue_record(l, record_input(l, patient_email='{email}', "
        f"treated_on=dt.date.today() - dt.timedelta(days={days_ago})))\n"
        "print(r.token)"
    )
    return last_line(out)


def count(server, model: str, **filters) -> int:
    args = ", ".join(f"{k}={v!r}" for k, v in filters.items())
    out = server.python(
        f"from treatsafe.records.models import *\nfrom treatsafe.reviews.models import *\n"
        f"print({model}.objects.filter({args}).count())"
    )
    return int(last_line(out))


def qr_in_pdf(pdf: bytes) -> list[str]:
    document = pypdfium2.PdfDocument(pdf)
    assert len(document) == 1
    image = document[0].render(scale=3).to_pil()
    return [code.text for code in zxingcpp.read_barcodes(image)]


def test_a_practitioner_records_a_treatment_and_the_patient_opens_it_from_email_and_qr(
    e2e_server, page, browser
):
    address, patient = unique_email("recorder"), unique_email("patient")
    make_user(e2e_server, address, "practitioner")
    listing_for(e2e_server, address)
    sign_in(page, e2e_server, address, "/records/new/")
    page.goto(e2e_server.url + "/records/new/")
    assert_accessible(page)
    page.get_by_label("Date of treatment").fill("2026-01-10")
    page.get_by_label("Treatment", exact=True).select_option("dermal-filler")
    page.get_by_label("Clinic").select_option(index=1)
    page.get_by_label("Injected").check()
    page.get_by_label("Area treated").fill("Upper lip")
    page.get_by_label("Product 1", exact=True).select_option(label="Browser Filler (Browser Labs)")
    page.get_by_label("Product 1: batch or lot number").fill("BR-LOT-7")
    page.get_by_label("Product 1: expiry date").fill("2030-05-01")
    page.get_by_label("Aftercare advice given").fill("No make-up for a day.")
    page.get_by_label("Patient's email address (optional)").fill(patient)
    page.get_by_label("Under 18").check()
    page.get_by_role("button", name="Issue the record").click()
    # Refused under the 2021 Act: a clear error, and nothing stored
    assert page.title().startswith("Error: ")
    assert "under-18" in page.locator(".govuk-error-summary").inner_text()
    assert count(e2e_server, "TreatmentRecord", patient_email=patient) == 0
    assert_accessible(page)
    page.get_by_label("18 or over").check()
    page.get_by_role("button", name="Issue the record").click()
    assert page.locator("h1").inner_text() == "Treatment record: Dermal filler"
    assert "BR-LOT-7" in page.locator("main").inner_text()
    assert_accessible(page)

    link = read_outbox_link(e2e_server, patient, "Your treatment record")
    context = browser.new_context()
    patient_page = context.new_page()
    patient_page.goto(link)
    assert patient_page.locator("h1").inner_text() == "Your treatment record: Dermal filler"
    main = patient_page.locator("main").inner_text()
    assert "BR-LOT-7" in main and "999" in main and "Yellow Card" in main
    assert_accessible(patient_page)
    pdf = patient_page.request.get(link + "record.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    assert qr_in_pdf(pdf.body()) == [link]
    context.close()


def test_the_patient_can_review_only_from_7_days_after_the_treatment(e2e_server, page):
    token = record_for_patient(e2e_server, days_ago=0)
    clock = e2e_server.data_dir / "clock_offset_days"
    page.goto(f"{e2e_server.url}/reviews/r/{token}/")
    assert "7 days after it" in page.locator("main").inner_text()
    assert page.get_by_role("button", name="Publish your review").count() == 0
    assert_accessible(page)
    try:
        clock.write_text("7")
        page.goto(f"{e2e_server.url}/records/r/{token}/")
        page.get_by_role("link", name="Leave a verified review").click()
        assert_accessible(page)
        page.get_by_label("4 stars").check()
        page.get_by_label("Your review").fill("Natural result, a little swelling for two days.")
        page.get_by_role("button", name="Publish your review").click()
    finally:
        clock.unlink(missing_ok=True)
    main = page.locator("main").inner_text()
    assert "your review is published" in main
    assert "Verified treatment" in main and "4 out of 5 stars" in main
    assert_accessible(page)


def test_emergency_signs_show_999_at_once_before_the_report_is_stored(e2e_server, page):
    token = record_for_patient(e2e_server, days_ago=1)
    page.goto(f"{e2e_server.url}/records/r/{token}/")
    page.get_by_role("link", name="Report a problem with this treatment to TreatSafe").click()
    assert_accessible(page)
    page.get_by_label("Skin turning white, blue, grey or blotchy").check()
    page.get_by_role("button", name="Continue").click()
    assert page.locator("h1").inner_text() == "Call 999 or go to A&E now"
    assert count(e2e_server, "ComplicationReport", record__token=token) == 0
    assert_accessible(page)
    page.get_by_role("link", name="report the problem to TreatSafe").click()
    page.get_by_label("What happened?").fill("My lip went pale and then blotchy.")
    page.get_by_label("Date the problem started").fill(
        __import__("datetime").date.today().isoformat()
    )
    page.get_by_label("Getting worse").check()
    page.get_by_label("Yes").check()
    assert_accessible(page)
    page.get_by_role("button", name="Send the report").click()
    assert "Your report is sent" in page.locator("main").inner_text()
    assert count(e2e_server, "ComplicationReport", record__token=token, triage="high") == 1


def test_an_assessor_moderates_a_review_and_triages_a_report(e2e_server, page):
    token = record_for_patient(e2e_server, days_ago=10)
    out = e2e_server.python(
        "import datetime as dt\n"
        "from treatsafe.records.models import TreatmentRecord\n"
        "from treatsafe.records import complications\n"
        "from treatsafe.reviews import services\n"
        f"r = TreatmentRecord.objects.get(token='{token}')\n"
        "v = services.leave_review(r, 2, 'Call me on 07700 900123 about it.', 'browser')\n"
        "c = complications.report_problem(r, complications.ReportInput("
        "'A hard lump', dt.date.today(), 'same', 'no', []))\n"
        "print(v.pk, v.status, c.pk, sep='|')"
    )
    review_id, status, report_id = last_line(out).split("|")
    assert status == "held"
    address = unique_email("assessor")
    make_user(e2e_server, address, "assessor")
    sign_in(page, e2e_server, address, "/reviews/moderate/")
    page.goto(e2e_server.url + "/reviews/moderate/")
    assert_accessible(page)
    page.get_by_role("link", name=f"Review {review_id}").click()
    assert_accessible(page)
    page.get_by_label("Reason (needed to hide a review)").fill("Contains a phone number")
    page.get_by_role("button", name="Hide").click()
    assert "Status: Hidden" in page.locator("main").inner_text()
    assert_accessible(page)

    page.goto(e2e_server.url + "/records/assess/complications/")
    assert_accessible(page)
    page.get_by_role("link", name=f"Report {report_id}", exact=True).click()
    page.get_by_role("button", name="Take on this report").click()
    assert_accessible(page)
    page.get_by_label("High").check()
    page.get_by_label("Reason for the triage").fill("Lump near an artery: see today")
    page.get_by_role("button", name="Save the triage").click()
    assert "High: Lump near an artery" in page.locator("main").inner_text().replace("\n", " ")
    page.get_by_role("link", name="See the treatment record").click()
    assert page.locator("h1").inner_text().startswith("Treatment record")
    assert "handling complication report" in page.locator("main").inner_text()
    assert_accessible(page)
