"""Look-up by name, honest pages, watching a listing (confirmed from the mail file), the
assessors' queue, and every changed page at phone widths (390 and 320 px), with axe."""

import email
import re
import uuid

import pytest

from tests.browser.conftest import assert_accessible
from tests.browser.test_accounts_pages import read_outbox_link
from tests.browser.test_ingredients_check import LABEL
from tests.browser.test_register_pages import accredited_clinic, last_line, make_user, sign_in

SEARCH_BOX = "Postcode, town, name or registration number"


def paging_listings(server) -> int:
    """23 public listings sharing a surname (made once per session), for paging by name."""
    out = server.python(
        "from treatsafe.register.models import Practitioner, Clinic\n"
        "from treatsafe.register.indexing import reindex\n"
        "from django.utils import timezone\n"
        "import datetime as dt\n"
        "if not Practitioner.objects.filter(name__endswith='Quellington').exists():\n"
        "    c = Clinic.objects.create(name='Quellington Rooms', address='1 Test Road', "
        "postcode='W1G 9PF', latitude=51.52, longitude=-0.147, nation='england')\n"
        "    for i in range(23):\n"
        "        p = Practitioner.objects.create(name=f'Ffion {i:02d} Quellington', "
        "profession='nurse', status='suspended' if i == 0 else 'applied', "
        "status_reason='Complaint being investigated.' if i == 0 else '', "
        "status_changed_at=timezone.now() - dt.timedelta(days=i))\n"
        "        p.clinics.add(c); reindex(p)\n"
        "print(Practitioner.objects.filter(name__endswith='Quellington').count())"
    )
    return int(last_line(out))


def unsubscribe_header(server, to: str) -> str:
    """The List-Unsubscribe address of the newest email to `to` (headers may be folded)."""
    found = []
    for path in sorted((server.data_dir / "outbox").glob("*"), key=lambda p: p.stat().st_mtime):
        for raw in path.read_text().split("\n" + "-" * 79 + "\n"):
            message = email.message_from_string(raw.strip())
            if message["To"] == to and message["List-Unsubscribe"]:
                found.append("".join(message["List-Unsubscribe"].split()).strip("<>"))
    return found[-1]


def test_a_name_search_with_a_typo_finds_the_listing_and_labels_its_state(e2e_server, page):
    listing_id, name, _ = accredited_clinic(e2e_server)
    first, last = name.split(" ", 1)
    typo = first + " " + last[0] + last[2:] if len(last) > 4 else name.upper()
    page.goto(e2e_server.url + "/register/")
    page.get_by_label(SEARCH_BOX).fill(typo)
    page.get_by_role("button", name="Search").click()
    assert re.search(r"\d+ listings? matc", page.locator("#results").inner_text())
    assert page.get_by_role("link", name=name).count() >= 1
    mine = page.locator(".treatsafe-result").filter(has_text=name).first
    assert "Accredited" in mine.inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="These results as JSON").click()
    assert '"kind": "name"' in page.content() or '"kind":"name"' in page.content()


def test_name_results_page_with_govuk_pagination_and_true_counts(e2e_server, page):
    assert paging_listings(e2e_server) == 23
    page.goto(e2e_server.url + "/register/?q=quellington")
    assert page.locator("#results").inner_text().startswith("23 listings match")
    assert "Showing 1 to 20 of 23." in page.locator("#showing").inner_text()
    assert "Suspended" in page.locator("main").inner_text()
    assert_accessible(page)
    page.locator(".govuk-pagination").get_by_role("link", name="Next").click()
    assert "Showing 21 to 23 of 23." in page.locator("#showing").inner_text()
    assert page.locator(".govuk-pagination__item--current").inner_text() == "2"
    assert_accessible(page)


def test_anyone_watches_a_listing_confirming_from_the_mail_then_unsubscribes(e2e_server, page):
    listing_id, name, _ = accredited_clinic(e2e_server)
    address = f"watcher-{uuid.uuid4().hex[:8]}@example.com"
    page.goto(f"{e2e_server.url}/register/practitioners/{listing_id}/")
    page.get_by_role("link", name=re.compile("Get an email when this listing")).click()
    assert_accessible(page)
    page.get_by_label("Email address").fill(address)
    page.get_by_role("button", name="Send the confirmation link").click()
    assert page.locator("h1").inner_text() == "Check your email"
    confirm = read_outbox_link(
        e2e_server, address, f"TreatSafe: confirm that you want to watch {name}"
    )
    assert confirm.startswith(e2e_server.url + "/")  # TREATSAFE_SITE_URL, set for this server
    page.goto(confirm)
    assert_accessible(page)
    page.get_by_role("button", name="Confirm").click()
    assert page.locator("h1").inner_text() == f"You are watching {name}"
    e2e_server.python(
        "from treatsafe.register.models import Practitioner\n"
        "from treatsafe.register import accrediting\n"
        "import datetime as dt\n"
        f"Practitioner.objects.filter(pk={listing_id}).update("
        "insurance_expires=dt.date.today() - dt.timedelta(days=2))\n"
        "accrediting.suspend_uninsured()"
    )
    stop = read_outbox_link(
        e2e_server, address, f"TreatSafe: {name}: suspended, insurance ended"
    )  # the first link is the listing; the unsubscribe link is in the headers and at the end
    assert f"/register/practitioners/{listing_id}/" in stop
    unsubscribe = unsubscribe_header(e2e_server, address)
    page.goto(unsubscribe)
    page.get_by_role("button", name="Stop these emails").click()
    assert page.locator("h1").inner_text() == "You will get no more emails"
    assert_accessible(page)


def test_the_assessors_queue_pages_filters_and_shows_how_long_each_waited(e2e_server, page):
    paging_listings(e2e_server)
    address = f"queue-{uuid.uuid4().hex[:8]}@example.com"
    make_user(e2e_server, address, "assessor")
    sign_in(page, e2e_server, address, "/register/assess/?show=applied")
    text = page.locator("main").inner_text()
    assert re.search(r"Showing 1 to \d+ of \d+, longest waiting first", text)
    assert "days ago" in text
    assert_accessible(page)
    page.get_by_label("Practitioner or clinic name").fill("quellington")
    page.get_by_label("Nation of a clinic").select_option("england")
    page.get_by_role("button", name="Apply filters").click()
    rows = page.locator("table tbody tr")
    assert rows.count() == 22  # the applied Quellingtons (50 a page)
    assert "Ffion 22 Quellington" in rows.first.inner_text()  # waited longest, first
    assert "Ffion 01 Quellington" in rows.last.inner_text()
    assert_accessible(page)


PHONE_PAGES = [
    "/register/?q=quellington",
    "/register/?q=W1G+9PF&radius=25",
    "/register/?q=12A3456E",
    "LISTING",
    "WATCH",
]


@pytest.mark.parametrize("width", [390, 320])
def test_every_changed_page_fits_a_phone_without_sideways_scrolling(e2e_server, browser, width):
    paging_listings(e2e_server)
    listing_id, _, _ = accredited_clinic(e2e_server)
    context = browser.new_context(viewport={"width": width, "height": 740}, is_mobile=True)
    page = context.new_page()
    try:
        for path in PHONE_PAGES:
            path = {
                "LISTING": f"/register/practitioners/{listing_id}/",
                "WATCH": f"/notifications/watch/{listing_id}/",
            }.get(path, path)
            page.goto(e2e_server.url + path)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, path
            assert_accessible(page)
        page.goto(e2e_server.url + "/ingredients/check/")
        page.get_by_label("Ingredient list").fill(LABEL)
        page.get_by_role("button", name="Check ingredients").click()
        assert page.locator("#ingredients").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= width, "label result"
        address = f"phone-{uuid.uuid4().hex[:8]}@example.com"
        make_user(e2e_server, address, "assessor")
        sign_in(page, e2e_server, address, "/register/assess/?show=all")
        assert page.locator("table tbody tr").count() >= 1
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert_accessible(page)
        page.goto(f"{e2e_server.url}/register/assess/{listing_id}/")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        context.close()
