"""The public figures of the portal: home, department, partner territory and SDG pages.

Every function does a fixed number of queries, whatever the number of projects: counts
and sums are computed by PostgreSQL (aggregates, scalar subqueries), lists are capped.
Only published projects (``is_public``) are ever counted.

Charts are drawn by ``templates/includes/bar_chart.html`` from a ``BarChart``, whose
geometry is computed here (like ``selectors.indicator_progress`` for line charts).
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypedDict, cast

from django.db import connection
from django.db.models import (
    Count,
    DecimalField,
    F,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.urls import reverse
from django_countries import countries

from common.charts import Bar, BarChart
from common.public_cache import cached_for_version
from cooperation.models import (
    CooperationProject,
    Delegation,
    Indicator,
    Measurement,
    MeasurementStatus,
    MeasureType,
    ProjectKind,
    ProjectPartner,
    ProjectStatus,
    SustainableDevelopmentGoal,
)
from cooperation.selectors import (
    IndicatorProgress,
    department_project_ids,
    indicator_progress,
    project_public_list,
)
from partners.models import (
    Department,
    Organisation,
    OrganisationKind,
    PartnerTerritory,
    PublicationStatus,
)

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

# Scalar subqueries over a queryset that selects one column named `v`.
COUNT_ROWS = "(SELECT count(*) FROM (%(subquery)s) AS _rows)"
COUNT_DISTINCT = "(SELECT count(DISTINCT _rows.v) FROM (%(subquery)s) AS _rows)"
SUM = "(SELECT coalesce(sum(_rows.v), 0) FROM (%(subquery)s) AS _rows)"


class _CountDistinct(Subquery):
    template = COUNT_DISTINCT
    output_field = IntegerField()


class _Sum(Subquery):
    template = SUM
    output_field = DecimalField(max_digits=16, decimal_places=2)


def _select(**columns: tuple[str, QuerySet]) -> dict[str, Any]:
    """Several aggregates of several querysets in one round trip:
    ``SELECT (SELECT count(…) FROM (…)) AS a, (…) AS b`` — a query without a FROM gives
    one row even when every table is empty."""
    parts: list[str] = []
    params: list[Any] = []
    for name, (template, queryset) in columns.items():
        sql, query_params = queryset.order_by().query.sql_with_params()
        parts.append(f"{template % {'subquery': sql}} AS {name}")
        params.extend(query_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return dict(zip(columns, row, strict=True))


def _public_projects() -> QuerySet[CooperationProject]:
    return CooperationProject.objects.filter(is_public=True)


def _published_structures() -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        kind=OrganisationKind.ESS_STRUCTURE, status=PublicationStatus.PUBLISHED
    )


def _country_name(code: str) -> str:
    return str(countries.name(code)) or code


# Home


@dataclass(frozen=True)
class PortalFigures:
    projects: int
    departments_with_projects: int
    partner_countries: int
    ess_structures_involved: int
    sdgs_served: int
    structures: int  # the ESS directory
    departments_with_structures: int
    themes_served: int


def portal_figures() -> PortalFigures:
    """The key figures of the whole portal: whole-table aggregates, so computed once per
    version of the public data (one query to read the version)."""
    return cached_for_version("portal-figures", _portal_figures)


def _portal_figures() -> PortalFigures:
    public = _public_projects()
    structures = _published_structures()
    values = _select(
        projects=(COUNT_ROWS, public.values(v=F("pk"))),
        departments=(COUNT_DISTINCT, public.values(v=F("department_id"))),
        countries=(
            COUNT_DISTINCT,
            PartnerTerritory.objects.filter(projects__is_public=True).values(v=F("country")),
        ),
        ess_involved=(
            COUNT_DISTINCT,
            ProjectPartner.objects.filter(
                project__is_public=True, organisation__kind=OrganisationKind.ESS_STRUCTURE
            ).values(v=F("organisation_id")),
        ),
        sdgs=(
            COUNT_DISTINCT,
            CooperationProject.sdg_goals.through.objects.filter(
                cooperationproject__is_public=True
            ).values(v=F("sustainabledevelopmentgoal_id")),
        ),
        structures=(COUNT_ROWS, structures.values(v=F("pk"))),
        structure_departments=(COUNT_DISTINCT, structures.values(v=F("department_id"))),
        themes=(
            COUNT_DISTINCT,
            Organisation.themes.through.objects.filter(
                organisation__in=structures.values("pk")
            ).values(v=F("theme_id")),
        ),
    )
    return PortalFigures(
        projects=values["projects"],
        departments_with_projects=values["departments"],
        partner_countries=values["countries"],
        ess_structures_involved=values["ess_involved"],
        sdgs_served=values["sdgs"],
        structures=values["structures"],
        departments_with_structures=values["structure_departments"],
        themes_served=values["themes"],
    )


@dataclass(frozen=True)
class CountryCount:
    code: str
    name: str
    projects: int


def top_partner_countries(*, limit: int = 5) -> list[CountryCount]:
    """The partner countries with the most public projects: counts every link, so
    computed once per version of the public data."""
    return cached_for_version(f"top-countries-{limit}", lambda: _top_partner_countries(limit))


def _top_partner_countries(limit: int) -> list[CountryCount]:
    rows = (
        PartnerTerritory.objects.filter(projects__is_public=True)
        .values("country")
        .annotate(n=Count("projects", distinct=True))
        .order_by("-n", "country")[:limit]
    )
    return [CountryCount(row["country"], _country_name(row["country"]), row["n"]) for row in rows]


def latest_public_projects(*, limit: int = 6) -> QuerySet[CooperationProject]:
    """The latest published projects, for cards: one query and three prefetches."""
    return project_public_list().order_by("-published_at", "-pk")[:limit]


# Department page


class DepartmentTotals(TypedDict):
    """What ``department_with_figures`` adds to the department."""

    public_projects: int
    budget_total: Decimal | None
    contribution_total: Decimal | None
    ess_structures_involved: int
    delegations_hosted: int


def department_with_figures(*, code: str) -> "WithAnnotations[Department, DepartmentTotals] | None":
    """A department with the totals of its public projects (those it runs or co-runs),
    in two queries: ``public_projects``, ``budget_total``, ``contribution_total`` (what
    the department committed to the projects it runs), ``ess_structures_involved``,
    ``delegations_hosted``."""
    department = Department.objects.filter(code=code).first()
    if department is None:
        return None
    projects = _department_public_projects(department)
    values = _select(
        public_projects=(COUNT_ROWS, projects.values(v=F("pk"))),
        budget_total=(SUM, projects.values(v=F("total_budget"))),
        contribution_total=(
            SUM,
            _public_projects().filter(department=department).values(v=F("department_contribution")),
        ),
        ess_structures_involved=(
            COUNT_DISTINCT,
            ProjectPartner.objects.filter(
                project__in=projects, organisation__kind=OrganisationKind.ESS_STRUCTURE
            ).values(v=F("organisation_id")),
        ),
        delegations_hosted=(COUNT_ROWS, department.delegations.values(v=F("pk"))),
    )
    for name, value in values.items():
        setattr(department, name, value)
    return cast("WithAnnotations[Department, DepartmentTotals]", department)


@dataclass
class DepartmentFigures:
    by_kind: BarChart | None = None
    by_stage: BarChart | None = None
    countries: BarChart | None = None
    sdgs: BarChart | None = None
    delegations: list[Delegation] = field(default_factory=list)


def _department_public_projects(department: Department) -> QuerySet[CooperationProject]:
    return _public_projects().filter(pk__in=department_project_ids(department=department))


def department_figures(
    *,
    department: "WithAnnotations[Department, DepartmentTotals]",
    countries_limit: int = 15,
    delegations_limit: int = 5,
) -> DepartmentFigures:
    """The charts of a department page (``department`` from ``department_with_figures``):
    at most four queries, none when the department has no public project nor delegation."""
    from django.utils.translation import gettext as _

    figures = DepartmentFigures()
    if department.public_projects:
        projects = _department_public_projects(department)
        counts = projects.aggregate(
            **{f"kind_{value}": Count("pk", filter=Q(kind=value)) for value in ProjectKind.values},
            **{
                f"stage_{value}": Count("pk", filter=Q(status=value))
                for value in ProjectStatus.values
            },
        )
        figures.by_kind = BarChart(
            id="chart-kinds",
            title=_("Public projects by kind of cooperation"),
            description=_("Number of public projects of each kind; the table below gives them."),
            label_header=_("Kind of cooperation"),
            value_header=_("Projects"),
            bars=[
                Bar(str(label).capitalize(), counts[f"kind_{value}"])
                for value, label in ProjectKind.choices
                if counts[f"kind_{value}"]
            ],
        )
        figures.by_stage = BarChart(
            id="chart-stages",
            title=_("Public projects by stage"),
            description=_("Number of public projects at each stage; the table below gives them."),
            label_header=_("Stage"),
            value_header=_("Projects"),
            bars=[
                Bar(str(label).capitalize(), counts[f"stage_{value}"])
                for value, label in ProjectStatus.choices
            ],
        )
        country_rows = (
            PartnerTerritory.objects.filter(projects__in=projects)
            .values("country")
            .annotate(n=Count("projects", distinct=True))
            .order_by("-n", "country")[:countries_limit]
        )
        figures.countries = BarChart(
            id="chart-countries",
            title=_("Partner countries"),
            description=_(
                "Number of public projects with each partner country; the table below gives them."
            ),
            label_header=_("Country"),
            value_header=_("Projects"),
            bars=[Bar(_country_name(row["country"]), row["n"]) for row in country_rows],
        )
        goals = (
            SustainableDevelopmentGoal.objects.filter(projects__in=projects)
            .annotate(n=Count("projects", distinct=True))
            .order_by("number")
        )
        figures.sdgs = BarChart(
            id="chart-sdgs",
            title=_("Sustainable development goals served"),
            description=_(
                "Number of public projects serving each goal; the table below gives them."
            ),
            label_header=_("Goal"),
            value_header=_("Projects"),
            bars=[
                Bar(
                    str(goal),
                    goal.n,
                    url=reverse("cooperation:sdg_detail", kwargs={"number": goal.number}),
                    css_class=f"sdg-{goal.number}",
                )
                for goal in goals
            ],
        )
    if department.delegations_hosted:
        figures.delegations = list(
            department.delegations.select_related("origin", "project").order_by(
                "-arrival_date", "-pk"
            )[:delegations_limit]
        )
    return figures


# Partner territory page


def territory_public_get(*, slug: str) -> PartnerTerritory | None:
    return PartnerTerritory.objects.filter(slug=slug).first()


def territory_public_projects(*, territory: PartnerTerritory) -> QuerySet[CooperationProject]:
    """Every public project with the territory, whichever department runs it."""
    return project_public_list().filter(territories=territory)


def territory_departments(*, territory: PartnerTerritory) -> QuerySet[Department]:
    """The departments running public projects with the territory, each with
    ``project_count``: one query."""
    return (
        Department.objects.filter(projects__is_public=True, projects__territories=territory)
        .annotate(project_count=Count("projects", distinct=True))
        .order_by("code")
    )


# SDG page


@dataclass(frozen=True)
class SdgProgress:
    """The aggregated progress of the indicators of public projects serving a goal."""

    with_target: int  # numeric indicators with a target (among those considered)
    measured: int  # of which have a progress from approved values
    reached: int  # of which reached 100 % or more
    average_percent: Decimal | None  # mean progress, each indicator counted 0–100 %
    truncated: bool  # more indicators than the cap: figures are on the first ones
    limit: int


def sdg_indicator_progress(*, goal: SustainableDevelopmentGoal, limit: int = 200) -> SdgProgress:
    """Progress of the numeric indicators with a target, of public projects, tagged with
    a target of the goal, from APPROVED measurements only (``indicator_progress``).

    Bounded work: at most ``limit`` indicators (the oldest first, a stable choice), two
    queries (the indicators, their approved measurements)."""
    indicators = list(
        Indicator.objects.filter(
            pk__in=Indicator.objects.filter(
                project__is_public=True,
                sdg_targets__goal=goal,
                target_value__isnull=False,
            )
            .exclude(measure_type=MeasureType.QUALITATIVE)
            .values("pk")
        )
        .order_by("pk")
        .prefetch_related(
            Prefetch(
                "measurements",
                queryset=Measurement.objects.filter(status=MeasurementStatus.APPROVED).order_by(
                    "period_end", "pk"
                ),
            )
        )[: limit + 1]
    )
    truncated = len(indicators) > limit
    progresses: list[IndicatorProgress] = [
        indicator_progress(indicator, list(indicator.measurements.all()))
        for indicator in indicators[:limit]
    ]
    percents = [p.percent for p in progresses if p.percent is not None]
    average = None
    if percents:
        clamped = [min(max(percent, Decimal(0)), Decimal(100)) for percent in percents]
        average = (sum(clamped, Decimal(0)) / len(clamped)).quantize(Decimal(1))
    return SdgProgress(
        with_target=len(progresses),
        measured=len(percents),
        reached=sum(1 for percent in percents if percent >= 100),
        average_percent=average,
        truncated=truncated,
        limit=limit,
    )
