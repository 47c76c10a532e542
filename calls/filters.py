"""Filtered lists of calls and applications; the state lives in the query string."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from calls.models import ApplicationState, CallKind, CallState


class StaffCallFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=CallState.choices, empty_label=_("All states")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=CallKind.choices, empty_label=_("All kinds")
    )

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(slug__icontains=value))


class StaffApplicationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Reference, title, applicant…")}
        ),
    )
    state = django_filters.ChoiceFilter(
        label=_("State"),
        choices=[c for c in ApplicationState.choices if c[0] != ApplicationState.DRAFT],
        empty_label=_("All states"),
    )
    country = django_filters.ChoiceFilter(
        label=_("Destination country"),
        choices=list(countries),
        field_name="destination_country",
        empty_label=_("All countries"),
    )

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(reference__icontains=value)
            | Q(title__icontains=value)
            | Q(applicant__email__icontains=value)
            | Q(applicant__full_name__icontains=value)
            | Q(carrier_name__icontains=value)
        )


class RankingFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(
        label=_("State"),
        choices=[
            c
            for c in ApplicationState.choices
            if c[0] in ("under_review", "eligible", "accepted", "rejected", "closed")
        ],
        empty_label=_("All states"),
    )
