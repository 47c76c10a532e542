"""Committee sessions, the call's envelope, grants and final reports."""

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict, cast

from django.db.models import (
    Count,
    F,
    Q,
    QuerySet,
    Sum,
)

from calls.models import (
    Application,
    ApplicationState,
    Call,
    CommitteeDecision,
    CommitteeSession,
    CommitteeState,
    Decision,
    FinalReport,
    Grant,
    Instalment,
)
from calls.selectors.base import FUNDED_STATES, ZERO
from calls.selectors.review import _application_score_subquery
from partners.models import Department, User

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class AgendaLine(TypedDict):
    """What ``committee_agenda`` adds to each application."""

    score: Decimal | None
    decision: CommitteeDecision | None


# Committee sessions


def call_committee_sessions(*, call: Call) -> QuerySet[CommitteeSession]:
    return call.committee_sessions.annotate(
        decision_count=Count("decisions", distinct=True),
        member_count=Count("members_present", distinct=True),
    ).order_by("-date")


def committee_session_get(*, call: Call, pk: int) -> CommitteeSession | None:
    return call.committee_sessions.filter(pk=pk).select_related("call__department").first()


def committee_agenda(
    *, session: CommitteeSession
) -> "list[WithAnnotations[Application, AgendaLine]]":
    """A planned session's agenda: the call's eligible applications not yet decided by
    another session, and those it decided; a held session's: those it decided. Each with
    its score (/20) and `decision` (this session's, or None), best score first."""
    decided_here = session.decisions.values("application")
    applications = session.call.applications.filter(pk__in=decided_here)
    if session.state == CommitteeState.PLANNED:
        applications = session.call.applications.filter(
            Q(pk__in=decided_here)
            | Q(state=ApplicationState.ELIGIBLE, committee_decision__isnull=True)
        )
    rows = cast(
        "list[WithAnnotations[Application, AgendaLine]]",
        list(
            applications.select_related("applicant")
            .annotate(score=_application_score_subquery("avg"))
            .order_by(F("score").desc(nulls_last=True), "reference")
        ),
    )
    decisions = {d.application_id: d for d in session.decisions.all()}
    for application in rows:
        application.decision = decisions.get(application.pk)
    return rows


@dataclass(frozen=True)
class Envelope:
    total: Decimal
    granted: Decimal  # applications accepted (or closed), every session
    pending: Decimal  # accepted by a planned session, not applied yet

    @property
    def remaining(self) -> Decimal:
        return self.total - self.granted - self.pending


def call_envelope(*, call: Call, exclude_application_pk: int | None = None) -> Envelope:
    """The call's envelope, what is granted and what planned sessions accepted."""
    granted = call.applications.filter(state__in=FUNDED_STATES).aggregate(
        total=Sum("granted_amount", default=ZERO)
    )["total"]
    accepted = CommitteeDecision.objects.filter(
        session__call=call,
        session__state=CommitteeState.PLANNED,
        decision=Decision.ACCEPTED,
    ).exclude(application__state__in=FUNDED_STATES)
    if exclude_application_pk is not None:
        accepted = accepted.exclude(application_id=exclude_application_pk)
    pending = accepted.aggregate(total=Sum("amount", default=ZERO))["total"]
    return Envelope(total=call.envelope, granted=granted, pending=pending)


def committee_minutes(*, session: CommitteeSession) -> list[CommitteeDecision]:
    return list(
        session.decisions.select_related("application__applicant").order_by(
            "application__reference"
        )
    )


def department_member_choices(*, department: Department) -> QuerySet[User]:
    """The department's members, to tick those present at a committee session."""
    return User.objects.filter(department_memberships__department=department).order_by(
        "full_name", "email"
    )


# Grants and final reports


def application_grant(*, application: Application) -> Grant | None:
    return Grant.objects.filter(application=application).prefetch_related("instalments").first()


def application_instalment_get(*, application: Application, pk: int) -> Instalment | None:
    return (
        Instalment.objects.filter(grant__application=application, pk=pk)
        .select_related("grant")
        .first()
    )


def application_final_report(*, application: Application) -> FinalReport | None:
    return FinalReport.objects.filter(application=application).first()


def application_decision(*, application: Application) -> CommitteeDecision | None:
    return (
        CommitteeDecision.objects.filter(application=application).select_related("session").first()
    )
