"""Writes of the objectives and the action plan."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from common.versioning import update_versioned
from cooperation.models import (
    Activity,
    ActivityStatus,
    CooperationProject,
    Indicator,
    Milestone,
    Objective,
    SdgTarget,
)
from cooperation.services.projects import _tag_goals_of_targets


def _next_position(queryset) -> int:
    return (queryset.aggregate(last=Max("position"))["last"] or 0) + 1


def _set_sdg_targets(record: Objective | Indicator, targets: Iterable[SdgTarget] | None) -> None:
    """The SDG targets of an objective or an indicator (None leaves them): they also tag
    its project, and their goals."""
    if targets is None:
        return
    chosen = list(targets)
    record.sdg_targets.set(chosen)
    record.project.sdg_targets.add(*chosen)
    _tag_goals_of_targets(record.project, chosen)


@transaction.atomic
def objective_create(
    *,
    project: CooperationProject,
    title: str,
    description: str = "",
    sdg_targets: Iterable[SdgTarget] = (),
) -> Objective:
    """An objective; its SDG targets also tag the project (and their goals)."""
    objective = Objective.objects.create(
        project=project,
        title=title,
        description=description,
        position=_next_position(project.objectives),
    )
    _set_sdg_targets(objective, sdg_targets)
    return objective


@transaction.atomic
def objective_update(
    *,
    objective: Objective,
    expected_version: int,
    sdg_targets: Iterable[SdgTarget] | None = None,
    **fields,
) -> Objective:
    """Saves an edit made on `expected_version`; refuses it, naming who changed the
    objective meanwhile, if it moved on. New targets also tag the project."""
    update_versioned(record=objective, expected_version=expected_version, fields=fields)
    _set_sdg_targets(objective, sdg_targets)
    return objective


@transaction.atomic
def activity_create(*, project: CooperationProject, **fields) -> Activity:
    _check_same_project(project, fields.get("objective"), fields.get("responsible"))
    return Activity.objects.create(project=project, **fields)


@transaction.atomic
def activity_set_status(*, activity: Activity, status: str) -> Activity:
    if status not in ActivityStatus.values:
        raise ValidationError(_("Unknown status."))
    activity.status = status
    activity.save(update_fields=["status"])
    return activity


@transaction.atomic
def milestone_create(*, activity: Activity, title: str, due_date: date) -> Milestone:
    return Milestone.objects.create(activity=activity, title=title, due_date=due_date)


@transaction.atomic
def milestone_mark_reached(*, milestone: Milestone, reached_on: date | None = None) -> Milestone:
    milestone.reached_on = reached_on or timezone.localdate()
    milestone.save(update_fields=["reached_on"])
    return milestone


def _check_same_project(project: CooperationProject, *related) -> None:
    for item in related:
        if item is not None and item.project_id != project.pk:
            raise ValidationError(_("This item belongs to another project."))
