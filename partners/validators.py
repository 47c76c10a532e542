"""Validators of French identifiers of organisations (SIREN, SIRET, RNA)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# La Poste's establishments share one SIREN; their SIRETs fail the Luhn check and follow
# INSEE's own rule instead: the sum of the 14 digits is a multiple of 5.
LA_POSTE_SIREN = "356000000"
LA_POSTE_HEAD_OFFICE_SIRET = "35600000000048"  # follows the Luhn rule like everyone
RNA_PATTERN = r"^W[0-9][0-9AB][0-9]{7}$"  # W + 9 characters; Corsica's 2A/2B included


def luhn_is_valid(number: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(number)):
        digit = int(char)
        if position % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def normalise_identifier(value: str) -> str:
    """Drops the spaces, dots and dashes people type in identifiers."""
    return re.sub(r"[\s.\-\u00a0\u202f]", "", value or "").upper()


def validate_siren(value: str) -> None:
    if not re.fullmatch(r"\d{9}", value):
        raise ValidationError(_("A SIREN number has exactly 9 digits."), code="siren_format")
    if not luhn_is_valid(value):
        raise ValidationError(
            _("This SIREN number is not valid (check digit): please check it."),
            code="siren_checksum",
        )


def validate_siret(value: str) -> None:
    if not re.fullmatch(r"\d{14}", value):
        raise ValidationError(_("A SIRET number has exactly 14 digits."), code="siret_format")
    if value.startswith(LA_POSTE_SIREN) and value != LA_POSTE_HEAD_OFFICE_SIRET:
        valid = sum(int(d) for d in value) % 5 == 0
    else:
        valid = luhn_is_valid(value)
    if not valid:
        raise ValidationError(
            _("This SIRET number is not valid (check digit): please check it."),
            code="siret_checksum",
        )


def validate_rna(value: str) -> None:
    if not re.fullmatch(RNA_PATTERN, value):
        raise ValidationError(
            _("An RNA number is the letter W followed by 9 digits, for example W751234567."),
            code="rna_format",
        )
