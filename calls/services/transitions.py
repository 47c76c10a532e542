"""The transitions of an application (submitting, instructing, deciding, withdrawing),
as allowed by `calls.workflow`, and their notifications."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from calls import selectors
from calls.models import (
    Application,
    ApplicationEvent,
    ApplicationState,
    Call,
    Message,
)
from calls.services.access import FUNDED_STATES, user_manages_calls
from calls.services.grants import _amount_within_request, _grant_create
from calls.services.notifications import _applicant_url, _staff_recipients, _staff_url
from calls.workflow import APPLICANT, STAFF, transition_get
from common.formats import euros
from common.mail import send_templated_mail
from partners.models import User


def _next_reference(application: Application) -> str:
    """AJS-2026-0001: the call's prefix, its opening year, the call's sequence. The UPDATE
    locks the call's row until the end of the transaction: two submissions never share a
    number (and two calls opening the same year never share a prefix)."""
    Call.objects.filter(pk=application.call_id).update(
        last_reference_number=F("last_reference_number") + 1
    )
    number = Call.objects.values_list("last_reference_number", flat=True).get(
        pk=application.call_id
    )
    call = application.call
    year = timezone.localtime(call.opens_at).year
    return f"{call.reference_prefix}-{year}-{number:04d}"


def _check_actor(application: Application, actor: User, by: str) -> None:
    if by == APPLICANT and actor.pk != application.applicant_id:
        raise ValidationError(_("Only the applicant can do this."))
    if by == STAFF and not user_manages_calls(
        user=actor, department_id=application.call.department_id
    ):
        raise ValidationError(_("Only the department's officers can do this."))


def _check_amount(application: Application, amount: Decimal | None) -> Decimal:
    amount = _amount_within_request(application, amount)
    # The call's row is locked: two grants at the same moment cannot both fit.
    call = Call.objects.select_for_update().get(pk=application.call_id)
    granted = call.applications.filter(state__in=FUNDED_STATES).aggregate(
        total=Sum("granted_amount", default=Decimal(0))
    )["total"]
    if granted + amount > call.envelope:
        raise ValidationError(
            {
                "amount": _(
                    "This grant exceeds the call's envelope: %(left)s are left out of %(envelope)s."
                )
                % {
                    "left": euros(call.envelope - granted),
                    "envelope": euros(call.envelope),
                }
            }
        )
    return amount


@transaction.atomic
def application_transition(
    *,
    application: Application,
    to_state: str,
    actor: User,
    reason: str = "",
    amount: Decimal | None = None,
) -> Application:
    """Moves the application to `to_state` if `calls.workflow` allows it and `actor` is on
    the side that may; records the event (who, when, why) and tells the other side."""
    locked = (
        # Only the application's row is locked, not its call's nor its department's.
        Application.objects.select_for_update(of=("self",))
        .select_related("call__department")
        .get(pk=application.pk)
    )
    source = locked.state
    transition = transition_get(source, to_state)
    if transition is None:
        raise ValidationError(
            _("An application in the state “%(source)s” cannot become “%(target)s”.")
            % {
                "source": ApplicationState(source).label,
                "target": ApplicationState(to_state).label
                if to_state in ApplicationState.values
                else to_state,
            },
            code="forbidden_transition",
        )
    _check_actor(locked, actor, transition.by)
    reason = reason.strip()
    if transition.needs_reason and not reason:
        raise ValidationError({"reason": _("Write the reason: the applicant will read it.")})
    fields = ["state", "version", "updated_at"]
    now = timezone.now()
    granted: Decimal | None = None
    if transition.needs_amount:
        granted = locked.granted_amount = _check_amount(locked, amount)
        fields.append("granted_amount")
    if to_state == ApplicationState.SUBMITTED:
        problems = selectors.application_submission_problems(application=locked, now=now)
        if problems:
            raise ValidationError(problems, code="incomplete")
        if locked.reference is None:
            locked.reference = _next_reference(locked)
            locked.submitted_at = now
            fields += ["reference", "submitted_at"]
        locked.last_submitted_at = now
        fields.append("last_submitted_at")
    locked.state = to_state
    locked.version = F("version") + 1
    if to_state == ApplicationState.SUBMITTED:
        locked.submitted_snapshot = selectors.application_snapshot(application=locked)
        fields.append("submitted_snapshot")
    locked.save(update_fields=fields)
    if to_state == ApplicationState.ACCEPTED and granted is not None:  # (it needs the amount)
        _grant_create(application=locked, amount=granted)
    ApplicationEvent.objects.create(
        application=locked,
        from_state=source,
        to_state=to_state,
        actor=actor,
        at=now,
        reason=reason,
        amount=locked.granted_amount if transition.needs_amount else None,
    )
    if to_state == ApplicationState.CHANGES_REQUESTED:
        Message.objects.create(
            application=locked, author=actor, from_staff=True, body=reason, created_at=now
        )
    _notify_transition(locked, source=source, to_state=to_state, reason=reason)
    application.refresh_from_db()
    return application


def _notify_transition(application: Application, *, source: str, to_state: str, reason: str):
    context = {
        "application": application,
        "call": application.call,
        "reason": reason,
        "state": ApplicationState(to_state).label,
        "amount": euros(application.granted_amount or 0),
        "url": _applicant_url(application),
    }
    if to_state == ApplicationState.SUBMITTED:
        send_templated_mail(
            to=application.applicant.email,
            template="calls/email/application_submitted",
            context={**context, "again": source == ApplicationState.CHANGES_REQUESTED},
        )
        if source == ApplicationState.CHANGES_REQUESTED:
            for email in _staff_recipients(application):
                send_templated_mail(
                    to=email,
                    template="calls/email/application_resubmitted",
                    context={**context, "url": _staff_url(application)},
                )
    elif to_state in (
        ApplicationState.CHANGES_REQUESTED,
        ApplicationState.INELIGIBLE,
        ApplicationState.ACCEPTED,
        ApplicationState.REJECTED,
    ):
        send_templated_mail(
            to=application.applicant.email,
            template="calls/email/application_state_changed",
            context=context,
        )


def application_submit(*, application: Application, actor: User) -> Application:
    """Submits (or submits again) the application: see `application_transition`."""
    return application_transition(
        application=application, to_state=ApplicationState.SUBMITTED, actor=actor
    )
