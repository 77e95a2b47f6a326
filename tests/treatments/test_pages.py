"""The treatment pages: the step-by-step check (GOV.UK question pages), the result and its PDF,
the five questions, the advert checker, the rules and the catalogue. The `client` fixture runs
the structural page checks on every page fetched."""

import io
from urllib.parse import parse_qs, urlparse

import pytest

from tests.pagecheck import check_page
from treatsafe.treatments.catalogue import TREATMENTS
from treatsafe.treatments.rules import get_ruleset

pytestmark = pytest.mark.django_db


def answer(client, step, **data):
    return client.post(f"/treatments/check/{step}/", data)


def walk(client, **answers):
    """Answer every question of the check in order; return the last response."""
    defaults = {
        "treatment": "exosomes",
        "source": "plant",
        "route": "topical",
        "postcode": "CF10 1AA",
        "age_band": "18_or_over",
        "administered_by": "non_healthcare",
        "label": "",
    }
    defaults.update(answers)
    client.get("/treatments/check/new/")
    steps = [
        ("treatment", "treatment"),
        ("source", "source"),
        ("route", "route"),
        ("postcode", "postcode"),
        ("nation", "nation"),
        ("age", "age_band"),
        ("who", "administered_by"),
        ("registration", "clinic_registered"),
        ("prescriber", "prescriber"),
        ("label", "label"),
    ]
    response = None
    for step, field in steps:
        if defaults.get(field) is not None:
            response = answer(client, step, **{field: defaults[field]})
            assert response.status_code == 302, (step, response.content[:2000])
    return response


def result_of(client, **answers):
    walk(client, **answers)
    response = client.post("/treatments/check/answers/")
    assert response.status_code == 302
    return client.get(response["Location"]), response["Location"]


def errors_on(response) -> list[str]:
    soup = check_page(response.content.decode())
    return [a.get_text(strip=True) for a in soup.select(".govuk-error-summary__list a")]


@pytest.mark.parametrize(
    "path",
    [
        "/treatments/",
        "/treatments/check/",
        "/treatments/questions/",
        "/treatments/advert/",
        "/treatments/rules/",
        *[f"/treatments/{t.slug}/" for t in TREATMENTS],
    ],
)
def test_every_treatment_page_passes_the_page_checks(client, path):
    assert client.get(path).status_code == 200


def test_the_start_page_leads_to_one_question_per_page(client):
    page = client.get("/treatments/check/")
    start = page.soup.select_one("a.govuk-button--start")["href"]
    first = client.get(start, follow=True)
    assert first.soup.h1.get_text(strip=True) == "Which treatment are you thinking of having?"
    assert len(first.soup.select("fieldset")) == 1
    assert first.soup.select_one(".govuk-back-link")["href"] == "/treatments/check/"


def test_a_missing_answer_shows_an_error_summary_linking_to_the_field(client):
    client.get("/treatments/check/new/")
    response = answer(client, "treatment")
    assert response.status_code == 400
    assert errors_on(response) == ["Select the treatment you are thinking of having"]
    soup = check_page(response.content.decode())
    assert soup.select_one(".govuk-error-summary a")["href"] == "#treatment"
    assert soup.select_one("#treatment-error")
    assert soup.find(id="treatment").name == "input"


def test_an_unknown_postcode_is_an_inline_error_and_keeps_earlier_answers(client):
    client.get("/treatments/check/new/")
    answer(client, "treatment", treatment="exosomes")
    answer(client, "source", source="plant")
    answer(client, "route", route="topical")
    response = answer(client, "postcode", postcode="XX1 1AA")
    assert response.status_code == 400
    assert "postcode" in errors_on(response)[0].lower()
    assert client.session["treatment_check"]["source"] == "plant"


def test_a_cross_border_postcode_asks_which_nation(client):
    walk(client, postcode="SY10", label=None, age_band=None, administered_by=None)
    page = client.get("/treatments/check/nation/")
    assert page.status_code == 200
    options = [i["value"] for i in page.soup.select("input[name=nation]")]
    assert options == ["England", "Wales"]


def test_the_prescriber_question_is_asked_only_for_prescription_treatments(client):
    walk(client, treatment="botulinum-toxin", label=None)
    assert client.get("/treatments/check/prescriber/").status_code == 200
    walk(client, treatment="exosomes", label=None)
    assert client.get("/treatments/check/prescriber/").status_code == 302


def test_check_your_answers_lists_every_answer_with_a_change_link(client):
    walk(client)
    page = client.get("/treatments/check/answers/")
    keys = [dt.get_text(strip=True) for dt in page.soup.select(".govuk-summary-list__key")]
    assert keys[:4] == ["Treatment", "Made from", "How it is given", "Clinic's postcode"]
    change = page.soup.select(".govuk-summary-list__actions a")[1]["href"]
    assert change == "/treatments/check/source/?return=check"
    response = client.post(change, {"source": "human"})
    assert response["Location"] == "/treatments/check/answers/"


def test_check_your_answers_sends_an_unfinished_check_back_to_the_missing_question(client):
    client.get("/treatments/check/new/")
    answer(client, "treatment", treatment="exosomes")
    response = client.get("/treatments/check/answers/")
    assert response["Location"] == "/treatments/check/source/"


def test_the_walk_to_a_result_shows_the_verdict_reasons_citations_and_next_steps(client):
    page, url = result_of(client, source="human")
    assert page.status_code == 200
    assert page.soup.h1.get_text(strip=True) == "Exosomes: against the law"
    assert "treatsafe-verdict--unlawful" in page.soup.select_one("#verdict")["class"]
    text = " ".join(page.soup.get_text(" ").split())
    assert "Annex II, entry 416" in text
    assert "Wales" in text  # CF10 is in Cardiff
    assert "last verified on 25 November 2026" in text
    steps = [li.get_text(" ", strip=True) for li in page.soup.select("main ul li")]
    assert any("Walk away" in step for step in steps)
    assert any("Report it" in step for step in steps)
    assert parse_qs(urlparse(url).query)["jurisdiction"] == ["Wales"]


def test_a_topical_plant_exosome_in_wales_is_lawful_on_the_result_page(client):
    page, _ = result_of(client)
    assert page.soup.h1.get_text(strip=True) == "Exosomes: lawful"


def test_a_prohibited_ingredient_on_the_label_makes_the_result_unlawful(client):
    page, url = result_of(client, label="Aqua, Human Adipocyte Conditioned Media Extract")
    assert "label=session" in url
    assert page.soup.h1.get_text(strip=True) == "Exosomes: against the law"
    assert "label-prohibited-ingredient" in page.content.decode()


def test_under_18_toxin_in_england_gives_the_criminal_offence_on_the_result_page(client):
    page, _ = result_of(
        client, treatment="botulinum-toxin", postcode="W1G 9PF", age_band="under_18",
        prescriber="yes", source="unknown", route="injected",
    )  # fmt: skip
    assert page.soup.h1.get_text(strip=True) == "Botulinum toxin: against the law"
    assert "Botulinum Toxin and Cosmetic Fillers (Children) Act 2021" in page.content.decode()


def test_a_lawful_rule_under_an_unlawful_verdict_is_shown_apart_from_the_reasons_why(client):
    page, _ = result_of(
        client, treatment="botulinum-toxin", postcode="W1G 9PF", age_band="under_18",
        prescriber="yes", source="unknown", route="injected",
    )  # fmt: skip
    headings = [h.get_text(" ", strip=True) for h in page.soup.select("main h2, main h3")]
    in_order = headings.index("What is in order")
    face_to_face = headings.index(
        "Botulinum toxin is a prescription-only medicine, prescribed face to face"
    )
    assert headings.index("Why") < in_order < face_to_face


def test_scotlands_act_appears_under_what_is_coming_and_not_in_the_verdict(client):
    page, url = result_of(
        client, treatment="botulinum-toxin", postcode="EH1 1YZ", age_band="under_18",
        prescriber="yes", source="unknown", route="injected",
    )  # fmt: skip
    assert page.soup.h1.get_text(strip=True) == "Botulinum toxin: take care"
    coming = page.soup.find("h2", string="What is coming")
    assert coming is not None
    later = " ".join(el.get_text(" ") for el in coming.find_all_next(class_="treatsafe-reason"))
    assert "Scotland will make injectables on under-18s an offence" in later
    assert "Passed, not in force" in later
    pdf = client.get(page.soup.select_one("#download-pdf")["href"])
    from pypdf import PdfReader

    text = " ".join(PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text().split())
    assert "Coming, not yet law" in text
    assert "rules last verified 25 November 2026" in text


def test_a_crown_dependency_postcode_says_uk_law_does_not_apply(client):
    page, _ = result_of(client, postcode="JE2 3AB")
    text = " ".join(page.soup.get_text(" ").split())
    assert "UK law does not apply in Jersey, Guernsey or the Isle of Man" in text
    assert "largely unregulated" in text  # what is known, with its source
    assert "Isle of Man has proposed a minimum age of 18" in text
    assert "Crown Dependency" in text


def test_the_result_can_be_saved_as_a_one_page_pdf_with_date_inputs_verdict_and_citations(
    client,
):
    from pypdf import PdfReader

    page, _ = result_of(client, source="human", route="injected")
    pdf_url = page.soup.select_one("#download-pdf")["href"]
    response = client.get(pdf_url)
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    for expected in ("against the law", "What you told us", "Human material", "416", "2026"):
        assert expected in text


def test_the_pdf_of_a_priced_result_gives_the_price_its_context_and_the_warning(client):
    from pypdf import PdfReader

    _, url = result_of(client)
    page = client.get(url + "&price=30")
    rows = [row.get_text(" ", strip=True) for row in page.soup.select(".govuk-summary-list__row")]
    assert "Price offered £30" in rows
    pdf = client.get(page.soup.select_one("#download-pdf")["href"])
    reader = PdfReader(io.BytesIO(pdf.content))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Price offered £30" in text
    assert "far below the usual price of £100 to £500" in text
    assert "A high price does not make a treatment safe or lawful." in text


def test_a_broken_result_link_shows_an_error_not_a_crash(client):
    response = client.get("/treatments/result/?treatment=tattoo&source=plant")
    assert response.status_code == 400
    assert "not recognised" in errors_on(response)[0]
    assert client.get("/treatments/result.pdf?treatment=tattoo").status_code == 400


def test_the_five_questions_are_listed_with_the_answers_that_mean_walk_away(client):
    page = client.get("/treatments/questions/")
    items = page.soup.select("main ol > li")
    assert len(items) == 5
    assert "Walk away" in items[1].get_text()


def test_recording_the_answers_given_returns_the_verdict_they_imply(client):
    response = client.post(
        "/treatments/questions/",
        {
            "treatment": "exosomes",
            "jurisdiction": "England",
            "source": "plant",
            "route": "topical",
            "packaging": "refused",
            "evidence": "given",
            "accreditation": "yes",
        },
    )
    page = client.get(response["Location"])
    assert page.soup.h1.get_text(strip=True) == "Exosomes: warning signs"
    assert "answer-packaging-refused" in page.content.decode()


def test_recording_answers_with_some_missing_lists_each_missing_one(client):
    response = client.post("/treatments/questions/", {"treatment": "exosomes"})
    assert response.status_code == 400
    assert len(errors_on(response)) == 6


def test_the_advert_page_flags_each_claim_with_the_rule_it_breaks(client):
    response = client.post(
        "/treatments/advert/", {"advert": "Umbilical cord exosome injections, no risk!"}
    )
    assert response.status_code == 200
    cards = response.soup.select(".govuk-summary-card")
    assert len(cards) == 3
    assert "advert-unlicensed-medicine" in response.content.decode()
    marks = [mark.get_text() for mark in response.soup.select(".treatsafe-advert-text mark")]
    assert marks == ["Umbilical cord", "exosome injections", "no risk"]
    for card in cards:
        assert card.select(".treatsafe-quote mark") and card.select(".treatsafe-citations li")


def test_an_empty_advert_is_an_error_on_the_field(client):
    response = client.post("/treatments/advert/", {"advert": " "})
    assert response.status_code == 400
    assert errors_on(response) == ["Paste the text of the advert or message."]


def test_the_rules_page_shows_every_rule_with_its_status_and_the_last_verified_date(client):
    page = client.get("/treatments/rules/")
    for rule in get_ruleset().rules:
        assert page.soup.find(id=f"rule-{rule.id}"), rule.id
    text = " ".join(page.soup.get_text(" ").split())
    assert "last verified on 25 November 2026" in text
    assert "Passed, not yet in force" in text
    assert page.soup.select(".govuk-inset-text")  # needs_source rules say so


def test_a_treatment_page_starts_a_check_with_that_treatment_chosen(client):
    page = client.get("/treatments/botulinum-toxin/")
    assert "Barbie Botox" in page.soup.get_text()
    start = page.soup.find("a", string="Check this treatment")["href"]
    response = client.get(start)
    assert response["Location"] == "/treatments/check/source/"
    assert client.session["treatment_check"]["treatment"] == "botulinum-toxin"


def test_an_unknown_treatment_page_is_not_found(client):
    assert client.get("/treatments/tattoos/").status_code == 404


def test_a_price_far_below_the_usual_range_is_warned_about_on_the_result(client):
    page, url = result_of(client)
    response = client.get(url + "&price=35")
    warning = response.soup.select_one(".govuk-warning-text")
    assert warning and "far below the usual price" in warning.get_text()
    assert response.soup.select_one("#price")["value"] == "35"
    high = client.get(url + "&price=900")
    assert not high.soup.select(".govuk-warning-text")
    assert "A high price does not make a treatment safe" in high.content.decode()


def test_the_result_says_where_the_usual_price_comes_from(client):
    from treatsafe.treatments.prices import register_price_source, unregister_price_source

    page, url = result_of(client)
    assert "too few to give a range" in page.soup.select_one("#price-basis").get_text()

    def listed(slug):
        return [300, 320, 340, 360, 380] if slug == "exosomes" else None

    register_price_source(listed)
    try:
        response = client.get(url + "&price=100")
    finally:
        unregister_price_source(listed)
    basis = response.soup.select_one("#price-basis").get_text()
    assert "the 5 prices that practitioners list for exosomes on our register" in basis
    assert (
        "far below the usual price of £310 to £370"
        in response.soup.select_one(".govuk-warning-text").get_text()
    )


def test_the_registers_price_source_is_in_use_from_start_up(client):
    from treatsafe.treatments import prices

    assert any(fn.__module__ == "treatsafe.register.apps" for fn in prices._price_sources)
    page, _ = result_of(client, treatment="polynucleotides", route="injected")
    basis = page.soup.select_one("#price-basis").get_text()
    assert "no published range" in basis  # no real listings in the test database, no cited range


def test_a_price_that_is_not_a_number_is_an_error_on_the_price_field(client):
    _, url = result_of(client)
    response = client.get(url + "&price=cheap")
    assert errors_on(response) == ["The price must be a number of pounds, like 150."]
    assert response.soup.h1.get_text(strip=True) == "Exosomes: lawful"


def test_a_change_that_needs_a_new_answer_asks_it_then_returns_to_check_your_answers(client):
    walk(client, treatment="exosomes")
    response = client.post(
        "/treatments/check/treatment/?return=check", {"treatment": "botulinum-toxin"}
    )
    assert response["Location"] == "/treatments/check/prescriber/?return=check"
    response = client.post(response["Location"], {"prescriber": "remote"})
    assert response["Location"] == "/treatments/check/answers/"


def test_the_result_page_has_a_json_twin_with_the_same_verdict(client):
    page, _ = result_of(client, source="animal", route="injected")
    response = client.get(page.soup.select_one("#result-json")["href"])
    assert response.status_code == 200
    data = response.json()
    assert data["verdict"] == "unlawful"
    assert [r["rule_id"] for r in data["reasons"]] == [
        a["href"].split("#rule-")[1]
        for a in page.soup.select(".treatsafe-reason a[href*='#rule-']")
    ][: len(data["reasons"])]


def test_the_price_section_names_its_source_without_internal_file_paths(client):
    page, _ = result_of(client)
    price = " ".join(page.soup.get_text(" ").split())
    assert "Usually £100 to £500" in price
    assert "shared/rules" not in price
    assert ".md" not in price
    # one colon, not "£500: a facial with exosomes: from the low hundreds ..."
    assert ": a facial with exosomes:" not in price


def test_the_questions_for_an_injected_treatment_do_not_talk_about_exosomes(client):
    page, _ = result_of(
        client,
        treatment="botulinum-toxin",
        source="synthetic",
        route="injected",
        administered_by="nurse",
        prescriber="yes",
    )
    text = " ".join(page.soup.get_text(" ").split())
    assert "Botulinum toxin:" in page.soup.h1.get_text(strip=True)
    assert "Walk away from injected exosomes" not in text


def test_an_empty_advert_says_error_first_in_the_page_title(client):
    page = client.post("/treatments/advert/", {"advert": "   "})
    assert page.status_code == 400
    soup = check_page(page.content.decode())
    assert soup.title.get_text(strip=True).startswith("Error: Check an advert")
