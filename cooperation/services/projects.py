"""Writes of the cooperation app: a project, its partners, its documents, its publication."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from common.slugs import unique_slug
from common.versioning import update_versioned
from cooperation.models import (
    CooperationProject,
    ProjectDocument,
    ProjectPartner,
    SdgTarget,
    SustainableDevelopmentGoal,
)
from cooperation.selectors import project_publication_checklist
from partners.models import Department, Organisation, PartnerTerritory, Theme, User


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
