"""An application: its team, budget, documents, history and thread."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from calls.models.call import AMOUNT, Call, CarrierKind, RequiredDocument
from common.validators import BOUNDED_DATE_VALIDATORS, bounded_date_constraints


def application_document_path(instance, filename: str) -> str:
    return f"calls/applications/{instance.application_id}/documents/{filename}"


def message_attachment_path(instance, filename: str) -> str:
    return f"calls/applications/{instance.application_id}/messages/{filename}"


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
    departure_date = models.DateField(
        _("departure date"), null=True, blank=True, validators=BOUNDED_DATE_VALIDATORS
    )
    return_date = models.DateField(
        _("return date"), null=True, blank=True, validators=BOUNDED_DATE_VALIDATORS
    )
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
    submitted_at = models.DateTimeField(
        _("first submitted on"), null=True, blank=True, validators=BOUNDED_DATE_VALIDATORS
    )
    last_submitted_at = models.DateTimeField(
        _("last submitted on"), null=True, blank=True, validators=BOUNDED_DATE_VALIDATORS
    )
    reminder_sent_at = models.DateTimeField(
        _("reminder sent on"), null=True, blank=True, validators=BOUNDED_DATE_VALIDATORS
    )
    # Past the call's retention period the people's data are erased; what remains
    # (amounts, states, counts) feeds the statistics and the open data.
    anonymised_at = models.DateTimeField(
        _("personal data erased on"), null=True, blank=True, validators=BOUNDED_DATE_VALIDATORS
    )
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
            *bounded_date_constraints("departure_date", "return_date"),
            *bounded_date_constraints(
                "submitted_at",
                "last_submitted_at",
                "reminder_sent_at",
                "anonymised_at",
                with_time=True,
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
    birth_date = models.DateField(
        _("date of birth"), null=True, blank=True, validators=BOUNDED_DATE_VALIDATORS
    )
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
        constraints = [
            *bounded_date_constraints("birth_date"),
        ]

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
    at = models.DateTimeField(_("on"), default=timezone.now, validators=BOUNDED_DATE_VALIDATORS)
    reason = models.TextField(_("reason"), blank=True)
    amount = models.DecimalField(_("amount (€)"), null=True, blank=True, **AMOUNT)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("application event")
        verbose_name_plural = _("application events")
        constraints = [
            *bounded_date_constraints("at", with_time=True),
        ]

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
    created_at = models.DateTimeField(
        _("sent on"), default=timezone.now, validators=BOUNDED_DATE_VALIDATORS
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        constraints = [
            models.CheckConstraint(
                condition=Q(is_staff_note=False) | Q(from_staff=True),
                name="message_staff_note_is_from_staff",
            ),
            *bounded_date_constraints("created_at", with_time=True),
        ]

    def __str__(self) -> str:
        return self.body[:50]
