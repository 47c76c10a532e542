"""Amounts and measured values typed the way people type them."""

from decimal import Decimal

import pytest
from django.utils import translation

from common.forms import FrenchDecimalField


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("125 000,50", Decimal("125000.50")),
        ("125\u00a0000", Decimal("125000")),
        ("125000.50", Decimal("125000.50")),
        ("12,5", Decimal("12.5")),
    ],
)
def test_amounts_are_read_with_spaces_and_a_decimal_comma(typed, value):
    with translation.override("fr"):
        assert FrenchDecimalField(max_digits=12, decimal_places=2).clean(typed) == value


def test_nonsense_is_refused_with_a_french_message():
    with translation.override("fr"), pytest.raises(Exception, match="Saisissez un nombre"):
        FrenchDecimalField(max_digits=12, decimal_places=2).clean("douze")
