"""Writes of the delegations hosted and the exchanges with their follow-up actions."""

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone

from cooperation.models import (
    CooperationProject,
    Delegation,
    Exchange,
    FollowUpAction,
)
from partners.models import Department, Organisation, User


@transaction.atomic
def delegation_create(
    *, department: Department, structures: Iterable[Organisation] = (), **fields
) -> Delegation:
    delegation = Delegation.objects.create(department=department, **fields)
    delegation.structures.set(structures)
    return delegation


@transaction.atomic
def exchange_create(*, project: CooperationProject, **fields) -> Exchange:
    return Exchange.objects.create(project=project, **fields)


@transaction.atomic
def follow_up_action_create(
    *, exchange: Exchange, description: str, owner: User, due_date: date
) -> FollowUpAction:
    return FollowUpAction.objects.create(
        exchange=exchange, description=description, owner=owner, due_date=due_date
    )


@transaction.atomic
def follow_up_action_mark_done(*, action: FollowUpAction) -> FollowUpAction:
    if action.done_at is None:
        action.done_at = timezone.now()
        action.save(update_fields=["done_at"])
    return action
