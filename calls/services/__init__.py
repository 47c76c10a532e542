"""Writes of the calls app. Every rule about calls and applications lives here (and the
allowed transitions of an application in `calls.workflow`), one module by sub-domain."""

from calls.services.access import FUNDED_STATES, user_manages_calls
from calls.services.call_setup import (
    call_archive,
    call_close,
    call_create,
    call_publish,
    call_update,
    criterion_add,
    criterion_remove,
    required_document_add,
    required_document_remove,
)
from calls.services.committee import (
    committee_decision_record,
    committee_decision_remove,
    committee_session_close,
    committee_session_create,
    committee_session_update,
)
from calls.services.drafting import (
    application_delete_draft,
    application_document_add,
    application_document_remove,
    application_save,
    application_save_budget,
    application_save_team,
    application_start,
)
from calls.services.final_report import (
    application_close,
    final_report_problems,
    final_report_save,
    final_report_submit,
)
from calls.services.grants import GRANT_ADVANCE_SHARE, instalment_mark_paid
from calls.services.messages import message_post
from calls.services.reminders import REMINDER_BEFORE_CLOSING, application_send_reminders
from calls.services.review import (
    ASSIGNABLE_STATES,
    NOT_APPLICABLE,
    review_assign,
    review_declare_conflict,
    review_save_scores,
    review_unassign,
)
from calls.services.transitions import application_submit, application_transition
from common.versioning import ConcurrentUpdateError

__all__ = [
    "ASSIGNABLE_STATES",
    "FUNDED_STATES",
    "GRANT_ADVANCE_SHARE",
    "NOT_APPLICABLE",
    "REMINDER_BEFORE_CLOSING",
    "ConcurrentUpdateError",
    "application_close",
    "application_delete_draft",
    "application_document_add",
    "application_document_remove",
    "application_save",
    "application_save_budget",
    "application_save_team",
    "application_send_reminders",
    "application_start",
    "application_submit",
    "application_transition",
    "call_archive",
    "call_close",
    "call_create",
    "call_publish",
    "call_update",
    "committee_decision_record",
    "committee_decision_remove",
    "committee_session_close",
    "committee_session_create",
    "committee_session_update",
    "criterion_add",
    "criterion_remove",
    "final_report_problems",
    "final_report_save",
    "final_report_submit",
    "instalment_mark_paid",
    "message_post",
    "required_document_add",
    "required_document_remove",
    "review_assign",
    "review_declare_conflict",
    "review_save_scores",
    "review_unassign",
    "user_manages_calls",
]
