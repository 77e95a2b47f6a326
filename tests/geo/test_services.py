"""The postcode service against the real reference data: every rule in issue 3."""

import pytest

from tests.geo import datafiles
from treatsafe.core.errors import InvalidInput, NotFound
from treatsafe.geo.models import PostcodeDistrict
from treatsafe.geo.services import (
    AmbiguousPlace,
    InvalidPostcode,
    UnknownPlace,
    UnknownPostcode,
    lookup_place,
    lookup_postcode,
)

pytestmark = pytest.mark.django_db


def absent_district(area: str) -> str:
    """A district number in `area` that neither district file holds."""
    held = set(PostcodeDistrict.objects.values_list("district", flat=True))
    return next(f"{area}{n}" for n in range(1, 100) if f"{area}{n}" not in held)


# --- normalising and full postcodes --------------------------------------------------------


def test_lowercase_unspaced_input_answers_for_the_normalised_postcode_at_unit_precision():
    result = lookup_postcode("w1g9pf")
    row = datafiles.unit("W1G 9PF")
    assert result.postcode == "W1G 9PF"
    assert (result.kind, result.precision) == ("unit", "unit")
    assert result.latitude == float(row["Latitude_WGS84"])
    assert result.longitude == float(row["Longitude_WGS84"])
    assert result.nation == "England"
    assert result.candidate_nations == ["England"]
    assert result.local_authority_code == row["Admin_district_code"]
    assert result.local_authority == "City of Westminster London Boro"
    assert (result.jurisdiction, result.crown_dependency) == ("UK", None)
    assert (result.district, result.area) == ("W1G", "W")


def test_extra_spaces_give_the_same_answer_as_the_written_form():
    assert lookup_postcode("  W1G   9PF ").as_dict() | {"query": ""} == lookup_postcode(
        "W1G 9PF"
    ).as_dict() | {"query": ""}


@pytest.mark.parametrize(("postcode", "nation"), [("EH1 1AD", "Scotland"), ("CF10 1AA", "Wales")])
def test_unit_postcodes_take_their_nation_from_code_point(postcode, nation):
    result = lookup_postcode(postcode.lower())
    assert result.nation == nation
    assert result.precision == "unit"
    assert datafiles.COUNTRY_CODES[datafiles.unit(postcode)["Country_code"]] == nation


def test_a_unit_postcode_without_a_position_falls_back_to_its_district_centre():
    row = next(
        r for r in datafiles.rows("codepoint_open_2025_EH.csv.gz") if not r["Latitude_WGS84"]
    )
    result = lookup_postcode(row["Postcode"])
    district = datafiles.gb_district(row["Postcode"].split()[0])
    assert result.nation == "Scotland"
    assert result.precision == "district"
    assert result.latitude == float(district["latitude"])
    assert any("no position" in note for note in result.notes)


def test_a_postcode_in_a_district_without_unit_data_answers_at_district_precision():
    result = lookup_postcode("SW1A 1AA")
    district = datafiles.gb_district("SW1A")
    assert (result.kind, result.precision) == ("unit", "district")
    assert result.postcode == "SW1A 1AA"
    assert result.latitude == float(district["latitude"])
    assert result.longitude == float(district["longitude"])
    assert result.nation == district["majority_country"] == "England"
    assert result.local_authority_code == district["main_admin_district_code"]


def test_a_full_postcode_missing_from_a_fully_held_area_is_flagged_for_checking():
    missing = datafiles.missing_unit_in("W1G")
    result = lookup_postcode(missing)
    assert result.precision == "district"
    assert result.nation == "England"
    assert any("not in Ordnance Survey's list" in note for note in result.notes)


# --- cross-border districts ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("district", "nation"),
    [("SY10", "Wales"), ("SY10", "England"), ("TD15", "England"), ("TD15", "Scotland")],
)
def test_a_known_full_postcode_in_a_cross_border_district_takes_its_own_nation(district, nation):
    row = datafiles.first_unit_in(district, nation)
    result = lookup_postcode(row["Postcode"])
    assert result.nation == nation
    assert result.candidate_nations == [nation]
    assert result.precision == "unit"
    assert result.checker_jurisdiction == nation


@pytest.mark.parametrize(("postcode", "nation"), [("SY10 0AA", "Wales"), ("TD15 1BT", "Scotland")])
def test_the_data_readme_examples_of_cross_border_postcodes_hold(postcode, nation):
    assert lookup_postcode(postcode).nation == nation


@pytest.mark.parametrize("district", datafiles.cross_border_districts())
def test_a_cross_border_district_alone_answers_no_nation_with_its_candidate_nations(district):
    result = lookup_postcode(district.lower())
    assert result.kind == "district"
    assert result.postcode == district
    assert result.nation is None
    assert set(result.candidate_nations) == datafiles.unit_nations(district)
    assert len(result.candidate_nations) >= 2
    assert result.checker_jurisdiction is None
    assert result.local_authority is None
    assert any("crosses the border" in note for note in result.notes)


def test_there_are_25_cross_border_districts():
    assert len(datafiles.cross_border_districts()) == 25
    assert PostcodeDistrict.objects.filter(cross_border=True).count() == 25


@pytest.mark.parametrize("district", ["SY10", "TD15"])
def test_a_well_formed_postcode_the_data_lacks_in_a_cross_border_district_is_not_guessed(
    district,
):
    missing = datafiles.missing_unit_in(district)
    result = lookup_postcode(missing)
    assert result.postcode == missing
    assert result.precision == "district"
    assert result.nation is None
    assert set(result.candidate_nations) == datafiles.unit_nations(district)
    assert any("cannot tell which nation" in note for note in result.notes)


def test_ch5_is_wholly_in_wales_though_the_ch_area_crosses_the_border():
    district = datafiles.gb_district("CH5")
    assert district["cross_border"] == "N"
    result = lookup_postcode("ch5")
    assert result.nation == "Wales"
    assert result.candidate_nations == ["Wales"]
    assert lookup_postcode("CH5 1AA").nation == "Wales"


# --- Northern Ireland, Crown Dependencies, non-geographic ----------------------------------


def test_bt_postcodes_are_in_northern_ireland_with_approximate_doogal_positions():
    result = lookup_postcode("bt1 1aa")
    doogal = datafiles.doogal_district("BT1")
    assert result.nation == "Northern Ireland"
    assert result.jurisdiction == "UK"
    assert result.precision == "district"
    assert result.latitude == float(doogal["Latitude"])
    assert result.local_authority == doogal["Region"].strip()
    assert any("approximate" in note for note in result.notes)


def test_a_bt_district_missing_from_the_data_is_still_northern_ireland():
    district = absent_district("BT")
    result = lookup_postcode(f"{district} 1AA")
    assert result.nation == "Northern Ireland"
    assert result.latitude is None


@pytest.mark.parametrize(
    ("postcode", "dependency"),
    [
        ("JE2 3AB", "Jersey"),
        ("JE1 1AA", "Jersey"),
        ("GY1 1AA", "Guernsey"),
        ("IM1 1AA", "Isle of Man"),
    ],
)
def test_channel_islands_and_isle_of_man_are_crown_dependencies_outside_the_uk(
    postcode, dependency
):
    result = lookup_postcode(postcode)
    assert result.jurisdiction == "Crown Dependency"
    assert result.crown_dependency == dependency
    assert result.nation is None
    assert result.candidate_nations == []
    assert result.checker_jurisdiction == "Crown Dependency"
    assert any("not part of the UK" in note for note in result.notes)


def test_a_non_geographic_district_is_recognised_and_has_no_position():
    no_position = next(
        row["district"]
        for row in datafiles.rows("gb_postcode_district_country_2025.csv.gz")
        if not row["latitude"]
    )
    result = lookup_postcode(f"{no_position} 1AA")
    assert result.non_geographic
    assert (result.latitude, result.longitude) == (None, None)
    assert any("non-geographic" in note for note in result.notes)


@pytest.mark.parametrize("postcode", ["GIR 0AA", "BF1 3AA", "BX1 1LT", "BX4"])
def test_non_geographic_areas_have_a_non_geographic_jurisdiction(postcode):
    result = lookup_postcode(postcode)
    assert result.jurisdiction == "Non-geographic"
    assert result.non_geographic
    assert result.nation is None


# --- invalid and unknown --------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["hello world", "W1G 9CI", "123", ""])
def test_an_invalid_string_raises_invalid_postcode_a_400(typed):
    with pytest.raises(InvalidPostcode) as error:
        lookup_postcode(typed)
    assert error.value.status == 400
    assert isinstance(error.value, InvalidInput)


def test_a_well_formed_postcode_in_an_area_that_does_not_exist_is_unknown_a_404():
    with pytest.raises(UnknownPostcode) as error:
        lookup_postcode("ZZ1 1AA")
    assert error.value.status == 404
    assert isinstance(error.value, NotFound)
    assert "ZZ" in error.value.message


def test_a_well_formed_postcode_in_a_district_that_does_not_exist_is_unknown():
    district = absent_district("EH")
    with pytest.raises(UnknownPostcode) as error:
        lookup_postcode(f"{district} 1AA")
    assert district in error.value.message


def test_a_terminated_district_is_unknown_and_says_it_is_no_longer_used():
    terminated = next(
        row["Postcode"]
        for row in datafiles.rows("postcode_districts.csv.gz")
        if row["Active postcodes"] == "0" and row["Postcode"] == "AB1"
    )
    with pytest.raises(UnknownPostcode) as error:
        lookup_postcode(f"{terminated} 1AA")
    assert "no longer in use" in error.value.message


# --- place names ---------------------------------------------------------------------------


def test_a_post_town_finds_its_districts_and_their_nation():
    result = lookup_place("cardiff")
    towns = {
        row["Postcode"]
        for row in datafiles.rows("postcode_districts.csv.gz")
        if row["Post Town"] == "Cardiff" and row["Active postcodes"] != "0"
    }
    assert result.kind == "place"
    assert result.place == "Cardiff"
    assert result.postcode is None
    assert set(result.districts) <= towns
    assert "CF10" in result.districts
    assert result.nation == "Wales"
    assert 51.4 < result.latitude < 51.6 and -3.3 < result.longitude < -3.1


def test_a_post_town_spanning_a_border_gives_candidate_nations_not_a_guess():
    result = lookup_place("Chester")
    assert result.nation is None
    assert result.candidate_nations == ["England", "Wales"]


def test_a_name_shared_by_distant_towns_is_ambiguous_and_lists_them():
    with pytest.raises(AmbiguousPlace) as error:
        lookup_place("Newport")
    assert error.value.status == 400
    assert len(error.value.details["options"]) >= 2


def test_london_spans_several_postcode_areas_but_is_one_place():
    result = lookup_place("London")
    assert result.nation == "England"
    assert {"W1G", "EC1A", "SE1"} <= set(result.districts)


@pytest.mark.parametrize("name", ["Jersey", "guernsey", "Isle of Man"])
def test_a_crown_dependency_can_be_found_by_its_name(name):
    result = lookup_place(name)
    assert result.jurisdiction == "Crown Dependency"
    assert result.crown_dependency.casefold() == name.casefold()
    assert result.checker_jurisdiction == "Crown Dependency"


def test_an_unknown_place_name_is_a_404():
    with pytest.raises(UnknownPlace) as error:
        lookup_place("Nowhere-on-Sea")
    assert error.value.status == 404
    assert isinstance(error.value, UnknownPostcode)


def test_lookup_place_answers_postcodes_like_lookup_postcode():
    assert lookup_place("w1g9pf") == lookup_postcode("w1g9pf")
    with pytest.raises(InvalidPostcode):
        lookup_place("W1G 9CI")


def test_lookup_place_asks_for_input_when_empty():
    with pytest.raises(InvalidPostcode):
        lookup_place("   ")


def test_the_public_dictionary_includes_what_the_checker_uses():
    data = lookup_postcode("SY10 0AA").as_dict()
    assert data["checker_jurisdiction"] == "Wales"
    assert data["postcode"] == "SY10 0AA"
    assert set(data) >= {"precision", "candidate_nations", "jurisdiction", "notes"}
