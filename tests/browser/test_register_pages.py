"""The register in a real browser: search, a listing, sign-up to application, and an assessor
accrediting, with axe on every page and the phone layout checked."""

import re
import uuid

from tests.browser.conftest import assert_accessible
from tests.browser.test_accounts_pages import read_outbox_link

PASSWORD = "a long browser passphrase"


def unique_email(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}@example.com"


def last_line(output: str) -> str:
    """What the code printed last (Django's shell may print a note about its imports first)."""
    return output.strip().splitlines()[-1]


def accredited_clinic(server) -> tuple[int, str, str]:
    """(listing id, name, clinic postcode) of an accredited demo listing."""
    out = server.python(
        "from treatsafe.register.models import Practitioner\n"
        "from django.utils import timezone\n"
        "p = Practitioner.objects.filter(status='accredited', is_demo=True, "
        "accredited_until__gte=timezone.localdate(), offers__is_published=True)"
        ".order_by('id').first()\n"
        "print(p.pk, p.clinics.first().postcode, p.name, sep='|')"
    )
    listing_id, postcode, name = last_line(out).split("|")
    return int(listing_id), name, postcode


def make_user(server, address: str, role: str) -> None:
    server.python(
        "from treatsafe.accounts.models import User\n"
        "from treatsafe.accounts import roles\n"
        "from django.utils import timezone\n"
        f"u = User(username='{address}', email='{address}', full_name='Test {role.title()}', "
        "email_verified_at=timezone.now())\n"
        f"u.set_password('{PASSWORD}'); u.save()\n"
        f"roles.make_{role}(u)"
    )


def sign_in(page, server, address: str, next_path: str | None = None) -> None:
    page.goto(f"{server.url}/accounts/login/" + (f"?next={next_path}" if next_path else ""))
    page.get_by_label("Email address").fill(address)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_searching_by_postcode_finds_accredited_practitioners_nearest_first(e2e_server, page):
    listing_id, name, postcode = accredited_clinic(e2e_server)
    page.goto(e2e_server.url + "/register/")
    assert_accessible(page)
    page.get_by_label("Postcode, town, name or registration number").fill(postcode)
    page.get_by_label("Distance").select_option("25")
    page.get_by_role("button", name="Search").click()
    assert re.search(
        r"accredited practitioners? within 25 miles", page.locator("#results").inner_text()
    )
    results = page.locator(".treatsafe-result")
    assert results.count() >= 1
    assert page.get_by_role("link", name=name).count() >= 1
    distances = [
        float(m) for m in re.findall(r"([\d.]+) miles away", page.locator("main").inner_text())
    ]
    assert distances == sorted(distances)
    assert "Demo data" in results.first.inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="These results as JSON").click()
    assert '"results"' in page.content()


def test_a_search_with_a_mistake_shows_an_error_summary_linked_to_the_field(e2e_server, page):
    page.goto(e2e_server.url + "/register/")
    page.get_by_role("button", name="Search").click()
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert_accessible(page)
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_q"


def test_search_results_fit_a_phone_screen(e2e_server, phone_page):
    _, _, postcode = accredited_clinic(e2e_server)
    phone_page.goto(f"{e2e_server.url}/register/?q={postcode}&radius=25")
    assert phone_page.locator(".treatsafe-result").count() >= 1
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(phone_page)


def test_a_listing_page_shows_treatments_products_and_history_accessibly(
    e2e_server, page, phone_page
):
    listing_id, name, _ = accredited_clinic(e2e_server)
    for p in (page, phone_page):
        p.goto(f"{e2e_server.url}/register/practitioners/{listing_id}/")
        assert p.locator("h1").inner_text() == name
        text = p.locator("main").inner_text()
        assert "Accredited until" in text
        assert "Treatments offered" in text and "Accreditation history" in text
        assert_accessible(p)
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375


def test_a_revoked_listing_says_so_plainly(e2e_server, page):
    listing_id = int(
        last_line(
            e2e_server.python(
                "from treatsafe.register.models import Practitioner\n"
                "print(Practitioner.objects.filter(status='revoked').order_by('id').first().pk)"
            )
        )
    )
    page.goto(f"{e2e_server.url}/register/practitioners/{listing_id}/")
    text = page.locator("main").inner_text()
    assert "This accreditation was revoked" in text and "Reason:" in text
    assert_accessible(page)


def test_a_practitioner_goes_from_sign_up_to_an_application(e2e_server, page):
    address = unique_email("applicant")
    page.goto(e2e_server.url + "/accounts/sign-up/")
    page.get_by_label("Full name").fill("Nia Applicant")
    page.get_by_label("Email address").fill(address)
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.goto(read_outbox_link(e2e_server, address, "Confirm your email address for TreatSafe"))
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Confirm email address").click()
    assert page.url == e2e_server.url + "/register/my-listing/"
    assert page.locator("h1").inner_text() == "Create your listing"
    assert_accessible(page)
    assert page.get_by_label("Full name").input_value() == "Nia Applicant"
    page.get_by_label("Profession").select_option("nurse")
    page.get_by_label("Statutory register").select_option("nmc")
    page.get_by_label("Registration number").fill("12A3456B")
    page.get_by_label("I am an independent prescriber").check()
    page.get_by_label("Insurer").fill("Example Insurance")
    page.get_by_label("Insurance expiry date").fill("2099-06-30")
    page.get_by_role("button", name="Create listing").click()
    assert page.locator("h1").inner_text() == "Your listing"
    page.get_by_role("link", name="Add a clinic").click()
    assert_accessible(page)
    page.get_by_label("Clinic name").fill("Westway Skin")
    page.get_by_label("Address (without the postcode)").fill("1 Test Road\nLondon")
    page.get_by_label("Postcode", exact=True).fill("W10 4AA")
    page.get_by_role("button", name="Add clinic").click()
    page.get_by_role("link", name="Change Westway Skin").click()
    assert page.locator("h1").inner_text() == "Change a clinic"
    assert_accessible(page)
    page.get_by_label("Clinic name").fill("Westway Skin Clinic")
    page.get_by_role("button", name="Save clinic").click()
    assert "Westway Skin Clinic, W10 4AA" in page.locator("main").inner_text()
    page.get_by_role("link", name="Add a clinic").click()
    page.get_by_label("Clinic name").fill("Old Rooms")
    page.get_by_label("Address (without the postcode)").fill("2 Test Road\nLondon")
    page.get_by_label("Postcode", exact=True).fill("W10 4AA")
    page.get_by_role("button", name="Add clinic").click()
    page.get_by_role("link", name="Leave Old Rooms").click()
    assert_accessible(page)
    page.get_by_role("button", name="Leave this clinic").click()
    assert "Old Rooms is no longer on your listing" in page.locator("main").inner_text()
    assert page.locator("main li", has_text="Old Rooms").count() == 0
    page.get_by_role("link", name="Add a product").click()
    assert_accessible(page)
    page.get_by_label("Product name").fill("Hyaluronic filler 1 ml")
    page.get_by_label("Manufacturer").fill("Example Labs")
    page.get_by_label("Synthetic").check()
    page.get_by_label("Injected").check()
    page.get_by_label("UKCA or CE-marked medical device").check()
    page.get_by_role("button", name="Save product").click()
    page.get_by_role("link", name="Add a treatment").click()
    assert_accessible(page)
    page.get_by_label("Treatment", exact=True).select_option("dermal-filler")
    page.get_by_label("Price from (£)").fill("180")
    page.get_by_label("Price to (£)").fill("320")
    page.get_by_label("Hyaluronic filler 1 ml (Example Labs)").check()
    page.get_by_role("button", name="Save treatment").click()
    assert "public once you apply for assessment" in page.locator("main").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Apply for assessment").click()
    assert "Your application is sent" in page.locator("main").inner_text()
    assert "Applied" in page.locator("main").inner_text()
    page.get_by_role("link", name="See your public listing").click()
    assert "has not been assessed yet" in page.locator("main").inner_text()


def test_an_assessor_assesses_each_standard_and_accredits(e2e_server, page):
    listing_id = int(
        last_line(
            e2e_server.python(
                "from treatsafe.register.models import Practitioner\n"
                "from django.utils import timezone\n"
                "p = Practitioner.objects.filter(status='applied', is_demo=True, "
                "insurance_expires__gt=timezone.localdate(), offers__is_published=True)"
                ".exclude(offers__verdict='unlawful').order_by('id').first()\n"
                "print(p.pk)"
            )
        )
    )
    address = unique_email("assessor")
    make_user(e2e_server, address, "assessor")
    sign_in(page, e2e_server, address)
    assert page.url == e2e_server.url + "/register/assess/"  # assessors land in the back office
    assert page.locator("h1").inner_text().startswith("Assess listings")
    assert_accessible(page)
    page.goto(f"{e2e_server.url}/register/assess/{listing_id}/")
    page.get_by_role("button", name="Start assessment").click()
    assert "is now under assessment." in page.locator("main").inner_text()
    assert_accessible(page)
    forms = page.locator("form[action*='/standards/']")
    for index in range(forms.count()):
        form = page.locator("form[action*='/standards/']").nth(index)
        form.get_by_label("Met", exact=True).check()
        form.get_by_label("Evidence note").fill("Documents seen in the browser test")
        form.get_by_role("button", name=re.compile("Save finding")).click()
        assert "Finding saved" in page.locator("main").inner_text()
    page.get_by_role("button", name="Accredit for 12 months").click()
    assert "is now accredited until" in page.locator("main").inner_text()
    page.get_by_role("link", name="public listing").click()
    main = page.locator("main").inner_text()
    assert "Accredited until" in main
    assert "Accredited" in page.locator("table").last.inner_text()
    assert_accessible(page)
