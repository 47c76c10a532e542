"""Filtered lists of organisations, public and staff; the state lives in the query string."""

from typing import Any

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from partners.models import (
    Department,
    LegalForm,
    OrganisationKind,
    PublicationStatus,
    Theme,
)
from partners.selectors import organisation_search


class _OrganisationFilterBase(django_filters.FilterSet):
    """Text search, legal form and theme: what every list of organisations offers."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name, town, activity…")}),
    )
    legal_form = django_filters.ChoiceFilter(
        label=_("Legal form"), choices=LegalForm.choices, empty_label=_("All legal forms")
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        field_name="themes",
        queryset=Theme.objects.all(),
        to_field_name="code",
        empty_label=_("All themes"),
    )

    field_order: list[str] = []
    filters: dict[str, django_filters.Filter]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters = {name: self.filters[name] for name in self.field_order}

    def search(self, queryset, name, value):
        return organisation_search(queryset=queryset, text=value)


class StructureDirectoryFilter(_OrganisationFilterBase):
    department = django_filters.ModelChoiceFilter(
        label=_("Department"),
        queryset=Department.objects.order_by("code"),
        to_field_name="code",
        empty_label=_("All departments"),
    )
    esus = django_filters.BooleanFilter(
        label=_("ESUS approval"),
        field_name="esus_approved",
        widget=forms.Select(
            choices=[("", _("Any")), ("true", _("ESUS approved")), ("false", _("Not approved"))]
        ),
    )

    field_order = ["q", "department", "legal_form", "theme", "esus"]


class DepartmentOrganisationFilter(_OrganisationFilterBase):
    status = django_filters.ChoiceFilter(
        label=_("Publication"), choices=PublicationStatus.choices, empty_label=_("All")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=OrganisationKind.choices, empty_label=_("All kinds")
    )

    field_order = ["q", "status", "kind", "legal_form", "theme"]
