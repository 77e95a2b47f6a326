"""The parser on real-looking labels: every separator, bracket, section and kind of damage."""

import pytest

from treatsafe.ingredients.parsing import parse_label


def names(text):
    return [fragment.name for fragment in parse_label(text)]


def test_commas_split_ingredients_and_a_leading_ingredients_label_and_full_stop_are_removed():
    assert names("Ingredients: Aqua, Glycerin, Niacinamide, Phenoxyethanol.") == [
        "AQUA",
        "GLYCERIN",
        "NIACINAMIDE",
        "PHENOXYETHANOL",
    ]


@pytest.mark.parametrize("header", ["INCI:", "Ingrédients :", "INGREDIENTS/INGRÉDIENTS:"])
def test_other_leading_labels_are_removed(header):
    assert names(f"{header} Aqua, Glycerin") == ["AQUA", "GLYCERIN"]


def test_semicolons_bullets_and_line_breaks_separate_ingredients():
    assert names("Aqua; Glycerin; Parfum") == ["AQUA", "GLYCERIN", "PARFUM"]
    assert names("Aqua • Glycerin • Parfum") == ["AQUA", "GLYCERIN", "PARFUM"]
    assert names("Aqua\nGlycerin\nParfum\n") == ["AQUA", "GLYCERIN", "PARFUM"]
    assert names("• Aqua\n• Glycerin\n• Parfum") == ["AQUA", "GLYCERIN", "PARFUM"]


def test_line_breaks_inside_a_comma_separated_list_are_only_wrapping():
    assert names("Aqua, Sodium\nHyaluronate, Glycerin") == [
        "AQUA",
        "SODIUM HYALURONATE",
        "GLYCERIN",
    ]


def test_a_word_hyphenated_at_a_line_end_is_joined_again():
    assert names("Aqua, Sodium Hyalu-\nronate, Acetyl Hexapeptide-\n8") == [
        "AQUA",
        "SODIUM HYALURONATE",
        "ACETYL HEXAPEPTIDE-8",
    ]


def test_commas_between_digits_and_inside_brackets_do_not_split_an_ingredient():
    fragments = parse_label("Aqua, 1,2-Hexanediol, Parfum (Fragrance, Limonene), Glycerin")
    assert [f.text for f in fragments] == [
        "Aqua",
        "1,2-Hexanediol",
        "Parfum (Fragrance, Limonene)",
        "Glycerin",
    ]


def test_bracketed_and_slashed_names_offer_each_name_as_a_candidate():
    aqua, titanium, tocopherol, water = parse_label(
        "AQUA (WATER), CI 77891 (TITANIUM DIOXIDE), Tocopherol (Vitamin E), WATER/AQUA/EAU"
    )
    assert {"AQUA", "WATER"} <= set(aqua.candidates)
    assert titanium.candidates[:3] == (
        "CI 77891 (TITANIUM DIOXIDE)",
        "CI 77891",
        "TITANIUM DIOXIDE",
    )
    assert "VITAMIN E" in tocopherol.candidates
    assert water.candidates[0] == "WATER/AQUA/EAU"


def test_spaced_slashes_keep_alternatives_in_one_fragment():
    fragments = parse_label("Water / Aqua / Eau, Glycerin")
    assert [f.name for f in fragments] == ["WATER / AQUA / EAU", "GLYCERIN"]


def test_nested_brackets_are_removed_for_the_plain_name():
    (fragment,) = parse_label("Citrus Aurantium Dulcis (Orange (Sweet)) Peel Oil")
    assert "CITRUS AURANTIUM DULCIS PEEL OIL" in fragment.candidates


def test_a_may_contain_section_marks_the_ingredients_after_it():
    fragments = parse_label("Aqua, Mica, Linalool. May contain: CI 77891, CI 77491.")
    assert [(f.name, f.may_contain) for f in fragments] == [
        ("AQUA", False),
        ("MICA", False),
        ("LINALOOL", False),
        ("CI 77891", True),
        ("CI 77491", True),
    ]


def test_a_plus_minus_section_marks_the_ingredients_after_it():
    fragments = parse_label("Talc, Mica, +/- CI 77891, CI 77491")
    assert [f.may_contain for f in fragments] == [False, False, True, True]


def test_a_bracketed_plus_minus_list_is_split_out_and_marked_may_contain():
    fragments = parse_label("Talc, Mica [+/- CI 77891, CI 77491, CI 77499].")
    assert [(f.name, f.may_contain) for f in fragments] == [
        ("TALC", False),
        ("MICA", False),
        ("CI 77891", True),
        ("CI 77491", True),
        ("CI 77499", True),
    ]


@pytest.mark.parametrize(
    ("text", "name", "percent"),
    [
        ("Niacinamide 5%", "NIACINAMIDE", 5.0),
        ("10% Glycolic Acid", "GLYCOLIC ACID", 10.0),
        ("Niacinamide (5 %)", "NIACINAMIDE", 5.0),
        ("Salicylic Acid 0,5%", "SALICYLIC ACID", 0.5),
    ],
)
def test_a_declared_percentage_is_kept_apart_from_the_name(text, name, percent):
    (fragment,) = parse_label(f"Ingredients: {text}")
    assert (fragment.name, fragment.declared_percent) == (name, percent)


def test_case_stray_whitespace_and_typographic_dashes_and_quotes_are_normalised():
    fragments = parse_label("  “Sodium   hyaluronate” ,  Acetyl Hexapeptide–8 ,\tGlycerin  ")
    assert [f.name for f in fragments] == [
        "SODIUM HYALURONATE",
        "ACETYL HEXAPEPTIDE-8",
        "GLYCERIN",
    ]


def test_nothing_pasted_is_silently_dropped_even_nonsense():
    text = "Aqua, Xyzzy Plugh, ???, Glycerin, 12345"
    assert [f.text for f in parse_label(text)] == [
        "Aqua",
        "Xyzzy Plugh",
        "???",
        "Glycerin",
        "12345",
    ]


def test_an_unclosed_bracket_does_not_swallow_the_rest_of_the_list():
    assert names("Aqua, Glycerin (Vegetable, Parfum, Limonene") == [
        "AQUA",
        "GLYCERIN VEGETABLE",
        "PARFUM",
        "LIMONENE",
    ]


def test_commas_inside_chemical_names_do_not_split_a_line_separated_list():
    text = "Aqua\nN,N-Dimethyl 2,6-Pyridinediamine HCl\nBeta,4-Dimethyl-3-Cyclohexene-1-Propanal"
    assert names(text) == [
        "AQUA",
        "N,N-DIMETHYL 2,6-PYRIDINEDIAMINE HCL",
        "BETA,4-DIMETHYL-3-CYCLOHEXENE-1-PROPANAL",
    ]


def test_commas_without_spaces_still_split_ordinary_names():
    assert names("Aqua,Glycerin,Vitamin E,Parfum") == ["AQUA", "GLYCERIN", "VITAMIN E", "PARFUM"]


def test_a_comma_without_a_space_before_a_locant_list_starts_a_new_name():
    assert names("Titanium Dioxide,1,2-Hexanediol,Allyl 3,5,5-Trimethylhexanoate") == [
        "TITANIUM DIOXIDE",
        "1,2-HEXANEDIOL",
        "ALLYL 3,5,5-TRIMETHYLHEXANOATE",
    ]


def test_footnote_markers_are_removed_and_the_footnotes_kept_apart_from_the_ingredients():
    fragments = parse_label(
        "Aloe Barbadensis Leaf Juice*, Glycerin, Rosa Canina Fruit Oil**, Citral†.\n"
        "* Ingredients from organic farming ** made with organic ingredients"
        " † from natural essential oils"
    )
    assert [(f.name, f.footnote) for f in fragments if not f.footnote] == [
        ("ALOE BARBADENSIS LEAF JUICE", False),
        ("GLYCERIN", False),
        ("ROSA CANINA FRUIT OIL", False),
        ("CITRAL", False),
    ]
    assert [f.text for f in fragments if f.footnote] == [
        "Ingredients from organic farming",
        "made with organic ingredients",
        "from natural essential oils",
    ]


def test_a_footnote_after_the_full_stop_is_not_an_ingredient():
    fragments = parse_label("Aqua, Limonene*, Linalool*. *natural essential oils")
    assert [f.name for f in fragments if not f.footnote] == ["AQUA", "LIMONENE", "LINALOOL"]
    assert [f.text for f in fragments if f.footnote] == ["natural essential oils"]


def test_a_list_bulleted_with_asterisks_has_no_footnotes():
    fragments = parse_label("* Aqua\n* Glycerin\n* Parfum")
    assert [(f.name, f.footnote) for f in fragments] == [
        ("AQUA", False),
        ("GLYCERIN", False),
        ("PARFUM", False),
    ]


def notes(text):
    return [f.text for f in parse_label(text) if f.footnote]


def test_text_before_an_ingredients_heading_is_set_apart_not_read_as_an_ingredient():
    text = "HYALURONIC SERUM 30 ml\nIngredients: Aqua, Glycerin, Sodium Hyaluronate."
    assert [f.name for f in parse_label(text) if not f.footnote] == [
        "AQUA",
        "GLYCERIN",
        "SODIUM HYALURONATE",
    ]
    assert notes(text) == ["HYALURONIC SERUM 30 ml"]


def test_directions_and_the_makers_details_after_the_list_are_set_apart():
    text = (
        "Aqua, Glycerin, Ethylhexylglycerin. Made in Korea. Keep out of reach of children.\n"
        "Directions: apply twice daily. EXP 12/2027"
    )
    assert [f.name for f in parse_label(text) if not f.footnote] == [
        "AQUA",
        "GLYCERIN",
        "ETHYLHEXYLGLYCERIN",
    ]
    assert notes(text) == [
        "Made in Korea. Keep out of reach of children. Directions: apply twice daily. EXP 12/2027"
    ]


def test_names_that_merely_start_like_trailer_words_stay_ingredients():
    text = "Aqua, Lotus Extract, Batch Fermented Rice, Madecassoside"
    assert notes(text) == []
    assert len(parse_label(text)) == 4


def test_a_second_language_list_after_another_heading_is_read_too():
    text = "INGREDIENTS: AQUA, GLYCERIN. INGRÉDIENTS: EAU, GLYCÉRINE"
    assert names(text) == ["AQUA", "GLYCERIN", "EAU", "GLYCÉRINE"]
    assert notes(text) == []


def test_a_comma_without_a_space_before_digits_run_into_a_word_starts_a_new_name():
    # OCR read the l of Lupinus as 1; a lone locant ("BETA,4-DIMETHYL") stays inside its name
    assert names("S-MU-CONOTOXIN CNIIIC ACETATE,1UPINUS ALBUS SEED EXTRACT") == [
        "S-MU-CONOTOXIN CNIIIC ACETATE",
        "1UPINUS ALBUS SEED EXTRACT",
    ]
    assert names("Glycerin, HEXYL BETA,4-DIMETHYLCINNAMATE") == [
        "GLYCERIN",
        "HEXYL BETA,4-DIMETHYLCINNAMATE",
    ]
