"""Calls for projects: the call, its applications, their instruction, the review by
reviewers, the committee's decisions, the grants and the winners' final reports.

Rules (who may do what, when) live in `calls.services` and `calls.workflow`; the
database keeps what can be said as a constraint.
"""

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

AMOUNT = {"max_digits": 12, "decimal_places": 2}


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


def application_document_path(instance, filename: str) -> str:
    return f"calls/applications/{instance.application_id}/documents/{filename}"


def message_attachment_path(instance, filename: str) -> str:
    return f"calls/applications/{instance.application_id}/messages/{filename}"


def final_report_path(instance, filename: str) -> str:
    return f"calls/applications/{instance.application_id}/report/{filename}"


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
    opens_at = models.DateTimeField(_("opens on"))
    closes_at = models.DateTimeField(_("closes on"))
    retention_months = models.PositiveSmallIntegerField(
        _("retention of the applications' personal data (months)"), default=36
    )
    state = models.CharField(
        _("state"), max_length=10, choices=CallState.choices, default=CallState.DRAFT
    )
    # Per-call sequence of the reference numbers, incremented under a row lock.
    last_reference_number = models.PositiveIntegerField(default=0, editable=False)
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
        return [CarrierKind(kind).label for kind in self.applicant_kinds]

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


class ApplicationState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    UNDER_REVIEW = "under_review", _("under review")
    CHANGES_REQUESTED = "changes_requested", _("changes requested")
    ELIGIBLE = "eligible", _("eligible")
    INELIGIBLE = "ineligible", _("ineligible")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")
    CLOSED = "closed", pgettext_lazy("state of an application", "closed")


class Application(models.Model):
    """An application to a call: a draft until its applicant submits it."""

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    reference = models.CharField(
        _("reference number"), max_length=20, unique=True, null=True, blank=True, editable=False
    )
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=ApplicationState.choices,
        default=ApplicationState.DRAFT,
    )
    # The carrier
    carrier_kind = models.CharField(
        _("who carries the project"), max_length=20, choices=CarrierKind.choices, blank=True
    )
    carrier_structure = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("carrying structure"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
    )
    carrier_name = models.CharField(_("name of the carrier"), max_length=200, blank=True)
    carrier_details = models.TextField(_("address and contact of the carrier"), blank=True)
    # The project
    title = models.CharField(_("title of the project"), max_length=200, blank=True)
    destination_country = CountryField(_("destination country"), blank=True)
    local_partner = models.CharField(_("local partner"), max_length=200, blank=True)
    local_partner_details = models.TextField(_("about the local partner"), blank=True)
    departure_date = models.DateField(_("departure date"), null=True, blank=True)
    return_date = models.DateField(_("return date"), null=True, blank=True)
    sdgs = models.ManyToManyField(
        "cooperation.SustainableDevelopmentGoal",
        verbose_name=_("SDGs"),
        related_name="applications",
        blank=True,
    )
    description = models.TextField(_("description of the project"), blank=True)
    expected_effects = models.TextField(_("expected effects"), blank=True)
    public_presentation = models.TextField(
        _("public presentation planned after the return"), blank=True
    )
    # Budget and decision
    requested_amount = models.DecimalField(
        _("amount requested from the department (€)"), null=True, blank=True, **AMOUNT
    )
    granted_amount = models.DecimalField(_("amount granted (€)"), null=True, blank=True, **AMOUNT)
    declaration_accepted = models.BooleanField(_("declaration accepted"), default=False)
    # Life of the application
    submitted_snapshot = models.JSONField(_("submitted content"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("first submitted on"), null=True, blank=True)
    last_submitted_at = models.DateTimeField(_("last submitted on"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent on"), null=True, blank=True)
    # Past the call's retention period the people's data are erased; what remains
    # (amounts, states, counts) feeds the statistics and the open data.
    anonymised_at = models.DateTimeField(_("personal data erased on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated on"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(
        excluded_fields=["version", "updated_at", "submitted_snapshot"], m2m_fields=[sdgs]
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        indexes = [
            models.Index(fields=["call", "state"], name="application_call_state_idx"),
            models.Index(fields=["applicant", "-created_at"], name="application_applicant_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=ApplicationState.values),
                name="application_state_is_known",
            ),
            models.CheckConstraint(
                condition=Q(return_date__isnull=True)
                | Q(departure_date__isnull=True)
                | Q(return_date__gte=F("departure_date")),
                name="application_returns_after_departure",
            ),
            models.CheckConstraint(
                condition=Q(requested_amount__isnull=True) | Q(requested_amount__gte=0),
                name="application_request_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(granted_amount__isnull=True) | Q(granted_amount__gte=0),
                name="application_grant_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(granted_amount__isnull=True)
                | Q(requested_amount__isnull=False, granted_amount__lte=F("requested_amount")),
                name="application_grant_within_request",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["draft", "withdrawn"])
                | Q(reference__isnull=False, submitted_at__isnull=False),
                name="application_submitted_has_reference",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=["accepted", "closed"]) | Q(granted_amount__isnull=False),
                name="application_accepted_has_amount",
            ),
            models.CheckConstraint(
                condition=~Q(carrier_kind="individual") | Q(carrier_structure__isnull=True),
                name="application_individual_has_no_structure",
            ),
            models.UniqueConstraint(
                fields=["call", "applicant"],
                condition=~Q(state="withdrawn"),
                name="one_live_application_per_call_and_applicant",
            ),
        ]

    def __str__(self) -> str:
        return self.reference or self.title or str(_("draft application"))

    @property
    def is_draft(self) -> bool:
        return self.state == ApplicationState.DRAFT

    @property
    def duration_days(self) -> int | None:
        if self.departure_date and self.return_date:
            return (self.return_date - self.departure_date).days + 1
        return None


class Gender(models.TextChoices):
    FEMALE = "female", _("woman")
    MALE = "male", _("man")
    OTHER = "other", _("other or not stated")


class TeamMember(models.Model):
    """A young person of the team (the applicant may be one of them)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="members")
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    town = models.CharField(_("town of residence"), max_length=100, blank=True)
    attached_to_department = models.BooleanField(
        _("lives, studies or works in the department"), default=False
    )
    role = models.CharField(_("role in the project"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or str(_("member"))


class BudgetSide(models.TextChoices):
    EXPENSE = "expense", _("expense")
    RESOURCE = "resource", _("resource")


class BudgetLine(models.Model):
    """A line of the project's budget. The amount requested from the department is not a
    line: it is `Application.requested_amount`, counted among the resources."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="budget_lines"
    )
    side = models.CharField(_("side"), max_length=10, choices=BudgetSide.choices)
    label = models.CharField(_("label"), max_length=200)
    amount = models.DecimalField(_("amount (€)"), **AMOUNT)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["side", "position", "pk"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="budget_line_amount_positive"),
            models.CheckConstraint(
                condition=Q(side__in=BudgetSide.values), name="budget_line_side_is_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.amount}"


class ApplicationDocument(models.Model):
    """A file uploaded with an application, stored outside any public path."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    required_document = models.ForeignKey(
        RequiredDocument,
        verbose_name=_("for the document"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="uploads",
    )
    file = models.FileField(_("file"), upload_to=application_document_path)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("added on"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("application document")
        verbose_name_plural = _("application documents")

    def __str__(self) -> str:
        return self.original_name


class ApplicationEvent(models.Model):
    """One transition of an application: its timeline (who, when, why)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(
        _("from"), max_length=20, choices=ApplicationState.choices, blank=True
    )
    to_state = models.CharField(_("to"), max_length=20, choices=ApplicationState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(_("on"), default=timezone.now)
    reason = models.TextField(_("reason"), blank=True)
    amount = models.DecimalField(_("amount (€)"), null=True, blank=True, **AMOUNT)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("application event")
        verbose_name_plural = _("application events")

    def __str__(self) -> str:
        return f"{self.application}: {self.from_state} → {self.to_state}"


class Message(models.Model):
    """A message of the thread between the applicant and the officers, or a private note
    of the staff (`is_staff_note`), never shown to the applicant."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_staff = models.BooleanField(_("written by the department"), default=False)
    is_staff_note = models.BooleanField(_("private note of the department"), default=False)
    body = models.TextField(_("message"))
    attachment = models.FileField(_("attachment"), upload_to=message_attachment_path, blank=True)
    attachment_name = models.CharField(_("attachment name"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("sent on"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        constraints = [
            models.CheckConstraint(
                condition=Q(is_staff_note=False) | Q(from_staff=True),
                name="message_staff_note_is_from_staff",
            ),
        ]

    def __str__(self) -> str:
        return self.body[:50]


class ReviewAssignment(models.Model):
    """A reviewer asked to score an application; recused once they declare a conflict."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="assignments"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="review_assignments",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned on"), default=timezone.now)
    # None: not declared yet; True: a conflict of interest (recused); False: none.
    conflict_declared = models.BooleanField(_("conflict of interest"), null=True, blank=True)
    conflict_details = models.TextField(_("about the conflict"), blank=True)
    declared_at = models.DateTimeField(_("declared on"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("review submitted on"), null=True, blank=True)

    class Meta:
        ordering = ["assigned_at", "pk"]
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="one_assignment_per_reviewer"
            ),
            models.CheckConstraint(
                condition=Q(conflict_declared__isnull=True) | Q(declared_at__isnull=False),
                name="assignment_declaration_dated",
            ),
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True) | Q(conflict_declared=False),
                name="assignment_submitted_without_conflict",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} → {self.application}"


class Score(models.Model):
    """A reviewer's score on one criterion; no value means "not applicable" (left out of
    the average). The range 0…max_score is checked by the service."""

    assignment = models.ForeignKey(
        ReviewAssignment, on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    value = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["criterion__position", "criterion_id"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "criterion"], name="one_score_per_criterion"
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0), name="score_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


class CommitteeState(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("state of a committee session", "planned")
    HELD = "held", _("held (decisions final)")


class CommitteeSession(models.Model):
    """A meeting of the selection committee of a call."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="committee_sessions")
    date = models.DateTimeField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    members_present = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members present"),
        related_name="committee_sessions",
        blank=True,
    )
    other_attendees = models.TextField(
        _("other people present"), blank=True, help_text=_("One person per line.")
    )
    minutes = models.TextField(_("minutes"), blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=CommitteeState.choices, default=CommitteeState.PLANNED
    )
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["-date"]
        verbose_name = _("committee session")
        verbose_name_plural = _("committee sessions")

    def __str__(self) -> str:
        return f"{self.call} – {self.date:%Y-%m-%d}"


class Decision(models.TextChoices):
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")


class CommitteeDecision(models.Model):
    session = models.ForeignKey(
        CommitteeSession, on_delete=models.CASCADE, related_name="decisions"
    )
    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="committee_decision"
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    amount = models.DecimalField(_("amount granted (€)"), null=True, blank=True, **AMOUNT)
    motivation = models.TextField(_("motivation"), blank=True)
    decided_at = models.DateTimeField(_("decided on"), default=timezone.now)

    class Meta:
        ordering = ["session", "pk"]
        verbose_name = _("committee decision")
        verbose_name_plural = _("committee decisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="accepted", amount__isnull=False, amount__gt=0)
                | Q(decision="rejected", amount__isnull=True),
                name="decision_amount_matches_decision",
            ),
            models.CheckConstraint(
                condition=~Q(decision="rejected") | ~Q(motivation=""),
                name="rejection_is_motivated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application}: {self.get_decision_display()}"


class Grant(models.Model):
    """The grant of an accepted application, paid in instalments."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="grant")
    amount = models.DecimalField(_("amount (€)"), **AMOUNT)
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="grant_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.application}: {self.amount} €"


class InstalmentKind(models.TextChoices):
    ADVANCE = "advance", _("advance")
    BALANCE = "balance", _("balance")


class InstalmentState(models.TextChoices):
    PLANNED = "planned", _("planned")
    PAID = "paid", _("paid")
    CANCELLED = "cancelled", _("cancelled")


class Instalment(models.Model):
    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="instalments")
    kind = models.CharField(_("kind"), max_length=10, choices=InstalmentKind.choices)
    amount = models.DecimalField(_("amount (€)"), **AMOUNT)
    due_date = models.DateField(_("due on"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=InstalmentState.choices, default=InstalmentState.PLANNED
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["grant", "kind"]
        verbose_name = _("instalment")
        verbose_name_plural = _("instalments")
        constraints = [
            models.UniqueConstraint(fields=["grant", "kind"], name="one_instalment_per_kind"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="instalment_amount_positive"),
            models.CheckConstraint(
                condition=~Q(state="paid") | Q(paid_on__isnull=False),
                name="paid_instalment_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.amount} €"


class FinalReport(models.Model):
    """What the winners report after their return."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="final_report"
    )
    narrative = models.TextField(_("what happened"), blank=True)
    presentation_date = models.DateField(_("public presentation held on"), null=True, blank=True)
    presentation_place = models.CharField(
        _("place of the presentation"), max_length=200, blank=True
    )
    presentation_audience = models.PositiveIntegerField(
        _("number of people in the audience"), null=True, blank=True
    )
    financial_report = models.FileField(
        _("financial report"), upload_to=final_report_path, blank=True
    )
    financial_report_name = models.CharField(max_length=255, blank=True)
    submitted_at = models.DateTimeField(_("submitted on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated on"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["version", "updated_at"])

    class Meta:
        verbose_name = _("final report")
        verbose_name_plural = _("final reports")

    def __str__(self) -> str:
        return f"{self.application}: {_('final report')}"
