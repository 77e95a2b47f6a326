"""check_label: annex status, limits, origin flags, verdicts, warnings and bad input."""

import pytest

from treatsafe.core.errors import InvalidInput
from treatsafe.ingredients.services import (
    MAX_CHARACTERS,
    MAX_INGREDIENTS,
    EmptyLabel,
    LabelTooLong,
    NotText,
    TooManyIngredients,
    check_label,
)

pytestmark = pytest.mark.django_db

SERUM = "Aqua, Glycerin, Niacinamide, Sodium Hyaluronate, Panthenol, Allantoin"


def item(result, inci):
    return next(i for i in result.ingredients if i.inci == inci)


def annexes(ingredient):
    return {(e.annex, e.ref) for e in ingredient.annex_entries}


def test_a_label_of_unrestricted_ingredients_is_ok():
    result = check_label(SERUM)
    assert result.verdict == "ok"
    assert [i.match for i in result.ingredients] == ["exact"] * 6
    assert not result.human_origin and not result.exosome


def test_an_annex_ii_ingredient_makes_the_label_prohibited():
    result = check_label(SERUM + ", Methotrexate")
    assert result.verdict == "prohibited"
    assert ("II", "6") in annexes(item(result, "METHOTREXATE"))
    (entry,) = item(result, "METHOTREXATE").annex_entries
    assert entry.conditions.startswith("Prohibited in cosmetic products")


def test_a_banned_ingredient_allowed_only_in_nail_systems_is_banned_in_a_plain_list():
    result = check_label(SERUM + ", Hydroquinone")
    hydroquinone = item(result, "HYDROQUINONE")
    assert {("II", "1339"), ("III", "14")} <= annexes(hydroquinone)
    assert result.verdict == "prohibited"
    annex_iii = next(e for e in hydroquinone.annex_entries if e.annex == "III")
    assert "Artificial nail systems" in annex_iii.conditions
    (ban,) = result.problems
    assert ban.kind == "banned" and "except in nail products (Annex III/14)" in ban.text


def test_an_annex_iv_colourant_shows_its_entry():
    result = check_label("Talc, CI 77891")
    assert "IV" in {e.annex for e in item(result, "CI 77891").annex_entries}
    assert any("Annex IV (colourants) data is older" in w for w in result.warnings)
    assert result.verdict == "ok"
    assert "colourant" in result.summary


def test_an_annex_v_preservative_within_its_limit_passes_the_concentration_check():
    result = check_label("Aqua, Phenoxyethanol 0.8%")
    (entry,) = item(result, "PHENOXYETHANOL").annex_entries
    assert (entry.annex, entry.ref, entry.max_percent) == ("V", "29", 1.0)
    assert entry.within_limit is True
    assert result.verdict == "ok"
    assert [f.kind for f in result.maker_limits] == ["maker"]


def test_a_declared_concentration_above_every_limit_is_a_problem_quoting_the_limit():
    result = check_label("Aqua, Phenoxyethanol 2%")
    phenoxyethanol = item(result, "PHENOXYETHANOL")
    (entry,) = phenoxyethanol.annex_entries
    assert entry.within_limit is False
    assert phenoxyethanol.over_limit
    assert result.verdict == "restriction_broken"
    (problem,) = result.problems
    assert problem.kind == "broken" and problem.entry == "Annex V/29"
    assert "declares 2%, above the maximum of 1%" in problem.text
    assert "Maximum concentration: 1.0%" in problem.text


def test_a_concentration_above_one_limit_but_within_another_stays_restricted():
    # benzalkonium chloride: up to 0.1% as a preservative (V/54), 3% otherwise (III/65)
    result = check_label("Aqua, Benzalkonium Chloride 1%")
    benzalkonium = item(result, "BENZALKONIUM CHLORIDE")
    judged = {(e.annex, e.ref, e.within_limit) for e in benzalkonium.annex_entries}
    assert judged == {("III", "65", True), ("V", "54", False)}
    assert not benzalkonium.over_limit
    assert result.verdict == "ok"
    assert {f.entry for f in result.maker_limits} == {"Annex III/65", "Annex V/54"}


def test_without_a_declared_concentration_the_limit_is_not_judged():
    result = check_label("Aqua, Phenoxyethanol")
    (entry,) = item(result, "PHENOXYETHANOL").annex_entries
    assert entry.within_limit is None


def test_an_annex_vi_uv_filter_shows_its_limit():
    result = check_label("Aqua, Homosalate 5%")
    entry = next(e for e in item(result, "HOMOSALATE").annex_entries if e.annex == "VI")
    assert entry.max_percent == 7.34
    assert entry.within_limit is True


def test_an_entry_amended_after_2020_warns_that_gb_may_differ_and_ni_follows_the_eu():
    result = check_label("Talc, CI 77891")
    recent = [e for e in item(result, "CI 77891").annex_entries if e.adopted_after_2020]
    assert recent, "Annex III/321 (titanium dioxide powder) is from (EU) 2021/850"
    warning = next(w for w in result.warnings if recent[0].regulation in w)
    assert "Northern Ireland follows the EU" in warning
    assert "Great Britain may not have adopted" in warning


def test_a_human_derived_ingredient_makes_the_whole_label_prohibited():
    result = check_label(SERUM + ", Human Adipose Stromal Cell Exosomes")
    exosomes = item(result, "HUMAN ADIPOSE STROMAL CELL EXOSOMES")
    assert ("II", "416") in annexes(exosomes)
    assert exosomes.flags == ("human_origin", "exosome")
    assert result.verdict == "prohibited"
    assert result.human_origin and result.exosome


def test_a_human_derived_ingredient_is_prohibited_even_where_cosing_restriction_is_empty():
    name = (
        "PANTOEA VAGANS/HUMAN KERATINOCYTE CONDITIONED MEDIA/1,2-HEXANEDIOL FERMENT EXTRACT "
        "FILTRATE"
    )
    result = check_label(f"Aqua, {name}")
    ingredient = item(result, name)
    assert ingredient.annex_entries == ()  # CosIng gives no annex reference for it
    assert "human_origin" in ingredient.flags
    assert result.verdict == "prohibited"


def test_a_human_derived_name_not_in_cosing_still_makes_the_label_prohibited():
    result = check_label("Aqua, Human umbilical cord stem cell secretome")
    assert result.ingredients[1].match == "none"
    assert result.verdict == "prohibited"


def test_plant_animal_and_microbial_exosomes_are_flagged_but_not_prohibited():
    result = check_label(
        "Aqua, Aloe Vera Vesicles, Milk Exosomes, Galactomyces Extracellular Vesicles"
    )
    assert item(result, "ALOE VERA VESICLES").flags == ("plant_origin", "exosome")
    assert item(result, "MILK EXOSOMES").flags == ("animal_origin", "exosome")
    assert "microbial_origin" in item(result, "GALACTOMYCES EXTRACELLULAR VESICLES").flags
    assert result.exosome and not result.human_origin
    assert result.verdict != "prohibited"
    assert any("exosomes" in w for w in result.warnings)


def test_an_unknown_name_gives_unknown_ingredients_and_is_listed_in_a_warning():
    result = check_label("Aqua, Glycerin, Unicorn Tears")
    assert result.verdict == "unknown_ingredients"
    assert result.ingredients[2].match == "none"
    assert any("Unicorn Tears" in w for w in result.warnings)


def test_an_unknown_name_outranks_limits_only_the_maker_can_meet_in_the_verdict():
    result = check_label("Aqua, Phenoxyethanol, Limonene, Unicorn Tears")
    assert {i.status for i in result.ingredients} == {"ok", "limits", "unknown_ingredients"}
    assert result.verdict == "unknown_ingredients"
    assert result.unknown_count == 1
    heading = "No banned ingredients found, but 1 ingredient could not be checked"
    assert result.headline[0] == heading


def test_a_typo_is_a_fuzzy_match_shown_as_did_you_mean():
    result = check_label("Aqua, Glycern")
    assert result.ingredients[1].match == "fuzzy"
    assert result.verdict == "ok"
    assert any("did you mean GLYCERIN?" in w for w in result.warnings)


def test_the_result_contract_has_the_agreed_keys():
    body = check_label("Aqua, Niacinamide 5% [+/- CI 77891]").as_dict()
    assert set(body) == {
        "verdict",
        "headline",
        "explanation",
        "summary",
        "problems",
        "product_type_checks",
        "maker_limits",
        "unknown_count",
        "product_type",
        "ingredients",
        "warnings",
    }
    assert {
        "input",
        "inci",
        "cosing_ref",
        "match",
        "score",
        "status",
        "annex_entries",
        "findings",
        "functions",
        "fragrance_allergen",
        "flags",
        "may_contain",
        "declared_percent",
    } <= set(body["ingredients"][0])
    assert {"annex", "ref", "regulation", "conditions"} <= set(
        body["ingredients"][2]["annex_entries"][0]
    )
    assert body["ingredients"][1]["declared_percent"] == 5.0
    assert body["ingredients"][2]["may_contain"] is True


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", EmptyLabel),
        ("   \n\t ", EmptyLabel),
        (", ; •", EmptyLabel),
        ("a" * (MAX_CHARACTERS + 1), LabelTooLong),
        ("Aqua, " * 200_000, LabelTooLong),  # about 1 MB
        ("\x00\x01\x02binary\x03\x04" * 50, NotText),
        (b"\xff\xfe\x00\x81junk", NotText),
        ("Aqua, " * 2000, TooManyIngredients),
    ],
)
def test_bad_input_raises_a_clear_invalid_input_error(text, error):
    with pytest.raises(error) as raised:
        check_label(text)
    assert isinstance(raised.value, InvalidInput)
    assert raised.value.message


def test_the_limits_are_stated_in_the_error_message():
    with pytest.raises(LabelTooLong, match=f"{MAX_CHARACTERS:,} characters"):
        check_label("a" * (MAX_CHARACTERS + 1))
    with pytest.raises(TooManyIngredients, match=f"at most {MAX_INGREDIENTS}"):
        check_label("Aqua, " * 2000)


@pytest.mark.parametrize(
    "text",
    [
        "A" * (MAX_CHARACTERS - 1),  # one enormous "name"
        "(" * 5000 + "Aqua" + ")" * 5000,  # absurd nesting
        "Aqua (Water, Glycerin",  # unclosed bracket
        "5% " * 3000,  # only percentages
    ],
)
def test_odd_but_textual_input_gets_a_result_not_a_crash(text):
    result = check_label(text)
    assert result.verdict in {"prohibited", "restriction_broken", "unknown_ingredients", "ok"}
    assert result.ingredients


def test_the_index_is_cached_per_process_and_rebuilt_when_cosing_is_reimported(monkeypatch):
    from treatsafe.core import fingerprints
    from treatsafe.core.models import ImportedDataset
    from treatsafe.ingredients.services import get_index

    first = get_index()
    assert get_index() is first
    # re-imported by another process (no signal here): seen once the fingerprint is read again
    ImportedDataset.objects.filter(name="cosing").update(fingerprint="changed")
    monkeypatch.setattr(fingerprints, "FINGERPRINT_TTL_SECONDS", 0.0)
    rebuilt = get_index()
    assert rebuilt is not first
    assert len(rebuilt.matcher) == len(first.matcher)


def test_without_imported_cosing_data_the_check_says_the_data_is_missing():
    from treatsafe.core.models import ImportedDataset
    from treatsafe.ingredients.services import ReferenceDataMissing

    ImportedDataset.objects.filter(name="cosing").delete()
    with pytest.raises(ReferenceDataMissing, match="import-data"):
        check_label("Aqua")


def test_footnotes_are_reported_in_a_warning_not_checked_as_ingredients():
    result = check_label("Aqua, Limonene*, Linalool*. *From natural essential oils.")
    assert [i.inci for i in result.ingredients] == ["AQUA", "LIMONENE", "LINALOOL"]
    assert result.verdict == "ok"
    assert result.summary == "2 fragrance allergens"
    assert any('"From natural essential oils"' in warning for warning in result.warnings)


def test_a_comma_lost_at_a_line_end_does_not_merge_two_ingredients():
    # OCR often drops the comma at the end of a printed line
    result = check_label("Niacinamide, Phenoxyethanol 1%\nLimonene, Linalool")
    assert [(i.inci, i.declared_percent) for i in result.ingredients] == [
        ("NIACINAMIDE", None),
        ("PHENOXYETHANOL", 1.0),
        ("LIMONENE", None),
        ("LINALOOL", None),
    ]


def test_a_name_wrapped_over_a_line_break_stays_one_ingredient():
    result = check_label("Aqua, Butyrospermum Parkii\nButter, Sodium\nHyaluronate")
    assert [i.inci for i in result.ingredients] == [
        "AQUA",
        "BUTYROSPERMUM PARKII BUTTER",
        "SODIUM HYALURONATE",
    ]


def test_commas_read_as_full_stops_by_ocr_still_separate_ingredients():
    result = check_label("AQUA. GLYCERIN. NIACINAMIDE 4%. SODIUM HYALURONATE, GLYCERN. PARFUM")
    assert [(i.inci, i.match) for i in result.ingredients] == [
        ("AQUA", "exact"),
        ("GLYCERIN", "exact"),
        ("NIACINAMIDE", "exact"),
        ("SODIUM HYALURONATE", "exact"),
        ("GLYCERIN", "fuzzy"),
        ("PARFUM", "exact"),
    ]
    assert result.ingredients[2].declared_percent == 4.0


def test_a_misspelt_wrapped_name_is_not_split_into_guesses():
    result = check_label("Aqua, Butyrospermum Parkii\nButer, Glycerin")
    assert [(i.inci, i.match) for i in result.ingredients] == [
        ("AQUA", "exact"),
        ("BUTYROSPERMUM PARKII BUTTER", "fuzzy"),
        ("GLYCERIN", "exact"),
    ]


def test_a_comma_without_its_space_before_a_hyphenated_name_still_separates_two_names():
    result = check_label("Phenoxyethanol, Butylene Glyc0l,Cis-3-Hexenyl Formate, 1,2-Hexanediol")
    assert [i.inci for i in result.ingredients] == [
        "PHENOXYETHANOL",
        "BUTYLENE GLYCOL",
        "CIS-3-HEXENYL FORMATE",
        "1,2-HEXANEDIOL",
    ]
