"""Every catalogue treatment, in every jurisdiction the checker answers for, with the verdict the
law gives and the source that verdict must cite.

The expectations below are written from the sources (shared/rules/sources.md and the stored
copies of the law), not from the engine's output: a row says what the law says, and the test
fails when the engine says otherwise or cites something else. The Crown Dependencies are reached
through a real postcode of each island, as a person would.
"""

import pytest

from treatsafe.treatments.catalogue import SLUGS
from treatsafe.treatments.services import check_treatment, evaluate, query_from_inputs

pytestmark = pytest.mark.django_db

UK = ("England", "Wales", "Scotland", "Northern Ireland")
ISLANDS = {"Jersey": "JE2 3AB", "Guernsey": "GY1 1AA", "Isle of Man": "IM1 1AA"}
PLACES = (*UK, *ISLANDS)

# Citations a verdict rests on: (source id, words its clause must contain; None = any clause).
ANNEX_II_416 = ("uk-cosmetics-regulation", "416")
COSMETIC_DEFINITION = ("uk-cosmetics-regulation", "2(1)(a)")
MEDICINAL_PRODUCT = ("human-medicines-regulations", "regulation 2 ")
PARENTERAL_POM = ("hmr-schedule-1", "paragraph 1(a)")
SALE_OR_SUPPLY = ("human-medicines-regulations", "regulation 214")
FACE_TO_FACE = ("gmc-cosmetic-guidance", "paragraph 11")
BLOOD_EXCLUDED = ("human-medicines-regulations", "regulation 2(2)")
CHILDREN_ACT_OFFENCE = ("children-act-2021", "section 1")
CHILDREN_ACT_FILLER = ("children-act-2021", "whether or not designed")
WALES_NO_AGE_LAW = ("senedd-wq89425", None)
SCOTLAND_NOT_IN_FORCE = ("scotland-act-2026", "section 2")
NI_NO_AGE_LAW = ("ni-under-18-reports", None)
GB_FILLERS = ("pq-246486-fillers", "29 April 2019")
NI_FILLERS = ("niassembly-aqw-3433-22-27", "EU MDR")
POLYNUCLEOTIDE_DEVICES = ("pn-hpt-consensus-2020", None)
SKIN_BOOSTER_DEVICES = ("skin-booster-device-study-2016", None)
NO_FRAMEWORK = ("england-licensing-response-2025", "no legislative framework")
WALES_PART_4 = ("wales-special-procedures", "Part 4")
JERSEY_REMIT = ("jersey-wq-117-2020", "Piercing and Tattooing")


def everywhere(uk, islands=("caution", JERSEY_REMIT)):
    """The same verdict in the four nations, and another in the three islands."""
    return {**{place: uk for place in UK}, **{island: islands for island in ISLANDS}}


# (treatment, what the person says, {place: (verdict, citation the verdict must carry)})
CASES = [
    ("exosomes", dict(source="plant", route="topical"),
     everywhere(("lawful", COSMETIC_DEFINITION))),
    ("exosomes", dict(source="human", route="topical"),
     everywhere(("unlawful", ANNEX_II_416), ("red_flag", ANNEX_II_416))),
    ("exosomes", dict(source="animal", route="injected"),
     everywhere(("unlawful", MEDICINAL_PRODUCT), ("red_flag", MEDICINAL_PRODUCT))),
    ("exosomes", dict(source="plant", route="after-microneedling"),
     everywhere(("caution", COSMETIC_DEFINITION))),
    ("polynucleotides", dict(source="animal", route="injected"),
     everywhere(("caution", POLYNUCLEOTIDE_DEVICES))),
    ("polynucleotides", dict(source="animal", route="injected", age=16),
     {**everywhere(("caution", POLYNUCLEOTIDE_DEVICES)),
      "England": ("red_flag", CHILDREN_ACT_FILLER),
      "Scotland": ("caution", SCOTLAND_NOT_IN_FORCE)}),
    ("botulinum-toxin", dict(route="injected", prescriber="yes"),
     everywhere(("lawful", PARENTERAL_POM))),
    ("botulinum-toxin", dict(route="injected", prescriber="no"),
     everywhere(("unlawful", SALE_OR_SUPPLY))),
    ("botulinum-toxin", dict(route="injected", prescriber="unknown"),
     everywhere(("red_flag", PARENTERAL_POM))),
    ("botulinum-toxin", dict(route="injected", prescriber="remote"),
     everywhere(("red_flag", FACE_TO_FACE))),
    ("botulinum-toxin", dict(route="injected", prescriber="yes", age=17),
     {**everywhere(None),
      "England": ("unlawful", CHILDREN_ACT_OFFENCE),
      "Wales": ("caution", WALES_NO_AGE_LAW),
      "Scotland": ("caution", SCOTLAND_NOT_IN_FORCE),
      "Northern Ireland": ("caution", NI_NO_AGE_LAW)}),
    ("dermal-filler", dict(source="synthetic", route="injected"),
     {**everywhere(("lawful", GB_FILLERS)), "Northern Ireland": ("caution", NI_FILLERS)}),
    ("dermal-filler", dict(source="synthetic", route="injected", age=16),
     {**everywhere(None),
      "England": ("unlawful", CHILDREN_ACT_OFFENCE),
      "Wales": ("caution", WALES_NO_AGE_LAW),
      "Scotland": ("caution", SCOTLAND_NOT_IN_FORCE),
      "Northern Ireland": ("caution", NI_NO_AGE_LAW)}),
    ("vitamin-injection", dict(route="injected", prescriber="no"),
     everywhere(("unlawful", PARENTERAL_POM))),
    ("vitamin-injection", dict(route="injected", prescriber="no"),
     everywhere(("unlawful", SALE_OR_SUPPLY))),
    ("vitamin-injection", dict(route="injected", prescriber="yes"),
     everywhere(("caution", PARENTERAL_POM))),
    ("vitamin-injection", dict(route="injected", prescriber="unknown"),
     everywhere(("red_flag", PARENTERAL_POM))),
    ("prp", dict(source="human", route="injected"), everywhere(("caution", BLOOD_EXCLUDED))),
    ("prp", dict(source="human", route="after-microneedling"),
     everywhere(("caution", BLOOD_EXCLUDED))),
    ("skin-booster", dict(source="synthetic", route="injected"),
     everywhere(("caution", SKIN_BOOSTER_DEVICES))),
    ("skin-booster", dict(source="synthetic", route="injected", age=16),
     {**everywhere(("caution", SKIN_BOOSTER_DEVICES)),
      "England": ("red_flag", CHILDREN_ACT_FILLER),
      "Scotland": ("caution", SCOTLAND_NOT_IN_FORCE)}),
    ("microneedling", dict(source="plant", route="after-microneedling"),
     {**everywhere(("caution", NO_FRAMEWORK)), "Wales": ("caution", WALES_PART_4)}),
    ("microneedling", dict(source="human", route="after-microneedling"),
     everywhere(("unlawful", ANNEX_II_416))),
    ("chemical-peel", dict(source="synthetic", route="topical"),
     everywhere(("caution", NO_FRAMEWORK))),
]  # fmt: skip
for _treatment, _facts, _places in CASES:  # a row with None leaves an island out by mistake
    for _place in PLACES:
        _places[_place] = _places.get(_place) or ("caution", JERSEY_REMIT)


def _query(treatment: str, place: str, facts: dict):
    where = {"postcode": ISLANDS[place]} if place in ISLANDS else {"jurisdiction": place}
    return query_from_inputs(treatment=treatment, **where, **facts)


def _has(citations, source_id: str, words: str | None) -> bool:
    return any(
        c.source.id == source_id and (words is None or words.lower() in (c.clause or "").lower())
        for c in citations
    )


def test_the_table_covers_every_treatment_in_the_catalogue():
    assert {treatment for treatment, _, _ in CASES} == set(SLUGS)


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize(
    ("treatment", "facts", "expected"),
    CASES,
    ids=[f"{t}-{'-'.join(f'{k}={v}' for k, v in f.items())}" for t, f, _ in CASES],
)
def test_each_treatment_gets_the_verdict_the_law_gives_with_its_citation(
    treatment, facts, expected, place
):
    verdict, (source_id, words) = expected[place]
    result = check_treatment(_query(treatment, place, facts))
    if place in ISLANDS:
        assert result.query.jurisdiction == "Crown Dependency"
    assert result.verdict == verdict, [(r.rule_id, r.verdict) for r in result.reasons]
    deciding = [reason for reason in result.reasons if reason.verdict == verdict]
    assert any(_has(reason.citations, source_id, words) for reason in deciding), (
        f"no reason for {verdict!r} cites {source_id} ({words})",
        [(r.rule_id, [(c.source.id, c.clause) for c in r.citations]) for r in deciding],
    )
    for reason in result.reasons:
        assert reason.citations, f"{reason.rule_id} decides or explains without a citation"
        assert reason.status == "in_force"
    if verdict in ("lawful", "unlawful"):
        assert not any(reason.needs_source for reason in deciding)
    assert "no-rule-covers-this" not in {reason.rule_id for reason in result.reasons}


# --- Scotland: Healthcare Improvement Scotland registration (in force since 1 April 2017) ---


def a_scottish_toxin(**facts):
    values = dict(
        treatment="botulinum-toxin",
        route="injected",
        prescriber="yes",
        jurisdiction="Scotland",
        age=30,
        administered_by="nurse",
    )
    values.update(facts)
    return evaluate(query_from_inputs(**values))


@pytest.mark.parametrize("professional", ["doctor", "dentist", "nurse", "pharmacist"])
def test_a_healthcare_professional_in_an_unregistered_scottish_clinic_is_a_red_flag(professional):
    result = a_scottish_toxin(administered_by=professional, clinic_registered="no")
    assert result.verdict == "red_flag"
    reason = next(r for r in result.reasons if r.rule_id == "scotland-his-registration-missing")
    assert _has(reason.citations, "his-registration-2017", "1 April 2017")
    assert _has(reason.citations, "his-independent-clinics", None)
    assert reason.takes_effect.isoformat() == "2017-04-01" and reason.status == "in_force"


def test_a_registered_scottish_clinic_leaves_a_prescribed_toxin_lawful():
    assert a_scottish_toxin(clinic_registered="yes").verdict == "lawful"


def test_not_knowing_whether_a_scottish_clinic_is_registered_calls_for_care():
    result = a_scottish_toxin(clinic_registered="unknown")
    assert result.verdict == "caution"
    assert "scotland-his-registration-unknown" in {r.rule_id for r in result.reasons}


def test_registration_with_his_is_not_required_of_someone_who_is_not_a_healthcare_professional():
    result = a_scottish_toxin(administered_by="non_healthcare", clinic_registered="no")
    assert result.verdict == "lawful"


@pytest.mark.parametrize("place", ["England", "Wales", "Northern Ireland"])
def test_his_registration_counts_only_in_scotland(place):
    result = a_scottish_toxin(jurisdiction=place, clinic_registered="no")
    assert not {r.rule_id for r in result.reasons if r.rule_id.startswith("scotland-his")}


# --- Scotland's 2026 Act: the right sections and when each offence can start ---------------


def test_scotlands_under_18_offence_cites_section_2_and_is_passed_not_in_force():
    result = a_scottish_toxin(age=16)
    coming = {reason.rule_id: reason for reason in result.coming}
    under_18 = coming["scotland-2026-act-under-18"]
    assert under_18.status == "enacted_not_commenced"
    clauses = " ".join(c.clause for c in under_18.citations)
    assert "section 2 (offence of providing a non-surgical procedure to a person under 18)" in (
        clauses
    )
    assert "section 4" not in clauses


def test_scotlands_premises_offence_cites_section_3_and_cannot_start_before_september_2027():
    premises = {reason.rule_id: reason for reason in a_scottish_toxin().coming}[
        "scotland-2026-act-permitted-premises"
    ]
    clauses = " ".join(c.clause for c in premises.citations)
    assert (
        "section 3 (offence of providing a non-surgical procedure outwith permitted premises)"
        in (clauses)
    )
    assert 'section 4 (meaning of "permitted premises")' in clauses
    assert "section 24(4)" in clauses
    assert premises.takes_effect.isoformat() == "2027-09-06"
    assert premises.status == "enacted_not_commenced"


# --- England under 18: the 2021 Act's filler is any substance used for dermal filling -------


@pytest.mark.parametrize("treatment", ["skin-booster", "polynucleotides"])
def test_a_minor_in_england_asking_about_an_injected_skin_product_hears_at_least_a_red_flag(
    treatment,
):
    result = evaluate(
        query_from_inputs(treatment=treatment, route="injected", jurisdiction="England", age=16)
    )
    assert result.verdict in ("red_flag", "unlawful")


@pytest.mark.parametrize(("treatment", "facts", "adult", "minor"), [
    ("skin-booster", dict(route="injected"), "caution", "red_flag"),
    ("polynucleotides", dict(route="injected"), "caution", "red_flag"),
    ("botulinum-toxin", dict(route="injected", prescriber="yes"), "lawful", "unlawful"),
    ("dermal-filler", dict(route="injected"), "lawful", "unlawful"),
])  # fmt: skip
def test_exactly_18_is_an_adult_and_17_is_a_minor_in_england(treatment, facts, adult, minor):
    def verdict_at(age):
        query = query_from_inputs(treatment=treatment, jurisdiction="England", age=age, **facts)
        return evaluate(query).verdict

    assert verdict_at(18) == adult
    assert verdict_at(17) == minor


# --- Vitamin injections and PRP ------------------------------------------------------------


@pytest.mark.parametrize("place", UK)
def test_an_injected_vitamin_with_no_prescriber_is_unlawful_and_with_one_needs_care(place):
    def verdict(prescriber):
        query = query_from_inputs(
            treatment="vitamin-injection",
            route="injected",
            jurisdiction=place,
            prescriber=prescriber,
        )
        return evaluate(query).verdict

    assert verdict("no") == "unlawful"
    assert verdict("yes") == "caution"


@pytest.mark.parametrize("route", ["injected", "after-microneedling", "unknown"])
def test_prp_is_never_called_unlawful(route):
    for place in UK:
        result = evaluate(query_from_inputs(treatment="prp", route=route, jurisdiction=place))
        assert result.verdict != "unlawful"
        assert "prp-not-a-prescription-medicine" in {r.rule_id for r in result.reasons}
