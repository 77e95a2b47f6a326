"""Every annex entry's ingredient, on a label that names each product family (or none), with
and without a declared percentage, gets an answer: no combination of CosIng's conditions and
what a label says about the product raises an error (which a visitor would see as a 500)."""

from treatsafe.ingredients.conditions import FAMILY_NAMES, label_family
from treatsafe.ingredients.services import check_text, prepare

# a product name for each family, as a label's heading would give it
PRODUCT_NAMES = {
    "hair_dye": "Permanent hair colour",
    "eyelash": "Eyelash tint",
    "oral": "Toothpaste",
    "nail": "Nail polish",
    "depilatory": "Hair removal cream",
    "hair": "Shampoo",
    "deodorant": "Deodorant",
    "soap": "Soap",
    "skin": "Face cream",
}


def test_each_product_name_names_its_family():
    assert set(PRODUCT_NAMES) == set(FAMILY_NAMES)
    for family, product in PRODUCT_NAMES.items():
        assert label_family([product]) == family


def test_every_entry_under_every_product_family_gets_an_answer(cosing_index):
    prepare(cosing_index)
    first_ingredient = {}
    for ref, keys in cosing_index.entries_of.items():
        for key in keys:
            first_ingredient.setdefault(key, ref)
    assert len(first_ingredient) > 1000  # every annex
    for key, ref in first_ingredient.items():
        name = cosing_index.matcher.names[ref]
        for product in ["", *PRODUCT_NAMES.values()]:
            for text in (f"{product}. Ingredients: Aqua, {name}", f"{product}: Aqua, {name} 5%"):
                result = check_text(text, cosing_index)
                assert result.verdict, (key, text)
