"""Numbers as French readers expect them, for templates (filters in templatetags/common.py)
and for sentences written in Python (messages, e-mails): one way of writing them."""

from decimal import Decimal

from django.utils.formats import number_format


def decimal_label(value: object) -> str:
    """A measured value: “2,5”, “1 250”, never “2,500”."""
    if value in (None, ""):
        return ""
    number = Decimal(str(value)).normalize()
    if number == number.to_integral():
        number = number.quantize(Decimal(1))
    return number_format(number, force_grouping=True)


def euros(value: object) -> str:
    """An amount: “1 250 €”, “1 250,50 €”."""
    if value in (None, ""):
        return ""
    amount = Decimal(str(value))
    places = 0 if amount == amount.to_integral() else 2
    return f"{number_format(amount, decimal_pos=places, force_grouping=True)}\u00a0€"
