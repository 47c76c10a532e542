"""Writes of the calls app. Every rule about calls and applications lives here (and the
allowed transitions of an application in `calls.workflow`)."""

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from calls import selectors
from calls.models import (
    Application,
    ApplicationDocument,
    ApplicationEvent,
    ApplicationState,
    BudgetLine,
    Call,
    CallState,
    CarrierKind,
    CommitteeDecision,
    CommitteeSession,
    CommitteeState,
    Criterion,
    Decision,
    FinalReport,
    Grant,
    Instalment,
    InstalmentKind,
    InstalmentState,
    Message,
    RequiredDocument,
    ReviewAssignment,
    Score,
    TeamMember,
)
from calls.workflow import APPLICANT, EDITABLE_STATES, STAFF, transition_get
from common.formats import euros
from common.mail import send_templated_mail
from common.slugs import unique_slug
from common.uploads import validate_upload
from common.versioning import ConcurrentUpdateError, update_versioned
from cooperation.models import SustainableDevelopmentGoal
from partners.models import Department, DepartmentRole, User
from partners.permissions import MANAGE_CALLS, REVIEW_APPLICATIONS, role_can

__all__ = ["ConcurrentUpdateError"]

FUNDED_STATES = selectors.FUNDED_STATES


def user_manages_calls(*, user: User, department_id: int) -> bool:
    membership = user.department_memberships.filter(department_id=department_id).first()
    return membership is not None and role_can(membership.role, MANAGE_CALLS)


# Calls


def _check_prefix(*, prefix: str, opens_at, exclude_pk: int | None = None) -> None:
    if selectors.reference_prefix_taken(prefix=prefix, opens_at=opens_at, exclude_pk=exclude_pk):
        raise ValidationError(
            _("Another call opening the same year already uses the prefix %(prefix)s.")
            % {"prefix": prefix}
        )


@transaction.atomic
def call_create(*, department: Department, created_by: User, title: str, **fields) -> Call:
    """A new call, in draft: nobody outside the department sees it until it is published."""
    _check_prefix(prefix=fields["reference_prefix"], opens_at=fields["opens_at"])
    return Call.objects.create(
        department=department,
        created_by=created_by,
        title=title,
        slug=unique_slug(model=Call, text=title),
        **fields,
    )


@transaction.atomic
def call_update(*, call: Call, expected_version: int, **fields) -> Call:
    _check_prefix(
        prefix=fields.get("reference_prefix", call.reference_prefix),
        opens_at=fields.get("opens_at", call.opens_at),
        exclude_pk=call.pk,
    )
    if "envelope" in fields:
        # Locked like a committee decision: no grant can slip in between.
        call = Call.objects.select_for_update().get(pk=call.pk)
        envelope = selectors.call_envelope(call=call)
        committed = envelope.granted + envelope.pending
        if fields["envelope"] is not None and fields["envelope"] < committed:
            raise ValidationError(
                _("The envelope cannot be less than what is granted or decided: %(amount)s.")
                % {"amount": euros(committed)}
            )
    update_versioned(record=call, expected_version=expected_version, fields=fields)
    return call


def _bump(call: Call, **fields) -> Call:
    for name, value in fields.items():
        setattr(call, name, value)
    call.version = F("version") + 1
    call.save(update_fields=[*fields, "version"])
    call.refresh_from_db(fields=["version"])
    return call


@transaction.atomic
def call_publish(*, call: Call) -> Call:
    """Publishes a draft call; it needs its evaluation criteria and a future closing time."""
    if call.state != CallState.DRAFT:
        raise ValidationError(_("Only a draft call can be published."))
    problems = []
    if not call.criteria.exists():
        problems.append(_("Add at least one evaluation criterion."))
    if call.closes_at <= timezone.now():
        problems.append(_("The closing time has already passed: change it first."))
    if not call.description:
        problems.append(_("Describe the call."))
    if problems:
        raise ValidationError(problems)
    return _bump(call, state=CallState.PUBLISHED, published_at=timezone.now())


@transaction.atomic
def call_close(*, call: Call) -> Call:
    """Closes a published call: no more applications, even before its closing time."""
    if call.state != CallState.PUBLISHED:
        raise ValidationError(_("Only a published call can be closed."))
    return _bump(call, state=CallState.CLOSED)


@transaction.atomic
def call_archive(*, call: Call) -> Call:
    if call.state != CallState.CLOSED:
        raise ValidationError(_("Only a closed call can be archived."))
    return _bump(call, state=CallState.ARCHIVED)


def _check_call_is_draft(call: Call) -> None:
    if call.state != CallState.DRAFT:
        raise ValidationError(
            _("The documents and criteria of a published call are fixed: applicants rely on them.")
        )


def _next_position(queryset) -> int:
    last = queryset.order_by("-position").values_list("position", flat=True).first()
    return 0 if last is None else last + 1


@transaction.atomic
def required_document_add(*, call: Call, label: str, **fields) -> RequiredDocument:
    _check_call_is_draft(call)
    return RequiredDocument.objects.create(
        call=call, label=label, position=_next_position(call.required_documents), **fields
    )


@transaction.atomic
def required_document_remove(*, document: RequiredDocument) -> None:
    _check_call_is_draft(document.call)
    if document.template:
        document.template.delete(save=False)
    document.delete()


@transaction.atomic
def criterion_add(*, call: Call, label: str, **fields) -> Criterion:
    _check_call_is_draft(call)
    return Criterion.objects.create(
        call=call, label=label, position=_next_position(call.criteria), **fields
    )


@transaction.atomic
def criterion_remove(*, criterion: Criterion) -> None:
    _check_call_is_draft(criterion.call)
    criterion.delete()


# Applications: writing a draft


@transaction.atomic
def application_start(*, call: Call, applicant: User) -> Application:
    """The applicant's application to that call: the one being written if there is one,
    else a new draft (only while the call is open)."""
    existing = selectors.applicant_draft_for_call(user=applicant, call=call)
    if existing is not None:
        return existing
    if not call.is_open:
        raise ValidationError(_("This call is not open to applications."))
    if (
        call.applications.filter(applicant=applicant)
        .exclude(state=ApplicationState.WITHDRAWN)
        .exists()
    ):
        raise ValidationError(_("You have already applied to this call."))
    return Application.objects.create(call=call, applicant=applicant)


def _check_editable(application: Application, actor: User) -> None:
    if actor.pk != application.applicant_id:
        raise ValidationError(_("Only the applicant can change the application."))
    if application.state not in EDITABLE_STATES:
        raise ValidationError(_("This application is submitted: it can no longer be changed."))


@transaction.atomic
def application_save(
    *,
    application: Application,
    actor: User,
    expected_version: int,
    sdgs: Iterable[SustainableDevelopmentGoal] | None = None,
    **fields,
) -> Application:
    """Saves some fields of a draft (a section of the form), complete or not."""
    _check_editable(application, actor)
    if fields.get("carrier_kind") == CarrierKind.INDIVIDUAL:
        fields["carrier_structure"] = None
    structure = fields.get("carrier_structure")
    if (
        structure is not None
        and not selectors.structure_choices_for(user=actor).filter(pk=structure.pk).exists()
    ):
        raise ValidationError(_("You can only apply on behalf of a structure you belong to."))
    update_versioned(record=application, expected_version=expected_version, fields=fields)
    if sdgs is not None:
        application.sdgs.set(sdgs)
    return application


@transaction.atomic
def application_save_team(
    *, application: Application, actor: User, expected_version: int, members: list[dict]
) -> Application:
    """Replaces the team by `members` (dicts of TeamMember fields; empty ones are skipped)."""
    _check_editable(application, actor)
    update_versioned(record=application, expected_version=expected_version, fields={})
    application.members.all().delete()
    TeamMember.objects.bulk_create(
        TeamMember(application=application, position=position, **member)
        for position, member in enumerate(members)
    )
    return application


@transaction.atomic
def application_save_budget(
    *,
    application: Application,
    actor: User,
    expected_version: int,
    requested_amount: Decimal | None,
    lines: list[dict],
) -> Application:
    """Replaces the budget lines (dicts with side, label, amount) and the request."""
    _check_editable(application, actor)
    update_versioned(
        record=application,
        expected_version=expected_version,
        fields={"requested_amount": requested_amount},
    )
    application.budget_lines.all().delete()
    BudgetLine.objects.bulk_create(
        BudgetLine(application=application, position=position, **line)
        for position, line in enumerate(lines)
    )
    return application


@transaction.atomic
def application_document_add(
    *,
    application: Application,
    actor: User,
    required_document: RequiredDocument | None,
    file: UploadedFile,
) -> ApplicationDocument:
    """Attaches a file (already checked by `validate_upload`); a new file for a required
    document replaces the previous one."""
    _check_editable(application, actor)
    if required_document is not None:
        if required_document.call_id != application.call_id:
            raise ValidationError(_("This document is not asked by this call."))
        for previous in application.documents.filter(required_document=required_document):
            previous.file.delete(save=False)
            previous.delete()
    return ApplicationDocument.objects.create(
        application=application,
        required_document=required_document,
        file=file,
        original_name=Path(file.name).name[:255],
        size=file.size,
        uploaded_by=actor,
    )


@transaction.atomic
def application_document_remove(*, document: ApplicationDocument, actor: User) -> None:
    _check_editable(document.application, actor)
    document.file.delete(save=False)
    document.delete()


@transaction.atomic
def application_delete_draft(*, application: Application, actor: User) -> None:
    """The applicant deletes a draft never submitted, with its files."""
    if actor.pk != application.applicant_id:
        raise ValidationError(_("Only the applicant can delete the application."))
    if application.state != ApplicationState.DRAFT or application.submitted_at is not None:
        raise ValidationError(_("Only a draft never submitted can be deleted."))
    for document in application.documents.all():
        document.file.delete(save=False)
    for message in application.messages.exclude(attachment=""):
        message.attachment.delete(save=False)
    application.delete()


# Applications: the transitions


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
    if amount is None or amount <= 0:
        raise ValidationError(_("Give the amount granted."))
    if application.requested_amount is None or amount > application.requested_amount:
        raise ValidationError(
            _("The amount granted cannot exceed the amount requested (%(requested)s).")
            % {"requested": euros(application.requested_amount or 0)}
        )
    # The call's row is locked: two grants at the same moment cannot both fit.
    call = Call.objects.select_for_update().get(pk=application.call_id)
    granted = call.applications.filter(state__in=FUNDED_STATES).aggregate(
        total=Sum("granted_amount", default=Decimal(0))
    )["total"]
    if granted + amount > call.envelope:
        raise ValidationError(
            _("This grant exceeds the call's envelope: %(left)s are left out of %(envelope)s.")
            % {
                "left": euros(call.envelope - granted),
                "envelope": euros(call.envelope),
            }
        )
    return amount


def _staff_recipients(application: Application) -> list[str]:
    """The officers who already handled the application; else every officer and admin."""
    acted = set(
        application.events.filter(actor__isnull=False)
        .exclude(actor=application.applicant)
        .values_list("actor__email", flat=True)
    ) | set(
        application.messages.filter(from_staff=True, author__isnull=False).values_list(
            "author__email", flat=True
        )
    )
    if acted:
        return sorted(acted)
    return sorted(
        application.call.department.memberships.filter(
            role__in=(DepartmentRole.ADMIN, DepartmentRole.OFFICER)
        ).values_list("user__email", flat=True)
    )


def _applicant_url(application: Application) -> str:
    return settings.SITE_URL + reverse(
        "calls:applicant_application_detail", kwargs={"pk": application.pk}
    )


def _staff_url(application: Application) -> str:
    return settings.SITE_URL + reverse(
        "calls:staff_application_detail",
        kwargs={
            "code": application.call.department.code,
            "slug": application.call.slug,
            "pk": application.pk,
        },
    )


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
        raise ValidationError(_("Write the reason: the applicant will read it."))
    fields = ["state", "version", "updated_at"]
    now = timezone.now()
    if transition.needs_amount:
        locked.granted_amount = _check_amount(locked, amount)
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
    if to_state == ApplicationState.ACCEPTED:
        _grant_create(application=locked, amount=locked.granted_amount)
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


# Messages


@transaction.atomic
def message_post(
    *,
    application: Application,
    author: User,
    body: str,
    attachment: UploadedFile | None = None,
    staff_note: bool = False,
) -> Message:
    """A message of the thread (e-mailed to the other side) or a private note of the staff
    (e-mailed to nobody, never shown to the applicant)."""
    from_staff = author.pk != application.applicant_id
    if from_staff and not user_manages_calls(
        user=author, department_id=application.call.department_id
    ):
        raise ValidationError(_("Only the applicant and the department's officers can write here."))
    if staff_note and not from_staff:
        raise ValidationError(_("Only the department can write private notes."))
    if application.submitted_at is None:
        raise ValidationError(_("Messages open once the application is submitted."))
    body = body.strip()
    if not body:
        raise ValidationError(_("Write a message."))
    message = Message.objects.create(
        application=application,
        author=author,
        from_staff=from_staff,
        is_staff_note=staff_note,
        body=body,
        attachment=attachment or "",
        attachment_name=Path(attachment.name).name[:255] if attachment else "",
    )
    if staff_note:
        return message
    context = {"application": application, "call": application.call, "message": message}
    if from_staff:
        send_templated_mail(
            to=application.applicant.email,
            template="calls/email/message_to_applicant",
            context={**context, "url": _applicant_url(application)},
        )
    else:
        for email in _staff_recipients(application):
            send_templated_mail(
                to=email,
                template="calls/email/message_to_staff",
                context={**context, "url": _staff_url(application)},
            )
    return message


# Reminders

REMINDER_BEFORE_CLOSING = timedelta(hours=48)


def application_send_reminders(*, now: datetime | None = None) -> int:
    """E-mails the applicants whose draft is still unsubmitted when their call closes
    within 48 hours, once per application; returns how many were sent."""
    now = now or timezone.now()
    drafts = selectors.drafts_to_remind(now=now, within=REMINDER_BEFORE_CLOSING)
    sent = 0
    for application in drafts:
        with transaction.atomic():
            # Marked first, under a row lock: two runs at once never send it twice.
            marked = Application.objects.filter(
                pk=application.pk, reminder_sent_at__isnull=True, state=ApplicationState.DRAFT
            ).update(reminder_sent_at=now)
            if not marked:
                continue
            send_templated_mail(
                to=application.applicant.email,
                template="calls/email/draft_reminder",
                context={
                    "application": application,
                    "call": application.call,
                    "closes_at": selectors.datetime_label(application.call.closes_at),
                    "url": _applicant_url(application),
                },
            )
            sent += 1
    return sent


# Review: officers assign, reviewers declare their conflicts and score

ASSIGNABLE_STATES = (ApplicationState.UNDER_REVIEW, ApplicationState.ELIGIBLE)


def _check_manager(*, actor: User, department_id: int) -> None:
    if not user_manages_calls(user=actor, department_id=department_id):
        raise ValidationError(_("Only the department's officers can do this."))


@transaction.atomic
def review_assign(
    *, application: Application, reviewer: User, assigned_by: User
) -> ReviewAssignment:
    """Asks a reviewer of the department to score an application under review or eligible,
    and tells them by e-mail."""
    department_id = application.call.department_id
    _check_manager(actor=assigned_by, department_id=department_id)
    if application.state not in ASSIGNABLE_STATES:
        raise ValidationError(
            _("Reviewers are assigned to applications under review or eligible only.")
        )
    membership = reviewer.department_memberships.filter(department_id=department_id).first()
    if membership is None or not role_can(membership.role, REVIEW_APPLICATIONS):
        raise ValidationError(_("Only a reviewer of the department can be assigned."))
    if application.assignments.filter(reviewer=reviewer).exists():
        raise ValidationError(
            _("%(name)s is already assigned to this application.")
            % {"name": reviewer.get_full_name()}
        )
    assignment = ReviewAssignment.objects.create(
        application=application, reviewer=reviewer, assigned_by=assigned_by
    )
    send_templated_mail(
        to=reviewer.email,
        template="calls/email/review_assigned",
        context={
            "application": application,
            "call": application.call,
            "url": settings.SITE_URL
            + reverse(
                "calls:staff_review_detail",
                kwargs={"code": application.call.department.code, "pk": assignment.pk},
            ),
        },
    )
    return assignment


@transaction.atomic
def review_unassign(*, assignment: ReviewAssignment, actor: User) -> None:
    """Withdraws an assignment while the reviewer has scored nothing."""
    locked = ReviewAssignment.objects.select_for_update().get(pk=assignment.pk)
    _check_manager(actor=actor, department_id=assignment.application.call.department_id)
    if locked.submitted_at is not None or locked.scores.exists():
        raise ValidationError(
            _("This reviewer has already scored the application: the assignment stays.")
        )
    locked.delete()


def _check_reviewer(assignment: ReviewAssignment, actor: User) -> None:
    if actor.pk != assignment.reviewer_id:
        raise ValidationError(_("Only the assigned reviewer can do this."))


@transaction.atomic
def review_declare_conflict(
    *, assignment: ReviewAssignment, actor: User, conflict: bool, details: str = ""
) -> ReviewAssignment:
    """The reviewer's declaration, once: a conflict of interest recuses them for good."""
    locked = ReviewAssignment.objects.select_for_update().get(pk=assignment.pk)
    _check_reviewer(locked, actor)
    if locked.conflict_declared is not None:
        raise ValidationError(_("The declaration of interests is already made."))
    details = details.strip()
    if conflict and not details:
        raise ValidationError(_("Describe the conflict of interest in a few words."))
    locked.conflict_declared = conflict
    locked.conflict_details = details if conflict else ""
    locked.declared_at = timezone.now()
    locked.save(update_fields=["conflict_declared", "conflict_details", "declared_at"])
    assignment.refresh_from_db()
    return assignment


# A score given as this value means "not applicable" (stored as no value).
NOT_APPLICABLE = "na"


@transaction.atomic
def review_save_scores(
    *,
    assignment: ReviewAssignment,
    actor: User,
    scores: dict[int, tuple[Decimal | str | None, str]],
    submit: bool = False,
) -> ReviewAssignment:
    """Saves the reviewer's scores (criterion id → (value, comment); a value of
    NOT_APPLICABLE means "not applicable", None "not scored yet"). Submitting needs every
    criterion scored or marked not applicable, at least one scored; a submitted review is
    final."""
    locked = (
        ReviewAssignment.objects.select_for_update(of=("self",))
        .select_related("application__call")
        .get(pk=assignment.pk)
    )
    _check_reviewer(locked, actor)
    if locked.conflict_declared is None:
        raise ValidationError(_("Declare your interests before scoring."))
    if locked.conflict_declared:
        raise ValidationError(_("You declared a conflict of interest: you cannot score."))
    if locked.submitted_at is not None:
        raise ValidationError(_("Your review is submitted: it can no longer be changed."))
    if locked.application.state not in ASSIGNABLE_STATES:
        raise ValidationError(_("This application is no longer being reviewed."))
    criteria = {c.pk: c for c in locked.application.call.criteria.all()}
    problems = []
    for criterion_id, (value, comment) in scores.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            raise ValidationError(_("This criterion is not one of the call's."))
        comment = (comment or "").strip()
        if value is None or value == "":
            # Not scored yet: nothing is kept (a comment goes with a score).
            Score.objects.filter(assignment=locked, criterion=criterion).delete()
            continue
        if value == NOT_APPLICABLE:
            stored = None
        else:
            stored = Decimal(value)
            if not (0 <= stored <= criterion.max_score):
                problems.append(
                    _("“%(criterion)s”: the score goes from 0 to %(max)s.")
                    % {"criterion": criterion.label, "max": criterion.max_score}
                )
                continue
        Score.objects.update_or_create(
            assignment=locked, criterion=criterion, defaults={"value": stored, "comment": comment}
        )
    if problems:
        raise ValidationError(problems)
    if submit:
        saved = {s.criterion_id: s for s in locked.scores.all()}
        missing = [c.label for pk, c in criteria.items() if pk not in saved]
        if missing:
            raise ValidationError(
                _("Score every criterion (or mark it not applicable) before submitting: %(list)s.")
                % {"list": ", ".join(missing)}
            )
        if all(s.value is None for s in saved.values()):
            raise ValidationError(_("Score at least one criterion before submitting."))
        locked.submitted_at = timezone.now()
        locked.save(update_fields=["submitted_at"])
    assignment.refresh_from_db()
    return assignment


# Committee sessions


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
        raise ValidationError(_("Only members of the department can be ticked as present."))


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
        if amount is None or amount <= 0:
            raise ValidationError(_("Give the amount granted."))
        if application.requested_amount is None or amount > application.requested_amount:
            raise ValidationError(
                _("The amount granted cannot exceed the amount requested (%(requested)s).")
                % {"requested": euros(application.requested_amount or 0)}
            )
        if call.max_grant_amount is not None and amount > call.max_grant_amount:
            raise ValidationError(
                _("The call grants at most %(max)s.") % {"max": euros(call.max_grant_amount)}
            )
        envelope = selectors.call_envelope(call=call, exclude_application_pk=application.pk)
        if amount > envelope.remaining:
            raise ValidationError(
                _(
                    "This grant exceeds the call's envelope: %(left)s are left out of "
                    "%(envelope)s (decisions of planned sessions included)."
                )
                % {
                    "left": euros(max(envelope.remaining, Decimal(0))),
                    "envelope": euros(envelope.total),
                }
            )
    elif decision == Decision.REJECTED:
        if not motivation:
            raise ValidationError(_("Write the motivation of the refusal: the applicant reads it."))
        amount = None
    else:
        raise ValidationError(_("Choose a decision."))
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


# Grants

# The advance paid on the decision; the balance follows the final report.
GRANT_ADVANCE_SHARE = Decimal("0.70")


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


# Final report and closing


def _open_report(application: Application, actor: User) -> FinalReport:
    locked = Application.objects.select_for_update(of=("self",)).get(pk=application.pk)
    if actor.pk != locked.applicant_id:
        raise ValidationError(_("Only the applicant can write the final report."))
    if locked.state != ApplicationState.ACCEPTED:
        raise ValidationError(_("The final report is written once the application is accepted."))
    report, _created = FinalReport.objects.get_or_create(application=locked)
    report = FinalReport.objects.select_for_update().get(pk=report.pk)
    if report.submitted_at is not None:
        raise ValidationError(_("The final report is submitted: it can no longer be changed."))
    return report


@transaction.atomic
def final_report_save(
    *,
    application: Application,
    actor: User,
    narrative: str = "",
    presentation_date: date | None = None,
    presentation_place: str = "",
    presentation_audience: int | None = None,
    financial_report: UploadedFile | None = None,
) -> FinalReport:
    """Saves the winners' final report as it is (a draft, complete or not). The financial
    report is checked by its content; a new file replaces the previous one."""
    report = _open_report(application, actor)
    report.narrative = narrative.strip()
    report.presentation_date = presentation_date
    report.presentation_place = presentation_place.strip()
    report.presentation_audience = presentation_audience
    if financial_report is not None:
        validate_upload(financial_report)
        if report.financial_report:
            report.financial_report.delete(save=False)
        report.financial_report = financial_report
        report.financial_report_name = Path(financial_report.name).name[:255]
    report.version = F("version") + 1
    report.save()
    report.refresh_from_db()
    return report


def final_report_problems(*, report: FinalReport) -> list[str]:
    missing = [
        label
        for label, value in (
            (_("what happened"), report.narrative),
            (_("the date of the public presentation"), report.presentation_date),
            (_("its place"), report.presentation_place),
            (_("the size of its audience"), report.presentation_audience is not None),
            (_("the financial report"), report.financial_report),
        )
        if not value
    ]
    if not missing:
        return []
    return [_("Give %(list)s before submitting the report.") % {"list": ", ".join(missing)}]


@transaction.atomic
def final_report_submit(*, application: Application, actor: User) -> FinalReport:
    """Submits the saved final report if complete; it is final afterwards and the staff
    can close the file."""
    report = _open_report(application, actor)
    problems = final_report_problems(report=report)
    if problems:
        raise ValidationError(problems)
    report.submitted_at = timezone.now()
    report.version = F("version") + 1
    report.save(update_fields=["submitted_at", "version", "updated_at"])
    report.refresh_from_db()
    return report


@transaction.atomic
def application_close(*, application: Application, actor: User) -> Application:
    """Closes the file of an accepted application once its final report is submitted."""
    report = FinalReport.objects.filter(application=application).first()
    if report is None or report.submitted_at is None:
        raise ValidationError(_("The file is closed once the winners' final report is received."))
    return application_transition(
        application=application, to_state=ApplicationState.CLOSED, actor=actor
    )
