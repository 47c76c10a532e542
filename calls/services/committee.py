"""Committee sessions: their members, agenda decisions and closing."""

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from calls import selectors
from calls.models import (
    Application,
    ApplicationState,
    Call,
    CommitteeDecision,
    CommitteeSession,
    CommitteeState,
    Decision,
)
from calls.services.access import _check_manager
from calls.services.grants import _amount_within_request
from calls.services.transitions import application_transition
from common.formats import euros
from common.versioning import update_versioned
from partners.models import User


@transaction.atomic
def committee_session_create(
    *,
    call: Call,
    actor: User,
    date: datetime,
    place: str = "",
    members_present: Iterable[User] = (),
    other_attendees: str = "",
) -> CommitteeSession:
    _check_manager(actor=actor, department_id=call.department_id)
    members = list(members_present)
    _check_members(call, members)
    session = CommitteeSession.objects.create(
        call=call, date=date, place=place.strip(), other_attendees=other_attendees.strip()
    )
    session.members_present.set(members)
    return session


def _check_members(call: Call, members: list[User]) -> None:
    department_id = call.department_id
    strangers = [
        m
        for m in members
        if not m.department_memberships.filter(department_id=department_id).exists()
    ]
    if strangers:
        raise ValidationError(
            {"members_present": _("Only members of the department can be ticked as present.")}
        )


@transaction.atomic
def committee_session_update(
    *,
    session: CommitteeSession,
    actor: User,
    expected_version: int,
    members_present: Iterable[User] = (),
    **fields,
) -> CommitteeSession:
    """Changes a planned session (date, place, people present, minutes); refuses an edit
    made on an older version."""
    _check_manager(actor=actor, department_id=session.call.department_id)
    _check_planned(session)
    members = list(members_present)
    _check_members(session.call, members)
    for name in ("place", "other_attendees", "minutes"):
        if name in fields:
            fields[name] = fields[name].strip()
    update_versioned(record=session, expected_version=expected_version, fields=fields)
    session.members_present.set(members)
    return session


def _check_planned(session: CommitteeSession) -> None:
    if session.state != CommitteeState.PLANNED:
        raise ValidationError(_("This session is held: its decisions are final."))


@transaction.atomic
def committee_decision_record(
    *,
    session: CommitteeSession,
    application: Application,
    actor: User,
    decision: str,
    amount: Decimal | None = None,
    motivation: str = "",
) -> CommitteeDecision:
    """Records (or changes) the session's decision on an eligible application: accepted
    with an amount within the request, the call's maximum and what is left of the
    envelope; or rejected with a motivation. Applied when the session is closed."""
    # The call's row is locked: two decisions at the same moment cannot both fit.
    call = Call.objects.select_for_update().get(pk=session.call_id)
    session = CommitteeSession.objects.select_for_update().get(pk=session.pk)
    _check_manager(actor=actor, department_id=call.department_id)
    _check_planned(session)
    if application.call_id != call.pk or application.state != ApplicationState.ELIGIBLE:
        raise ValidationError(_("Only the call's eligible applications are decided."))
    other = CommitteeDecision.objects.filter(application=application).exclude(session=session)
    if other.exists():
        raise ValidationError(_("Another session has already decided on this application."))
    motivation = motivation.strip()
    if decision == Decision.ACCEPTED:
        amount = _amount_within_request(application, amount)
        if call.max_grant_amount is not None and amount > call.max_grant_amount:
            raise ValidationError(
                {
                    "amount": _("The call grants at most %(max)s.")
                    % {"max": euros(call.max_grant_amount)}
                }
            )
        envelope = selectors.call_envelope(call=call, exclude_application_pk=application.pk)
        if amount > envelope.remaining:
            raise ValidationError(
                {
                    "amount": _(
                        "This grant exceeds the call's envelope: %(left)s are left out of "
                        "%(envelope)s (decisions of planned sessions included)."
                    )
                    % {
                        "left": euros(max(envelope.remaining, Decimal(0))),
                        "envelope": euros(envelope.total),
                    }
                }
            )
    elif decision == Decision.REJECTED:
        if not motivation:
            raise ValidationError(
                {"motivation": _("Write the motivation of the refusal: the applicant reads it.")}
            )
        amount = None
    else:
        raise ValidationError({"decision": _("Choose a decision.")})
    record, _created = CommitteeDecision.objects.update_or_create(
        application=application,
        defaults={
            "session": session,
            "decision": decision,
            "amount": amount,
            "motivation": motivation,
            "decided_at": timezone.now(),
        },
    )
    return record


@transaction.atomic
def committee_decision_remove(*, decision: CommitteeDecision, actor: User) -> None:
    Call.objects.select_for_update().get(pk=decision.session.call_id)
    session = CommitteeSession.objects.select_for_update().get(pk=decision.session_id)
    _check_manager(actor=actor, department_id=session.call.department_id)
    _check_planned(session)
    decision.delete()


@transaction.atomic
def committee_session_close(*, session: CommitteeSession, actor: User) -> CommitteeSession:
    """Holds the session: each decision is applied through `application_transition`
    (eligible → accepted with its amount, which creates the grant and its instalments; or
    → rejected with its motivation), and each applicant is e-mailed the decision."""
    # Locks in the same order as committee_decision_record (the call, then the session).
    Call.objects.select_for_update().get(pk=session.call_id)
    session = CommitteeSession.objects.select_for_update().get(pk=session.pk)
    _check_manager(actor=actor, department_id=session.call.department_id)
    _check_planned(session)
    decisions = list(session.decisions.select_related("application").order_by("pk"))
    if not decisions:
        raise ValidationError(_("Record at least one decision before closing the session."))
    not_eligible = [
        str(d.application) for d in decisions if d.application.state != ApplicationState.ELIGIBLE
    ]
    if not_eligible:
        raise ValidationError(
            _(
                "These applications are no longer eligible (withdrawn?): remove their decision "
                "first: %(list)s."
            )
            % {"list": ", ".join(not_eligible)}
        )
    # Rejections first: they free nothing, but keep the order of the minutes stable.
    for decision in sorted(decisions, key=lambda d: d.decision != Decision.REJECTED):
        application_transition(
            application=decision.application,
            to_state=decision.decision,
            actor=actor,
            reason=decision.motivation,
            amount=decision.amount,
        )
    session.state = CommitteeState.HELD
    session.version = F("version") + 1
    session.save(update_fields=["state", "version"])
    session.refresh_from_db()
    return session
