"""Writes of the cooperation app. Every rule about projects lives here, one module per
sub-domain; the public API is importable from ``cooperation.services``."""

from common.versioning import ConcurrentUpdateError
from cooperation.services.contributors import (
    PROJECT_INVITATION,
    project_contributor_invite,
    project_contributor_remove,
    project_invitation_accept,
    project_invitation_cancel,
)
from cooperation.services.diagnostic import (
    diagnostic_comment_add,
    diagnostic_contribution_add,
    diagnostic_open_new_version,
    diagnostic_validate,
)
from cooperation.services.exchanges import (
    delegation_create,
    exchange_create,
    follow_up_action_create,
    follow_up_action_mark_done,
)
from cooperation.services.indicators import (
    MEASUREMENT_TRANSITIONS,
    indicator_create,
    indicator_update,
    measurement_approve,
    measurement_correct,
    measurement_create,
    measurement_return,
    measurement_submit,
)
from cooperation.services.planning import (
    activity_create,
    activity_set_status,
    milestone_create,
    milestone_mark_reached,
    objective_create,
    objective_update,
)
from cooperation.services.projects import (
    project_create,
    project_document_add,
    project_document_remove,
    project_partner_add,
    project_partner_remove,
    project_publish,
    project_unpublish,
    project_update,
)

__all__ = [
    "MEASUREMENT_TRANSITIONS",
    "PROJECT_INVITATION",
    "ConcurrentUpdateError",
    "activity_create",
    "activity_set_status",
    "delegation_create",
    "diagnostic_comment_add",
    "diagnostic_contribution_add",
    "diagnostic_open_new_version",
    "diagnostic_validate",
    "exchange_create",
    "follow_up_action_create",
    "follow_up_action_mark_done",
    "indicator_create",
    "indicator_update",
    "measurement_approve",
    "measurement_correct",
    "measurement_create",
    "measurement_return",
    "measurement_submit",
    "milestone_create",
    "milestone_mark_reached",
    "objective_create",
    "objective_update",
    "project_contributor_invite",
    "project_contributor_remove",
    "project_create",
    "project_document_add",
    "project_document_remove",
    "project_invitation_accept",
    "project_invitation_cancel",
    "project_partner_add",
    "project_partner_remove",
    "project_publish",
    "project_unpublish",
    "project_update",
]
