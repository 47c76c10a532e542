"""Filtered lists of projects, public and staff; the state lives in the query string."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from cooperation.models import (
    CooperationProject,
    ProjectKind,
    ProjectStatus,
    SustainableDevelopmentGoal,
)
from cooperation.selectors import department_project_ids, project_search
from partners.models import Department, Theme


def _year_choices():
    this_year = timezone.localdate().year
    return [(year, str(year)) for year in range(this_year + 2, 2009, -1)]


class ProjectFilter(django_filters.FilterSet):
    """The filters of /projets/ (and of the map, which shares them)."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Title, subject…")}),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind of cooperation"), choices=ProjectKind.choices, empty_label=_("All kinds")
    )
    sdg = django_filters.ModelChoiceFilter(
        label=_("SDG"),
        method="filter_sdg",
        queryset=SustainableDevelopmentGoal.objects.all(),
        empty_label=_("All SDGs"),
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        method="filter_theme",
        queryset=Theme.objects.all(),
        to_field_name="code",
        empty_label=_("All themes"),
    )
    department = django_filters.ModelChoiceFilter(
        label=_("Department"),
        queryset=Department.objects.order_by("code"),
        to_field_name="code",
        method="filter_department",
        empty_label=_("All departments"),
    )
    country = django_filters.ChoiceFilter(
        label=_("Partner country"),
        choices=list(countries),
        method="filter_country",
        empty_label=_("All countries"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Stage"), choices=ProjectStatus.choices, empty_label=_("All stages")
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"), choices=_year_choices, method="filter_year", empty_label=_("All years")
    )

    def search(self, queryset, name, value):
        return project_search(queryset=queryset, text=value)

    # The many-to-many filters are semi-joins (``pk IN (…)``) on the link tables: a join
    # would repeat a project and need a DISTINCT over the whole list and its count.
    def filter_sdg(self, queryset, name, value):
        links = CooperationProject.sdg_goals.through.objects.filter(
            sustainabledevelopmentgoal=value
        )
        return queryset.filter(pk__in=links.values("cooperationproject_id"))

    def filter_theme(self, queryset, name, value):
        links = CooperationProject.themes.through.objects.filter(theme=value)
        return queryset.filter(pk__in=links.values("cooperationproject_id"))

    def filter_country(self, queryset, name, value):
        links = CooperationProject.territories.through.objects.filter(
            partnerterritory__country=value
        )
        return queryset.filter(pk__in=links.values("cooperationproject_id"))

    def filter_department(self, queryset, name, value):
        return queryset.filter(pk__in=department_project_ids(department=value))

    def filter_year(self, queryset, name, value):
        """Projects running at some point of that year."""
        value = int(value)
        return queryset.filter(
            Q(start_date__year__lte=value) | Q(start_date__isnull=True),
            Q(end_date__year__gte=value) | Q(end_date__isnull=True),
        ).exclude(start_date__isnull=True, end_date__isnull=True)


class StaffProjectFilter(ProjectFilter):
    published = django_filters.BooleanFilter(
        label=_("Publication"),
        field_name="is_public",
        widget=forms.Select(
            choices=[("", _("All")), ("true", _("Published")), ("false", _("Not published"))]
        ),
    )
