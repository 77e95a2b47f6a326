"""The rule engine: the "must hold" statements of the treatment checker, each a test."""

import dataclasses

import pytest

from tests.treatments.builders import (
    ALL_JURISDICTIONS,
    ROUTES,
    SOURCES,
    UK_NATIONS,
    a_query,
    a_toxin_query,
)
from treatsafe.treatments.catalogue import TREATMENTS
from treatsafe.treatments.rules import SEVERITY, get_ruleset
from treatsafe.treatments.services import InvalidTreatmentQuery, evaluate


def rule_ids(result) -> set[str]:
    return {reason.rule_id for reason in result.reasons}


def cited_sources(result) -> set[str]:
    return {c.source.id for reason in result.reasons for c in reason.citations}


@pytest.mark.parametrize("jurisdiction", UK_NATIONS)
@pytest.mark.parametrize("route", ROUTES)
def test_human_exosomes_are_unlawful_in_any_route_and_any_uk_jurisdiction(jurisdiction, route):
    result = evaluate(a_query(source="human", route=route, jurisdiction=jurisdiction))
    assert result.verdict == "unlawful"
    assert "exosomes-human-origin-prohibited" in rule_ids(result)
    clauses = [c.clause for r in result.reasons for c in r.citations if c.clause]
    assert any("416" in clause for clause in clauses)


@pytest.mark.parametrize("jurisdiction", UK_NATIONS)
@pytest.mark.parametrize("source", SOURCES)
def test_injected_exosomes_of_any_source_are_an_unlawful_unlicensed_medicine(jurisdiction, source):
    result = evaluate(a_query(source=source, route="injected", jurisdiction=jurisdiction))
    assert result.verdict == "unlawful"
    assert "exosomes-injected-unlicensed-medicine" in rule_ids(result)
    assert "human-medicines-regulations" in cited_sources(result)


@pytest.mark.parametrize("jurisdiction", UK_NATIONS)
@pytest.mark.parametrize("source", ["plant", "animal"])
def test_topical_plant_or_animal_exosomes_in_a_compliant_cosmetic_are_lawful(jurisdiction, source):
    result = evaluate(
        a_query(source=source, jurisdiction=jurisdiction, regulatory_status="compliant_cosmetic")
    )
    assert result.verdict == "lawful"
    assert rule_ids(result) == {"exosomes-topical-compliant-cosmetic"}


@pytest.mark.parametrize("source", ["plant", "animal"])
def test_exosomes_applied_after_microneedling_or_laser_call_for_caution(source):
    result = evaluate(a_query(source=source, route="after-microneedling"))
    assert result.verdict == "caution"
    assert "exosomes-after-microneedling-or-laser" in rule_ids(result)


def test_a_topical_exosome_product_not_shown_to_be_a_cosmetic_is_not_called_lawful():
    result = evaluate(a_query(regulatory_status="unknown"))
    assert result.verdict == "caution"
    assert "exosomes-topical-compliant-cosmetic" not in rule_ids(result)


@pytest.mark.parametrize("jurisdiction", UK_NATIONS)
def test_exosomes_from_an_unknown_source_are_a_red_flag(jurisdiction):
    result = evaluate(a_query(source="unknown", jurisdiction=jurisdiction))
    assert result.verdict == "red_flag"
    assert "exosomes-unknown-source" in rule_ids(result)


def test_exosomes_whose_route_is_unknown_are_a_red_flag():
    assert evaluate(a_query(route="unknown")).verdict == "red_flag"


@pytest.mark.parametrize("jurisdiction", UK_NATIONS)
def test_botulinum_toxin_with_a_face_to_face_prescriber_is_lawful_for_an_adult(jurisdiction):
    result = evaluate(a_toxin_query(jurisdiction=jurisdiction))
    assert result.verdict == "lawful"
    reason = next(
        r for r in result.reasons if r.rule_id == "botulinum-toxin-prescribed-face-to-face"
    )
    clauses = " ".join(c.clause for c in reason.citations)
    assert "Part 12" in clauses and "paragraph 11" in clauses


@pytest.mark.parametrize("jurisdiction", UK_NATIONS)
def test_botulinum_toxin_with_no_prescriber_is_unlawful_as_a_prescription_only_medicine(
    jurisdiction,
):
    result = evaluate(a_toxin_query(prescriber="no", jurisdiction=jurisdiction))
    assert result.verdict == "unlawful"
    assert "botulinum-toxin-without-prescriber" in rule_ids(result)


@pytest.mark.parametrize(("prescriber", "rule"), [
    ("remote", "injectable-medicine-remote-prescription"),
    ("unknown", "botulinum-toxin-prescriber-unknown"),
])  # fmt: skip
def test_botulinum_toxin_without_a_face_to_face_prescriber_is_a_red_flag(prescriber, rule):
    result = evaluate(a_toxin_query(prescriber=prescriber))
    assert result.verdict == "red_flag"
    assert rule in rule_ids(result)


@pytest.mark.parametrize("treatment", ["botulinum-toxin", "dermal-filler"])
def test_under_18s_are_refused_toxin_and_fillers_in_england_even_with_a_prescriber(treatment):
    result = evaluate(a_toxin_query(treatment=treatment, age=17))
    assert result.verdict == "unlawful"
    assert "under-18-toxin-and-fillers-england" in rule_ids(result)
    assert "children-act-2021" in cited_sources(result)


def test_barbie_botox_is_the_botulinum_toxin_treatment():
    toxin = next(t for t in TREATMENTS if t.slug == "botulinum-toxin")
    assert "Barbie Botox" in toxin.aliases
    assert toxin.is_prescription_only


@pytest.mark.parametrize("jurisdiction", ["Wales", "Northern Ireland"])
def test_the_english_under_18_ban_is_not_applied_in_wales_or_northern_ireland(jurisdiction):
    result = evaluate(a_toxin_query(age=17, jurisdiction=jurisdiction))
    assert "under-18-toxin-and-fillers-england" not in rule_ids(result)
    assert result.verdict == "caution"


def test_scotlands_under_18_ban_is_shown_as_coming_and_never_applied_as_law():
    result = evaluate(a_toxin_query(age=16, jurisdiction="Scotland"))
    coming = {reason.rule_id for reason in result.coming}
    assert "scotland-2026-act-under-18" in coming
    assert "scotland-2026-act-under-18" not in rule_ids(result)
    assert all(reason.status == "in_force" for reason in result.reasons)
    assert result.verdict != "unlawful"


def coming_ids(result) -> set[str]:
    return {reason.rule_id for reason in result.coming}


def test_scotlands_act_is_not_shown_for_an_exosome_facial_which_is_not_a_schedule_1_procedure():
    facial = evaluate(a_query(jurisdiction="Scotland", age=16))
    assert not {rule for rule in coming_ids(facial) if rule.startswith("scotland-2026-act")}
    injected = evaluate(a_query(jurisdiction="Scotland", age=16, route="injected"))
    assert "scotland-2026-act-under-18-injected" in coming_ids(injected)


def test_a_chemical_peel_in_scotland_shows_the_coming_limit_on_deeper_peels():
    result = evaluate(a_query(treatment="chemical-peel", jurisdiction="Scotland"))
    assert "scotland-2026-act-skin-procedures" in coming_ids(result)
    assert "scotland-2026-act-skin-procedures" not in rule_ids(result)


def test_englands_licensing_plans_name_only_the_treatments_the_sources_name():
    facial = evaluate(a_query(jurisdiction="England"))
    assert not {rule for rule in coming_ids(facial) if rule.startswith("england-licensing")}
    polynucleotides = evaluate(a_query(treatment="polynucleotides", route="injected"))
    assert not {r for r in coming_ids(polynucleotides) if r.startswith("england-licensing")}
    filler = evaluate(a_query(treatment="dermal-filler", route="injected"))
    assert "england-licensing-scheme-injectables" in coming_ids(filler)


def test_englands_2023_tiers_are_never_presented_as_the_current_plan():
    england = [r for r in get_ruleset().rules if r.id.startswith("england-licensing")]
    assert england and all(rule.status == "proposed" for rule in england)
    for rule in england:
        text = rule.explanation
        for tier in ("amber", "green", "red"):
            if f'"{tier}"' in text:
                assert "2023 consultation had proposed" in text
                assert "not the current plan" in text
        assert "August 2025" in text
        assert "None of it is in force" in text
        sources = {citation.source.id for citation in rule.citations}
        assert "england-licensing-response-2025" in sources


def test_a_rule_not_in_force_never_decides_the_verdict_even_when_it_is_the_most_severe():
    ruleset = get_ruleset()
    matching_proposed = [
        r for r in ruleset.rules if not r.in_force and r.matches(a_toxin_query().facts())
    ]
    assert matching_proposed, "expected England's proposed licensing rule to match"
    harsher = dataclasses.replace(matching_proposed[0], verdict="unlawful")
    rules = tuple(harsher if r.id == harsher.id else r for r in ruleset.rules)
    result = evaluate(a_toxin_query(), dataclasses.replace(ruleset, rules=rules))
    assert result.verdict == "lawful"
    assert harsher.id in {reason.rule_id for reason in result.coming}


def test_the_most_severe_verdict_wins_and_every_reason_is_kept_in_order_of_severity():
    result = evaluate(a_toxin_query(age=17, prescriber="unknown"))
    assert result.verdict == "unlawful"
    assert {"under-18-toxin-and-fillers-england", "botulinum-toxin-prescriber-unknown"} <= (
        rule_ids(result)
    )
    severities = [SEVERITY[reason.verdict] for reason in result.reasons]
    assert severities == sorted(severities, reverse=True)


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("route", ROUTES)
def test_in_the_crown_dependencies_uk_law_is_said_not_to_apply_and_never_applied(source, route):
    result = evaluate(a_query(source=source, route=route, jurisdiction="Crown Dependency"))
    assert "crown-dependencies-local-law" in rule_ids(result)
    assert result.verdict != "unlawful"
    local = next(r for r in result.reasons if r.rule_id == "crown-dependencies-local-law")
    assert "do not apply" in local.text and "Isle of Man" in local.text


def test_human_exosomes_in_the_crown_dependencies_are_still_a_red_flag():
    result = evaluate(a_query(source="human", jurisdiction="Crown Dependency"))
    assert result.verdict == "red_flag"


def test_a_prohibited_ingredient_on_the_label_makes_the_treatment_unlawful():
    result = evaluate(a_query(regulatory_status="compliant_cosmetic", label_verdict="prohibited"))
    assert result.verdict == "unlawful"
    assert "label-prohibited-ingredient" in rule_ids(result)


def test_human_material_on_the_label_makes_a_plant_exosome_claim_unlawful():
    result = evaluate(a_query(label_verdict="ok", label_human_origin=True))
    assert result.verdict == "unlawful"
    assert "label-human-origin" in rule_ids(result)


def test_an_unknown_jurisdiction_applies_only_uk_wide_rules_and_says_so():
    result = evaluate(a_toxin_query(age=17, jurisdiction=None))
    assert "under-18-toxin-and-fillers-england" not in rule_ids(result)
    assert result.notes


@pytest.mark.parametrize(("field", "value"), [
    ("treatment", "tattoo"),
    ("source", "alien"),
    ("route", "oral"),
    ("jurisdiction", "France"),
    ("prescriber", "maybe"),
    ("age_band", "teen"),
])  # fmt: skip
def test_an_unknown_value_is_refused_with_a_message_naming_the_field(field, value):
    with pytest.raises(InvalidTreatmentQuery) as error:
        evaluate(a_query(**{field: value}))
    assert error.value.details["field"] == field


def test_an_age_that_contradicts_the_age_band_is_refused():
    with pytest.raises(InvalidTreatmentQuery):
        evaluate(a_query(age=17, age_band="18_or_over"))


# The typical offer of each treatment, as clinics sell it, and its verdict in each jurisdiction.
TYPICAL = {
    "exosomes": dict(source="plant", route="topical"),
    "polynucleotides": dict(source="animal", route="injected"),
    "botulinum-toxin": dict(source="unknown", route="injected", prescriber="yes"),
    "dermal-filler": dict(source="synthetic", route="injected"),
    "vitamin-injection": dict(source="synthetic", route="injected", prescriber="yes"),
    "prp": dict(source="human", route="injected"),
    "skin-booster": dict(source="synthetic", route="injected"),
    "microneedling": dict(source="plant", route="after-microneedling"),
    "chemical-peel": dict(source="synthetic", route="topical"),
}
EXPECTED = {
    # treatment: (England, Wales, Scotland, Northern Ireland, Crown Dependency)
    "exosomes": ("lawful", "lawful", "lawful", "lawful", "caution"),
    "polynucleotides": ("caution",) * 5,
    "botulinum-toxin": ("lawful", "lawful", "lawful", "lawful", "caution"),
    "dermal-filler": ("lawful", "lawful", "lawful", "caution", "caution"),
    "vitamin-injection": ("caution",) * 5,
    "prp": ("caution",) * 5,
    "skin-booster": ("caution",) * 5,
    "microneedling": ("caution",) * 5,
    "chemical-peel": ("caution",) * 5,
}


def test_the_typical_offers_cover_the_whole_catalogue():
    assert set(TYPICAL) == set(EXPECTED) == {t.slug for t in TREATMENTS}


@pytest.mark.parametrize("jurisdiction", ALL_JURISDICTIONS)
@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_each_treatment_has_a_cited_verdict_in_each_jurisdiction(slug, jurisdiction):
    result = evaluate(a_query(treatment=slug, jurisdiction=jurisdiction, **TYPICAL[slug]))
    assert result.verdict == EXPECTED[slug][ALL_JURISDICTIONS.index(jurisdiction)]
    assert "no-rule-covers-this" not in rule_ids(result), "a catalogue treatment has no rule here"
    for reason in result.reasons:
        assert reason.status == "in_force"
        assert reason.citations or reason.needs_source
    if jurisdiction == "Crown Dependency":
        assert "crown-dependencies-local-law" in rule_ids(result)
    else:
        assert "crown-dependencies-local-law" not in rule_ids(result)


@pytest.mark.parametrize("jurisdiction", ALL_JURISDICTIONS)
@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_a_needs_source_reason_never_decides_that_something_is_law(slug, jurisdiction):
    result = evaluate(a_query(treatment=slug, jurisdiction=jurisdiction, **TYPICAL[slug]))
    if result.verdict in ("lawful", "unlawful"):
        deciding = [r for r in result.reasons if r.verdict == result.verdict]
        assert all(not r.needs_source for r in deciding)


def test_the_result_as_json_follows_the_published_contract():
    data = evaluate(a_query(source="human")).as_dict()
    assert data["verdict"] == "unlawful"
    reason = data["reasons"][0]
    assert {"rule_id", "verdict", "text", "citations"} <= set(reason)
    assert {"title", "issuer", "url", "date", "clause", "evidence"} <= set(reason["citations"][0])
    assert len(data["questions"]) == 5
    assert [step["id"] for step in data["next_steps"]][0] == "walk_away"
    assert data["rules_last_verified"] == get_ruleset().last_verified.isoformat()


def test_blank_optional_answers_count_as_not_given():
    result = evaluate(a_toxin_query(jurisdiction="", administered_by="", regulatory_status=""))
    assert result.query.jurisdiction is None
    assert result.verdict == "lawful"


def test_who_gives_the_toxin_in_england_does_not_change_the_verdict_or_the_coming_plans():
    by_nurse = evaluate(a_toxin_query(administered_by="nurse"))
    by_beautician = evaluate(a_toxin_query(administered_by="non_healthcare"))
    assert by_nurse.verdict == by_beautician.verdict == "lawful"
    assert coming_ids(by_nurse) == coming_ids(by_beautician)


def test_a_remotely_prescribed_vitamin_injection_is_a_cited_red_flag():
    result = evaluate(a_query(treatment="vitamin-injection", route="injected", prescriber="remote"))
    assert result.verdict == "red_flag"
    reason = next(r for r in result.reasons if r.rule_id == "vitamin-injection-remote-prescription")
    assert not reason.needs_source
    assert "hmr-schedule-1" in {c.source.id for c in reason.citations}
    assert "injectable-medicine-remote-prescription" not in rule_ids(result)
