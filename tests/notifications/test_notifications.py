"""Practitioners told at each change and before expiry; anyone can watch a listing (address
confirmed first, one-click unsubscribe, watchers never shown); the public decisions feed."""

import datetime as dt
import json
import xml.etree.ElementTree as ET

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from tests.register.builders import make_assessor, make_listing, make_user, meet_all_standards
from treatsafe.notifications import services
from treatsafe.notifications.models import Watch
from treatsafe.register import accrediting

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run the register's after-commit signals as a committed transaction would."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


def test_a_practitioner_gets_an_email_at_each_step_of_their_application(commit):
    owner = make_user(email="nurse@example.test")
    assessor = make_assessor()
    listing = make_listing("draft", user=owner, name="Carys Morgan")
    commit(accrediting.transition, owner, listing.pk, "apply")
    commit(accrediting.transition, assessor, listing.pk, "start_assessment")
    meet_all_standards(listing, assessor)
    commit(accrediting.transition, assessor, listing.pk, "accredit")
    commit(accrediting.transition, assessor, listing.pk, "suspend", "Complaint being investigated")
    subjects = [m.subject for m in mail.outbox if m.to == ["nurse@example.test"]]
    assert subjects == [
        "TreatSafe: We have your application",
        "TreatSafe: Your application is being assessed",
        "TreatSafe: Carys Morgan is accredited",
        "TreatSafe: Carys Morgan: accreditation suspended",
    ]
    assert "Reason: Complaint being investigated" in mail.outbox[-1].body


@override_settings(SITE_URL="https://treatsafe.example")
def test_every_link_in_an_email_uses_the_configured_site_address(commit):
    owner = make_user()
    listing = make_listing("draft", user=owner)
    commit(accrediting.transition, owner, listing.pk, "apply")
    links = [w for w in mail.outbox[-1].body.split() if "://" in w]
    assert links and all(link.startswith("https://treatsafe.example/") for link in links)


def test_a_reminder_is_sent_once_thirty_days_before_expiry(commit):
    owner = make_user(email="due@example.test")
    until = timezone.localdate() + dt.timedelta(days=30)
    make_listing("accredited", user=owner, accredited_until=until)
    make_listing("accredited", user=make_user(), accredited_until=until + dt.timedelta(days=90))
    accrediting.remind_expiring()
    accrediting.remind_expiring()  # the next day's run: no second email
    assert [m.to for m in mail.outbox] == [["due@example.test"]]
    shown = f"{until.day} {until:%B} {until.year}"
    assert mail.outbox[0].subject == f"TreatSafe: your accreditation ends on {shown}"


def confirm_link(message) -> str:
    return next(w for w in message.body.split() if "/notifications/watch/confirm/" in w)


def test_watching_needs_the_address_confirmed_then_mails_each_change_with_one_click_unsubscribe(
    client, commit
):
    listing = make_listing("accredited", name="Osian Pryce")
    response = client.post(f"/notifications/watch/{listing.pk}/", {"email": "me@example.test"})
    assert "Check your email" in response.soup.h1.get_text()
    (confirmation,) = mail.outbox
    assert confirmation.to == ["me@example.test"]
    assert confirmation.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    commit(accrediting.transition, make_assessor(), listing.pk, "suspend", "Under investigation")
    assert len(mail.outbox) == 1  # not confirmed yet: nothing sent
    path = confirm_link(confirmation).split("127.0.0.1:8000", 1)[1]
    assert "Confirm" in client.get(path).soup.get_text()  # a GET alone confirms nothing
    assert Watch.objects.get().confirmed_at is None
    client.post(path)
    commit(accrediting.transition, make_assessor(), listing.pk, "revoke", "Fraudulent PIN")
    change = mail.outbox[-1]
    assert change.subject == "TreatSafe: Osian Pryce: accreditation revoked"
    assert "Reason: Fraudulent PIN" in change.body
    unsubscribe = change.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe in change.body
    client.post(unsubscribe.split("127.0.0.1:8000", 1)[1])  # what a mail client's one click does
    assert not Watch.objects.exists()


def test_nobody_learns_who_watches_a_listing(client):
    listing = make_listing("accredited")
    first = client.post(f"/notifications/watch/{listing.pk}/", {"email": "a@example.test"})
    again = client.post(f"/notifications/watch/{listing.pk}/", {"email": "a@example.test"})
    assert first.soup.main.get_text() == again.soup.main.get_text()
    page = client.get(f"/register/practitioners/{listing.pk}/").content.decode()
    api = client.get(f"/api/v1/practitioners/{listing.pk}").content.decode()
    assert "a@example.test" not in page + api


def test_a_bad_address_is_refused_with_a_message(client):
    listing = make_listing("accredited")
    response = client.post(f"/notifications/watch/{listing.pk}/", {"email": "not an address"})
    assert response.soup.title.get_text().startswith("Error: ")
    assert not Watch.objects.exists() and not mail.outbox


def test_too_many_watch_requests_for_one_address_are_refused(client):
    from django.core.cache import cache

    cache.clear()
    listing = make_listing("accredited")
    for _ in range(services.WATCH_LIMIT_PER_ADDRESS):
        services.request_watch(listing.pk, "flood@example.test", "198.51.100.1")
    with pytest.raises(services.throttle.TooManyRequests):
        services.request_watch(listing.pk, "flood@example.test", "198.51.100.2")


def test_the_decisions_feed_is_valid_atom_with_every_decision_date_and_reason(client, commit):
    assessor = make_assessor()
    listing = make_listing("under_assessment", name="Bronwen Rees")
    meet_all_standards(listing, assessor)
    commit(accrediting.transition, assessor, listing.pk, "accredit")
    commit(accrediting.transition, assessor, listing.pk, "suspend", "Sharps disposal missing")
    response = client.get(f"/notifications/decisions/{listing.pk}.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 2
    for entry in entries:  # RFC 4287: id, title, updated, and a link or content
        for required in ("id", "title", "updated", "link"):
            assert entry.find(f"{ATOM}{required}") is not None, required
    newest = entries[0]
    assert newest.find(f"{ATOM}title").text == "Bronwen Rees: accreditation suspended"
    assert "Reason: Sharps disposal missing" in newest.find(f"{ATOM}summary").text
    everyone = ET.fromstring(client.get("/notifications/decisions.atom").content)
    assert len(everyone.findall(f"{ATOM}entry")) >= 2


def test_the_json_feed_and_api_carry_the_same_decisions(client, commit):
    assessor = make_assessor()
    listing = make_listing("accredited", name="Iolo Vaughan")
    commit(accrediting.transition, assessor, listing.pk, "revoke", "Registration not verified")
    feed = json.loads(client.get(f"/notifications/decisions/{listing.pk}.json").content)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    (item,) = feed["items"]
    assert item["_treatsafe"]["reason"] == "Registration not verified"
    api = client.get(f"/api/v1/practitioners/{listing.pk}/decisions").json()
    assert [d["action"] for d in api["decisions"]] == ["revoke"]


def test_a_draft_has_no_feed_and_cannot_be_watched(client):
    draft = make_listing("draft")
    assert client.get(f"/notifications/decisions/{draft.pk}.atom").status_code == 404
    assert client.get(f"/notifications/watch/{draft.pk}/").status_code == 404


def test_the_register_never_imports_notifications():
    import pathlib

    register = pathlib.Path(__file__).parents[2] / "treatsafe" / "register"
    for path in register.rglob("*.py"):
        assert "treatsafe.notifications" not in path.read_text(), path
