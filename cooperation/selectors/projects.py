"""Reads of the projects: lists, publication checklist, public links, partner search,
documents, history and the figures of the dashboard."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from common.search import full_text_search
from cooperation.models import (
    CooperationProject,
    ProjectDocument,
    ProjectPartner,
    ProjectStatus,
    SdgTarget,
)
from partners.models import (
    Department,
    Organisation,
    PublicationStatus,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def project_search(*, queryset: QuerySet, text: str) -> QuerySet:
    """French full-text search on title, summary and description, best matches first."""
    return full_text_search(queryset=queryset, text=text, then_by="title")


def _with_list_relations(queryset: QuerySet[CooperationProject]) -> QuerySet[CooperationProject]:
    return queryset.select_related("department").prefetch_related(
        "territories", "sdg_goals", "themes"
    )


def project_public_list() -> QuerySet[CooperationProject]:
    return _with_list_relations(CooperationProject.objects.filter(is_public=True)).order_by(
        F("start_date").desc(nulls_last=True), "title", "pk"
    )


def project_public_get(*, slug: str) -> CooperationProject | None:
    return (
        CooperationProject.objects.filter(is_public=True, slug=slug)
        .select_related("department")
        .prefetch_related(
            "territories",
            "sdg_goals",
            Prefetch("sdg_targets", queryset=SdgTarget.objects.select_related("goal")),
            "themes",
            "co_departments",
            Prefetch(
                "partners",
                queryset=ProjectPartner.objects.select_related(
                    "organisation", "organisation__department"
                ),
            ),
            Prefetch("documents", queryset=ProjectDocument.objects.filter(is_public=True)),
        )
        .first()
    )


def department_project_ids(*, department: Department) -> QuerySet:
    """The ids of the projects a department runs or co-runs, for ``pk__in``.

    A UNION of two index lookups: ``department = X OR co_departments = X`` would make
    PostgreSQL read every project (and repeat those with several co-departments)."""
    co_run = CooperationProject.co_departments.through.objects.filter(department=department).values(
        "cooperationproject_id"
    )
    return CooperationProject.objects.filter(department=department).values("pk").union(co_run)


def department_project_list(*, department: Department) -> QuerySet[CooperationProject]:
    """Projects a department runs or co-runs, published or not."""
    return _with_list_relations(
        CooperationProject.objects.filter(pk__in=department_project_ids(department=department))
    ).order_by(F("start_date").desc(nulls_last=True), "title", "pk")


def department_project_get(*, department: Department, slug: str) -> CooperationProject | None:
    return (
        department_project_list(department=department)
        .select_related("created_by")
        .prefetch_related(
            "co_departments",
            Prefetch("sdg_targets", queryset=SdgTarget.objects.select_related("goal")),
        )
        .filter(slug=slug)
        .first()
    )


# Publication


@dataclass(frozen=True)
class ChecklistItem:
    label: "StrOrPromise"
    done: bool


def project_publication_checklist(*, project: CooperationProject) -> list[ChecklistItem]:
    """What a project needs before the public may see it."""
    return [
        ChecklistItem(_("a summary"), bool(project.summary.strip())),
        ChecklistItem(
            _("at least one partner territory with coordinates"),
            project.territories.filter(latitude__isnull=False, longitude__isnull=False).exists(),
        ),
        ChecklistItem(_("at least one SDG"), project.sdg_goals.exists()),
        ChecklistItem(_("at least one partner"), project.partners.exists()),
    ]


# Public project page


@dataclass(frozen=True)
class ProjectLink:
    title: str
    url: str


def project_public_links(*, project: CooperationProject) -> list[ProjectLink]:
    """The `links` field, one per line: "title | address" or a bare address.

    Only http and https addresses are kept, so that a link never runs a script.
    """
    from django.core.exceptions import ValidationError
    from django.core.validators import URLValidator

    is_web_address = URLValidator(schemes=["http", "https"])
    links = []
    for line in project.links.splitlines():
        title, separator, url = line.rpartition("|")
        url = url.strip()
        try:
            is_web_address(url)
        except ValidationError:
            continue
        links.append(ProjectLink(title=title.strip() if separator else "", url=url))
    return links


# Staff workspace: partner search, documents, history, dashboard


def project_partner_candidates(
    *, project: CooperationProject, department: Department, text: str
) -> QuerySet[Organisation]:
    """Organisations that may join the project: published ones of the whole country and
    the department's own (even awaiting validation), minus the project's partners; French
    full-text search on `text` (nothing without a text)."""
    from partners.selectors import organisation_search

    if not (text or "").strip():
        return Organisation.objects.none()
    candidates = (
        Organisation.objects.filter(
            Q(status=PublicationStatus.PUBLISHED) | Q(department=department)
        )
        .exclude(project_partnerships__project=project)
        .select_related("department")
        .order_by("name", "pk")
    )
    return organisation_search(queryset=candidates, text=text)


def project_partner_candidate_get(
    *, project: CooperationProject, department: Department, pk: int
) -> Organisation | None:
    """An organisation the project may take as partner (see `project_partner_candidates`)."""
    return (
        Organisation.objects.filter(
            Q(status=PublicationStatus.PUBLISHED) | Q(department=department)
        )
        .exclude(project_partnerships__project=project)
        .filter(pk=pk)
        .first()
    )


def project_document_list(*, project: CooperationProject) -> QuerySet[ProjectDocument]:
    return project.documents.select_related("uploaded_by")


def project_document_get(*, project: CooperationProject, pk: int) -> ProjectDocument | None:
    return project.documents.filter(pk=pk).first()


def project_partner_changes(*, project: CooperationProject, limit: int = 50) -> list:
    """Partners added to and removed from the project, newest first (historical rows with
    their organisation and author)."""
    return list(
        ProjectPartner.history.filter(project_id=project.pk, history_type__in=["+", "-"])
        .select_related("organisation", "history_user")
        .order_by("-history_date")[:limit]
    )


@dataclass(frozen=True)
class ProjectFigures:
    total: int
    published: int
    by_stage: list[tuple[str, "StrOrPromise", int]]  # (status value, label, number of projects)


def department_project_figures(*, department: Department) -> ProjectFigures:
    """The department's projects (run or co-run) by stage, and how many are published:
    one query."""
    projects = CooperationProject.objects.filter(
        pk__in=department_project_list(department=department)
        .prefetch_related(None)
        .order_by()
        .values("pk")
    )
    counts = projects.aggregate(
        total=Count("pk"),
        published=Count("pk", filter=Q(is_public=True)),
        **{f"stage_{value}": Count("pk", filter=Q(status=value)) for value in ProjectStatus.values},
    )
    return ProjectFigures(
        total=counts["total"],
        published=counts["published"],
        by_stage=[
            (value, label, counts[f"stage_{value}"]) for value, label in ProjectStatus.choices
        ],
    )


def project_public_document_get(*, slug: str, pk: int) -> ProjectDocument | None:
    """A document shown on the public page of a published project."""
    return ProjectDocument.objects.filter(
        pk=pk, is_public=True, project__slug=slug, project__is_public=True
    ).first()
