"""Reads of the delegations, exchanges and their follow-up actions."""

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from cooperation.models import (
    CooperationProject,
    Delegation,
    Exchange,
    FollowUpAction,
)
from partners.models import (
    Department,
    Organisation,
    OrganisationKind,
    PublicationStatus,
    User,
)


def project_delegations(*, project: CooperationProject) -> QuerySet[Delegation]:
    return project.delegations.select_related("origin").prefetch_related("structures")


def project_exchanges(*, project: CooperationProject) -> QuerySet[Exchange]:
    return project.exchanges.prefetch_related(
        Prefetch("actions", queryset=FollowUpAction.objects.select_related("owner"))
    )


def department_overdue_actions(*, department: Department) -> QuerySet[FollowUpAction]:
    """Follow-up actions past their due date and not done, on the department's projects."""
    return (
        FollowUpAction.objects.filter(
            Q(exchange__project__department=department)
            | Q(exchange__project__co_departments=department),
            done_at__isnull=True,
            due_date__lt=timezone.localdate(),
        )
        .select_related("owner", "exchange", "exchange__project")
        .distinct()
        .order_by("due_date", "pk")
    )


def delegation_structure_choices(*, project: CooperationProject) -> QuerySet[Organisation]:
    """Structures a delegation may meet: the project's partners and the department's own
    published ESS structures."""
    return (
        Organisation.objects.filter(
            Q(project_partnerships__project=project)
            | Q(
                department=project.department,
                kind=OrganisationKind.ESS_STRUCTURE,
                status=PublicationStatus.PUBLISHED,
            )
        )
        .distinct()
        .order_by("name")
    )


def project_action_get(*, project: CooperationProject, pk: int) -> FollowUpAction | None:
    return FollowUpAction.objects.filter(exchange__project=project, pk=pk).first()


def follow_up_owner_choices(*, project: CooperationProject) -> QuerySet[User]:
    """Who may own a follow-up action: the members of the project's department."""
    return User.objects.filter(department_memberships__department=project.department).order_by(
        "full_name", "email"
    )
