"""Form pieces shared by every app: the crispy layout helper, widgets and fields."""

import re
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, Submit
from django import forms
from django.db import models
from django.utils.functional import Promise

from common.validators import FIRST_DAY, LAST_DAY, validate_bounded_date


def form_helper(
    *fields: Any, submit: str | Promise | None = None, form_tag: bool = True
) -> FormHelper:
    """A crispy layout of ``fields`` with, when given, a submit button labelled ``submit``
    (a lazy translation too)."""
    helper = FormHelper()
    helper.form_tag = form_tag
    layout = list(fields)
    if submit:
        layout.append(Submit("submit", submit))
    helper.layout = Layout(*layout)
    return helper


def https_by_default(field: models.Field, **kwargs: Any) -> forms.Field | None:
    """``formfield_callback`` of model forms: a URL typed without scheme is an https one
    (what Django 6 assumes; said now)."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class DateInput(forms.DateInput):
    """A date picker within the bounds of ``common.validators`` (1900–2100)."""

    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        attrs = {"min": FIRST_DAY.isoformat(), "max": LAST_DAY.isoformat()}
        attrs.update(kwargs.pop("attrs", None) or {})
        super().__init__(format="%Y-%m-%d", attrs=attrs, **kwargs)


class BoundedDateField(forms.DateField):
    """A date of a plain form, between 1900 and 2100 (``validate_bounded_date``)."""

    default_validators = [validate_bounded_date]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", DateInput())
        super().__init__(**kwargs)


class BoundedDateTimeField(forms.DateTimeField):
    """A date-time of a plain form, between 1900 and 2100 (``validate_bounded_date``)."""

    default_validators = [validate_bounded_date]


class FrenchDecimalField(forms.DecimalField):
    """“125 000,50” or “125000.50”, as people type amounts and values: a text input (a
    number input refuses the comma and the spaces) whose spaces are ignored."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)
        self.widget = forms.TextInput(attrs={"inputmode": "decimal"})
        self.widget.is_localized = True

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = re.sub(r"[\s\u00a0\u202f]", "", value)
            # Without grouping, a lone comma can only be the decimal separator.
            value = value.replace(",", ".") if value.count(",") == 1 else value
        return super().to_python(value)


def accept_french_decimals(form: forms.BaseForm, name: str) -> None:
    """Replaces a model form's decimal field by a ``FrenchDecimalField`` with its limits."""
    old = form.fields[name]
    form.fields[name] = FrenchDecimalField(
        label=old.label,
        required=old.required,
        help_text=old.help_text,
        max_digits=getattr(old, "max_digits", None),
        decimal_places=getattr(old, "decimal_places", None),
        validators=old.validators,
    )


class VersionedFormMixin:
    """A hidden `version` that lets the service refuse an edit of an older version."""

    fields: dict
    instance: models.Model
    cleaned_data: dict

    def add_version_field(self) -> None:
        self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, required=False)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version  # type: ignore[attr-defined]

    def service_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}
