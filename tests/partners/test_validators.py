import pytest
from django.core.exceptions import ValidationError

from partners.validators import (
    luhn_is_valid,
    normalise_identifier,
    validate_rna,
    validate_siren,
    validate_siret,
)


def _error_code(validator, value: str) -> str:
    with pytest.raises(ValidationError) as excinfo:
        validator(value)
    return excinfo.value.code


@pytest.mark.parametrize("siren", ["542051180", "732829320", "552100554"])
def test_siren_with_a_good_check_digit_is_accepted(siren):
    validate_siren(siren)


@pytest.mark.parametrize("siren", ["542051181", "123456789", "732829321"])
def test_siren_with_a_wrong_check_digit_is_refused(siren):
    assert _error_code(validate_siren, siren) == "siren_checksum"


@pytest.mark.parametrize("siren", ["", "54205118", "5420511800", "54205118A", "542 051 180"])
def test_siren_that_is_not_nine_digits_is_refused(siren):
    assert _error_code(validate_siren, siren) == "siren_format"


@pytest.mark.parametrize("siret", ["54205118000066", "73282932000074"])
def test_siret_with_a_good_check_digit_is_accepted(siret):
    validate_siret(siret)


@pytest.mark.parametrize("siret", ["54205118000067", "73282932000075"])
def test_siret_with_a_wrong_check_digit_is_refused(siret):
    assert _error_code(validate_siret, siret) == "siret_checksum"


@pytest.mark.parametrize("siret", ["", "5420511800006", "542051180000660", "5420511800006A"])
def test_siret_that_is_not_fourteen_digits_is_refused(siret):
    assert _error_code(validate_siret, siret) == "siret_format"


def test_la_poste_establishment_follows_the_sum_of_digits_rule_not_luhn():
    siret = "35600000049837"
    assert not luhn_is_valid(siret)  # the case the special rule exists for
    assert sum(int(digit) for digit in siret) % 5 == 0

    validate_siret(siret)


def test_la_poste_establishment_whose_digits_do_not_sum_to_a_multiple_of_five_is_refused():
    siret = "35600000049838"
    assert sum(int(digit) for digit in siret) % 5 != 0

    assert _error_code(validate_siret, siret) == "siret_checksum"


def test_la_poste_head_office_follows_luhn_like_everyone():
    head_office = "35600000000048"
    assert luhn_is_valid(head_office)
    assert sum(int(digit) for digit in head_office) % 5 != 0  # the La Poste rule would refuse it

    validate_siret(head_office)


@pytest.mark.parametrize("rna", ["W751234567", "W2A1234567", "W2B0001234", "W971000001"])
def test_rna_number_of_the_right_shape_is_accepted(rna):
    validate_rna(rna)


@pytest.mark.parametrize(
    "rna", ["W12345678", "X751234567", "W7512345678", "W2C1234567", "w751234567", ""]
)
def test_rna_number_of_the_wrong_shape_is_refused(rna):
    assert _error_code(validate_rna, rna) == "rna_format"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("542 051 180", "542051180"),
        ("542.051.180", "542051180"),
        ("542-051-180", "542051180"),
        ("542\u00a0051\u00a0180", "542051180"),  # non-breaking spaces, as pasted from a PDF
        ("542\u202f051\u202f180\u202f00066", "54205118000066"),  # narrow non-breaking spaces
        (" 542 051 180 00066\t", "54205118000066"),
        ("w75-123-4567", "W751234567"),
        ("", ""),
    ],
)
def test_normalise_identifier_drops_separators_people_type(typed, expected):
    assert normalise_identifier(typed) == expected


def test_a_normalised_identifier_passes_its_validator():
    validate_siret(normalise_identifier("542 051 180 00066"))
    validate_rna(normalise_identifier("w 75.123-4567"))
