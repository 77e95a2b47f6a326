"""Members of Annex II class entries, from a cited data file: the corticosteroids that illegal
skin-lightening creams contain are banned by II/300 "Glucocorticoids (Corticosteroids)", which
names no substance; a label naming one, alone or as the ester or salt labels print, says
"Do not use", matched exactly and never by a guess."""

import csv
from dataclasses import dataclass

import pytest

from treatsafe.ingredients.annex_names import (
    CLASS_MEMBERS_FILE,
    annex_ii_names,
    base_name,
    class_members,
    label_forms,
)
from treatsafe.ingredients.services import check_label

pytestmark = pytest.mark.django_db

SKIN_LIGHTENING_CREAM = (
    "Aqua, Paraffinum Liquidum, Cetearyl Alcohol, Glycerin, Clobetasol Propionate, "
    "Ceteareth-20, Methylparaben, Propylparaben, Parfum"
)
ORDINARY_SERUM = (
    "Aqua, Glycerin, Rosa Damascena Callus Culture Extract, Niacinamide, Sodium Hyaluronate, "
    "Phenoxyethanol, Ethylhexylglycerin"
)


def _steroid(result):
    return [
        i for i in result.ingredients if any(e.label == "Annex II/300" for e in i.annex_entries)
    ]


def test_a_skin_lightening_cream_with_clobetasol_says_do_not_use_citing_annex_ii_300():
    result = check_label(SKIN_LIGHTENING_CREAM)
    assert result.verdict == "prohibited"
    assert result.headline[0].startswith("Do not use")
    assert [(f.ingredient, f.entry, f.kind) for f in result.problems] == [
        ("Clobetasol Propionate", "Annex II/300", "banned")
    ]
    (steroid,) = _steroid(result)
    assert steroid.cosing_ref is None  # not an inventory ingredient


@pytest.mark.parametrize(
    "name",
    [
        "Clobetasol Propionate",
        "Betamethasone Dipropionate",
        "Betamethasone Valerate",
        "Betamethasone 17-Valerate",
        "Dexamethasone Sodium Phosphate",
        "Fluocinolone Acetonide",
        "Mometasone Furoate",
        "Hydrocortisone 17-Butyrate",
        "Triamcinolone Acetonide",
        "Beclomethasone Dipropionate",  # the US name of beclometasone
        "Dexamethasone",
        "Hydrocortisone",
        "clobetasol  propionate",
        "BETAMETHASONE 17 - VALERATE",
    ],
)
def test_each_corticosteroid_and_each_ester_form_is_banned_by_annex_ii_300(name):
    result = check_label(f"Aqua, Glycerin, {name}, Parfum")
    assert result.verdict == "prohibited"
    (steroid,) = _steroid(result)
    assert steroid.input.replace(" ", "") == name.replace(" ", "")
    assert steroid.status == "prohibited"
    assert steroid.score == 100 and steroid.match in {"exact", "synonym"}
    assert steroid.cosing_ref is None


def test_a_name_the_inventory_knows_keeps_its_inventory_match():
    result = check_label("Aqua, Hydrocortisone Acetate")
    (steroid,) = _steroid(result)
    assert steroid.inci == "HYDROCORTISONE ACETATE" and steroid.cosing_ref is not None
    assert result.verdict == "prohibited"  # CosIng itself links it to II/300


def test_a_lawful_serum_still_says_no_banned_ingredients_found():
    result = check_label(ORDINARY_SERUM)
    assert result.verdict == "ok"
    assert result.headline[0] == "No banned ingredients found"
    assert _steroid(result) == []


@pytest.mark.parametrize(
    "name",
    [
        "Clobetasal Propionate",  # a letter off clobetasol
        "Dexamethasome",
        "Betamethazone Valerate",
        "Hydrocortisome",
        "Pregnenolone",  # a steroid, but no corticosteroid, and not in the inventory alone
    ],
)
def test_a_near_miss_of_a_corticosteroid_name_is_not_taken_for_one(name):
    result = check_label(f"Aqua, {name}")
    assert result.verdict == "unknown_ingredients"
    assert "could not be checked" in result.headline[0]
    assert _steroid(result) == []


def test_lawful_ingredients_that_resemble_steroid_names_are_not_caught():
    result = check_label(
        "Aqua, Cinnamomum Cassia Bark Extract, Hydrolyzed Collagen, Cholesterol, "
        "Phytosterols, Sodium Hyaluronate, Panthenol"
    )
    assert _steroid(result) == []
    assert result.verdict != "prohibited"


def test_the_api_cites_the_entry_and_no_inventory_reference(client):
    response = client.post(
        "/api/v1/labels/check",
        {"text": SKIN_LIGHTENING_CREAM},
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["verdict"] == "prohibited"
    assert [(p["ingredient"], p["entry"]) for p in body["problems"]] == [
        ("Clobetasol Propionate", "Annex II/300")
    ]
    item = next(i for i in body["ingredients"] if i["input"] == "Clobetasol Propionate")
    assert item["cosing_ref"] is None


def test_every_member_comes_with_its_source_and_names_a_class_entry_of_annex_ii(cosing_data):
    with CLASS_MEMBERS_FILE.open(encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    assert any("atcddd.fhi.no" in line for line in lines if line.startswith("#"))
    rows = list(csv.DictReader(line for line in lines if not line.startswith("#")))
    assert rows and all(row["source"].strip() for row in rows)
    annex_ii = {e.reference: e for e in cosing_data.annex_entries if e.annex == "II"}
    members = class_members()
    for reference, names in members.items():
        assert reference in annex_ii
        assert len(names) == len(set(names))
    assert {"clobetasol", "betamethasone", "dexamethasone", "hydrocortisone"} <= set(members["300"])


def test_an_ester_or_salt_is_read_off_a_members_name():
    assert base_name("fluocinolone acetonide") == "fluocinolone"
    assert base_name("hydrocortisone butyrate propionate") == "hydrocortisone"
    assert base_name("dexamethasone") == "dexamethasone"
    forms = {form.lower() for form in label_forms("betamethasone")}
    assert {
        "betamethasone",
        "betamethasone valerate",
        "betamethasone 17-valerate",
        "betamethasone dipropionate",
        "betamethasone sodium phosphate",
    } <= forms


@dataclass
class _Entry:
    annex: str
    reference: str
    key: str
    chemical_name: str


def test_any_class_entry_gets_its_members_from_the_data_not_only_corticosteroids():
    entries = [
        _Entry("II", "39", "II.39", "Antibiotics"),
        _Entry("II", "1", "II.1", "Tretinoin (INN)"),
        _Entry("III", "39", "III.39", "Examplemycin"),
    ]
    groups = annex_ii_names(entries, members={"39": ("examplemycin acetate",)})
    assert ("II.1", ("Tretinoin",)) in groups
    (member,) = [names for key, names in groups if key == "II.39" and len(names) > 1]
    assert member[0] == "examplemycin acetate" and "examplemycin" in member
    assert not [key for key, _ in groups if key == "III.39"]


@pytest.mark.parametrize(
    "name", ["Mercurous Chloride", "Calomel", "Ammoniated Mercury", "Mercuric Iodide", "Mercurio"]
)
def test_mercury_as_skin_lightening_creams_print_it_is_banned_by_annex_ii_221(name):
    result = check_label(f"Aqua, Glycerin, {name}, Parfum")
    (item,) = [i for i in result.ingredients if i.input == name]
    assert [e.label for e in item.annex_entries] == ["Annex II/221"]
    assert item.status == "prohibited" and result.verdict == "prohibited"


def test_annex_v_mercury_preservatives_keep_their_own_entries():
    for name, entry in (("Thimerosal", "Annex V/16"), ("Phenyl Mercuric Acetate", "Annex V/17")):
        (item,) = check_label(name).ingredients
        assert [e.label for e in item.annex_entries] == [entry]
        assert item.status != "prohibited"
