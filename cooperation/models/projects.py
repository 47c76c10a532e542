"""The cooperation project, its partners of both sides and its documents."""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.search import SEARCH_CONFIG
from common.validators import BOUNDED_DATE_VALIDATORS, bounded_date_constraints
from cooperation.models.sdgs import SdgTarget, SustainableDevelopmentGoal


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
    start_date = models.DateField(
        _("start date"), null=True, blank=True, validators=BOUNDED_DATE_VALIDATORS
    )
    end_date = models.DateField(
        _("end date"), null=True, blank=True, validators=BOUNDED_DATE_VALIDATORS
    )
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
    published_at = models.DateTimeField(
        _("published on"), null=True, blank=True, validators=BOUNDED_DATE_VALIDATORS
    )
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
            *bounded_date_constraints("start_date", "end_date"),
            *bounded_date_constraints("published_at", with_time=True),
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
