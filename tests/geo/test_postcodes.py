"""Pure postcode rules: normalising, validating, place names and distances (no database)."""

import pytest

from treatsafe.core.errors import InvalidInput
from treatsafe.geo.postcodes import InvalidPostcode, haversine_miles, parse_postcode, place_key


@pytest.mark.parametrize(
    "typed", ["w1g9pf", "W1G9PF", "w1g 9pf", "  W1G   9PF ", "W1G\t9PF", "w1G 9pF"]
)
def test_any_case_and_spacing_normalises_to_the_one_written_form(typed):
    parsed = parse_postcode(typed)
    assert parsed.text == "W1G 9PF"
    assert (parsed.outward, parsed.inward, parsed.area) == ("W1G", "9PF", "W")


@pytest.mark.parametrize(
    ("typed", "outward"),
    [("sy10", "SY10"), ("EH1", "EH1"), (" w1g ", "W1G"), ("ec1a", "EC1A"), ("bt1", "BT1")],
)
def test_a_district_alone_is_recognised_as_a_district(typed, outward):
    parsed = parse_postcode(typed)
    assert parsed.text == outward
    assert not parsed.is_full


@pytest.mark.parametrize("typed", ["EH1 1AD", "SW1A 1AA", "CR2 6XH", "DN55 1PT", "M1 1AE"])
def test_every_royal_mail_outward_shape_is_accepted(typed):
    assert parse_postcode(typed).text == typed


def test_the_girobank_postcode_is_accepted():
    assert parse_postcode("gir0aa").text == "GIR 0AA"


@pytest.mark.parametrize(
    "typed",
    [
        "not a postcode",
        "12345",
        "W1G 9PFX",
        "W1G-9PF",
        "1W1G 9PF",
        "WWW1 1AA",
        "W1G 9CI",  # C and I are never used in an inward code
        "SW1A 1AA SW1A 1AA",
        "<script>",
    ],
)
def test_text_not_shaped_like_a_postcode_is_invalid_with_a_clear_message(typed):
    with pytest.raises(InvalidPostcode) as error:
        parse_postcode(typed)
    assert "is not a valid UK postcode" in error.value.message
    assert error.value.status == 400
    assert isinstance(error.value, InvalidInput)


@pytest.mark.parametrize("typed", ["", "   ", None])
def test_an_empty_postcode_asks_for_one(typed):
    with pytest.raises(InvalidPostcode) as error:
        parse_postcode(typed)
    assert error.value.message.startswith("Enter a postcode")


def test_a_very_long_input_is_invalid_and_not_echoed_in_full():
    with pytest.raises(InvalidPostcode) as error:
        parse_postcode("A" * 5000)
    assert len(error.value.message) < 200


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("St. Ives", "saint ives"),
        ("NEWCASTLE UPON TYNE", "Newcastle-upon-Tyne"),
        ("Cardiff", "  cardiff "),
    ],
)
def test_place_names_match_regardless_of_case_punctuation_and_saint(a, b):
    assert place_key(a) == place_key(b)


def test_distance_between_a_point_and_itself_is_zero():
    assert haversine_miles(51.5, -0.1, 51.5, -0.1) == 0


def test_one_degree_of_latitude_is_about_69_miles_and_distance_is_symmetric():
    north = haversine_miles(51.0, -1.0, 52.0, -1.0)
    assert north == pytest.approx(69.09, abs=0.05)
    assert haversine_miles(52.0, -1.0, 51.0, -1.0) == pytest.approx(north)


def test_a_degree_of_longitude_shrinks_with_latitude():
    at_equator = haversine_miles(0, 0, 0, 1)
    at_60_north = haversine_miles(60, 0, 60, 1)
    assert at_60_north == pytest.approx(at_equator / 2, rel=0.01)
