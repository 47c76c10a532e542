"""Presentation filters shared by the templates."""

from decimal import Decimal

import pytest
from django.utils import translation

from partners.templatetags.portal import decimal


@pytest.mark.parametrize(
    ("value", "french"),
    [
        (Decimal("2.500"), "2,5"),
        (Decimal("1250.000"), "1\u00a0250"),
        (Decimal("45400"), "45\u00a0400"),
        (Decimal("0.125"), "0,125"),
        (None, ""),
    ],
)
def test_measured_values_are_written_the_french_way(value, french):
    with translation.override("fr"):
        assert decimal(value) == french
