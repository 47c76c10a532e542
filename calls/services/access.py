"""Who may act on a department's calls, as the services check it."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from calls import selectors
from partners.models import User
from partners.permissions import MANAGE_CALLS, role_can

FUNDED_STATES = selectors.FUNDED_STATES


def user_manages_calls(*, user: User, department_id: int) -> bool:
    membership = user.department_memberships.filter(department_id=department_id).first()
    return membership is not None and role_can(membership.role, MANAGE_CALLS)


def _check_manager(*, actor: User, department_id: int) -> None:
    if not user_manages_calls(user=actor, department_id=department_id):
        raise ValidationError(_("Only the department's officers can do this."))
