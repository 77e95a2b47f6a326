"""Medical claims in adverts for cosmetic treatments: a treatment presented as curing or treating
a disease is a medicinal claim (CAP Code 12.1 and 12.2, HMR 2012 regulation 2(1)(a)), and
"clinically proven" or "recommended by dermatologists" needs evidence (CAP Code 3.7 and 12.1).
Cosmetic wording ("acne-prone", "the appearance of scars", "suitable for") and treatment by a
health professional are not flagged."""

import pytest

from treatsafe.treatments import prices
from treatsafe.treatments.adverts import check_advert


@pytest.fixture(autouse=True)
def only_cited_prices(monkeypatch):
    monkeypatch.setattr(prices, "_price_sources", [])


def claims(text: str) -> set[str]:
    return check_advert(text).claims


def flag(text: str, claim: str):
    return next(flag for flag in check_advert(text).flags if flag.claim == claim)


@pytest.mark.parametrize(
    "text",
    [
        "Glycolic peel that cures acne in three sessions, £90.",
        "Our LED facial clears adult acne and calms skin.",
        "Microneedling for rosacea and psoriasis, course of 3 £390.",
        "Say goodbye to eczema with our oxygen facial.",
        "Acne treatment: 3 clarifying peels, £150",
        "Fast removal of warts and verrucas with our cryo pen, from £45.",
        "My psoriasis has cleared after four facials!",
        "No more acne! Blue LED course £120.",
        "Exosome serum heals acne scars for good.",
        "Scalp facial that cures hair loss, £95.",
        "Red light beds help with depression and arthritis, 10 sessions £60.",
        "Our Rosacea Rescue Facial reduces flare-ups, £75.",
        "LED therapy can help acne, rosacea and psoriasis, £30 per session.",
        "Warts, verrucas and skin tags removed in minutes, £50.",
        "Suffering from hair loss? Our scalp microneedling will cure it in 6 sessions.",
    ],
)
def test_a_cosmetic_treatment_presented_as_treating_a_disease_is_a_medicinal_claim(text):
    assert "medicinal_claim" in claims(text)


@pytest.mark.parametrize(
    "text",
    [
        "Acne-prone skin? Book a consultation with our dermatologist.",
        "Suitable for eczema-prone skin, 45 minutes £55.",
        "Microneedling softens the appearance of acne scars.",
        "Chemical peel for acne scarring and uneven texture, £95.",
        "Deep cleansing facial for blemishes and breakouts.",
        "Our collagen facial treats fine lines and dullness.",
        "Skin usually heals within 3 to 5 days after microneedling.",
        "Brightening peel for pigmentation and post-acne marks.",
        "Worried about hair loss? Book a consultation with our trichologist.",
        "Peels are not suitable if you have active acne, cold sores or eczema on the area.",
        "Eczema sufferers welcome! Our products are free from fragrance.",
        "A rosacea-friendly facial with a cooling mask, £60.",
        "£10 from every facial this month goes to breast cancer research.",
        "Oncology facials for cancer patients, adapted by our trained therapists.",
    ],
)
def test_cosmetic_wording_about_the_skin_is_not_a_medicinal_claim(text):
    assert "medicinal_claim" not in claims(text)


@pytest.mark.parametrize(
    "text",
    [
        "Facials are not a cure for acne or rosacea; see your GP.",
        "We do not treat eczema; please speak to your GP.",
        "Peels treat pigmentation, not acne.",
        "Eczema flare? Please don't book a facial, see your GP instead.",
        "Acne, eczema and rosacea are not treated at this salon.",
    ],
)
def test_a_denied_or_refused_treatment_is_not_a_claim(text):
    assert "medicinal_claim" not in claims(text)


def test_a_health_professional_treating_a_disease_is_not_a_medicinal_claim():
    text = "Our consultant dermatologist diagnoses and treats acne, rosacea and eczema."
    assert claims(text) == set()


def test_a_question_naming_a_disease_answered_by_a_cosmetic_cure_is_a_medicinal_claim():
    text = "Struggling with eczema? Our CBD facial calms flare-ups. £70"
    assert [quote.text for quote in flag(text, "medicinal_claim").quotes] == ["eczema", "calms"]
    assert "medicinal_claim" not in claims(
        "Struggling with acne? Our dermatologist can help, with prescription options."
    )


def test_a_medicinal_claim_quotes_the_claim_and_cites_cap_rule_12_1_and_regulation_279():
    found = flag("Chemical peel for acne scars, clinically proven to cure acne.", "medicinal_claim")
    assert [quote.text for quote in found.quotes] == ["cure acne"]
    assert found.verdict == "red_flag"
    clauses = " ".join(citation.clause for citation in found.citations)
    assert "rule 12.1" in clauses and "regulation 279" in clauses and "2(1)(a)" in clauses


def test_a_medicine_advertised_for_what_it_treats_is_only_a_prescription_only_medicine():
    assert "medicinal_claim" not in claims("Botox for migraines, £250")
    assert "prescription_only_medicine" in claims("Botox for migraines, £250")


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ("Clinically proven to boost collagen.", "Clinically proven"),
        ("Scientifically proven skin booster, £280.", "Scientifically proven"),
        ("The glow peel recommended by dermatologists, £70.", "recommended by dermatologists"),
        ("Doctor-approved HydraFacial, £99.", "Doctor-approved"),
        ("Proven in clinical trials to tighten skin.", "Proven in clinical trials"),
        ("Trusted by dermatologists worldwide, the Dermapen 4.", "Trusted by dermatologists"),
    ],
)
def test_clinically_proven_and_endorsed_by_doctors_are_a_caution_to_ask_for_evidence(text, quote):
    found = flag(text, "unproven_efficacy")
    assert [q.text for q in found.quotes] == [quote]
    assert found.verdict == "caution"
    assert any("12.1" in citation.clause for citation in found.citations)


@pytest.mark.parametrize(
    "text",
    [
        "A doctor-led clinic offering facials and peels.",
        "All our products are dermatologically tested.",
        "Our doctor recommends a course of three sessions.",
        "A course of three is recommended by our doctors.",
        "Exosome facials are new and not clinically proven.",
        "Clinically proven? Not yet: exosome research is new.",
    ],
)
def test_doctor_led_tested_and_a_recommended_course_need_no_evidence(text):
    assert "unproven_efficacy" not in claims(text)
