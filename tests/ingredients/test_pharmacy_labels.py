"""Labels printed the pharmacy way (a concentration's basis, a pharmacopoeia grade), as illegal
skin-lightening creams often are: the substance is still read and judged."""

import pytest

from treatsafe.ingredients.parsing import parse_label
from treatsafe.ingredients.services import check_label

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "written, inci, percent",
    [
        ("Hydroquinone 4% w/w", "HYDROQUINONE", 4.0),
        ("Hydroquinone USP 2%", "HYDROQUINONE", 2.0),
        ("Tretinoin USP 0.025%w/w", "TRETINOIN", 0.025),
        ("Clobetasol Propionate BP 0.05% w/w", "CLOBETASOL", 0.05),
        ("Betamethasone Valerate 0.1 % w/v", "BETAMETHASONE", 0.1),
    ],
)
def test_a_banned_substance_with_its_strength_basis_or_grade_is_still_do_not_use(
    written, inci, percent
):
    result = check_label(f"Aqua, {written}, Cetyl Alcohol")
    (item,) = [i for i in result.ingredients if i.input.startswith(written.split()[0])]
    assert item.inci == inci
    assert item.declared_percent == pytest.approx(percent)
    assert item.status == "prohibited"
    assert result.verdict == "prohibited"


@pytest.mark.parametrize(
    "written, inci",
    [
        ("Glycerin BP", "GLYCERIN"),
        ("Glycerol Ph. Eur.", "GLYCERIN"),
        ("Cetyl Alcohol NF", "CETYL ALCOHOL"),
        ("Paraffinum Liquidum BP 1993", "PARAFFINUM LIQUIDUM"),
        ("Purified Water (BP)", "AQUA"),
    ],
)
def test_a_pharmacopoeia_grade_is_not_part_of_the_name(written, inci):
    (item,) = check_label(written).ingredients
    assert item.inci == inci


def test_a_basis_after_a_glued_percentage_is_not_taken_for_another_ingredient():
    assert [f.text for f in parse_label("Zinc Oxide 20%w/w, Aqua")] == [
        "Zinc Oxide 20%w/w",
        "Aqua",
    ]


def test_a_grade_word_inside_a_name_is_left_alone():
    # "EP" and "IP" only count as the last word of a name
    assert parse_label("Ceteareth-20, Ip Extract")[1].candidates[0] == "IP EXTRACT"
