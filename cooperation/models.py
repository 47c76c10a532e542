"""What departments do together with their partners: cooperation projects, their shared
diagnostic, objectives, action plan, indicators, delegations and exchanges; the SDGs."""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from common.search import SEARCH_CONFIG
from partners.models import LocalisedNameMixin


class SustainableDevelopmentGoal(LocalisedNameMixin, models.Model):
    """One of the 17 UN Sustainable Development Goals (ODD in French)."""

    number = models.PositiveSmallIntegerField(_("number"), primary_key=True)
    color = models.CharField(_("colour"), max_length=7)
    short_title_fr = models.CharField(_("short title (French)"), max_length=100)
    short_title_en = models.CharField(_("short title (English)"), max_length=100)
    title_fr = models.TextField(_("title (French)"))
    title_en = models.TextField(_("title (English)"))

    class Meta:
        ordering = ["number"]
        verbose_name = _("sustainable development goal")
        verbose_name_plural = _("sustainable development goals")
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=17), name="sdg_number_1_to_17"
            ),
            models.CheckConstraint(
                condition=Q(color__regex=r"^#[0-9A-Fa-f]{6}$"), name="sdg_color_is_hex"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.short_title}"

    @property
    def short_title(self) -> str:
        return self.localised("short_title")

    @property
    def title(self) -> str:
        return self.localised("title")


class SdgTarget(LocalisedNameMixin, models.Model):
    """A target of a goal, such as 2.3 or 12.a."""

    goal = models.ForeignKey(
        SustainableDevelopmentGoal, on_delete=models.CASCADE, related_name="targets"
    )
    code = models.CharField(_("code"), max_length=6, unique=True)
    position = models.PositiveSmallIntegerField(_("position"))
    title_fr = models.TextField(_("title (French)"))
    title_en = models.TextField(_("title (English)"))

    class Meta:
        ordering = ["goal", "position"]
        verbose_name = _("SDG target")
        verbose_name_plural = _("SDG targets")

    def __str__(self) -> str:
        return self.code

    @property
    def title(self) -> str:
        return self.localised("title")


class ProjectKind(models.TextChoices):
    DECENTRALISED = "decentralised", _("decentralised cooperation")
    EUROPEAN = "european", _("European cooperation")
    CROSS_BORDER = "cross_border", _("cross-border cooperation")
    SOLIDARITY = "solidarity", _("international solidarity")
    YOUTH = "youth", _("youth mobility and exchanges")
    CITIZENSHIP = "citizenship", _("global citizenship education")
    HUMANITARIAN = "humanitarian", _("humanitarian emergency")


class ProjectStatus(models.TextChoices):
    IDEA = "idea", _("idea")
    DIAGNOSTIC = "diagnostic", _("shared diagnostic")
    PLANNING = "planning", _("planning")
    IMPLEMENTATION = "implementation", _("implementation")
    EVALUATION = "evaluation", _("evaluation")
    CLOSED = "closed", _("closed")


def project_document_path(instance, filename: str) -> str:
    return f"projects/{instance.project_id}/documents/{filename}"


def measurement_evidence_path(instance, filename: str) -> str:
    return f"projects/{instance.indicator.project_id}/evidence/{filename}"


class CooperationProject(models.Model):
    """A cooperation of a department with partner territories and ESS actors."""

    department = models.ForeignKey(
        "partners.Department",
        verbose_name=_("owning department"),
        on_delete=models.PROTECT,
        related_name="projects",
    )
    co_departments = models.ManyToManyField(
        "partners.Department",
        verbose_name=_("co-owning departments"),
        related_name="co_owned_projects",
        blank=True,
    )
    territories = models.ManyToManyField(
        "partners.PartnerTerritory",
        verbose_name=_("partner territories"),
        related_name="projects",
        blank=True,
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ProjectKind.choices)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    summary = models.TextField(_("summary"), blank=True)
    description = models.TextField(_("description"), blank=True)
    themes = models.ManyToManyField("partners.Theme", verbose_name=_("themes"), blank=True)
    sdg_goals = models.ManyToManyField(
        SustainableDevelopmentGoal, verbose_name=_("SDGs"), related_name="projects", blank=True
    )
    sdg_targets = models.ManyToManyField(
        SdgTarget, verbose_name=_("SDG targets"), related_name="projects", blank=True
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.IDEA
    )
    total_budget = models.DecimalField(
        _("total budget (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    department_contribution = models.DecimalField(
        _("department's contribution (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    co_funders = models.TextField(_("co-funders"), blank=True)
    links = models.TextField(
        _("links"),
        blank=True,
        help_text=_("One address per line, optionally after a title and “|”."),
    )
    is_public = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated on"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    search_vector = models.GeneratedField(
        expression=SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
        + SearchVector("description", weight="C", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    history = HistoricalRecords(excluded_fields=["search_vector", "version", "updated_at"])

    class Meta:
        ordering = ["-start_date", "title"]
        verbose_name = _("cooperation project")
        verbose_name_plural = _("cooperation projects")
        indexes = [
            GinIndex(fields=["search_vector"], name="project_search_idx"),
            models.Index(fields=["department", "status"], name="project_dept_status_idx"),
            models.Index(fields=["is_public", "kind"], name="project_public_kind_idx"),
            # The orders of the public lists (/projets/, the latest on the home page), on
            # the published projects only: a page of them without sorting the table.
            models.Index(
                F("start_date").desc(nulls_last=True),
                F("title"),
                F("id"),
                condition=Q(is_public=True),
                name="project_public_order_idx",
            ),
            models.Index(
                F("published_at").desc(),
                F("id").desc(),
                condition=Q(is_public=True),
                name="project_latest_public_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="project_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(total_budget__isnull=True) | Q(total_budget__gte=0),
                name="project_budget_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(department_contribution__isnull=True)
                | Q(department_contribution__gte=0),
                name="project_contribution_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(total_budget__isnull=True)
                | Q(department_contribution__isnull=True)
                | Q(department_contribution__lte=F("total_budget")),
                name="project_contribution_within_budget",
            ),
            models.CheckConstraint(
                condition=Q(is_public=False) | Q(published_at__isnull=False),
                name="public_project_has_publication_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("cooperation:project_detail", kwargs={"slug": self.slug})


class PartnerRole(models.TextChoices):
    LEAD = "lead", _("lead partner")
    PARTNER = "partner", _("partner")
    CO_FUNDER = "co_funder", _("co-funder")
    EXPERT = "expert", _("expert")
    OPERATOR = "operator", _("operator")


class TerritorySide(models.TextChoices):
    FRENCH = "french", _("French side")
    PARTNER = "partner", _("partner side")


class ProjectPartner(models.Model):
    """An actor of the project, with its role and its side of the cooperation."""

    project = models.ForeignKey(
        CooperationProject, on_delete=models.CASCADE, related_name="partners"
    )
    organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="project_partnerships",
    )
    role = models.CharField(_("role"), max_length=12, choices=PartnerRole.choices)
    side = models.CharField(_("side"), max_length=10, choices=TerritorySide.choices)
    contribution = models.TextField(_("contribution to the project"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["side", "role", "organisation__name"]
        verbose_name = _("project partner")
        verbose_name_plural = _("project partners")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation"], name="one_partnership_per_organisation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class DiagnosticSection(models.TextChoices):
    CONTEXT = "context", _("context")
    NEEDS = "needs", _("needs")
    ASSETS = "assets", _("assets and resources")
    ACTORS = "actors", _("actors")
    ESS_OPPORTUNITIES = "ess_opportunities", _("ESS opportunities")


class Diagnostic(models.Model):
    """One version of the project's shared diagnostic; read-only once validated."""

    project = models.ForeignKey(
        CooperationProject, on_delete=models.CASCADE, related_name="diagnostics"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    opened_at = models.DateTimeField(_("opened on"), auto_now_add=True)
    validated_at = models.DateTimeField(_("validated on"), null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["project", "-number"]
        verbose_name = _("shared diagnostic")
        verbose_name_plural = _("shared diagnostics")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "number"], name="one_diagnostic_per_version"
            ),
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(validated_at__isnull=True),
                name="one_open_diagnostic_per_project",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} – v{self.number}"

    @property
    def is_validated(self) -> bool:
        return self.validated_at is not None


class DiagnosticContribution(models.Model):
    """What one partner writes in one section of the diagnostic."""

    diagnostic = models.ForeignKey(
        Diagnostic, on_delete=models.CASCADE, related_name="contributions"
    )
    section = models.CharField(_("section"), max_length=20, choices=DiagnosticSection.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("on behalf of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("written on"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("diagnostic contribution")
        verbose_name_plural = _("diagnostic contributions")

    def __str__(self) -> str:
        return f"{self.get_section_display()} – {self.author}"


class DiagnosticComment(models.Model):
    contribution = models.ForeignKey(
        DiagnosticContribution, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written on"), auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return f"{self.author}: {self.text[:40]}"


class Objective(models.Model):
    """An objective co-elaborated with the partners, tied to SDG targets."""

    project = models.ForeignKey(
        CooperationProject, on_delete=models.CASCADE, related_name="objectives"
    )
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    sdg_targets = models.ManyToManyField(
        SdgTarget, verbose_name=_("SDG targets"), related_name="objectives", blank=True
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["version"], m2m_fields=[sdg_targets])

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")

    def __str__(self) -> str:
        return self.title


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


class Activity(models.Model):
    """A line of the action plan."""

    project = models.ForeignKey(
        CooperationProject, on_delete=models.CASCADE, related_name="activities"
    )
    objective = models.ForeignKey(
        Objective,
        verbose_name=_("objective"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
    )
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    responsible = models.ForeignKey(
        ProjectPartner,
        verbose_name=_("responsible partner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["start_date", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="activity_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Milestone(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=250)
    due_date = models.DateField(_("due date"))
    reached_on = models.DateField(_("reached on"), null=True, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title


class ContributorRole(models.TextChoices):
    CONTRIBUTOR = "contributor", _("contributor")
    READER = "reader", _("reader")


class ProjectContributor(models.Model):
    """A person of a partner organisation with a role on this project only."""

    project = models.ForeignKey(
        CooperationProject, on_delete=models.CASCADE, related_name="contributors"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_roles"
    )
    role = models.CharField(_("role"), max_length=12, choices=ContributorRole.choices)
    organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["user__email"]
        verbose_name = _("project contributor")
        verbose_name_plural = _("project contributors")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "user"], name="one_contributor_role_per_project"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.project} ({self.get_role_display()})"


class ProjectInvitation(models.Model):
    project = models.ForeignKey(
        CooperationProject, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=12, choices=ContributorRole.choices)
    organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("sent on"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted on"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("project invitation")
        verbose_name_plural = _("project invitations")
        constraints = [
            models.UniqueConstraint(
                "project",
                Lower("email"),
                condition=Q(accepted_at__isnull=True),
                name="one_pending_project_invitation_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.project}"


class IndicatorLevel(models.TextChoices):
    OUTPUT = "output", _("output")
    OUTCOME = "outcome", _("outcome")


class MeasureType(models.TextChoices):
    NUMBER = "number", pgettext_lazy("measure", "number")
    PERCENTAGE = "percentage", _("percentage")
    QUALITATIVE = "qualitative", _("qualitative")


class Direction(models.TextChoices):
    HIGHER = "higher", _("higher is better")
    LOWER = "lower", _("lower is better")


class Indicator(models.Model):
    """An evaluation indicator co-elaborated with the partners."""

    project = models.ForeignKey(
        CooperationProject, on_delete=models.CASCADE, related_name="indicators"
    )
    objective = models.ForeignKey(
        Objective,
        verbose_name=_("objective"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
    )
    sdg_targets = models.ManyToManyField(
        SdgTarget, verbose_name=_("SDG targets"), related_name="indicators", blank=True
    )
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("definition and source"), blank=True)
    level = models.CharField(_("level"), max_length=10, choices=IndicatorLevel.choices)
    measure_type = models.CharField(_("measure"), max_length=12, choices=MeasureType.choices)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    target_value = models.DecimalField(
        _("target value"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.HIGHER
    )
    cumulative = models.BooleanField(
        _("cumulative"),
        default=False,
        help_text=_(
            "The periods add up (tonnes sold each year); otherwise the latest value counts."
        ),
    )
    reported_by = models.CharField(
        _("who reports"), max_length=200, blank=True, help_text=_("Organisation or person.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["version"], m2m_fields=[sdg_targets])

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=~Q(measure_type="qualitative")
                | (Q(baseline_value__isnull=True) & Q(target_value__isnull=True)),
                name="qualitative_indicator_has_no_numbers",
            ),
            models.CheckConstraint(
                condition=~Q(measure_type="percentage")
                | (
                    (
                        Q(baseline_value__isnull=True)
                        | Q(baseline_value__gte=0, baseline_value__lte=100)
                    )
                    & (Q(target_value__isnull=True) | Q(target_value__gte=0, target_value__lte=100))
                ),
                name="percentage_indicator_within_0_100",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_qualitative(self) -> bool:
        return self.measure_type == MeasureType.QUALITATIVE


class MeasurementStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    APPROVED = "approved", _("approved")
    RETURNED = "returned", _("returned")


class Measurement(models.Model):
    """The value of an indicator over one period, reported then reviewed by an officer."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=3, null=True, blank=True)
    text_value = models.TextField(_("qualitative value"), blank=True)
    comment = models.TextField(_("comment"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to=measurement_evidence_path, blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MeasurementStatus.choices,
        default=MeasurementStatus.DRAFT,
    )
    review_note = models.TextField(_("note of the reviewer"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed on"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["period_end", "pk"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="measurement_period_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(value__isnull=False) | ~Q(text_value=""),
                name="reported_measurement_has_a_value",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(reviewed_at__isnull=False),
                name="approved_measurement_is_reviewed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} – {self.period_start}/{self.period_end}"


class ProjectDocument(models.Model):
    project = models.ForeignKey(
        CooperationProject, on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=project_document_path)
    is_public = models.BooleanField(_("shown on the public page"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("added on"), auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title


class Delegation(models.Model):
    """A foreign delegation hosted by the department."""

    department = models.ForeignKey(
        "partners.Department", on_delete=models.PROTECT, related_name="delegations"
    )
    project = models.ForeignKey(
        CooperationProject,
        verbose_name=_("project"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="delegations",
    )
    origin = models.ForeignKey(
        "partners.PartnerTerritory",
        verbose_name=_("coming from"),
        on_delete=models.PROTECT,
        related_name="delegations",
    )
    arrival_date = models.DateField(_("arrival"))
    departure_date = models.DateField(_("departure"))
    members = models.TextField(_("members"), help_text=_("One person per line, with their role."))
    programme = models.TextField(_("programme"), blank=True)
    structures = models.ManyToManyField(
        "partners.Organisation",
        verbose_name=_("ESS structures mobilised for their expertise"),
        related_name="delegations_hosted",
        blank=True,
    )
    outcomes = models.TextField(_("outcomes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-arrival_date"]
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        constraints = [
            models.CheckConstraint(
                condition=Q(departure_date__gte=F("arrival_date")),
                name="delegation_leaves_after_it_arrives",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.origin} – {self.arrival_date}"


class ExchangeKind(models.TextChoices):
    MEETING = "meeting", _("meeting")
    CALL = "call", _("call or video conference")
    VISIT = "visit", _("visit")
    OTHER = "other", _("other")


class Exchange(models.Model):
    """A meeting, call or visit between the actors of a project."""

    project = models.ForeignKey(
        CooperationProject, on_delete=models.CASCADE, related_name="exchanges"
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=ExchangeKind.choices)
    title = models.CharField(_("subject"), max_length=200)
    participants = models.TextField(_("participants"))
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("exchange")
        verbose_name_plural = _("exchanges")

    def __str__(self) -> str:
        return f"{self.date} – {self.title}"


class FollowUpAction(models.Model):
    exchange = models.ForeignKey(Exchange, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="follow_up_actions",
    )
    due_date = models.DateField(_("due date"))
    done_at = models.DateTimeField(_("done on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        indexes = [
            models.Index(
                fields=["due_date"], condition=Q(done_at__isnull=True), name="open_action_due_idx"
            )
        ]

    def __str__(self) -> str:
        return self.description
