"""Names a label may print for Annex II substances, read from the entry's own chemical name."""

import pytest

from treatsafe.ingredients.annex_names import entry_names


@pytest.mark.parametrize(
    ("chemical_name", "names"),
    [
        ("Tretinoin (INN) (retinoic acid and its salts)", ["Tretinoin"]),
        ("Arsenic and its compounds", ["Arsenic"]),
        ("Atropine, its salts and derivatives", ["Atropine"]),
        ("Octamethylcyclotetrasiloxane; D4", ["Octamethylcyclotetrasiloxane"]),
        ("3,4,5-Trimethoxyphenethylamine (Mescaline) and its salts", ["Mescaline"]),
        (
            "(2-Acetoxyethyl)trimethylammonium hydroxide (Acetylcholine) and its salts",
            ["Acetylcholine"],
        ),
        ("Anamirta cocculus L. (fruit)", []),
        ("Silver (massive) [particle diameter ≥ 1 mm]", []),
    ],
)
def test_an_entry_gives_the_names_a_label_could_print(chemical_name, names):
    found = entry_names(chemical_name)
    assert set(names) <= set(found)
    assert not {"fruit", "massive", "hydroxide", "trimethylammonium hydroxide"} & {
        name.lower() for name in found
    }
