"""The call for projects, the documents it asks for and its review criteria."""

from typing import TypedDict

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from common.validators import BOUNDED_DATE_VALIDATORS, bounded_date_constraints


class DecimalLimits(TypedDict):
    max_digits: int
    decimal_places: int


AMOUNT: DecimalLimits = {"max_digits": 12, "decimal_places": 2}


class CallKind(models.TextChoices):
    YOUTH_SOLIDARITY = "youth_solidarity", _("youth solidarity initiatives")
    ESS_COOPERATION = "ess_cooperation", _("ESS cooperation")
    YOUTH_MOBILITY = "youth_mobility", _("youth mobility")
    OTHER = "other", _("other")


class CallState(models.TextChoices):
    # Contexts: French agrees the adjective with "appel" (masculine).
    DRAFT = "draft", pgettext_lazy("state of a call", "draft")
    PUBLISHED = "published", pgettext_lazy("state of a call", "published")
    CLOSED = "closed", pgettext_lazy("state of a call", "closed")
    ARCHIVED = "archived", pgettext_lazy("state of a call", "archived")


class CarrierKind(models.TextChoices):
    ASSOCIATION = "association", _("a team of young people carried by an association")
    ESS_STRUCTURE = "ess_structure", _("an ESS structure")
    INDIVIDUAL = "individual", _("an individual")


class DocumentFormat(models.TextChoices):
    """Formats an applicant may upload; each is checked by content (common.uploads)."""

    PDF = "pdf", "PDF"
    JPEG = "jpeg", "JPEG"
    PNG = "png", "PNG"
    ODT = "odt", "ODT"
    DOCX = "docx", "DOCX"
    XLSX = "xlsx", "XLSX"
    ODS = "ods", "ODS"


def _all_formats() -> list[str]:
    return list(DocumentFormat.values)


def _all_carrier_kinds() -> list[str]:
    return list(CarrierKind.values)


def call_template_path(instance, filename: str) -> str:
    return f"calls/{instance.call_id}/templates/{filename}"


class Call(models.Model):
    """A call for projects published by a department, such as "Initiatives jeunes
    solidaires" of Hauts-de-Seine."""

    department = models.ForeignKey(
        "partners.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="calls",
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=CallKind.choices)
    reference_prefix = models.CharField(
        _("prefix of the reference numbers"),
        max_length=8,
        help_text=_("Capital letters, for example AJS: the applications get AJS-2026-0001, …"),
    )
    description = models.TextField(_("description"), blank=True)
    funded_what = models.TextField(_("what is funded"), blank=True)
    faq = models.TextField(_("frequently asked questions"), blank=True)
    # Who may apply
    applicant_kinds = ArrayField(
        models.CharField(max_length=20, choices=CarrierKind.choices),
        verbose_name=_("who may apply"),
        default=_all_carrier_kinds,
    )
    min_age = models.PositiveSmallIntegerField(
        _("minimum age on the departure date"), null=True, blank=True
    )
    max_age = models.PositiveSmallIntegerField(
        _("maximum age on the departure date"), null=True, blank=True
    )
    must_be_attached_to_department = models.BooleanField(
        _("members must live, study or work in the department"), default=False
    )
    min_team_size = models.PositiveSmallIntegerField(_("minimum team size"), null=True, blank=True)
    max_team_size = models.PositiveSmallIntegerField(_("maximum team size"), null=True, blank=True)
    min_duration_days = models.PositiveSmallIntegerField(
        _("minimum duration (days)"), null=True, blank=True
    )
    max_duration_days = models.PositiveSmallIntegerField(
        _("maximum duration (days)"), null=True, blank=True
    )
    eligible_countries = CountryField(
        _("eligible destination countries"),
        multiple=True,
        blank=True,
        help_text=_("None chosen: every country is eligible."),
    )
    # Money
    envelope = models.DecimalField(_("total envelope (€)"), **AMOUNT)
    max_grant_amount = models.DecimalField(_("maximum grant (€)"), null=True, blank=True, **AMOUNT)
    max_grant_share = models.DecimalField(
        _("maximum share of the project budget (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    # Dates
    opens_at = models.DateTimeField(_("opens on"), validators=BOUNDED_DATE_VALIDATORS)
    closes_at = models.DateTimeField(_("closes on"), validators=BOUNDED_DATE_VALIDATORS)
    retention_months = models.PositiveSmallIntegerField(
        _("retention of the applications' personal data (months)"), default=36
    )
    state = models.CharField(
        _("state"), max_length=10, choices=CallState.choices, default=CallState.DRAFT
    )
    # Per-call sequence of the reference numbers, incremented under a row lock.
    last_reference_number = models.PositiveIntegerField(default=0, editable=False)
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
    history = HistoricalRecords(excluded_fields=["version", "updated_at", "last_reference_number"])

    class Meta:
        ordering = ["-closes_at", "title"]
        verbose_name = _("call for projects")
        verbose_name_plural = _("calls for projects")
        indexes = [
            models.Index(fields=["department", "state"], name="call_dept_state_idx"),
            models.Index(fields=["state", "closes_at"], name="call_state_closes_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="call_closes_after_it_opens"
            ),
            models.CheckConstraint(
                condition=Q(state__in=CallState.values), name="call_state_is_known"
            ),
            models.CheckConstraint(
                condition=Q(reference_prefix__regex=r"^[A-Z]{2,8}$"),
                name="call_reference_prefix_is_capitals",
            ),
            models.CheckConstraint(condition=Q(envelope__gte=0), name="call_envelope_not_negative"),
            models.CheckConstraint(
                condition=Q(max_grant_amount__isnull=True) | Q(max_grant_amount__gt=0),
                name="call_max_grant_positive",
            ),
            models.CheckConstraint(
                condition=Q(max_grant_amount__isnull=True) | Q(max_grant_amount__lte=F("envelope")),
                name="call_max_grant_within_envelope",
            ),
            models.CheckConstraint(
                condition=Q(max_grant_share__isnull=True)
                | Q(max_grant_share__gt=0, max_grant_share__lte=100),
                name="call_max_share_is_a_percentage",
            ),
            models.CheckConstraint(
                condition=Q(min_age__isnull=True)
                | Q(max_age__isnull=True)
                | Q(min_age__lte=F("max_age")),
                name="call_age_range_ordered",
            ),
            models.CheckConstraint(
                condition=Q(min_team_size__isnull=True) | Q(min_team_size__gte=1),
                name="call_min_team_at_least_one",
            ),
            models.CheckConstraint(
                condition=Q(min_team_size__isnull=True)
                | Q(max_team_size__isnull=True)
                | Q(min_team_size__lte=F("max_team_size")),
                name="call_team_size_range_ordered",
            ),
            models.CheckConstraint(
                condition=Q(min_duration_days__isnull=True)
                | Q(max_duration_days__isnull=True)
                | Q(min_duration_days__lte=F("max_duration_days")),
                name="call_duration_range_ordered",
            ),
            models.CheckConstraint(
                condition=Q(retention_months__gte=1), name="call_retention_at_least_a_month"
            ),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(published_at__isnull=False),
                name="call_published_has_a_date",
            ),
            models.CheckConstraint(
                condition=~Q(applicant_kinds=[]), name="call_has_applicant_kinds"
            ),
            *bounded_date_constraints("opens_at", "closes_at", "published_at", with_time=True),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("calls:call_detail", kwargs={"slug": self.slug})

    @property
    def phase(self) -> str:
        """ "upcoming", "open" or "past", for the public pages."""
        now = timezone.now()
        if self.state == CallState.PUBLISHED and now < self.opens_at:
            return "upcoming"
        return "open" if self.is_open else "past"

    @property
    def applicant_kind_labels(self) -> list[str]:
        return [str(CarrierKind(kind).label) for kind in self.applicant_kinds]

    @property
    def is_open(self) -> bool:
        """Published and between its opening and closing times."""
        now = timezone.now()
        return self.state == CallState.PUBLISHED and self.opens_at <= now < self.closes_at


class RequiredDocument(models.Model):
    """A document the applicants must (or, for minors, may have to) upload."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="required_documents")
    label = models.CharField(_("document"), max_length=200)
    help_text = models.TextField(_("explanation"), blank=True)
    allowed_formats = ArrayField(
        models.CharField(max_length=5, choices=DocumentFormat.choices),
        verbose_name=_("accepted formats"),
        default=_all_formats,
    )
    template = models.FileField(_("template to download"), upload_to=call_template_path, blank=True)
    is_required = models.BooleanField(_("required from every applicant"), default=True)
    required_if_minor = models.BooleanField(
        _("required when a member is under 18 on the departure date"),
        default=False,
        help_text=_("For the parental authorisation."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")
        constraints = [
            models.CheckConstraint(
                condition=~Q(allowed_formats=[]), name="required_document_has_formats"
            ),
            models.CheckConstraint(
                condition=~Q(is_required=True, required_if_minor=True),
                name="required_document_one_requirement_rule",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class Criterion(models.Model):
    """An evaluation criterion of the call, scored by each reviewer."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    label = models.CharField(_("criterion"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, default=1)
    max_score = models.PositiveSmallIntegerField(_("maximum score"), default=5)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_weight_positive"),
            models.CheckConstraint(
                condition=Q(max_score__gte=1), name="criterion_max_score_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.label
