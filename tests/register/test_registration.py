import pytest

from treatsafe.register.registration import InvalidRegistrationNumber, validate_registration


@pytest.mark.parametrize(
    ("register", "number", "canonical"),
    [
        ("gmc", "1234567", "1234567"),
        ("nmc", "01a2345n", "01A2345N"),
        ("nmc", "01A 2345N", "01A2345N"),
        ("gdc", "81234", "81234"),
        ("gphc", "2061234", "2061234"),
        ("hcpc", "PA12345", "PA12345"),
        ("hcpc", "pyl012345", "PYL012345"),
        ("psni", "12345", "12345"),
        ("none", "", ""),
    ],
)
def test_valid_registration_numbers_are_accepted_in_canonical_form(register, number, canonical):
    assert validate_registration(register, number) == canonical


@pytest.mark.parametrize(
    ("register", "number"),
    [
        ("gmc", "123456"),
        ("gmc", "12345678"),
        ("nmc", "0112345N"),
        ("nmc", "01A2345"),
        ("hcpc", "XX12345"),
        ("hcpc", "12345"),
        ("gphc", "GP12345"),
        ("gdc", "1234567"),
        ("none", "1234567"),
        ("gmc", ""),
        ("abc", "1"),
    ],
)
def test_badly_formed_registration_numbers_are_refused_with_the_expected_format(register, number):
    with pytest.raises(InvalidRegistrationNumber):
        validate_registration(register, number)
