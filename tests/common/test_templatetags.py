"""Presentation filters shared by the templates."""

from decimal import Decimal

import pytest
from django.utils import translation

from common.templatetags.common import decimal, euros


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


@pytest.mark.parametrize(
    ("value", "french"),
    [
        (Decimal("125000.50"), "125\u00a0000,50\u00a0€"),
        (Decimal("480000.00"), "480\u00a0000\u00a0€"),
        (Decimal("0"), "0\u00a0€"),
        (None, ""),
    ],
)
def test_amounts_are_written_the_french_way(value, french):
    with translation.override("fr"):
        assert euros(value) == french


def test_ids_in_pages_are_never_grouped_like_amounts(settings):
    from django.template import Context, Template

    assert settings.USE_THOUSAND_SEPARATOR is False
    with translation.override("fr"):
        assert Template('id="row-{{ pk }}"').render(Context({"pk": 1125})) == 'id="row-1125"'
