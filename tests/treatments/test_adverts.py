"""The advert checker against realistic clinic adverts and messages, including negations and
misspellings. Each advert lists the claims it must raise; any other claim is a false alarm."""

import pytest

from treatsafe.treatments import prices
from treatsafe.treatments.adverts import InvalidAdvert, check_advert
from treatsafe.treatments.prices import register_price_source, unregister_price_source
from treatsafe.treatments.rules import get_ruleset


@pytest.fixture(autouse=True)
def only_cited_prices(monkeypatch):
    """No price source from the register (it needs the database): the cited ranges only,
    unless a test registers its own listed prices."""
    monkeypatch.setattr(prices, "_price_sources", [])


ADVERTS = [
    (
        "NEW at Glow Aesthetics! Stem-cell exosome facial using donor-derived exosomes for "
        "ultimate regeneration. Results guaranteed!",
        {"human_exosomes", "absolute_claim"},
    ),
    (
        "Our exosomes are 100% plant-derived, not human-derived. Applied topically at the end of "
        "your facial. Ask to see the full ingredient list.",
        set(),
    ),
    (
        "Exosome injections now available \u2013 \u00a379 per session, book now!",
        {"injected_exosomes"},
    ),
    ("Rose stem cell exosomes facial. No needles, no injections. \u00a3150.", set()),
    (
        "\U0001f496 Barbie Botox offer: slim & lengthen your neck and shoulders! Was \u00a3350, "
        "now \u00a3199 \U0001f496",
        {"prescription_only_medicine"},
    ),
    (
        "A natural alternative to Botox: our salmon exosome facial. No downtime and no risk!",
        {"absolute_claim"},
    ),
    (
        "Umbilical cord MSC exosomes \u2013 the gold standard in regenerative aesthetics "
        "\U0001f489 DM to book",
        {"human_exosomes"},
    ),
    ("Exosome facial only \u00a325 this week!! Limited slots", {"cheap_price"}),
    (
        "Please note: results are not permanent and no treatment is risk-free. Our plant "
        "exosomes are applied to the skin only.",
        set(),
    ),
    ("We never use human or donor material in our exosome serums.", set()),
    (
        "Exosome microneedling \u00a3180. Exosomes are massaged in after microneedling, never "
        "injected.",
        set(),
    ),
    (
        "Placenta-derived exosomes injected into the scalp for hair loss.",
        {"human_exosomes", "injected_exosomes"},
    ),
    ("b0tox and fillers, lip flip, brow tox \U0001f4de call now", {"prescription_only_medicine"}),
    ("We offer anti-wrinkle consultations with our nurse prescriber.", set()),
    ("Get Exosomes injected for PERMANENT results!!", {"injected_exosomes", "absolute_claim"}),
    ("Human-derived exosomes are banned in the UK \u2013 ours are from grape.", set()),
    (
        "Introducing ASCE+ exozomes: human adipose-derived stem cell exosomes, delivered by "
        "mesotherapy injection. 100% safe.",
        {"human_exosomes", "injected_exosomes", "absolute_claim"},
    ),
    (
        "Exsosome skin booster shots \u2013 \u00a399, zero side effects",
        {"injected_exosomes", "absolute_claim"},
    ),
    (
        "Polynucleotides under-eye treatment \u00a3250. Results vary and we will talk you "
        "through the risks at your consultation.",
        set(),
    ),
    (
        "Vampire facial (PRP) plus exosome serum applied topically. Vegan, cruelty-free, free "
        "from human-derived ingredients.",
        set(),
    ),
    (
        "Wharton's jelly exosome IV drip for glow from within \u2728",
        {"human_exosomes", "injected_exosomes"},
    ),
    (
        "3 areas of Azzalure for \u00a3180 this month only, guaranteed smooth forehead",
        {"prescription_only_medicine", "absolute_claim"},
    ),
    ("Botox-free, needle-free, pain-free: exosome facials with apple stem cells.", set()),
    (
        "Our clinic does not use stem cells from humans. We will not inject exosomes under any "
        "circumstances.",
        set(),
    ),
    ("exosomes facial (bovine colostrum) - lasts forever!!!", {"absolute_claim"}),
    (
        "Lip filler \u00a3120, exosome facial \u00a3199. Satisfaction guaranteed or your money "
        "back.",
        {"absolute_claim"},
    ),
]

ADVERTS += [
    ("Exo-somes IV therapy for skin glow, riskfree", {"injected_exosomes", "absolute_claim"}),
    (
        "Bottox 3 areas \u00a3150 \u2013 results guarenteed",
        {"prescription_only_medicine", "absolute_claim"},
    ),
    ("Our exosome serum contains no human material and no stem cells.", set()),
    ("PERMANANT results with our exosome facial!", {"absolute_claim"}),
    ("PDRN polynucleotides \u00a340, exosome facial \u00a3160", set()),
    (
        "Human-derived exosomes? Never. Our exosomes come from grape stem cells and are applied "
        "to the skin.",
        set(),
    ),
    ("Injected exosomes? No, we only ever apply them to the skin after your facial.", set()),
    (
        "Exosome injections? We never offer them. Ask about our rose exosome facial instead.",
        set(),
    ),
    (
        "Human stem cell exosome injections? No downtime, glowing results in days!",
        {"human_exosomes", "injected_exosomes"},
    ),
]


def test_there_are_at_least_twenty_realistic_adverts_including_negations():
    assert len(ADVERTS) >= 20
    assert sum(1 for _, expected in ADVERTS if not expected) >= 8


@pytest.mark.parametrize(("advert", "expected"), ADVERTS, ids=[a[:40] for a, _ in ADVERTS])
def test_the_advert_checker_flags_exactly_the_unlawful_or_unsafe_claims(advert, expected):
    result = check_advert(advert)
    assert result.claims == expected


def test_each_flag_names_the_rule_it_breaks_with_its_citations():
    result = check_advert("Stem-cell exosome injections \u2013 no risk!")
    ruleset = get_ruleset()
    for flag in result.flags:
        rule = ruleset.get(flag.rule_id)
        assert flag.verdict == rule.verdict
        assert flag.citations == rule.citations
        assert flag.citations or flag.needs_source
    assert result.verdict == "unlawful"
    assert result.flags[0].verdict == "unlawful"


def test_the_botox_advert_cites_the_ban_on_advertising_prescription_only_medicines():
    flag = check_advert("Baby Botox \u00a3149")
    clauses = [c.clause for f in flag.flags for c in f.citations]
    assert any("regulation 284" in clause for clause in clauses)


def test_a_low_price_is_judged_against_the_register_when_it_lists_enough_prices():
    def listed(slug):
        return [200.0, 220.0, 240.0, 250.0, 260.0, 300.0] if slug == "dermal-filler" else None

    register_price_source(listed)
    try:
        assert check_advert("Lip filler just \u00a349!").claims == {"cheap_price"}
        assert check_advert("Lip filler \u00a3230").claims == set()
    finally:
        unregister_price_source(listed)


def test_a_price_for_a_treatment_with_no_usual_range_is_not_flagged():
    assert check_advert("Lip filler just \u00a349!").claims == set()


def test_an_empty_or_huge_advert_is_refused_with_a_clear_message():
    with pytest.raises(InvalidAdvert, match="Paste"):
        check_advert("   ")
    with pytest.raises(InvalidAdvert, match="20,000"):
        check_advert("exosome " * 5000)


def test_the_advert_result_as_json_lists_flags_with_rule_and_phrase():
    data = check_advert("Human exosome facial \u00a330").as_dict()
    assert data["verdict"] == "unlawful"
    assert {flag["claim"] for flag in data["flags"]} == {"human_exosomes", "cheap_price"}
    assert all(flag["rule_id"] and flag["phrase"] for flag in data["flags"])
    assert "exosomes" in data["treatments"]
