"""Presentation helpers shared by every template (no business rule here)."""

from django import template
from django.forms import BaseForm
from django.http import QueryDict
from django.template import Context

from common import formats

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context: Context, **changes: object) -> str:
    """The current query string with some parameters changed (for pagination links)."""
    query: QueryDict = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = str(value)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def field_value(form: BaseForm, name: str) -> object:
    """The value a bound form shows for `name` (to echo filter choices in headings)."""
    return form[name].value()


@register.filter
def decimal(value: object) -> str:
    """A measured value as French people write it: “2,5”, “1 250”, never “2,500”."""
    return formats.decimal_label(value)


@register.filter
def euros(value: object) -> str:
    """An amount as French people write it: “1 250 €”, “1 250,50 €”."""
    return formats.euros(value)
