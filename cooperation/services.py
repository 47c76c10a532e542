"""Writes of the cooperation app. Every rule about projects lives here."""

import secrets
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.mail import send_templated_mail
from common.slugs import unique_slug
from common.versioning import ConcurrentUpdateError, update_versioned
from cooperation.models import (
    Activity,
    ActivityStatus,
    CooperationProject,
    Delegation,
    Diagnostic,
    DiagnosticComment,
    DiagnosticContribution,
    Exchange,
    FollowUpAction,
    Indicator,
    Measurement,
    MeasurementStatus,
    Milestone,
    Objective,
    ProjectContributor,
    ProjectDocument,
    ProjectInvitation,
    ProjectPartner,
    SdgTarget,
    SustainableDevelopmentGoal,
)
from cooperation.selectors import project_publication_checklist
from partners.models import Department, Organisation, PartnerTerritory, Theme, User

__all__ = ["ConcurrentUpdateError"]


def _tag_goals_of_targets(project: CooperationProject, targets: Iterable[SdgTarget]) -> None:
    """Choosing a target tags its goal."""
    goal_numbers = {target.goal_id for target in targets}
    if goal_numbers:
        project.sdg_goals.add(*SustainableDevelopmentGoal.objects.filter(number__in=goal_numbers))


def _set_relations(
    project: CooperationProject,
    *,
    territories: Iterable[PartnerTerritory] | None,
    themes: Iterable[Theme] | None,
    sdg_goals: Iterable[SustainableDevelopmentGoal] | None,
    sdg_targets: Iterable[SdgTarget] | None,
    co_departments: Iterable[Department] | None,
) -> None:
    if territories is not None:
        project.territories.set(territories)
    if themes is not None:
        project.themes.set(themes)
    if co_departments is not None:
        project.co_departments.set([d for d in co_departments if d.pk != project.department_id])
    if sdg_goals is not None:
        project.sdg_goals.set(sdg_goals)
    if sdg_targets is not None:
        targets = list(sdg_targets)
        project.sdg_targets.set(targets)
        _tag_goals_of_targets(project, targets)


@transaction.atomic
def project_create(
    *,
    department: Department,
    created_by: User,
    title: str,
    kind: str,
    territories: Iterable[PartnerTerritory] = (),
    themes: Iterable[Theme] = (),
    sdg_goals: Iterable[SustainableDevelopmentGoal] = (),
    sdg_targets: Iterable[SdgTarget] = (),
    co_departments: Iterable[Department] = (),
    **fields,
) -> CooperationProject:
    project = CooperationProject.objects.create(
        department=department,
        created_by=created_by,
        title=title,
        kind=kind,
        slug=unique_slug(model=CooperationProject, text=title),
        **fields,
    )
    _set_relations(
        project,
        territories=territories,
        themes=themes,
        sdg_goals=sdg_goals,
        sdg_targets=sdg_targets,
        co_departments=co_departments,
    )
    return project


@transaction.atomic
def project_update(
    *,
    project: CooperationProject,
    expected_version: int,
    territories: Iterable[PartnerTerritory] | None = None,
    themes: Iterable[Theme] | None = None,
    sdg_goals: Iterable[SustainableDevelopmentGoal] | None = None,
    sdg_targets: Iterable[SdgTarget] | None = None,
    co_departments: Iterable[Department] | None = None,
    **fields,
) -> CooperationProject:
    """Saves an edit made on `expected_version`; refuses it, naming who changed the
    project meanwhile, if the project moved on."""
    update_versioned(record=project, expected_version=expected_version, fields=fields)
    _set_relations(
        project,
        territories=territories,
        themes=themes,
        sdg_goals=sdg_goals,
        sdg_targets=sdg_targets,
        co_departments=co_departments,
    )
    return project


def _bump_version(project: CooperationProject) -> None:
    CooperationProject.objects.filter(pk=project.pk).update(version=F("version") + 1)
    project.refresh_from_db(fields=["version"])


@transaction.atomic
def project_publish(*, project: CooperationProject) -> CooperationProject:
    """Makes the project public once every item of the checklist is met."""
    missing = [
        item.label for item in project_publication_checklist(project=project) if not item.done
    ]
    if missing:
        raise ValidationError(
            [
                _("Before publishing, the project still needs: %(item)s.") % {"item": m}
                for m in missing
            ]
        )
    if not project.is_public:
        project.is_public = True
        project.published_at = timezone.now()
        project.save(update_fields=["is_public", "published_at"])
        _bump_version(project)
    return project


@transaction.atomic
def project_unpublish(*, project: CooperationProject) -> CooperationProject:
    if project.is_public:
        project.is_public = False
        project.save(update_fields=["is_public"])
        _bump_version(project)
    return project


# Partners


@transaction.atomic
def project_partner_add(
    *,
    project: CooperationProject,
    organisation: Organisation,
    role: str,
    side: str,
    contribution: str = "",
) -> ProjectPartner:
    if project.partners.filter(organisation=organisation).exists():
        raise ValidationError(
            _("%(name)s is already a partner of the project.") % {"name": organisation}
        )
    return ProjectPartner.objects.create(
        project=project, organisation=organisation, role=role, side=side, contribution=contribution
    )


@transaction.atomic
def project_partner_remove(*, partner: ProjectPartner) -> None:
    partner.delete()


# Shared diagnostic


def _open_diagnostic(project: CooperationProject) -> Diagnostic:
    """The version being written, created at the first contribution."""
    # Two first contributions at the same moment must not both create version 1.
    CooperationProject.objects.select_for_update().filter(pk=project.pk).first()
    diagnostic = project.diagnostics.filter(validated_at__isnull=True).first()
    if diagnostic is not None:
        return diagnostic
    if project.diagnostics.exists():
        raise ValidationError(
            _("The diagnostic is validated and read-only: open a new version to change it.")
        )
    return Diagnostic.objects.create(project=project, number=1)


@transaction.atomic
def diagnostic_contribution_add(
    *,
    project: CooperationProject,
    author: User,
    section: str,
    text: str,
    organisation: Organisation | None = None,
) -> DiagnosticContribution:
    diagnostic = _open_diagnostic(project)
    return DiagnosticContribution.objects.create(
        diagnostic=diagnostic, section=section, author=author, text=text, organisation=organisation
    )


@transaction.atomic
def diagnostic_comment_add(
    *, contribution: DiagnosticContribution, author: User, text: str
) -> DiagnosticComment:
    if contribution.diagnostic.is_validated:
        raise ValidationError(_("The diagnostic is validated and read-only."))
    return DiagnosticComment.objects.create(contribution=contribution, author=author, text=text)


@transaction.atomic
def diagnostic_validate(*, diagnostic: Diagnostic, officer: User) -> Diagnostic:
    if diagnostic.is_validated:
        return diagnostic
    if not diagnostic.contributions.exists():
        raise ValidationError(_("An empty diagnostic cannot be validated."))
    diagnostic.validated_at = timezone.now()
    diagnostic.validated_by = officer
    diagnostic.save(update_fields=["validated_at", "validated_by"])
    return diagnostic


@transaction.atomic
def diagnostic_open_new_version(*, project: CooperationProject) -> Diagnostic:
    """A new version starts from the validated one: its contributions are copied."""
    latest = project.diagnostics.order_by("-number").first()
    if latest is None or not latest.is_validated:
        raise ValidationError(_("A version of the diagnostic is already open."))
    diagnostic = Diagnostic.objects.create(project=project, number=latest.number + 1)
    originals = list(latest.contributions.all())
    copies = DiagnosticContribution.objects.bulk_create(
        DiagnosticContribution(
            diagnostic=diagnostic,
            section=c.section,
            author_id=c.author_id,
            organisation_id=c.organisation_id,
            text=c.text,
        )
        for c in originals
    )
    # Each contribution keeps the date it was written (auto_now_add stamped the copies).
    for copy, original in zip(copies, originals, strict=True):
        copy.created_at = original.created_at
    DiagnosticContribution.objects.bulk_update(copies, ["created_at"])
    return diagnostic


# Objectives and action plan


def _next_position(queryset) -> int:
    return (queryset.aggregate(last=Max("position"))["last"] or 0) + 1


@transaction.atomic
def objective_create(
    *,
    project: CooperationProject,
    title: str,
    description: str = "",
    sdg_targets: Iterable[SdgTarget] = (),
) -> Objective:
    """An objective; its SDG targets also tag the project (and their goals)."""
    objective = Objective.objects.create(
        project=project,
        title=title,
        description=description,
        position=_next_position(project.objectives),
    )
    targets = list(sdg_targets)
    objective.sdg_targets.set(targets)
    project.sdg_targets.add(*targets)
    _tag_goals_of_targets(project, targets)
    return objective


@transaction.atomic
def objective_update(
    *,
    objective: Objective,
    expected_version: int,
    sdg_targets: Iterable[SdgTarget] | None = None,
    **fields,
) -> Objective:
    """Saves an edit made on `expected_version`; refuses it, naming who changed the
    objective meanwhile, if it moved on. New targets also tag the project."""
    update_versioned(record=objective, expected_version=expected_version, fields=fields)
    if sdg_targets is not None:
        targets = list(sdg_targets)
        objective.sdg_targets.set(targets)
        objective.project.sdg_targets.add(*targets)
        _tag_goals_of_targets(objective.project, targets)
    return objective


@transaction.atomic
def activity_create(*, project: CooperationProject, **fields) -> Activity:
    _check_same_project(project, fields.get("objective"), fields.get("responsible"))
    return Activity.objects.create(project=project, **fields)


@transaction.atomic
def activity_set_status(*, activity: Activity, status: str) -> Activity:
    if status not in ActivityStatus.values:
        raise ValidationError(_("Unknown status."))
    activity.status = status
    activity.save(update_fields=["status"])
    return activity


@transaction.atomic
def milestone_create(*, activity: Activity, title: str, due_date: date) -> Milestone:
    return Milestone.objects.create(activity=activity, title=title, due_date=due_date)


@transaction.atomic
def milestone_mark_reached(*, milestone: Milestone, reached_on: date | None = None) -> Milestone:
    milestone.reached_on = reached_on or timezone.localdate()
    milestone.save(update_fields=["reached_on"])
    return milestone


def _check_same_project(project: CooperationProject, *related) -> None:
    for item in related:
        if item is not None and item.project_id != project.pk:
            raise ValidationError(_("This item belongs to another project."))


# Indicators and measurements


@transaction.atomic
def indicator_create(
    *, project: CooperationProject, sdg_targets: Iterable[SdgTarget] = (), **fields
) -> Indicator:
    _check_same_project(project, fields.get("objective"))
    indicator = Indicator.objects.create(
        project=project, position=_next_position(project.indicators), **fields
    )
    targets = list(sdg_targets)
    indicator.sdg_targets.set(targets)
    project.sdg_targets.add(*targets)
    _tag_goals_of_targets(project, targets)
    return indicator


@transaction.atomic
def indicator_update(
    *,
    indicator: Indicator,
    expected_version: int,
    sdg_targets: Iterable[SdgTarget] | None = None,
    **fields,
) -> Indicator:
    """Saves an edit made on `expected_version`; refuses it, naming who changed the
    indicator meanwhile. Its measurements keep their values."""
    _check_same_project(indicator.project, fields.get("objective"))
    update_versioned(record=indicator, expected_version=expected_version, fields=fields)
    if sdg_targets is not None:
        targets = list(sdg_targets)
        indicator.sdg_targets.set(targets)
        indicator.project.sdg_targets.add(*targets)
        _tag_goals_of_targets(indicator.project, targets)
    return indicator


# The measurement's life: who may move it where. The only place these transitions exist.
MEASUREMENT_TRANSITIONS = {
    MeasurementStatus.DRAFT: {MeasurementStatus.SUBMITTED},
    MeasurementStatus.SUBMITTED: {MeasurementStatus.APPROVED, MeasurementStatus.RETURNED},
    MeasurementStatus.RETURNED: {MeasurementStatus.SUBMITTED},
    MeasurementStatus.APPROVED: set(),
}


def _move(measurement: Measurement, to: str) -> None:
    if to not in MEASUREMENT_TRANSITIONS[measurement.status]:
        raise ValidationError(
            _("A measurement “%(from)s” cannot become “%(to)s”.")
            % {
                "from": MeasurementStatus(measurement.status).label,
                "to": MeasurementStatus(to).label,
            }
        )
    measurement.status = to


def _check_value(indicator: Indicator, value: Decimal | None, text_value: str) -> None:
    if indicator.is_qualitative:
        if not text_value.strip():
            raise ValidationError({"text_value": _("Describe what was observed.")})
    elif value is None:
        raise ValidationError({"value": _("Give the measured value.")})


@transaction.atomic
def measurement_create(
    *,
    indicator: Indicator,
    reporter: User,
    period_start: date,
    period_end: date,
    value: Decimal | None = None,
    text_value: str = "",
    comment: str = "",
    evidence: UploadedFile | None = None,
    submit: bool = False,
) -> Measurement:
    """Records a value for a period, as a draft or submitted for review at once."""
    if period_end < period_start:
        raise ValidationError({"period_end": _("The period ends before it starts.")})
    if submit:
        _check_value(indicator, value, text_value)
    measurement = Measurement(
        indicator=indicator,
        reporter=reporter,
        period_start=period_start,
        period_end=period_end,
        value=None if indicator.is_qualitative else value,
        text_value=text_value if indicator.is_qualitative else "",
        comment=comment,
    )
    if evidence:
        measurement.evidence = evidence
    if submit:
        _move(measurement, MeasurementStatus.SUBMITTED)
        measurement.submitted_at = timezone.now()
    measurement.save()
    return measurement


@transaction.atomic
def measurement_submit(*, measurement: Measurement) -> Measurement:
    _check_value(measurement.indicator, measurement.value, measurement.text_value)
    _move(measurement, MeasurementStatus.SUBMITTED)
    measurement.submitted_at = timezone.now()
    measurement.save(update_fields=["status", "submitted_at"])
    return measurement


@transaction.atomic
def measurement_approve(*, measurement: Measurement, officer: User) -> Measurement:
    _move(measurement, MeasurementStatus.APPROVED)
    measurement.reviewed_by = officer
    measurement.reviewed_at = timezone.now()
    measurement.review_note = ""
    measurement.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    return measurement


@transaction.atomic
def measurement_return(*, measurement: Measurement, officer: User, note: str) -> Measurement:
    """Sends a measurement back to its reporter with a note saying what to correct."""
    if not note.strip():
        raise ValidationError({"note": _("Say what needs to be corrected.")})
    _move(measurement, MeasurementStatus.RETURNED)
    measurement.reviewed_by = officer
    measurement.reviewed_at = timezone.now()
    measurement.review_note = note
    measurement.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    project = measurement.indicator.project
    # A partner corrects it in their contributor space, an officer in the workspace.
    if project.contributors.filter(user=measurement.reporter).exists():
        path = reverse(
            "cooperation:contributor_measurement_update",
            kwargs={"slug": project.slug, "pk": measurement.pk},
        )
    else:
        path = reverse(
            "cooperation:staff_indicator_detail",
            kwargs={
                "code": project.department.code,
                "slug": project.slug,
                "pk": measurement.indicator_id,
            },
        )
    send_templated_mail(
        to=measurement.reporter.email,
        template="cooperation/email/measurement_returned",
        context={
            "measurement": measurement,
            "project": project,
            "correct_url": settings.SITE_URL + path,
        },
    )
    return measurement


@transaction.atomic
def measurement_correct(
    *,
    measurement: Measurement,
    value: Decimal | None,
    text_value: str,
    comment: str,
    submit: bool,
    evidence: UploadedFile | None = None,
) -> Measurement:
    """The reporter corrects a draft or returned measurement (and may submit it again)."""
    if measurement.status not in (MeasurementStatus.DRAFT, MeasurementStatus.RETURNED):
        raise ValidationError(_("Only a draft or returned measurement can be changed."))
    indicator = measurement.indicator
    measurement.value = None if indicator.is_qualitative else value
    measurement.text_value = text_value if indicator.is_qualitative else ""
    measurement.comment = comment
    if evidence:
        measurement.evidence = evidence
    if submit:
        _check_value(indicator, measurement.value, measurement.text_value)
        _move(measurement, MeasurementStatus.SUBMITTED)
        measurement.submitted_at = timezone.now()
    measurement.save()
    return measurement


# Contributors from partner organisations


@transaction.atomic
def project_contributor_invite(
    *,
    project: CooperationProject,
    email: str,
    role: str,
    invited_by: User,
    organisation: Organisation | None = None,
) -> ProjectInvitation:
    email = email.strip().lower()
    if project.contributors.filter(user__email__iexact=email).exists():
        raise ValidationError(_("This person already contributes to the project."))
    if project.invitations.filter(email__iexact=email, accepted_at__isnull=True).exists():
        raise ValidationError(_("An invitation is already waiting for this address."))
    invitation = ProjectInvitation.objects.create(
        project=project,
        email=email,
        role=role,
        organisation=organisation,
        invited_by=invited_by,
        token=secrets.token_urlsafe(32),
    )
    send_templated_mail(
        to=email,
        template="cooperation/email/contributor_invitation",
        context={
            "invitation": invitation,
            "project": project,
            "url": settings.SITE_URL
            + reverse("cooperation:project_invitation_accept", kwargs={"token": invitation.token}),
        },
    )
    return invitation


@transaction.atomic
def project_invitation_accept(*, invitation: ProjectInvitation, user: User) -> ProjectContributor:
    if user.email.strip().lower() != invitation.email:
        raise ValidationError(
            _("This invitation was sent to %(email)s: log in with that address to accept it.")
            % {"email": invitation.email}
        )
    contributor, _created = ProjectContributor.objects.get_or_create(
        project=invitation.project,
        user=user,
        defaults={"role": invitation.role, "organisation": invitation.organisation},
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return contributor


@transaction.atomic
def project_invitation_cancel(*, invitation: ProjectInvitation) -> None:
    invitation.delete()


@transaction.atomic
def project_contributor_remove(*, contributor: ProjectContributor) -> None:
    contributor.delete()


# Documents


@transaction.atomic
def project_document_add(
    *,
    project: CooperationProject,
    title: str,
    file: UploadedFile,
    is_public: bool,
    uploaded_by: User,
) -> ProjectDocument:
    return ProjectDocument.objects.create(
        project=project, title=title, file=file, is_public=is_public, uploaded_by=uploaded_by
    )


@transaction.atomic
def project_document_remove(*, document: ProjectDocument) -> None:
    document.file.delete(save=False)
    document.delete()


# Delegations and exchanges


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
