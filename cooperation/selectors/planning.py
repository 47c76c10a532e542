"""Reads of the objectives and the action plan."""

from django.db.models import Prefetch, QuerySet

from cooperation.models import (
    Activity,
    CooperationProject,
    Milestone,
    Objective,
    SdgTarget,
)


def project_objectives(*, project: CooperationProject) -> QuerySet[Objective]:
    return project.objectives.prefetch_related(
        Prefetch("sdg_targets", queryset=SdgTarget.objects.select_related("goal")),
    )


def project_activities(*, project: CooperationProject) -> QuerySet[Activity]:
    return project.activities.select_related(
        "objective", "responsible__organisation"
    ).prefetch_related("milestones")


def project_milestone_get(*, project: CooperationProject, pk: int) -> Milestone | None:
    return Milestone.objects.filter(activity__project=project, pk=pk).first()
