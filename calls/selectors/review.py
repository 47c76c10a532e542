"""Reviews and scores: the reviewers' assignments, their totals, the call's ranking."""

from decimal import Decimal

from django.db.models import (
    Avg,
    Count,
    DecimalField,
    F,
    Func,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce, Round

from calls.models import (
    Application,
    ApplicationState,
    Call,
    ReviewAssignment,
    Score,
)
from partners.models import Department, DepartmentRole, User

# A reviewer's total is their weighted average over the criteria they scored (“not
# applicable” left out): sum(weight × score / max) / sum(weight), written on /20. An
# application's score is the mean of the totals of its submitted reviews; its spread is
# the highest total minus the lowest.

SCORE_SCALE = 20
SCORE_FIELD: DecimalField = DecimalField(max_digits=7, decimal_places=4)


def _assignment_total_subquery(assignment_ref) -> Subquery:
    """The total (/20) of one assignment, from its non-N/A scores."""
    scored = (
        Score.objects.filter(assignment=assignment_ref, value__isnull=False)
        .order_by()
        .values("assignment")
        .annotate(
            total=Sum(
                F("criterion__weight") * F("value") / F("criterion__max_score"),
                output_field=SCORE_FIELD,
            )
            * SCORE_SCALE
            / Sum("criterion__weight", output_field=SCORE_FIELD)
        )
        .values("total")
    )
    return Subquery(scored, output_field=SCORE_FIELD)


def _application_score_subquery(what: str) -> Subquery:
    """One figure of the application's submitted reviews: "avg" (its score on /20, two
    decimals), "spread" (max − min of the reviewers' totals) or "count"."""
    reviews = (
        ReviewAssignment.objects.filter(application=OuterRef("pk"), submitted_at__isnull=False)
        .order_by()
        .annotate(total=_assignment_total_subquery(OuterRef("pk")))
        .values("application")
    )
    figure: Func
    if what == "avg":
        figure = Round(Avg("total", output_field=SCORE_FIELD), 2)
    elif what == "spread":
        figure = Round(
            Max("total", output_field=SCORE_FIELD) - Min("total", output_field=SCORE_FIELD), 2
        )
    else:
        figure = Count("pk")
    return Subquery(
        reviews.annotate(figure=figure).values("figure"),
        output_field=SCORE_FIELD if what != "count" else None,
    )


def assignment_total(*, assignment: ReviewAssignment) -> Decimal | None:
    """The reviewer's total on /20 (None when nothing is scored)."""
    value = (
        ReviewAssignment.objects.filter(pk=assignment.pk)
        .annotate(total=_assignment_total_subquery(OuterRef("pk")))
        .values_list("total", flat=True)
        .first()
    )
    return None if value is None else Decimal(value).quantize(Decimal("0.01"))


RANKED_STATES = (
    ApplicationState.UNDER_REVIEW,
    ApplicationState.ELIGIBLE,
    ApplicationState.ACCEPTED,
    ApplicationState.REJECTED,
    ApplicationState.CLOSED,
)


def call_ranking(*, call: Call) -> QuerySet[Application]:
    """The applications under review or beyond, best score first (unscored last), with
    their score and spread (/20) and their numbers of reviews submitted and assigned
    (recused reviewers not counted)."""
    assigned = (
        ReviewAssignment.objects.filter(application=OuterRef("pk"))
        .exclude(conflict_declared=True)
        .order_by()
        .values("application")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        call.applications.filter(state__in=RANKED_STATES)
        .select_related("applicant")
        .annotate(
            score=_application_score_subquery("avg"),
            spread=_application_score_subquery("spread"),
            reviews_submitted=Coalesce(_application_score_subquery("count"), 0),
            reviews_assigned=Coalesce(Subquery(assigned), 0),
        )
        .order_by(F("score").desc(nulls_last=True), "reference")
    )


def department_reviewers(*, department: Department) -> QuerySet[User]:
    """The department's members with the reviewer role, to be assigned."""
    return User.objects.filter(
        department_memberships__department=department,
        department_memberships__role=DepartmentRole.REVIEWER,
    ).order_by("full_name", "email")


def application_assignments(*, application: Application) -> list[ReviewAssignment]:
    """Every assignment of the application, with its reviewer and scores (staff page)."""
    return list(
        application.assignments.select_related("reviewer").prefetch_related(
            Prefetch("scores", queryset=Score.objects.select_related("criterion"))
        )
    )


def reviewer_assignment_list(*, user: User, department: Department) -> QuerySet[ReviewAssignment]:
    """The reviewer's assignments in that department, those to do first."""
    return (
        user.review_assignments.filter(application__call__department=department)
        .select_related("application__call")
        .annotate(scored_count=Count("scores", filter=Q(scores__value__isnull=False)))
        .order_by(F("submitted_at").desc(nulls_first=True), "-assigned_at", "pk")
    )


def reviewer_assignment_get(
    *, user: User, department: Department, pk: int
) -> ReviewAssignment | None:
    return (
        user.review_assignments.filter(application__call__department=department, pk=pk)
        .select_related("application__call__department", "application__carrier_structure")
        .first()
    )


def assignment_scores(*, assignment: ReviewAssignment) -> dict[int, Score]:
    """The reviewer's scores, by criterion id."""
    return {score.criterion_id: score for score in assignment.scores.all()}


def other_submitted_reviews(*, assignment: ReviewAssignment) -> list[ReviewAssignment]:
    """The other reviewers' submitted reviews, with their totals, once the reviewer has
    submitted their own; nothing before."""
    if assignment.submitted_at is None:
        return []
    others: list[ReviewAssignment] = list(
        assignment.application.assignments.filter(submitted_at__isnull=False)
        .exclude(pk=assignment.pk)
        .select_related("reviewer")
        .annotate(total=_assignment_total_subquery(OuterRef("pk")))
        .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("criterion")))
    )
    return others
