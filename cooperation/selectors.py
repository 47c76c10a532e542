"""Reads of the cooperation app: each returns what a page needs, with its joins."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.search import full_text_search
from cooperation.models import (
    Activity,
    ContributorRole,
    CooperationProject,
    Delegation,
    Diagnostic,
    DiagnosticContribution,
    DiagnosticSection,
    Exchange,
    FollowUpAction,
    Indicator,
    Measurement,
    MeasurementStatus,
    Objective,
    ProjectContributor,
    ProjectDocument,
    ProjectInvitation,
    ProjectPartner,
    SdgTarget,
    SustainableDevelopmentGoal,
)
from partners.models import (
    Department,
    Organisation,
    OrganisationKind,
    PublicationStatus,
    User,
)

# Lists


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
    label: str
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


# Partners and contributors


def project_partner_list(*, project: CooperationProject) -> QuerySet[ProjectPartner]:
    return project.partners.select_related("organisation", "organisation__department")


def project_contributor_list(*, project: CooperationProject) -> QuerySet[ProjectContributor]:
    return project.contributors.select_related("user", "organisation")


def project_pending_invitations(*, project: CooperationProject) -> QuerySet[ProjectInvitation]:
    return project.invitations.filter(accepted_at__isnull=True).select_related(
        "organisation", "invited_by"
    )


def project_invitation_get_pending(*, token: str) -> ProjectInvitation | None:
    return (
        ProjectInvitation.objects.select_related("project", "project__department")
        .filter(token=token, accepted_at__isnull=True)
        .first()
    )


def contributor_role_get(*, user: User, slug: str) -> ProjectContributor | None:
    """A person's role on a project they were invited to, if any."""
    if not user.is_authenticated:
        return None
    return (
        ProjectContributor.objects.select_related("project", "project__department", "organisation")
        .filter(user=user, project__slug=slug)
        .first()
    )


def contributor_can_write(contributor: ProjectContributor) -> bool:
    return contributor.role == ContributorRole.CONTRIBUTOR


def user_contributor_roles(*, user: User) -> QuerySet[ProjectContributor]:
    return user.project_roles.select_related("project", "project__department").order_by(
        "project__title"
    )


# Shared diagnostic


@dataclass
class DiagnosticView:
    diagnostic: Diagnostic | None
    sections: list[tuple[str, str, list[DiagnosticContribution]]]
    versions: list[Diagnostic]

    @property
    def is_open(self) -> bool:
        return self.diagnostic is None or not self.diagnostic.is_validated


def project_diagnostic(*, project: CooperationProject, number: int | None = None) -> DiagnosticView:
    """The open version (or the latest validated one), its contributions by section."""
    versions = list(project.diagnostics.select_related("validated_by").order_by("-number"))
    if number is not None:
        diagnostic = next((d for d in versions if d.number == number), None)
    else:
        diagnostic = versions[0] if versions else None
    by_section: dict[str, list[DiagnosticContribution]] = defaultdict(list)
    if diagnostic is not None:
        for contribution in diagnostic.contributions.select_related(
            "author", "organisation"
        ).prefetch_related("comments__author"):
            by_section[contribution.section].append(contribution)
    sections = [(value, label, by_section[value]) for value, label in DiagnosticSection.choices]
    return DiagnosticView(diagnostic=diagnostic, sections=sections, versions=versions)


# Objectives and action plan


def project_objectives(*, project: CooperationProject) -> QuerySet[Objective]:
    return project.objectives.prefetch_related(
        Prefetch("sdg_targets", queryset=SdgTarget.objects.select_related("goal")),
    )


def project_activities(*, project: CooperationProject) -> QuerySet[Activity]:
    return project.activities.select_related(
        "objective", "responsible__organisation"
    ).prefetch_related("milestones")


# Indicators


@dataclass
class ChartPoint:
    when: date
    value: Decimal
    x: float
    y: float


@dataclass
class IndicatorProgress:
    """An indicator's numbers, and the geometry of its chart (an SVG drawn by a template)."""

    indicator: Indicator
    approved: list[Measurement]
    current: Decimal | None
    percent: Decimal | None
    points: list[ChartPoint] = field(default_factory=list)
    baseline_y: float | None = None
    target_y: float | None = None
    y_ticks: list[tuple[float, Decimal]] = field(default_factory=list)
    width: int = 600
    height: int = 260


CHART_LEFT, CHART_RIGHT, CHART_TOP, CHART_BOTTOM = 70, 580, 20, 220


def indicator_progress(indicator: Indicator, measurements: list[Measurement]) -> IndicatorProgress:
    """Value to date and progress towards the target.

    A cumulative indicator counts flows (tonnes sold each year): its value to date is the
    sum of its approved periods, and progress runs from zero to the target. Otherwise the
    latest approved period gives the value, and progress runs from the baseline to the
    target, whichever the direction (lower is better gives a target below the baseline).
    """
    approved = sorted(
        (m for m in measurements if m.status == MeasurementStatus.APPROVED),
        key=lambda m: (m.period_end, m.pk),
    )
    progress = IndicatorProgress(indicator=indicator, approved=approved, current=None, percent=None)
    if indicator.is_qualitative or not approved:
        return progress
    series: list[tuple[date, Decimal]] = []
    running = Decimal(0)
    for measurement in approved:
        running = running + measurement.value if indicator.cumulative else measurement.value
        series.append((measurement.period_end, running))
    progress.current = series[-1][1]
    start = Decimal(0) if indicator.cumulative else indicator.baseline_value
    target = indicator.target_value
    if start is not None and target is not None and target != start:
        progress.percent = ((progress.current - start) / (target - start) * 100).quantize(
            Decimal(1)
        )
    _chart_geometry(progress, series)
    return progress


def _chart_geometry(progress: IndicatorProgress, series: list[tuple[date, Decimal]]) -> None:
    indicator = progress.indicator
    dates = [when for when, _value in series]
    values = [value for _when, value in series]
    if (
        indicator.baseline_date
        and indicator.baseline_value is not None
        and not indicator.cumulative
    ):
        dates.append(indicator.baseline_date)
    if indicator.target_date:
        dates.append(indicator.target_date)
    references = [v for v in (indicator.baseline_value, indicator.target_value) if v is not None]
    low = min([*values, *references, Decimal(0)])
    high = max([*values, *references])
    if high == low:
        high = low + 1
    first, last = min(dates), max(dates)
    span_days = max((last - first).days, 1)

    def x_of(when: date) -> float:
        return round(CHART_LEFT + (when - first).days / span_days * (CHART_RIGHT - CHART_LEFT), 1)

    def y_of(value: Decimal) -> float:
        ratio = float((value - low) / (high - low))
        return round(CHART_BOTTOM - ratio * (CHART_BOTTOM - CHART_TOP), 1)

    progress.points = [ChartPoint(when, value, x_of(when), y_of(value)) for when, value in series]
    if indicator.baseline_value is not None:
        progress.baseline_y = y_of(indicator.baseline_value)
    if indicator.target_value is not None:
        progress.target_y = y_of(indicator.target_value)
    progress.y_ticks = [
        (
            y_of(low + (high - low) * step / 4),
            (low + (high - low) * step / 4).quantize(Decimal("0.01")),
        )
        for step in range(5)
    ]


def project_indicators(
    *, project: CooperationProject, public: bool = False
) -> list[IndicatorProgress]:
    """Every indicator of the project with its progress; the public sees approved values only."""
    measurements = Measurement.objects.select_related("reporter", "reviewed_by").order_by(
        "period_end", "pk"
    )
    if public:
        measurements = measurements.filter(status=MeasurementStatus.APPROVED)
    indicators = project.indicators.select_related("objective").prefetch_related(
        Prefetch("sdg_targets", queryset=SdgTarget.objects.select_related("goal")),
        Prefetch("measurements", queryset=measurements),
    )
    return [
        indicator_progress(indicator, list(indicator.measurements.all()))
        for indicator in indicators
    ]


def project_indicator_get(*, project: CooperationProject, pk: int) -> Indicator | None:
    return project.indicators.filter(pk=pk).first()


def project_measurement_get(*, project: CooperationProject, pk: int) -> Measurement | None:
    return (
        Measurement.objects.select_related("indicator", "reporter")
        .filter(indicator__project=project, pk=pk)
        .first()
    )


def project_measurements_to_review(*, project: CooperationProject) -> QuerySet[Measurement]:
    return (
        Measurement.objects.filter(indicator__project=project, status=MeasurementStatus.SUBMITTED)
        .select_related("indicator", "reporter")
        .order_by("submitted_at")
    )


# Delegations and exchanges


def project_delegations(*, project: CooperationProject) -> QuerySet[Delegation]:
    return project.delegations.select_related("origin").prefetch_related("structures")


def project_exchanges(*, project: CooperationProject) -> QuerySet[Exchange]:
    return project.exchanges.prefetch_related(
        Prefetch("actions", queryset=FollowUpAction.objects.select_related("owner"))
    )


def department_overdue_actions(*, department: Department) -> QuerySet[FollowUpAction]:
    """Follow-up actions past their due date and not done, on the department's projects."""
    return (
        FollowUpAction.objects.filter(
            Q(exchange__project__department=department)
            | Q(exchange__project__co_departments=department),
            done_at__isnull=True,
            due_date__lt=timezone.localdate(),
        )
        .select_related("owner", "exchange", "exchange__project")
        .distinct()
        .order_by("due_date", "pk")
    )


def delegation_structure_choices(*, project: CooperationProject) -> QuerySet[Organisation]:
    """Structures a delegation may meet: the project's partners and the department's own
    published ESS structures."""
    return (
        Organisation.objects.filter(
            Q(project_partnerships__project=project)
            | Q(
                department=project.department,
                kind=OrganisationKind.ESS_STRUCTURE,
                status=PublicationStatus.PUBLISHED,
            )
        )
        .distinct()
        .order_by("name")
    )


# SDGs


def sdg_list() -> QuerySet[SustainableDevelopmentGoal]:
    return SustainableDevelopmentGoal.objects.annotate(
        project_count=Count("projects", filter=Q(projects__is_public=True), distinct=True)
    ).order_by("number")


def sdg_get(*, number: int) -> SustainableDevelopmentGoal | None:
    return (
        SustainableDevelopmentGoal.objects.prefetch_related("targets").filter(number=number).first()
    )


def sdg_public_projects(*, goal: SustainableDevelopmentGoal) -> QuerySet[CooperationProject]:
    return project_public_list().filter(sdg_goals=goal)


def sdg_public_indicators(*, goal: SustainableDevelopmentGoal) -> QuerySet[Indicator]:
    return (
        Indicator.objects.filter(project__is_public=True, sdg_targets__goal=goal)
        .select_related("project")
        .distinct()
        .order_by("project__title", "position")
    )


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
    by_stage: list[tuple[str, str, int]]  # (status value, label, number of projects)


def department_project_figures(*, department: Department) -> ProjectFigures:
    """The department's projects (run or co-run) by stage, and how many are published:
    one query."""
    from cooperation.models import ProjectStatus

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


# Staff pages of the co-construction and results tabs: sub-objects looked up from their
# project, so that the object of another project (or department) is not found.


def project_contribution_get(
    *, project: CooperationProject, pk: int
) -> DiagnosticContribution | None:
    """A contribution to any version of the project's diagnostic, with its version."""
    return (
        DiagnosticContribution.objects.select_related("diagnostic", "author")
        .filter(diagnostic__project=project, pk=pk)
        .first()
    )


def project_milestone_get(*, project: CooperationProject, pk: int):
    from cooperation.models import Milestone

    return Milestone.objects.filter(activity__project=project, pk=pk).first()


def project_action_get(*, project: CooperationProject, pk: int) -> FollowUpAction | None:
    return FollowUpAction.objects.filter(exchange__project=project, pk=pk).first()


def indicator_measurements(*, indicator: Indicator) -> list[Measurement]:
    """Every measurement of an indicator, drafts included (staff only), oldest first."""
    return list(
        indicator.measurements.select_related("reporter", "reviewed_by").order_by(
            "period_end", "pk"
        )
    )


def project_public_document_get(*, slug: str, pk: int) -> ProjectDocument | None:
    """A document shown on the public page of a published project."""
    return ProjectDocument.objects.filter(
        pk=pk, is_public=True, project__slug=slug, project__is_public=True
    ).first()
