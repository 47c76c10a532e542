"""Presentation helpers shared by every template (no business rule here)."""

from decimal import Decimal

from django import template
from django.http import QueryDict
from django.utils.formats import number_format

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters changed (for pagination links)."""
    query: QueryDict = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def field_value(form, name):
    """The value a bound form shows for `name` (to echo filter choices in headings)."""
    return form[name].value()


@register.filter
def decimal(value):
    """A measured value as French people write it: “2,5”, “1 250”, never “2,500”."""
    if value in (None, ""):
        return ""
    number = Decimal(value).normalize()
    if number == number.to_integral():
        number = number.quantize(Decimal(1))
    return number_format(number, force_grouping=True)


@register.filter
def euros(value):
    """An amount as French people write it: “1 250 €”, “1 250,50 €”."""
    if value in (None, ""):
        return ""
    amount = Decimal(value)
    places = 0 if amount == amount.to_integral() else 2
    return f"{number_format(amount, decimal_pos=places, force_grouping=True)}\u00a0€"
