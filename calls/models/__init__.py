"""Calls for projects: the call, its applications, their instruction, the review by
reviewers, the committee's decisions, the grants and the winners' final reports.

Rules (who may do what, when) live in `calls.services` and `calls.workflow`; the
database keeps what can be said as a constraint. One module by sub-domain; every model
is imported here, where Django (and the migrations) look for them.
"""

from calls.models.application import (
    Application,
    ApplicationDocument,
    ApplicationEvent,
    ApplicationState,
    BudgetLine,
    BudgetSide,
    Gender,
    Message,
    TeamMember,
    application_document_path,
    message_attachment_path,
)
from calls.models.call import (  # noqa: F401
    AMOUNT,
    Call,
    CallKind,
    CallState,
    CarrierKind,
    Criterion,
    DocumentFormat,
    RequiredDocument,
    _all_carrier_kinds,  # a default the migrations name as calls.models._all_carrier_kinds
    _all_formats,  # a default the migrations name as calls.models._all_formats
    call_template_path,
)
from calls.models.committee import CommitteeDecision, CommitteeSession, CommitteeState, Decision
from calls.models.grants import (
    FinalReport,
    Grant,
    Instalment,
    InstalmentKind,
    InstalmentState,
    final_report_path,
)
from calls.models.review import ReviewAssignment, Score

__all__ = [
    "AMOUNT",
    "Application",
    "ApplicationDocument",
    "ApplicationEvent",
    "ApplicationState",
    "BudgetLine",
    "BudgetSide",
    "Call",
    "CallKind",
    "CallState",
    "CarrierKind",
    "CommitteeDecision",
    "CommitteeSession",
    "CommitteeState",
    "Criterion",
    "Decision",
    "DocumentFormat",
    "FinalReport",
    "Gender",
    "Grant",
    "Instalment",
    "InstalmentKind",
    "InstalmentState",
    "Message",
    "RequiredDocument",
    "ReviewAssignment",
    "Score",
    "TeamMember",
    "application_document_path",
    "call_template_path",
    "final_report_path",
    "message_attachment_path",
]
