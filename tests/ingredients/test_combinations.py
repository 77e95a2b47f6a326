"""A combination entry ("citric acid (and) silver citrate", "mixture of A and B", "A + B")
applies only where the label names every part; "X and its salts" is one substance. Checked
against every combination entry in Annexes III to VI of the shipped data."""

import re

import pytest
from django.conf import settings

from treatsafe.ingredients import cosing
from treatsafe.ingredients.conditions import mixture_parts
from treatsafe.ingredients.index import CosingIndex
from treatsafe.ingredients.services import check_text


def _data():
    base = settings.REFERENCE_DATA_DIR
    from pathlib import Path

    return cosing.read_cosing({name: Path(base) / f"{name}.gz" for name in cosing.FILES})


DATA = _data()
# found independently of the code under test: the INCI mixture marks "(and)" and " + " in the
# glossary name, or a chemical name that says "Mixture of"
COMBINATIONS = [
    entry
    for entry in DATA.annex_entries
    if entry.annex in ("III", "IV", "V", "VI")
    and (
        re.search(r"\(and\)| \+ ", entry.glossary_name, re.IGNORECASE)
        or (
            # "Mixture of A and B" whose glossary joins two INCI names (not a one-name dye
            # described as a mixture, such as Disperse Blue 377)
            re.match(r"\s*mixture of", entry.chemical_name, re.IGNORECASE)
            and re.fullmatch(r"[\w .-]+ AND [\w .-]+", entry.glossary_name.strip(), re.IGNORECASE)
        )
    )
]
INDEX = CosingIndex.from_cosing(DATA)


def test_the_shipped_annexes_have_combination_entries_and_the_rule_finds_them_all():
    assert {e.key for e in COMBINATIONS} >= {"V.56", "V.38", "III.243"}
    found = {
        e.key
        for e in DATA.annex_entries
        if e.annex != "II" and mixture_parts(e.chemical_name, e.glossary_name)
    }
    assert found == {e.key for e in COMBINATIONS}


def _carries(result, entry):
    return [
        item.inci
        for item in result.ingredients
        if any(e.key == entry.key for e in item.annex_entries)
    ]


@pytest.mark.parametrize("entry", COMBINATIONS, ids=lambda e: f"{e.annex}/{e.reference}")
def test_no_single_part_of_a_combination_entry_matches_it(entry):
    parts = mixture_parts(entry.chemical_name, entry.glossary_name)
    assert len(parts) >= 2
    for part in parts:
        result = check_text(f"Aqua, {part}", INDEX)
        assert result.ingredients[1].match != "none", part
        assert _carries(result, entry) == [], part


@pytest.mark.parametrize("entry", COMBINATIONS, ids=lambda e: f"{e.annex}/{e.reference}")
def test_a_label_naming_every_part_matches_the_combination_entry(entry):
    parts = mixture_parts(entry.chemical_name, entry.glossary_name)
    result = check_text("Aqua, " + ", ".join(parts), INDEX)
    assert len(_carries(result, entry)) == len(parts)


def test_plain_citric_acid_is_not_the_citric_acid_and_silver_citrate_preservative():
    result = check_text("Aqua, Glycerin, Citric Acid", INDEX)
    citric = result.ingredients[2]
    assert citric.inci == "CITRIC ACID"
    assert citric.annex_entries == () and citric.status == "ok"
    assert result.verdict == "ok"


@pytest.mark.parametrize(
    ("name", "reference"),
    [("Sodium Benzoate", "1"), ("Potassium Sorbate", "4"), ("Sodium Salicylate", "3")],
)
def test_an_entry_for_a_substance_and_its_salts_matches_one_salt_alone(name, reference):
    result = check_text(f"Aqua, {name}", INDEX)
    assert ("V", reference) in {(e.annex, e.ref) for e in result.ingredients[1].annex_entries}
