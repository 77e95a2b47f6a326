"""The names real labels use besides the EU INCI name, the parsing rules for how real labels are
written, and Annex II entries that carry their own exception."""

import pytest

from treatsafe.ingredients.annex_ii import ban_exception
from treatsafe.ingredients.label_names import botanical_names, label_names
from treatsafe.ingredients.parsing import parse_label
from treatsafe.ingredients.services import check_text


def incis(text, index):
    return [item.inci for item in check_text(text, index).ingredients]


def test_plant_common_names_come_from_cosings_own_descriptions(cosing_data):
    names = dict(botanical_names(cosing_data.ingredients))
    inci = {record.ref: record.inci for record in cosing_data.ingredients}
    assert inci[names["SUNFLOWER SEED OIL"]] == "HELIANTHUS ANNUUS SEED OIL"
    assert inci[names["JOJOBA SEED OIL"]] == "SIMMONDSIA CHINENSIS SEED OIL"
    assert inci[names["SWEET ALMOND OIL"]] == "PRUNUS AMYGDALUS DULCIS OIL"  # "var. dulcis"
    assert inci[names["BITTER ORANGE FLOWER EXTRACT"]] == "CITRUS AURANTIUM AMARA FLOWER EXTRACT"
    # grapefruit is both Citrus paradisi and Citrus grandis: an ambiguous name is dropped
    assert "GRAPEFRUIT PEEL OIL" not in names
    assert not set(names) & {record.inci for record in cosing_data.ingredients}


def test_every_documented_label_name_has_a_source_and_names_a_cosing_ingredient(cosing_data):
    inventory = {record.inci for record in cosing_data.ingredients}
    rows = label_names()
    assert len(rows) >= 50
    for name, inci, source in rows:
        assert inci in inventory, name
        assert source, name


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        (
            "Water, Sunflower Seed Oil, Corn Starch",
            ["AQUA", "HELIANTHUS ANNUUS SEED OIL", "ZEA MAYS STARCH"],
        ),
        ("Red 33, Yellow 5 Lake, Blue 1 (CI 42090)", ["CI 17200", "CI 19140", "CI 42090"]),
        ("Olus Oil/Vegetable Oil/Huile Vegetale", ["OLUS OIL"]),
        ("CI 19140/Yellow 5, Iron Oxides CI 77491", ["CI 19140", "CI 77491"]),
        ("Honey / Mel / Miel, Water\\Aqua\\Eau", ["HONEY", "AQUA"]),
        ("Palmitic Acid (and) Stearic Acid", ["PALMITIC ACID", "STEARIC ACID"]),
        ("Zinc Oxide 6.90%Water, Glycerin", ["ZINC OXIDE", "AQUA", "GLYCERIN"]),
        ("Titanium Dioxide 3.15% Sunscreen", ["TITANIUM DIOXIDE"]),
        ("Phenoxyethanol <ILN38467>, Glycerin", ["PHENOXYETHANOL", "GLYCERIN"]),
        ("Potassium Sorbate Citric Acid", ["POTASSIUM SORBATE", "CITRIC ACID"]),
        ("1285631 - INGREDIENTS: DIMETHICONE, PARFUM", ["DIMETHICONE", "PARFUM"]),
    ],
)
def test_names_as_real_labels_write_them_are_matched(cosing_index, label, expected):
    assert incis(label, cosing_index) == expected


@pytest.mark.parametrize(
    "label",
    [
        "Cannabidiol (CBD)",  # not CANNABINOL: one word two edits away is another substance
        "Borago Officinalis (Borage) Flower Extract",  # not the LEAF extract
        "Olea Europaea (Olive) Oil",  # not the HUSK oil
        "Acrylic Acid Copolymer",  # not ACRYLAMIDES COPOLYMER
        "Glyceryl",  # a cut-off name, not GLYCERIN
        "Styrene/MA Copolyemr",  # a misspelt copolymer is not STYRENE
    ],
)
def test_a_guess_that_names_something_else_is_not_made(cosing_index, label):
    assert incis(label, cosing_index) != ["STYRENE"]
    found = check_text(label, cosing_index).ingredients[0]
    assert found.match in ("none", "fuzzy")
    if found.match == "fuzzy":  # a close spelling of the same words only
        assert found.inci == "STYRENE/MA COPOLYMER"


def test_sentences_and_makers_notices_pasted_with_a_list_are_set_apart():
    fragments = parse_label(
        "Aqua, Glycerin, Parfum. Please be aware that ingredient lists are updated regularly, "
        "Honey Grail contains a highly purified version of coconut oil that reduces the risk"
    )
    assert [f.text for f in fragments if not f.footnote] == ["Aqua", "Glycerin", "Parfum"]
    assert all("Please be aware" not in f.text for f in fragments if not f.footnote)


@pytest.mark.parametrize(
    ("label", "status"),
    [
        ("Petrolatum", "limits"),  # "except if the full refining history is known"
        ("C13-15 Alkane", "limits"),
        ("Citrus Limon (Lemon) Fruit Extract", "limits"),  # furocoumarins, natural content
        ("Styrene/Acrylates Copolymer", "limits"),  # Annex II bans the nano form only
        ("Squalene", "limits"),  # Category 1-2 animal by-products only
        ("Butylphenyl Methylpropional", "prohibited"),
    ],
)
def test_annex_ii_entries_with_their_own_exception_are_limits_for_the_maker(
    cosing_index, label, status
):
    assert check_text(label, cosing_index).ingredients[0].status == status


def test_the_exception_is_read_from_the_entrys_wording():
    assert "refining history" in ban_exception(
        "Petrolatum, except if the full refining history is known and it can be shown that the "
        "substance from which it is produced is not a carcinogen"
    )
    assert ban_exception("Styrene/Acrylates copolymer (nano)", "Styrene/Acrylates Copolymer")
    assert not ban_exception("Styrene/Acrylates copolymer (nano)", "Styrene/Acrylates (nano)")
    assert not ban_exception("1,4-Dihydroxybenzene (Hydroquinone), with the exception of entry 14")
    assert not ban_exception("Barium salts, with the exception of barium sulphide")
