"""The pages about the rules: the change log and its JSON twin, background rules kept out of
"What is in order", the Healthcare Improvement Scotland question, and when Scotland's offences
can start. The `client` fixture runs the structural page checks on every page fetched."""

import io
import json

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from tests.treatments.test_pages import result_of, walk
from treatsafe.treatments.rules import get_ruleset

pytestmark = pytest.mark.django_db


def section(page, heading: str) -> list[str]:
    """The titles of the reason cards under an h2, up to the next h2."""
    h2 = page.soup.find("h2", string=heading)
    if h2 is None:
        return []
    titles = []
    for element in h2.find_all_next(["h2", "h3"]):
        if element.name == "h2":
            break
        titles.append(element.get_text(" ", strip=True))
    return titles


WALES_LICENCE = "Wales licenses some special procedures, but not this treatment"


@pytest.mark.parametrize(("treatment", "prescriber", "heading"), [
    ("botulinum-toxin", "yes", "Botulinum toxin: lawful"),
    ("botulinum-toxin", "no", "Botulinum toxin: against the law"),
    ("dermal-filler", None, "Dermal filler: lawful"),
])  # fmt: skip
def test_the_welsh_special_procedures_licence_is_never_in_order_on_a_toxin_or_filler(
    client, treatment, prescriber, heading
):
    page, _ = result_of(
        client, treatment=treatment, prescriber=prescriber, source="unknown", route="injected"
    )  # CF10 1AA: Cardiff
    assert page.soup.h1.get_text(strip=True) == heading
    assert WALES_LICENCE not in section(page, "Why")
    assert WALES_LICENCE not in section(page, "What is in order")
    assert WALES_LICENCE in section(page, "Good to know")
    card = page.soup.find("h3", string=WALES_LICENCE).find_parent(class_="treatsafe-reason")
    assert card.select_one(".govuk-tag").get_text(strip=True) == "Background"


def test_a_lawful_rule_is_in_order_only_when_it_is_about_the_treatment_asked_about():
    from tests.treatments.test_engine import TYPICAL
    from treatsafe.treatments.services import evaluate, query_from_inputs

    ruleset = get_ruleset()
    for slug, facts in TYPICAL.items():
        for place in ("England", "Wales", "Scotland", "Northern Ireland", "Crown Dependency"):
            for prescriber in ("yes", "no"):
                query = query_from_inputs(
                    treatment=slug, jurisdiction=place, **{**facts, "prescriber": prescriber}
                )
                result = evaluate(query)
                for reason in (*result.reasons, *result.parts_met):
                    assert ruleset.get(reason.rule_id).concerns_treatment(slug), reason.rule_id


def test_the_rules_page_links_to_what_changed(client):
    page = client.get("/treatments/rules/")
    link = page.soup.select_one("#rule-changes-link")
    assert link["href"] == "/treatments/rules/changes/"
    card = page.soup.select_one("#rule-prp-not-a-prescription-medicine")
    assert "Added on 28 November 2026" in card.get_text(" ")


def test_the_change_log_lists_each_change_by_date_with_the_rules_it_touched(client):
    page = client.get("/treatments/rules/changes/")
    assert page.status_code == 200
    assert page.soup.h1.get_text(strip=True) == "What changed in the rules"
    dates = [h2.get_text(strip=True) for h2 in page.soup.select("main h2")]
    assert dates[:2] == ["28 November 2026", "25 November 2026"]
    text = " ".join(page.soup.get_text(" ").split())
    assert "Removed" in text and "prp-unverified (no longer a rule)" in text
    assert "section 24(4)" in text
    links = {a["href"] for a in page.soup.select("main a.govuk-link")}
    assert "/treatments/rules/#rule-vitamin-injection-without-prescriber" in links
    assert "/api/v1/rules/changes" in links


def test_the_change_log_has_a_json_twin_with_the_same_entries(client):
    data = client.get("/api/v1/rules/changes").json()
    ruleset = get_ruleset()
    assert len(data["changes"]) == len(ruleset.changes)
    first = data["changes"][0]
    assert first["date"] == ruleset.changes[0].date.isoformat()
    assert {"date", "change", "rules", "summary", "status_from", "status_to"} <= set(first)
    kinds = {change["change"] for change in data["changes"]}
    assert {"added", "changed", "removed"} <= kinds


def test_the_api_gives_background_rules_apart_from_the_reasons(client):
    body = {
        "treatment": "botulinum-toxin", "route": "injected", "prescriber": "yes",
        "jurisdiction": "Wales", "age": 30,
    }  # fmt: skip
    data = client.post(
        "/api/v1/treatments/check", data=json.dumps(body), content_type="application/json"
    ).json()
    assert data["verdict"] == "lawful"
    assert "wales-special-procedures-licence" not in {r["rule_id"] for r in data["reasons"]}
    assert "wales-special-procedures-licence" in {r["rule_id"] for r in data["background"]}


# --- Scotland ------------------------------------------------------------------------------

SCOTTISH_TOXIN = dict(
    treatment="botulinum-toxin", source="unknown", route="injected", postcode="EH1 1AD",
    prescriber="yes",
)  # fmt: skip


def test_a_nurse_in_scotland_is_asked_about_the_clinics_registration(client):
    walk(client, **SCOTTISH_TOXIN, administered_by="nurse", label=None)
    page = client.get("/treatments/check/registration/")
    assert page.status_code == 200
    assert page.soup.h1.get_text(" ", strip=True).startswith(
        "Is the clinic registered with Healthcare Improvement Scotland?"
    )


def test_someone_who_is_not_a_healthcare_professional_is_not_asked_about_registration(client):
    walk(client, **SCOTTISH_TOXIN, administered_by="non_healthcare", label=None)
    response = client.get("/treatments/check/registration/")
    assert response.status_code == 302


def test_an_unregistered_scottish_clinic_is_a_warning_sign_on_the_result_and_the_pdf(client):
    page, url = result_of(client, **SCOTTISH_TOXIN, administered_by="nurse", clinic_registered="no")
    assert "clinic_registered=no" in url
    assert page.soup.h1.get_text(strip=True) == "Botulinum toxin: warning signs"
    text = " ".join(page.soup.get_text(" ").split())
    assert "must be registered with Healthcare Improvement Scotland" in text
    assert "In force since 1 April 2017." in text
    assert "Registered with Healthcare Improvement Scotland No, it is not registered" in text
    pdf = client.get(page.soup.select_one("#download-pdf")["href"])
    pdf_text = " ".join(PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text().split())
    assert "Healthcare Improvement Scotland" in pdf_text


def test_scotlands_premises_offence_says_it_cannot_start_before_6_september_2027(client):
    page, _ = result_of(client, **SCOTTISH_TOXIN, administered_by="nurse", clinic_registered="yes")
    assert page.soup.h1.get_text(strip=True) == "Botulinum toxin: lawful"
    text = " ".join(page.soup.get_text(" ").split())
    assert "Cannot come into force before 6 September 2027." in text
    assert "Scotland will allow injectables only in permitted premises" in section(
        page, "What is coming"
    )


def test_the_command_line_takes_the_registration_answer(capsys):
    call_command(
        "check_treatment", "--treatment", "botulinum-toxin", "--route", "injected",
        "--prescriber", "yes", "--jurisdiction", "Scotland", "--age", "30",
        "--administered-by", "doctor", "--clinic-registered", "no", "--json",
    )  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert data["verdict"] == "red_flag"
    assert "scotland-his-registration-missing" in {r["rule_id"] for r in data["reasons"]}


def test_a_toxin_page_and_the_rules_page_call_the_welsh_licence_background_not_lawful(client):
    detail = client.get("/treatments/botulinum-toxin/")
    item = detail.soup.find("a", string=WALES_LICENCE).find_parent("li")
    assert item.select_one(".govuk-tag").get_text(strip=True) == "Background"
    rules = client.get("/treatments/rules/")
    card = rules.soup.select_one("#rule-wales-special-procedures-licence")
    assert card.select_one(".govuk-tag").get_text(strip=True) == "Background"
