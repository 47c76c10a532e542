"""Grants: created on acceptance, paid in instalments."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.models import (
    Application,
    Grant,
    Instalment,
    InstalmentKind,
    InstalmentState,
)
from calls.services.access import _check_manager
from common.formats import euros
from partners.models import User

# The advance paid on the decision; the balance follows the final report.
GRANT_ADVANCE_SHARE = Decimal("0.70")


def _amount_within_request(application: Application, amount: Decimal | None) -> Decimal:
    """The amount granted to the application: given, positive and within its request."""
    if amount is None or amount <= 0:
        raise ValidationError({"amount": _("Give the amount granted.")})
    if application.requested_amount is None or amount > application.requested_amount:
        raise ValidationError(
            {
                "amount": _(
                    "The amount granted cannot exceed the amount requested (%(requested)s)."
                )
                % {"requested": euros(application.requested_amount or 0)}
            }
        )
    return amount


def _grant_create(*, application: Application, amount: Decimal) -> Grant:
    """The grant of an accepted application, with its advance and balance instalments."""
    grant = Grant.objects.create(application=application, amount=amount)
    advance = (amount * GRANT_ADVANCE_SHARE).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    balance = amount - advance
    Instalment.objects.create(
        grant=grant,
        kind=InstalmentKind.ADVANCE,
        amount=advance,
        due_date=timezone.localdate(),
    )
    if balance > 0:
        Instalment.objects.create(grant=grant, kind=InstalmentKind.BALANCE, amount=balance)
    return grant


@transaction.atomic
def instalment_mark_paid(*, instalment: Instalment, actor: User, paid_on: date) -> Instalment:
    locked = (
        Instalment.objects.select_for_update(of=("self",))
        .select_related("grant__application__call")
        .get(pk=instalment.pk)
    )
    _check_manager(actor=actor, department_id=locked.grant.application.call.department_id)
    if locked.state != InstalmentState.PLANNED:
        raise ValidationError(_("This instalment is already paid or cancelled."))
    if paid_on > timezone.localdate():
        raise ValidationError(_("The payment date cannot be in the future."))
    locked.state = InstalmentState.PAID
    locked.paid_on = paid_on
    locked.save(update_fields=["state", "paid_on"])
    instalment.refresh_from_db()
    return instalment
