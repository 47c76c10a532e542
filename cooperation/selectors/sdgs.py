"""Reads of the SDGs and of what serves each."""

from django.db.models import Count, Q, QuerySet

from cooperation.models import (
    CooperationProject,
    Indicator,
    SustainableDevelopmentGoal,
)
from cooperation.selectors.projects import project_public_list


def sdg_list() -> QuerySet[SustainableDevelopmentGoal]:
    return SustainableDevelopmentGoal.objects.annotate(
        project_count=Count("projects", filter=Q(projects__is_public=True), distinct=True)
    ).order_by("number")


def sdg_get(*, number: int) -> SustainableDevelopmentGoal | None:
    return (
        SustainableDevelopmentGoal.objects.prefetch_related("targets").filter(number=number).first()
    )


def sdg_public_projects(*, goal: SustainableDevelopmentGoal) -> QuerySet[CooperationProject]:
    return project_public_list().filter(sdg_goals=goal)


def sdg_public_indicators(*, goal: SustainableDevelopmentGoal) -> QuerySet[Indicator]:
    return (
        Indicator.objects.filter(project__is_public=True, sdg_targets__goal=goal)
        .select_related("project")
        .distinct()
        .order_by("project__title", "position")
    )
