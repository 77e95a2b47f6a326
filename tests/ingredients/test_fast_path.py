"""The whole label check takes shortcuts for speed (a piece of text seen before is not parsed,
matched or judged again; plain ingredients are left out of the warnings and the verdict): its
answers must be exactly those of the plain way, parsing the label and assessing every
fragment, for a label seen the first time and again."""

import json
from pathlib import Path

import pytest

from treatsafe.ingredients.assessment import assess, prepare
from treatsafe.ingredients.index import CosingIndex
from treatsafe.ingredients.parsing import parse_label
from treatsafe.ingredients.services import check_text

DATA = Path(__file__).with_name("data")
REAL = [json.loads(line)["text"] for line in (DATA / "real_labels.jsonl").open(encoding="utf-8")]
# what real labels carry besides a plain list: a product type stated around the list (which
# changes how entries are judged), combination entries and their parts, footnotes, "may
# contain" sections, OCR damage, percentages, prose and names that lost their commas
WRITTEN = [
    "Mint toothpaste. Ingredients: Aqua, Hydrated Silica, Salicylic Acid",
    "Shampoo. Ingredients: Aqua, Sodium Laureth Sulfate, Salicylic Acid 2.5%, Citric Acid",
    "Rinse-off hair conditioner. Ingredients: Aqua, Cetearyl Alcohol, Zinc Pyrithione",
    "Nail polish. Ingredients: Butyl Acetate, Ethyl Acetate, Nitrocellulose, Formaldehyde",
    "Aqua, Citric Acid, Silver Citrate, Glycerin",
    "Aqua, Citric Acid (and) Silver Citrate, Glycerin",
    "Aqua, Citric Acid, Glycerin",
    "Aqua, Glycerin*, Aloe Barbadensis Leaf Juice**. *Organic **From natural oils",
    "Aqua, Mica [+/- CI 77891, CI 77491], Talc. May contain: CI 19140, CI 42090",
    "AQUA\nPHENOXYETHANOL\nLIMONENE\nGLYCERIN",
    "AQUA. GLYCERIN. SODIUM HYALURONATE",
    "Potassium Sorbate Citric Acid, Aqua, Xanthan Gum",
    "Aqua, Glycerin, Niacinamide 10%, Salicylic Acid 4%, Phenoxyethanol",
    "Aqua, Human Umbilical Cord Mesenchymal Stem Cell Conditioned Media, Glycerin",
    "Aqua, Rosa Damascena Callus Culture Extract, Lactobacillus Ferment, Snail Secretion Filtrate",
    "AQUA, GLYCER1N, S0DIUM HYALURONATE, PHENOXYETHAN0L, XANTHANGUM, Ceramidenp",
    "Aqua, Glycerin. This serum is the one that helps your skin through the day, please note.",
    "Aqua, Methotrexate, Hydroquinone, Tretinoin",
    "Made in France. Ingredients: Aqua, Parfum, Linalool. Directions: apply twice daily.",
]


@pytest.fixture(scope="module")
def generated(cosing_data):
    import importlib.util

    # loaded by path: putting bench/ on sys.path would let its http.py shadow the standard one
    path = Path(__file__).resolve().parents[2] / "bench" / "label_corpus.py"
    spec = importlib.util.spec_from_file_location("label_corpus", path)
    corpus = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(corpus)
    generate = corpus.generate
    inventory = {record.inci: record.ref for record in cosing_data.ingredients}
    return [label.text for label in generate(inventory, 150, 11)]


@pytest.fixture(scope="module")
def prepared_index(cosing_data):
    """An index as the server holds it: what each ingredient decides worked out beforehand
    (assessment.prepare), which the shortcuts read."""
    index = CosingIndex.from_cosing(cosing_data)
    prepare(index)
    return index


@pytest.fixture(params=["as built", "prepared"])
def index(request, cosing_index, prepared_index):
    return cosing_index if request.param == "as built" else prepared_index


def test_the_whole_check_answers_as_parsing_then_assessing_each_fragment(index, generated):
    for text in WRITTEN + REAL + generated:
        expected = assess(parse_label(text), index).as_dict()
        assert check_text(text, index).as_dict() == expected, text  # new pieces
        assert check_text(text, index).as_dict() == expected, text  # seen before


def test_a_name_as_written_is_judged_as_the_plain_way_judges_it(prepared_index, cosing_data):
    """A piece that is one INCI name or synonym as written takes the shortest way: in any
    case, with spaces beside its slashes and hyphens, with annex entries, origin flags, a
    combination entry's part, a grade or a may-contain marker in front."""
    index = prepared_index
    names = [record.inci for record in cosing_data.ingredients][::9]
    names += [name for name, _ref, _kind in cosing_data.synonyms][::7]
    names += [index.matcher.names[ref] for ref in list(index.entries_of)[::3]]
    names += ["Glycerol BP", "Glycerin USP 2020", "May Chang Oil", "Peg-8 / Smdi Copolymer"]
    names += ["Citric Acid", "Silver Citrate", "Human Placenta Extract", "Aqua - Water", "Ci 77891"]
    for name in names:
        for written in {name, name.title(), name.lower()}:
            text = f"{written}, Aqua"
            expected = assess(parse_label(text), index).as_dict()
            assert check_text(text, index).as_dict() == expected, text
            assert check_text(text, index).as_dict() == expected, text


def test_a_known_plain_name_with_nothing_to_find_is_judged_in_one_look_up(prepared_index):
    """pieces._known_plain_name answers a known name with no annex entry, written in ASCII in
    any case, at once, as judging it gives; anything else it leaves to the longer ways."""
    from treatsafe.ingredients.pieces import _known_plain_name

    index = prepared_index
    for text in ("Glycerin", "GLYCERIN", "sodium hyaluronate", " Aqua ", "Water"):
        found = _known_plain_name(text, False, index)
        assert found is not None, text
        assert found == assess(parse_label(text), prepared_index).ingredients[0], text
    assert _known_plain_name("Glycerin", True, index).may_contain
    for text in ("Phenoxyethanol", "Glycérine", "Glycerin  Oil", "Aqua (Water)", "Glycerol BP"):
        assert _known_plain_name(text, False, index) is None, text


def test_a_misspelt_name_matched_by_its_spelling_is_not_unwrapped(prepared_index, generated):
    """pieces._resolve keeps a one-candidate fragment without pieces whose spelling comes
    close to a name whole, without asking unwrap (which would try to segment it)."""
    from treatsafe.ingredients.assessment import unwrap

    index = prepared_index
    fragments = [f for text in WRITTEN + REAL + generated for f in parse_label(text)]
    fragments += [
        f
        for text in ("Potassium Sorbate Citric Acid", "Sodium Benzoate Aqua")
        for f in parse_label(text)
    ]
    kept = 0
    for fragment in fragments:
        found = index.matcher.match(fragment.candidates)
        if found.kind != "none" and len(fragment.candidates) == 1 and not fragment.pieces:
            assert unwrap(fragment, index) == [fragment], fragment
            kept += found.kind == "fuzzy"
    assert kept > 50


def test_a_product_type_stated_around_the_list_is_taken_into_account(cosing_index):
    result = check_text(WRITTEN[0], cosing_index)
    assert result.product_family is not None


def test_may_contain_markers_are_marked_as_one_substitution_over_the_whole_text_would():
    import random

    from treatsafe.ingredients.parsing import MAY_CONTAIN, SECTION, _mark_sections

    rng = random.Random(5)
    words = ["Aqua", ", ", ". ", " ", "\n", "+/-", "±", "may contain", "MAY CONTAIN:", "Mays"]
    words += ["k", "/", "+", ".", "Peut contenir", "(", ")", "x1", "Kann enthalten", "puede"]
    words += ["é", "•", "\u212aann enthalten", "may contaın", "İ", "ſ", "\u00a0", "Puede contener"]
    texts = REAL + ["word/+/-x", "Aqua.  \n may contain: Mica", "Zea Mays Oil [+/- CI 77891]"]
    texts += ["".join(rng.choice(words) for _ in range(rng.randint(1, 12))) for _ in range(8000)]
    for text in texts:
        expected = MAY_CONTAIN.sub(lambda m: SECTION + m.group(1) + " ", text)
        assert _mark_sections(text) == expected, text


def test_a_list_without_brackets_or_bare_commas_splits_as_the_general_splitter_would():
    import random

    from treatsafe.ingredients.splitting import split, split_nested

    rng = random.Random(7)
    marks = ["Aqua", ", ", ",", ";", "•", "*", "|", "\x1e", "\n", " ", "1,2-", "N,N", "x"]
    marks += ["(", ")", "[", "]", "{", "}", "(WATER)", "[+/- CI 1, CI 2]"]
    made = ["".join(rng.choice(marks) for _ in range(rng.randint(0, 15))) for _ in range(3000)]
    texts = REAL + made
    for text in texts:
        for newline_splits in (False, True):
            assert split(text, newline_splits) == split_nested(text, newline_splits), text


def test_a_plain_name_is_told_apart_without_trying_every_pattern():
    """plain_name tries the grade and may-contain patterns only where a name can show one:
    the same answer as trying them on every name."""
    import random

    from treatsafe.ingredients.parsing import (
        _PLAIN_NAME,
        GRADE,
        MAY_CONTAIN,
        _is_prose,
        plain_name,
    )

    def tried_on_every_name(raw):
        name = raw.strip(" ")
        if _PLAIN_NAME.fullmatch(name) and not MAY_CONTAIN.match(name):
            words = name.split()
            graded = len(words) > 1 and GRADE.search(name)
            if not graded and (len(words) < 6 or not _is_prose(name)):
                return " ".join(words)
        return None

    rng = random.Random(3)
    words = ["Glycerol", "BP", "bp", "B P", "USP", "U S P", "Ph Eur", "PhEur", "EP", "NF", "JP"]
    words += ["IP", "2020", "1999", "May", "may", "contain", "Peut", "contenir", "Kann", "the"]
    words += ["enthalten", "Puede", "contener", "Mays", "Zea", "is", "PEG-8", "/", "-", "  ", "."]
    for _ in range(5000):
        raw = " ".join(rng.choice(words) for _ in range(rng.randint(1, 7)))
        assert plain_name(raw) == tried_on_every_name(raw), raw


def test_ingredient_results_are_made_with_their_fields_in_the_order_written():
    """assessment.py makes IngredientResult as a plain tuple of its fields in order (its
    generated constructor is a Python call; keywords cost four times as much): a field moved
    or added would put values in the wrong fields."""
    from treatsafe.ingredients.results import IngredientResult

    assert list(IngredientResult._fields) == [
        "input",
        "inci",
        "cosing_ref",
        "match",
        "score",
        "annex_entries",
        "flags",
        "may_contain",
        "declared_percent",
        "findings",
        "functions",
        "fragrance_allergen",
        "roles",
        "status",
    ]


def test_a_pieces_answer_is_kept_from_its_second_sighting(cosing_data):
    """A piece seen once (a rare name, a misspelling) is not kept: most are not seen again
    soon. Seen again, its answer is kept, and the same as worked out."""
    index = CosingIndex.from_cosing(cosing_data)
    prepare(index)
    text = "Aqua, Glycerin, Sodium Benz0ate, Aqua (Water), Aqua"
    first = check_text(text, index).as_dict()
    assert "Glycerin" not in index.pieces and "Sodium Benz0ate" not in index.pieces
    assert "Aqua" in index.pieces  # twice on the label
    assert check_text(text, index).as_dict() == first
    assert {"Glycerin", "Sodium Benz0ate", "Aqua (Water)"} <= index.pieces.keys()
    assert check_text(text, index).as_dict() == first
