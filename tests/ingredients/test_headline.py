"""The headline means what it says: a ban says "Do not use"; a condition the label itself shows
broken is a problem, quoted; limits only the maker can meet are listed apart under no warning;
names we could not check are counted."""

import pytest

from treatsafe.ingredients.services import check_label

pytestmark = pytest.mark.django_db

ORDINARY_SERUM = (
    "Aqua, Glycerin, Rosa Damascena Callus Culture Extract, Niacinamide, Sodium Hyaluronate, "
    "Phenoxyethanol, Ethylhexylglycerin"
)


def test_an_ordinary_serum_says_no_banned_ingredients_found():
    result = check_label(ORDINARY_SERUM)
    assert result.verdict == "ok"
    assert result.headline[0] == "No banned ingredients found"
    assert result.problems == []
    limits = {(f.ingredient, f.entry) for f in result.maker_limits}
    assert ("Phenoxyethanol", "Annex V/29") in limits
    assert all(f.kind == "maker" for f in result.maker_limits)
    assert result.summary == "1 preservative"


def test_an_ordinary_serum_on_the_page_is_green_with_the_makers_limits_apart(client):
    response = client.post("/ingredients/check/", {"text": ORDINARY_SERUM})
    soup = response.soup
    verdict = soup.find(id="verdict")
    assert "treatsafe-verdict--ok" in verdict["class"]
    assert "No banned ingredients found" in verdict.get_text()
    assert soup.find(id="problems") is None
    limits = soup.find(id="maker-limits")
    assert "Limits the maker must keep to" in limits.get_text()
    assert "Phenoxyethanol" in limits.get_text()
    tags = [tag.get_text(strip=True) for tag in soup.find(id="ingredients").select(".govuk-tag")]
    assert "Limits for the maker" in tags and not {"Banned", "Breaks a limit"} & set(tags)


def test_an_ordinary_serum_through_the_api_has_the_ok_verdict(client):
    response = client.post(
        "/api/v1/labels/check", {"text": ORDINARY_SERUM}, content_type="application/json"
    )
    body = response.json()
    assert body["verdict"] == "ok"
    assert body["headline"] == "No banned ingredients found"
    assert body["problems"] == []
    assert any(limit["entry"] == "Annex V/29" for limit in body["maker_limits"])


def test_an_annex_ii_substance_says_do_not_use():
    result = check_label("Aqua, Glycerin, Methotrexate")
    assert result.verdict == "prohibited"
    assert result.headline[0].startswith("Do not use")
    (ban,) = result.problems
    assert (ban.kind, ban.ingredient, ban.entry) == ("banned", "Methotrexate", "Annex II/6")


def test_material_of_human_origin_says_do_not_use():
    result = check_label("Aqua, Human Umbilical Cord Mesenchymal Stem Cell Conditioned Media")
    assert result.verdict == "prohibited"
    assert any(f.entry == "Annex II/416" for f in result.problems)


def test_a_declared_concentration_over_the_maximum_is_a_problem_with_the_condition_quoted():
    result = check_label("Aqua, Glycerin, Salicylic Acid 4%")
    assert result.verdict == "restriction_broken"
    (problem,) = result.problems
    assert problem.kind == "broken"
    assert "declares 4%, above the maximum of 3%" in problem.text
    assert "(a) 3.0%" in problem.text  # the annex's own words
    assert problem.ingredient in result.headline[1]


def test_a_declared_concentration_within_the_loosest_limit_is_left_to_the_maker():
    # 2.5% is above Annex V's 0.5% as a preservative but within Annex III's 3% for rinse-off
    # hair products: only the maker knows which use it is
    result = check_label("Aqua, Salicylic Acid 2.5%")
    assert result.verdict == "ok"
    assert {f.entry for f in result.maker_limits} >= {"Annex III/98", "Annex V/3"}


def test_a_product_type_the_label_names_outside_the_entry_is_a_problem():
    result = check_label("Brightening face serum. Ingredients: Aqua, Glycerin, p-Phenylenediamine")
    assert result.product_family == "skin"
    assert result.verdict == "restriction_broken"
    (problem,) = result.problems
    assert "allowed only in hair dye products" in problem.text
    assert "Hair dye substance" in problem.text


def test_the_same_ingredient_without_a_product_type_is_a_type_to_check_not_a_warning():
    result = check_label("Aqua, Glycerin, p-Phenylenediamine")
    assert result.verdict == "ok"
    (check,) = result.scope_checks
    assert check.text.startswith("allowed only in hair dye products or eyelash or eyebrow")
    assert result.ingredients[2].status == "scope"
    assert any("Hair dye substance" in f.text for f in result.maker_limits)


def test_a_product_type_to_check_is_shown_under_its_own_heading(client):
    soup = client.post("/ingredients/check/", {"text": "Aqua, Benzoyl Peroxide"}).soup
    assert "treatsafe-verdict--ok" in soup.find(id="verdict")["class"]
    checks = soup.find(id="product-type-checks").get_text()
    assert "Benzoyl Peroxide" in checks and "allowed only in nail products" in checks


def test_a_product_type_inside_the_entry_is_no_problem():
    result = check_label("Permanent hair colour cream. Ingredients: Aqua, p-Phenylenediamine")
    assert result.product_family == "hair_dye"
    assert result.verdict == "ok"


def test_a_product_type_the_entry_excludes_is_a_problem():
    # Annex V/12 (parabens) allows them in all products... but Annex III/98 salicylic acid and
    # others say "Not to be used in oral products"
    result = check_label("Mint toothpaste. Ingredients: Aqua, Hydrated Silica, Salicylic Acid")
    assert result.product_family == "oral"
    assert result.verdict == "restriction_broken"
    assert "oral products" in result.problems[0].text


def test_a_banned_substance_allowed_only_in_one_product_type_is_banned_elsewhere():
    result = check_label("Night cream. Ingredients: Aqua, Hydroquinone")
    assert result.verdict == "prohibited"
    assert "except in nail products" in result.problems[0].text


def test_unrecognised_names_are_counted_and_explained():
    result = check_label("Aqua, Glycerin, Unicorn Tears, Dragon Scale Extract")
    assert result.verdict == "unknown_ingredients"
    heading, explanation = result.headline
    assert heading == "No banned ingredients found, but 2 ingredients could not be checked"
    assert "None of the 2 ingredients we recognised is banned" in explanation
    assert "could be anything" in explanation


def test_a_ban_outranks_a_broken_limit_which_outranks_unknown_names():
    assert check_label("Methotrexate, Phenoxyethanol 2%, Unicorn Tears").verdict == "prohibited"
    assert check_label("Phenoxyethanol 2%, Unicorn Tears").verdict == "restriction_broken"


def test_the_cli_prints_the_makers_limits_under_their_own_heading(tmp_path):
    from io import StringIO

    from django.core.management import call_command

    label = tmp_path / "serum.txt"
    label.write_text(ORDINARY_SERUM)
    out = StringIO()
    call_command("check_label", str(label), stdout=out)
    text = out.getvalue()
    assert text.startswith("Verdict: No banned ingredients found (ok)")
    assert "Limits the maker must keep to" in text
    assert "Humectant" in text and "Preservative" in text


def test_a_mixture_that_may_contain_a_banned_component_is_a_limit_for_the_maker():
    # CosIng: "If Cyclomethicone contains D4 then entry II/1388 applies"
    result = check_label("Cyclomethicone, Dimethicone, Aqua")
    assert result.verdict == "ok"
    limits = [f for f in result.maker_limits if f.ingredient == "Cyclomethicone"]
    assert limits and "D4" in limits[0].text and limits[0].entry.startswith("Annex II/")


def test_the_banned_component_itself_is_still_prohibited():
    result = check_label("Cyclotetrasiloxane, Aqua")
    assert result.verdict == "prohibited"


@pytest.mark.parametrize(
    ("ingredient", "condition"),
    [
        ("Hydrogenated Mineral Oil", "DMSO extract"),  # II/778: only above 3 % DMSO extract
        ("Cholecalciferol/Yeast Polypeptide", "free cholecalciferol"),  # II/335
    ],
)
def test_a_ban_that_cosing_makes_conditional_is_a_limit_quoted_for_the_maker(ingredient, condition):
    result = check_label(f"Aqua, {ingredient}, Glycerin")
    assert result.verdict == "ok"
    limits = [f for f in result.maker_limits if f.ingredient == ingredient]
    assert limits and condition in limits[0].text


@pytest.mark.parametrize("banned", ["Tretinoin", "Mercury", "Trichloroacetic Acid", "Tiratricol"])
def test_a_banned_substance_under_the_name_annex_ii_gives_it_is_prohibited(banned):
    result = check_label(f"Aqua, Glycerin, {banned}")
    assert result.verdict == "prohibited"
    item = next(i for i in result.ingredients if i.input == banned)
    assert item.match == "exact" and any(e.annex == "II" for e in item.annex_entries)


@pytest.mark.parametrize("word", ["Fruit", "Essential Oil", "Massive", "Polymeric"])
def test_a_word_for_a_part_or_form_is_never_taken_for_a_banned_substance(word):
    assert check_label(f"Aqua, Glycerin, {word}").verdict != "prohibited"


def test_a_product_type_excluded_only_in_the_entrys_own_words_is_a_problem_quoting_them():
    # Annex V/49 has no product type, only "Not to be used in oral products and in products
    # applied on mucous membranes": that text is what the finding quotes
    result = check_label("Toothpaste. Ingredients: Aqua, Glycerin, 7-Ethylbicyclooxazolidine")
    assert result.product_family == "oral"
    assert result.verdict == "restriction_broken"
    assert "Not to be used in oral products" in result.problems[0].text
