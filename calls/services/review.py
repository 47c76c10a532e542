"""Review: officers assign, reviewers declare their conflicts and score."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.models import (
    Application,
    ApplicationState,
    ReviewAssignment,
    Score,
)
from calls.services.access import _check_manager
from common.mail import send_templated_mail
from partners.models import User
from partners.permissions import REVIEW_APPLICATIONS, role_can

ASSIGNABLE_STATES = (ApplicationState.UNDER_REVIEW, ApplicationState.ELIGIBLE)


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
