"""The public figures of the calls for projects: per call and per department.

Only what a call made public counts: applications received (submitted at least once),
projects funded (accepted or closed), the young people of the funded teams and the share
of women among them, the amounts granted and the destination countries. Never a name.
Three queries per set of figures, whatever the number of applications (one for a
department without any published call).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django_countries import countries

from calls.models import Application, Call, CallState, Gender, TeamMember
from calls.selectors import FUNDED_STATES
from common.charts import Bar, BarChart
from partners.models import Department


@dataclass
class CallFigures:
    calls: int = 0
    applications: int = 0
    funded: int = 0
    young_people: int = 0
    women: int = 0
    granted: Decimal = Decimal(0)
    countries: BarChart | None = None
    country_rows: list[tuple[str, int]] = field(default_factory=list)

    @property
    def women_share(self) -> int | None:
        """The share of women among the young people funded, in whole percents."""
        if not self.young_people:
            return None
        return round(100 * self.women / self.young_people)


def _figures(applications: QuerySet[Application], *, chart_id: str) -> CallFigures:
    from django.utils.translation import gettext as _

    received = applications.filter(reference__isnull=False)
    funded = received.filter(state__in=FUNDED_STATES)
    totals = received.aggregate(
        applications=Count("pk"),
        funded=Count("pk", filter=Q(state__in=FUNDED_STATES)),
        granted=Coalesce(
            Sum("granted_amount", filter=Q(state__in=FUNDED_STATES)),
            Value(Decimal(0)),
            output_field=DecimalField(max_digits=14, decimal_places=2),
        ),
    )
    people = TeamMember.objects.filter(application__in=funded).aggregate(
        young_people=Count("pk"), women=Count("pk", filter=Q(gender=Gender.FEMALE))
    )
    rows = (
        funded.exclude(destination_country="")
        .values("destination_country")
        .annotate(n=Count("pk"))
        .order_by("-n", "destination_country")[:15]
    )
    country_rows = [(str(countries.name(row["destination_country"])), row["n"]) for row in rows]
    figures = CallFigures(**totals, **people, country_rows=country_rows)
    if country_rows:
        figures.countries = BarChart(
            id=chart_id,
            title=_("Destinations of the funded projects"),
            description=_(
                "Number of funded projects per destination country; the table below gives them."
            ),
            label_header=_("Country"),
            value_header=_("Projects"),
            bars=[Bar(name, count) for name, count in country_rows],
        )
    return figures


def call_figures(*, call: Call) -> CallFigures:
    figures = _figures(call.applications.all(), chart_id=f"chart-call-{call.pk}-countries")
    figures.calls = 1
    return figures


def department_call_figures(*, department: Department) -> CallFigures:
    """The figures of every call the department published (none: ``calls`` is 0)."""
    public_calls = department.calls.exclude(state=CallState.DRAFT)
    count = public_calls.count()
    if not count:
        return CallFigures()
    figures = _figures(
        Application.objects.filter(call__in=public_calls), chart_id="chart-call-countries"
    )
    figures.calls = count
    return figures
