"""The advert checker reads an advert as a regulator would: each flag quotes the advert's own
words (with their offsets) and cites the rule it breaks. These tests state behaviours; the
labelled corpus (test_adverts_corpus.py) measures precision and recall."""

import pytest

from tests.treatments.builders import an_advert
from treatsafe.treatments import prices
from treatsafe.treatments.adverts import CLAIMS, InvalidAdvert, check_advert
from treatsafe.treatments.adverts.checker import claim_rules
from treatsafe.treatments.prices import register_price_source, unregister_price_source
from treatsafe.treatments.rules import get_ruleset


@pytest.fixture(autouse=True)
def only_cited_prices(monkeypatch):
    """No price source from the register (it needs the database): the cited ranges only,
    unless a test registers its own listed prices."""
    monkeypatch.setattr(prices, "_price_sources", [])


def claims(text: str) -> set[str]:
    return check_advert(text).claims


def quotes(text: str, claim: str) -> list[str]:
    flag = next(flag for flag in check_advert(text).flags if flag.claim == claim)
    return [quote.text for quote in flag.quotes]


# --- quotes and citations -------------------------------------------------------------------


def test_each_quote_is_the_adverts_own_words_at_their_offsets():
    text = an_advert("ＢＯＴＯＸ 💉 and Lip Filler — Results GUARANTEED!")
    for flag in check_advert(text).flags:
        for quote in flag.quotes:
            assert text[quote.start : quote.end] == quote.text
    assert quotes(text, "prescription_only_medicine") == ["ＢＯＴＯＸ"]
    assert quotes(text, "absolute_claim") == ["GUARANTEED"]


def test_every_claim_has_a_rule_with_citations_or_says_it_needs_a_source():
    rules = claim_rules(get_ruleset())
    assert set(rules) == set(CLAIMS)
    for claim, rule in rules.items():
        assert rule.citations or rule.needs_source, claim
        assert rule.needs_source or all(c.source.url for c in rule.citations[:1]), claim


def test_prescription_only_medicine_advertising_cites_regulation_284_and_cap_rule_12_12():
    flag = check_advert("Baby Botox £149").flags[0]
    clauses = " ".join(citation.clause for citation in flag.citations)
    assert "regulation 284" in clauses and "12.12" in clauses
    assert flag.verdict == "unlawful"


def test_injected_cosmetic_ingredients_cite_regulation_279():
    flag = check_advert("Exosome mesotherapy, £250").flags[0]
    assert flag.claim == "unlicensed_medicine"
    assert any("regulation 279" in citation.clause for citation in flag.citations)


def test_the_most_severe_flag_decides_the_verdict_and_comes_first():
    result = check_advert("Today only: baby botox £150!")
    assert result.verdict == "unlawful"
    assert [flag.claim for flag in result.flags] == ["prescription_only_medicine", "time_pressure"]


# --- prescription-only medicines ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "b0tox 3 areas £180",
        "Bottox deals this month",
        "B.O.T.O.X specials",
        "Dysport or Xeomin, your choice",
        "Letybo now in stock",
        "Wrinkle-relaxing injections from £120",
        "Line relaxing treatment for crow's feet",
        "Jaw slimming with masseter injections",
        "Barbie toxin for slimmer shoulders",
        "Lip flip £90",
        "Excessive sweating injections, both underarms",
        "Frown lines injections £99",
        "Anti-wrinkle 2 areas £160",
        "B12 shots every Thursday",
        "Vitamin D injections, £40",
        "IV vitamin drip bar",
        "B12 boosts £15 💉 every Friday",
        "Forehead lines? Smoothed with a few tiny injections 💉 £150",
    ],
)
def test_toxin_by_any_name_and_injected_vitamins_are_prescription_only_medicine(text):
    assert "prescription_only_medicine" in claims(text)


def test_areas_priced_in_an_aesthetics_advert_are_toxin_but_not_in_a_laser_or_wax_price_list():
    assert "prescription_only_medicine" in claims(an_advert("Aesthetics by Amy", "3 areas £150"))
    assert claims("3 areas £150") == set()
    assert claims(an_advert("Filler and laser clinic", "Laser: 3 areas £99")) == set()


@pytest.mark.parametrize(
    "text",
    [
        "Book a consultation for the treatment of lines and wrinkles with our nurse.",
        "Anti-wrinkle night cream with retinol, £38",
        "We don't offer Botox, just facials.",
        "Our vitamin C serum is back in stock",
        "Ginger shots at the café",
        "Vitamin boost smoothie £5",
        "Botox-style results without the needle: our peptide serum",
        "Laser hair removal: 3 areas £99 (underarms, bikini, legs)",
        "If your GP has prescribed B12 injections, our nurse can give them.",
    ],
)
def test_a_consultation_for_lines_and_wrinkles_and_other_honest_words_are_not_flagged(text):
    assert "prescription_only_medicine" not in claims(text)


# --- unlicensed medicines and microneedling --------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Exosome injections £199",
        "Meso gun exosome treatment for the scalp",
        "Exosomes placed into the dermis with a cannula",
        "Injectable exosome booster, course of 3",
        "Micro-injections of PDRN across the face",
        "Our exosome skin booster is delivered with a fine needle",
        "A blend of polynucleotides, exosomes and growth factors, injected",
        "Exosome hair treatment: injections into the scalp, £250",
        "PRP & exosome combo injected for hair loss",
    ],
)
def test_a_cosmetic_ingredient_put_through_the_skin_by_any_means_is_an_unlicensed_medicine(text):
    assert "unlicensed_medicine" in claims(text)


def test_an_injectables_menu_beside_a_topical_exosome_facial_does_not_inject_the_facial():
    text = an_advert(
        "Injectables: lip filler, cheek filler, toxin consultation.",
        "Facials: exosome glow facial (topical, with LED) £120.",
        "💉 Filler 💉 Skin booster 🌿 Exosome facial",
        "Exosome facial, then lip filler injections.",
    )
    assert "unlicensed_medicine" not in claims(text)


def test_microneedling_with_exosomes_is_a_separate_caution():
    result = check_advert("Exosome serum applied after your microneedling session, £180")
    assert result.claims == {"microneedling_exosomes"}
    assert result.verdict == "caution"


# --- human origin ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Umbilical cord exosomes for the ultimate glow",
        "Placenta-derived stem cell serum",
        "Exosomes from donor adipose tissue",
        "Fibroblasts cultured from newborn foreskin",
        "Human stem-cell conditioned media facial",
        "Serum with HUMAN AMNIOTIC FLUID CELL CONDITIONED MEDIA",
        "Bone marrow derived exosome serum",
    ],
)
def test_human_cells_or_tissue_are_found_by_name_without_the_word_human(text):
    assert "human_origin" in claims(text)


@pytest.mark.parametrize(
    "text",
    [
        "Horse placenta mask, £60",
        "Sheep placenta and bovine colostrum cream",
        "Salmon DNA sheet mask",
        "Rose stem cell exosomes applied after your facial",
        "Free from human cells and animal ingredients",
    ],
)
def test_an_animal_or_plant_source_is_not_human(text):
    assert "human_origin" not in claims(text)


def test_the_cosing_human_origin_entries_are_read_as_data():
    from treatsafe.treatments.adverts.lexicon import lexicon

    names = lexicon().cosing_names
    assert names.search("human umbilical mesenchymal stem cell exosomes")
    assert "human_origin" in claims("Contains Human Neonatal Fibroblast Conditioned Media.")


# --- negation --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Human exosomes? 🙅‍♀️ Nope! Ours are plant-derived.",
        "NO 🚫 human-derived #exosomes in our serum",
        "We never use donor tissue or placenta.",
        "Free from human cells.",
        "Injected? Never, we apply exosomes to the skin.",
        "Placenta? Not here 🙅 just grape stem cells",
        "No injections here, just a relaxing exosome facial",
        "We don't inject exosomes.",
    ],
)
def test_a_denial_holds_across_emoji_and_hashtags(text):
    assert claims(text) == set()


def test_a_negation_is_limited_to_its_own_clause():
    assert claims("Our exosomes are not human-derived, but they are injected into the dermis") == {
        "unlicensed_medicine"
    }
    assert claims("We never use donor tissue. Umbilical cord exosomes, £200.") == {"human_origin"}
    assert claims("No downtime and no risk!") == {"absolute_claim"}
    assert claims("No downtime £150 botox") == {"prescription_only_medicine"}
    assert claims("No needles needed 😌 but we inject the exosomes with a meso gun") == {
        "unlicensed_medicine"
    }


def test_a_warning_about_other_clinics_is_not_an_offer():
    text = an_advert(
        "Be careful: some clinics advertise exosomes from human umbilical cord.",
        "Those are prohibited in cosmetic products in the UK.",
    )
    assert claims(text) == set()


# --- prices ----------------------------------------------------------------------------------


def test_a_cheap_price_for_one_part_of_a_combined_offer_is_caught():
    result = check_advert("Lip filler 1ml £180 + anti-wrinkle 2 areas £39")
    assert "cheap_price" in result.claims
    assert quotes("Lip filler 1ml £180 + anti-wrinkle 2 areas £39", "cheap_price") == ["£39"]


@pytest.mark.parametrize(
    "text",
    [
        "Exosome facial £150 (£30 deposit to secure your slot)",
        "Exosome facial, was £45, now £140",
        "Exosome glow facial £160. Booking fee £20.",
        "Exosome facial £150, £10 off when you bring a friend",
        "Toxin consultation £25 | lip filler £200",
    ],
)
def test_deposits_old_prices_fees_and_discounts_are_not_the_price(text):
    assert "cheap_price" not in claims(text)


def test_each_price_is_compared_with_its_own_treatments_range():
    assert "cheap_price" in claims("Exosome facial £30")
    assert "cheap_price" not in claims("Exosome facial £120, B12 shot £30")


def test_a_low_price_is_judged_against_the_register_when_it_lists_enough_prices():
    def listed(slug):
        return [200.0, 220.0, 240.0, 250.0, 260.0, 300.0] if slug == "dermal-filler" else None

    register_price_source(listed)
    try:
        assert claims("Lip filler just £90!") == {"cheap_price"}
        assert claims("Lip filler £230") == set()
    finally:
        unregister_price_source(listed)


# --- claims ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Risk-free results", {"absolute_claim"}),
        ("Guaranteed results or your money back", {"absolute_claim"}),
        ("Permanent results from one session", {"absolute_claim"}),
        ("Semi-permanent brows, top-up included", set()),
        ("Guaranteed consultation within 7 days", set()),
        ("Every new client is guaranteed an appointment with a prescriber", set()),
        ("Lip filler for 16+ with parental consent", {"under_18"}),
        ("Prom offer: lip filler £120", {"under_18"}),
        ("We never treat anyone under 18, even with parental consent.", set()),
        ("Today only: 20% off skin boosters", {"time_pressure"}),
        ("Last 3 slots for Saturday!", {"time_pressure"}),
        ("Offer ends midnight ⏰", {"time_pressure"}),
        ("Open today 10 to 6 for consultations", set()),
    ],
)
def test_absolute_claims_under_18_targeting_and_time_pressure(text, expected):
    assert claims(text) == expected


# --- input -----------------------------------------------------------------------------------


def test_an_empty_or_huge_advert_is_refused_with_a_clear_message():
    with pytest.raises(InvalidAdvert, match="Paste"):
        check_advert("   ")
    with pytest.raises(InvalidAdvert, match="20,000"):
        check_advert("exosome " * 5000)


def test_the_result_as_json_has_claim_ids_quotes_with_offsets_and_citations():
    data = check_advert("Human exosome facial £30").as_dict()
    assert data["verdict"] == "unlawful"
    by_claim = {flag["claim"]: flag for flag in data["flags"]}
    assert set(by_claim) == {"human_origin", "cheap_price"}
    assert by_claim["human_origin"]["quotes"][0] == {
        "text": "Human exosome",
        "start": 0,
        "end": 13,
        "detail": None,
    }
    assert by_claim["human_origin"]["citations"][0]["clause"].startswith("Annex II, entry 416")
