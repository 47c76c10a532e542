"""The life of an application: every allowed transition, in one place.

A transition is triggered either by the applicant or by the department's staff (holders
of MANAGE_CALLS in the call's department). Anything not listed here does not exist:
`calls.services.application_transition` refuses it.

    draft ──────────────► submitted ─────► under_review ─────► eligible ─────► accepted ──► closed
                             ▲                 │    │              │
                             │                 │    └─► ineligible └─► rejected
                             └─ changes_requested ◄┘
    draft, submitted, under_review, changes_requested, eligible ──► withdrawn (by the applicant)
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from calls.models import ApplicationState as S

APPLICANT = "applicant"
STAFF = "staff"


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    by: str  # APPLICANT or STAFF
    label: Promise  # the button that triggers it
    needs_reason: bool = False  # a reason, message or motivation must be written
    needs_amount: bool = False  # the amount granted must be given


_TRANSITIONS = [
    Transition(S.DRAFT, S.SUBMITTED, APPLICANT, _("Submit the application")),
    Transition(S.SUBMITTED, S.UNDER_REVIEW, STAFF, _("Start the instruction")),
    Transition(S.UNDER_REVIEW, S.CHANGES_REQUESTED, STAFF, _("Request changes"), needs_reason=True),
    Transition(S.CHANGES_REQUESTED, S.SUBMITTED, APPLICANT, _("Submit the application again")),
    Transition(S.UNDER_REVIEW, S.ELIGIBLE, STAFF, _("Declare eligible")),
    Transition(S.UNDER_REVIEW, S.INELIGIBLE, STAFF, _("Declare ineligible"), needs_reason=True),
    Transition(S.ELIGIBLE, S.ACCEPTED, STAFF, _("Accept and grant"), needs_amount=True),
    Transition(S.ELIGIBLE, S.REJECTED, STAFF, _("Reject"), needs_reason=True),
    # Once the winners' final report is received, the file is closed.
    Transition(S.ACCEPTED, S.CLOSED, STAFF, _("Close the file")),
    *[
        Transition(source, S.WITHDRAWN, APPLICANT, _("Withdraw the application"))
        for source in (S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW, S.CHANGES_REQUESTED, S.ELIGIBLE)
    ],
]

APPLICATION_TRANSITIONS: dict[tuple[str, str], Transition] = {
    (t.source, t.target): t for t in _TRANSITIONS
}

# States in which the applicant may change the content of their application.
EDITABLE_STATES = frozenset({S.DRAFT, S.CHANGES_REQUESTED})


def transition_get(source: str, target: str) -> Transition | None:
    return APPLICATION_TRANSITIONS.get((source, target))


def transitions_from(state: str, *, by: str) -> list[Transition]:
    """The transitions one side may trigger from `state`, in the order above."""
    return [t for t in _TRANSITIONS if t.source == state and t.by == by]
