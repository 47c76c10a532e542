"""Who: departments, partner territories, organisations, people and their roles."""

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from common.search import SEARCH_CONFIG
from common.validators import BOUNDED_DATE_VALIDATORS, bounded_date_constraints
from partners.models_revisions import (  # noqa: F401  (a model of this app, in its own module)
    RevisionStatus,
    StructureRevision,
)
from partners.validators import RNA_PATTERN

# French full-text search that ignores accents: created by migration 0001.

LATITUDE_VALIDATORS = [
    MinValueValidator(-90, _("A latitude lies between -90 and 90.")),
    MaxValueValidator(90, _("A latitude lies between -90 and 90.")),
]
LONGITUDE_VALIDATORS = [
    MinValueValidator(-180, _("A longitude lies between -180 and 180.")),
    MaxValueValidator(180, _("A longitude lies between -180 and 180.")),
]


class LocalisedNameMixin:
    """Reference data carries its names in French and English; show the active one."""

    def localised(self, field: str) -> str:
        language = (get_language() or "fr")[:2]
        return getattr(self, f"{field}_{language}", "") or getattr(self, f"{field}_fr")


class Theme(LocalisedNameMixin, models.Model):
    """A field of action of the ESS (fair trade, professional integration, …)."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.localised("name")


class Department(models.Model):
    """A French department (conseil départemental), identified by its INSEE code."""

    code = models.CharField(_("INSEE code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100)
    # French needs the article: « Département du Val-de-Marne », « des Hauts-de-Seine ».
    name_of = models.CharField(_("name after “of” (French)"), max_length=110, blank=True)
    region_code = models.CharField(_("region code"), max_length=2)
    region_name = models.CharField(_("region"), max_length=100)
    latitude = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5)
    longitude = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5)
    presentation = models.TextField(_("presentation"), blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    # The council's own SIRET: the "idAttribuant" of its grants in the open data.
    siret = models.CharField(_("SIRET of the council"), max_length=14, blank=True)
    # Optimistic locking: an edit based on an older version is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["code"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^([0-9]{2}|2A|2B|97[1-6])$"),
                name="department_code_is_insee",
            ),
            models.CheckConstraint(
                condition=Q(siret="") | Q(siret__regex=r"^[0-9]{14}$"),
                name="department_siret_is_14_digits",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def get_absolute_url(self) -> str:
        return reverse("portal:department_detail", kwargs={"code": self.code})

    @property
    def council(self) -> str:
        """The institution, as each language names it: « Département du Val-de-Marne »,
        "Val-de-Marne departmental council"."""
        if (get_language() or "fr").startswith("fr"):
            return f"Département {self.name_of or 'de ' + self.name}"
        return f"{self.name} departmental council"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **fields: Any) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> "User":
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> "User":
        fields.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person; logs in with an e-mail address."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    is_staff = models.BooleanField(
        _("platform operator"),
        default=False,
        help_text=_("Gives access to the Django administration (superusers only)."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(
        _("joined on"), default=timezone.now, validators=BOUNDED_DATE_VALIDATORS
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ignoring_case"),
            *bounded_date_constraints("date_joined", with_time=True),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class DepartmentRole(models.TextChoices):
    ADMIN = "admin", _("administrator")
    OFFICER = "officer", _("officer")
    REVIEWER = "reviewer", _("reviewer")
    VIEWER = "viewer", _("viewer (read only)")


class DepartmentMembership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="department_memberships"
    )
    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=DepartmentRole.choices)
    created_at = models.DateTimeField(_("member since"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["department__code", "user__email"]
        verbose_name = _("department membership")
        verbose_name_plural = _("department memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "department"], name="one_membership_per_user_and_department"
            ),
            models.CheckConstraint(
                condition=Q(role__in=DepartmentRole.values), name="department_role_is_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.department} ({self.get_role_display()})"


class Invitation(models.Model):
    """An e-mail invitation to join something: a department's team, a project. What joining
    means belongs to each kind (see ``partners.invitations``); the invitation is valid for
    two weeks, is accepted once by the person it was sent to, and a cancelled one is
    deleted."""

    email = models.EmailField(_("e-mail address"))
    token = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("sent on"), auto_now_add=True)
    accepted_at = models.DateTimeField(
        _("accepted on"), null=True, blank=True, validators=BOUNDED_DATE_VALIDATORS
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    @property
    def is_accepted(self) -> bool:
        return self.accepted_at is not None


class DepartmentInvitation(Invitation):
    """An e-mail invitation to join a department's team with a role."""

    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(_("role"), max_length=10, choices=DepartmentRole.choices)

    class Meta(Invitation.Meta):
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                "department",
                Lower("email"),
                condition=Q(accepted_at__isnull=True),
                name="one_pending_invitation_per_email_and_department",
            ),
            *bounded_date_constraints("accepted_at", with_time=True),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.department}"


class TerritoryKind(models.TextChoices):
    COUNTRY = "country", _("country")
    REGION = "region", _("region")
    PROVINCE = "province", _("province")
    STATE = "state", _("state or federated entity")
    DISTRICT = "district", _("district or county")
    MUNICIPALITY = "municipality", _("municipality")
    CROSS_BORDER = "cross_border", _("cross-border area")


class PartnerTerritory(models.Model):
    """A territory abroad or across the border with which departments cooperate."""

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=160, unique=True)
    kind = models.CharField(_("kind"), max_length=15, choices=TerritoryKind.choices)
    country = CountryField(_("country"))
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=LATITUDE_VALIDATORS,
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=LONGITUDE_VALIDATORS,
    )
    languages = models.CharField(
        _("languages"), max_length=200, blank=True, help_text=_("For example: Vietnamese, Tay")
    )
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner territory")
        verbose_name_plural = _("partner territories")
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="territory_latitude_in_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="territory_longitude_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.country.name})"


class OrganisationKind(models.TextChoices):
    ESS_STRUCTURE = "ess", _("ESS structure")
    LOCAL_AUTHORITY = "local_authority", _("local authority")
    NETWORK = "network", _("network")
    TRAINING = "training", _("training establishment")
    COMPANY = "company", _("company")
    CITIZENS_GROUP = "citizens", _("citizens' group")
    PUBLIC_BODY = "public_body", _("public body")


class LegalForm(models.TextChoices):
    ASSOCIATION = "association", _("association (1901 law)")
    LOCAL_LAW_ASSOCIATION = "association_local", _("local-law association (Alsace-Moselle)")
    SCOP = "scop", _("SCOP (workers' cooperative)")
    SCIC = "scic", _("SCIC (collective-interest cooperative)")
    COOPERATIVE = "cooperative", _("other cooperative")
    MUTUAL = "mutual", _("mutual")
    FOUNDATION = "foundation", _("foundation")
    ESS_COMPANY = "ess_company", _("ESS commercial company")


class PublicationStatus(models.TextChoices):
    PENDING = "pending", _("awaiting validation")
    PUBLISHED = "published", _("published")
    ARCHIVED = "archived", _("archived")


class Organisation(models.Model):
    """Any actor: an ESS structure, a local authority, a network, a company, …"""

    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    legal_form = models.CharField(
        _("legal form"), max_length=20, choices=LegalForm.choices, blank=True
    )
    siren = models.CharField(_("SIREN"), max_length=9, blank=True)
    siret = models.CharField(_("SIRET of the head office"), max_length=14, blank=True)
    rna = models.CharField(_("RNA number"), max_length=10, blank=True)
    local_register_number = models.CharField(
        _("association register number (court)"),
        max_length=60,
        blank=True,
        help_text=_("Alsace-Moselle local-law associations: register of the judicial court."),
    )
    esus_approved = models.BooleanField(_("ESUS approval"), default=False)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=12, blank=True)
    city = models.CharField(_("town"), max_length=100, blank=True)
    country = CountryField(_("country"), default="FR")
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="organisations",
        null=True,
        blank=True,
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=LATITUDE_VALIDATORS,
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=LONGITUDE_VALIDATORS,
    )
    website = models.URLField(_("website"), blank=True)
    public_email = models.EmailField(_("public contact e-mail"), blank=True)
    public_phone = models.CharField(_("public phone"), max_length=30, blank=True)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("publication"),
        max_length=10,
        choices=PublicationStatus.choices,
        default=PublicationStatus.PENDING,
    )
    validated_at = models.DateTimeField(
        _("validated on"), null=True, blank=True, validators=BOUNDED_DATE_VALIDATORS
    )
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("validated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
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
    # Optimistic locking: an edit based on an older version is refused.
    version = models.PositiveIntegerField(default=1, editable=False)
    search_vector = models.GeneratedField(
        expression=SearchVector("name", weight="A", config=SEARCH_CONFIG)
        + SearchVector("city", weight="B", config=SEARCH_CONFIG)
        + SearchVector("description", weight="C", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    history = HistoricalRecords(
        excluded_fields=["search_vector", "version", "updated_at"], m2m_fields=[themes]
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [
            GinIndex(fields=["search_vector"], name="organisation_search_idx"),
            models.Index(fields=["department", "status", "kind"], name="organisation_dept_idx"),
            # The public directory and the latest structures of the home page.
            models.Index(
                "name",
                condition=Q(
                    kind=OrganisationKind.ESS_STRUCTURE, status=PublicationStatus.PUBLISHED
                ),
                name="structure_directory_idx",
            ),
            models.Index(
                F("validated_at").desc(),
                condition=Q(
                    kind=OrganisationKind.ESS_STRUCTURE, status=PublicationStatus.PUBLISHED
                ),
                name="structure_latest_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(siren="") | Q(siren__regex=r"^[0-9]{9}$"), name="siren_is_9_digits"
            ),
            models.UniqueConstraint(
                fields=["siren"], condition=~Q(siren=""), name="one_organisation_per_siren"
            ),
            models.CheckConstraint(
                condition=Q(siret="") | Q(siret__regex=r"^[0-9]{14}$"), name="siret_is_14_digits"
            ),
            models.CheckConstraint(
                condition=Q(siret="") | Q(siren="") | Q(siret__startswith=models.F("siren")),
                name="siret_starts_with_siren",
            ),
            models.CheckConstraint(
                condition=Q(rna="") | Q(rna__regex=RNA_PATTERN), name="rna_format"
            ),
            models.CheckConstraint(
                condition=~Q(kind="ess") | ~Q(legal_form=""), name="ess_structure_has_legal_form"
            ),
            models.CheckConstraint(
                condition=~Q(kind="ess") | Q(department__isnull=False),
                name="ess_structure_has_department",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(validated_at__isnull=False),
                name="published_organisation_is_validated",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="organisation_latitude_in_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="organisation_longitude_in_range",
            ),
            *bounded_date_constraints("validated_at", with_time=True),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partners:structure_detail", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        return self.status == PublicationStatus.PUBLISHED


class StructureRole(models.TextChoices):
    MANAGER = "manager", _("manager")
    MEMBER = "member", _("member")


class MembershipStatus(models.TextChoices):
    PENDING = "pending", _("awaiting approval")
    ACTIVE = "active", _("active")


class StructureMembership(models.Model):
    """A person's role in an organisation; a claim waits for an officer's approval."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="structure_memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=StructureRole.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MembershipStatus.choices,
        default=MembershipStatus.ACTIVE,
    )
    claim_message = models.TextField(_("message to the department"), blank=True)
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("structure membership")
        verbose_name_plural = _("structure memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="one_membership_per_user_and_structure"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"
