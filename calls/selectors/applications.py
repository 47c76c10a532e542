"""Applications: the lists of the staff and of the applicant, one application's content,
who may see its files, its snapshot."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict, cast

from django.db.models import (
    Count,
    Prefetch,
    Q,
    QuerySet,
    Sum,
)

from calls.models import (
    Application,
    ApplicationDocument,
    ApplicationEvent,
    ApplicationState,
    BudgetSide,
    Call,
    CallState,
    Message,
    TeamMember,
)
from calls.selectors.base import ZERO, age_on
from calls.selectors.review import _application_score_subquery
from partners.models import DepartmentRole, MembershipStatus, Organisation, User
from partners.permissions import VIEW_CALLS, role_can

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class ListedFigures(TypedDict):
    """What ``call_application_list`` adds to each application."""

    member_count: int
    score: Decimal | None


# Applications, staff


def call_application_list(*, call: Call) -> "QuerySet[WithAnnotations[Application, ListedFigures]]":
    """Every application submitted at least once (drafts belong to their applicant), with
    its team size and score (/20, see `application_score_annotations`)."""
    return cast(
        "QuerySet[WithAnnotations[Application, ListedFigures]]",
        call.applications.filter(submitted_at__isnull=False)
        .select_related("applicant", "carrier_structure", "call__department")
        .annotate(member_count=Count("members"), score=_application_score_subquery("avg"))
        .order_by("reference"),
    )


def call_application_get(*, call: Call, pk: int) -> Application | None:
    return (
        call.applications.filter(submitted_at__isnull=False, pk=pk)
        .select_related("applicant", "carrier_structure", "call__department")
        .annotate(score=_application_score_subquery("avg"))
        .first()
    )


# Applications, applicant


def applicant_application_list(*, user: User) -> QuerySet[Application]:
    return user.applications.select_related("call__department").order_by("-created_at")


def applicant_application_get(*, user: User, pk: int) -> Application | None:
    return (
        user.applications.select_related("call__department", "carrier_structure")
        .filter(pk=pk)
        .first()
    )


def drafts_to_remind(*, now: datetime, within: timedelta) -> QuerySet[Application]:
    """Unsubmitted drafts of published calls closing within `within`, not reminded yet."""
    return Application.objects.filter(
        state=ApplicationState.DRAFT,
        reminder_sent_at__isnull=True,
        call__state=CallState.PUBLISHED,
        call__closes_at__gt=now,
        call__closes_at__lte=now + within,
    ).select_related("applicant", "call__department")


def applicant_draft_for_call(*, user: User, call: Call) -> Application | None:
    """The applicant's application still being written for that call, if any."""
    return (
        user.applications.filter(
            call=call, state__in=(ApplicationState.DRAFT, ApplicationState.CHANGES_REQUESTED)
        )
        .order_by("-created_at")
        .first()
    )


# One application's content


def application_members(*, application: Application) -> list[TeamMember]:
    return list(application.members.all())


def application_budget_lines(*, application: Application, side: str) -> list:
    return list(application.budget_lines.filter(side=side))


@dataclass(frozen=True)
class BudgetTotals:
    expenses: Decimal
    other_resources: Decimal
    requested: Decimal

    @property
    def resources(self) -> Decimal:
        return self.other_resources + self.requested

    @property
    def balanced(self) -> bool:
        return self.expenses == self.resources and self.expenses > 0

    @property
    def requested_share(self) -> Decimal | None:
        """The request as a percentage of the expenses."""
        if not self.expenses:
            return None
        return (self.requested * 100 / self.expenses).quantize(Decimal("0.01"))


def application_budget_totals(*, application: Application) -> BudgetTotals:
    sums = application.budget_lines.aggregate(
        expenses=Sum("amount", filter=Q(side=BudgetSide.EXPENSE), default=ZERO),
        resources=Sum("amount", filter=Q(side=BudgetSide.RESOURCE), default=ZERO),
    )
    return BudgetTotals(
        expenses=sums["expenses"],
        other_resources=sums["resources"],
        requested=application.requested_amount or ZERO,
    )


def application_documents(*, application: Application) -> list[ApplicationDocument]:
    return list(application.documents.select_related("required_document"))


def application_timeline(*, application: Application) -> QuerySet[ApplicationEvent]:
    return application.events.select_related("actor")


def application_thread(*, application: Application, with_staff_notes: bool) -> QuerySet[Message]:
    """The messages; the department's private notes only for its staff."""
    messages = application.messages.select_related("author")
    return messages if with_staff_notes else messages.filter(is_staff_note=False)


def application_minors(*, application: Application, members=None) -> list[TeamMember]:
    """Members under 18 on the departure date."""
    if application.departure_date is None:
        return []
    members = members if members is not None else application_members(application=application)
    return [
        member
        for member in members
        if member.birth_date and age_on(member.birth_date, application.departure_date) < 18
    ]


def _department_role(*, user: User, application: Application) -> str | None:
    """The user's role in the call's department today (None once removed from the team)."""
    return (
        user.department_memberships.filter(department_id=application.call.department_id)
        .values_list("role", flat=True)
        .first()
    )


def document_viewer_may_see(*, user: User, application: Application) -> bool:
    """The applicant, the staff of the call's department, and a reviewer still on the
    department's team, assigned to the application, who has declared no conflict of
    interest (not before the declaration, never once recused)."""
    if not user.is_authenticated:
        return False
    if application.applicant_id == user.pk:
        return True
    role = _department_role(user=user, application=application)
    if role is None:
        return False
    if role_can(role, VIEW_CALLS):
        return True
    return (
        role == DepartmentRole.REVIEWER
        and application.assignments.filter(reviewer=user, conflict_declared=False).exists()
    )


def attachment_viewer_may_see(*, user: User, message: Message) -> bool:
    """The applicant (never for a private note) and the staff of the call's department."""
    application = message.application
    if application.applicant_id == user.pk and not message.is_staff_note:
        return True
    role = _department_role(user=user, application=application)
    return role is not None and role_can(role, VIEW_CALLS)


def application_prefetched(queryset: QuerySet[Application]) -> QuerySet[Application]:
    """For pages showing everything of an application."""
    return queryset.prefetch_related(
        "sdgs",
        "members",
        "budget_lines",
        Prefetch(
            "documents", queryset=ApplicationDocument.objects.select_related("required_document")
        ),
    )


def structure_choices_for(*, user: User) -> QuerySet[Organisation]:
    """The structures an applicant belongs to, to carry their application."""
    return Organisation.objects.filter(
        memberships__user=user, memberships__status=MembershipStatus.ACTIVE
    ).order_by("name")


def _text(value) -> str | None:
    return None if value is None else str(value)


def application_snapshot(*, application: Application) -> dict:
    """Everything the applicant wrote, as plain JSON: frozen on submission, and the
    applicant's data download."""
    totals = application_budget_totals(application=application)
    return {
        "reference": application.reference,
        "call": {"title": application.call.title, "slug": application.call.slug},
        "state": application.state,
        "submitted_at": _text(application.submitted_at and application.submitted_at.isoformat()),
        "carrier": {
            "kind": application.carrier_kind,
            "structure": _text(application.carrier_structure),
            "name": application.carrier_name,
            "details": application.carrier_details,
        },
        "team": [
            {
                "first_name": member.first_name,
                "last_name": member.last_name,
                "birth_date": _text(member.birth_date and member.birth_date.isoformat()),
                "gender": member.gender,
                "town": member.town,
                "attached_to_department": member.attached_to_department,
                "role": member.role,
            }
            for member in application.members.all()
        ],
        "project": {
            "title": application.title,
            "destination_country": application.destination_country.code or "",
            "local_partner": application.local_partner,
            "local_partner_details": application.local_partner_details,
            "departure_date": _text(
                application.departure_date and application.departure_date.isoformat()
            ),
            "return_date": _text(application.return_date and application.return_date.isoformat()),
            "sdgs": sorted(application.sdgs.values_list("number", flat=True)),
            "description": application.description,
            "expected_effects": application.expected_effects,
            "public_presentation": application.public_presentation,
        },
        "budget": {
            "lines": [
                {"side": line.side, "label": line.label, "amount": str(line.amount)}
                for line in application.budget_lines.all()
            ],
            "requested_amount": _text(application.requested_amount),
            "total_expenses": str(totals.expenses),
            "total_resources": str(totals.resources),
        },
        "documents": [
            {
                "for": document.required_document.label if document.required_document else "",
                "name": document.original_name,
                "size": document.size,
            }
            for document in application.documents.select_related("required_document")
        ],
        "declaration_accepted": application.declaration_accepted,
    }
