"""Calls, as the public and the department's staff see them."""

from datetime import datetime

from django.db.models import (
    Count,
    DecimalField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from calls.models import (
    Application,
    Call,
    CallState,
    RequiredDocument,
    TeamMember,
)
from calls.selectors.base import FUNDED_STATES, ZERO
from partners.models import Department

# Calls, public


def _with_results(queryset: QuerySet[Call]) -> QuerySet[Call]:
    """Each call with its funded projects, the young people in them and the amounts."""
    funded = Application.objects.filter(call=OuterRef("pk"), state__in=FUNDED_STATES)
    young = (
        TeamMember.objects.filter(
            application__call=OuterRef("pk"), application__state__in=FUNDED_STATES
        )
        .order_by()
        .values("application__call")
        .annotate(n=Count("pk"))
        .values("n")
    )
    granted = funded.order_by().values("call").annotate(total=Sum("granted_amount")).values("total")
    projects = funded.order_by().values("call").annotate(n=Count("pk")).values("n")
    return queryset.annotate(
        funded_count=Coalesce(Subquery(projects), 0),
        young_people_count=Coalesce(Subquery(young), 0),
        granted_total=Coalesce(
            Subquery(granted), ZERO, output_field=DecimalField(max_digits=14, decimal_places=2)
        ),
    )


def public_calls() -> QuerySet[Call]:
    return Call.objects.exclude(state=CallState.DRAFT).select_related("department")


def public_open_call_list() -> QuerySet[Call]:
    """Published calls not closed yet (including those about to open), soonest closing first."""
    return (
        public_calls()
        .filter(state=CallState.PUBLISHED, closes_at__gt=timezone.now())
        .order_by("closes_at", "title")
    )


def public_past_call_list() -> QuerySet[Call]:
    """Calls whose closing time has passed, with their results, latest first."""
    return _with_results(
        public_calls()
        .filter(Q(closes_at__lte=timezone.now()) | ~Q(state=CallState.PUBLISHED))
        .order_by("-closes_at", "title")
    )


def public_call_get(*, slug: str) -> Call | None:
    return (
        _with_results(public_calls())
        .prefetch_related("required_documents", "criteria")
        .filter(slug=slug)
        .first()
    )


# Calls, staff


def department_call_list(*, department: Department) -> QuerySet[Call]:
    """The department's calls with their number of submitted applications."""
    return department.calls.annotate(
        application_count=Count("applications", filter=Q(applications__submitted_at__isnull=False))
    ).order_by("-opens_at", "title")


def reference_prefix_taken(
    *, prefix: str, opens_at: datetime, exclude_pk: int | None = None
) -> bool:
    """References read PREFIX-YEAR-NUMBER, the year being the call's opening year: two
    calls opening the same year cannot share a prefix."""
    year = timezone.localtime(opens_at).year
    calls = Call.objects.filter(reference_prefix=prefix, opens_at__year=year)
    if exclude_pk is not None:
        calls = calls.exclude(pk=exclude_pk)
    return calls.exists()


def department_call_get(*, department: Department, slug: str) -> Call | None:
    return department.calls.filter(slug=slug).first()


def call_required_documents(*, call: Call) -> QuerySet[RequiredDocument]:
    return call.required_documents.all()
