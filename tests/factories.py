"""factory_boy factories of the portal's models.

Every user a factory creates can log in with ``DEFAULT_PASSWORD``: allauth's mandatory
e-mail verification is satisfied by a verified primary ``EmailAddress``.
"""

import csv
import json
from pathlib import Path

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone
from factory.django import DjangoModelFactory, Password

from partners.models import (
    Department,
    DepartmentMembership,
    DepartmentRole,
    LegalForm,
    MembershipStatus,
    Organisation,
    OrganisationKind,
    PartnerTerritory,
    PublicationStatus,
    StructureMembership,
    StructureRole,
    TerritoryKind,
    Theme,
    User,
)
from partners.reference import of_name

DEFAULT_PASSWORD = "pw"

# Codes the fixed cast of tests/conftest.py uses: the sequence never hands them out, so a
# department made by a factory is never silently the same row as dept94 or dept92.
CAST_DEPARTMENT_CODES = {"92", "94"}

_DEPARTMENTS_CSV = Path(__file__).resolve().parent.parent / "partners" / "data" / "departments.csv"
with _DEPARTMENTS_CSV.open(encoding="utf-8") as _file:
    REAL_DEPARTMENTS = {row["code"]: row for row in csv.DictReader(_file)}
_SEQUENCE_CODES = [code for code in REAL_DEPARTMENTS if code not in CAST_DEPARTMENT_CODES]

# The themes of the ESS named by the design brief: (code, French name, English name).
REFERENCE_THEMES = [
    ("insertion", "Insertion professionnelle", "Professional integration"),
    ("fair-trade", "Commerce équitable", "Fair trade"),
    ("short-supply-chains", "Circuits courts", "Short food supply chains"),
    ("waste", "Gestion des déchets", "Waste management"),
    ("renewable-energy", "Énergies renouvelables", "Renewable energy"),
    ("citizen-involvement", "Implication citoyenne", "Citizen involvement"),
    ("social-innovation", "Innovation sociale", "Social innovation"),
    ("education-youth", "Éducation et jeunesse", "Education and youth"),
    ("health", "Santé", "Health"),
    ("water-sanitation", "Eau et assainissement", "Water and sanitation"),
    ("agriculture-food", "Agriculture et alimentation", "Agriculture and food"),
    ("culture", "Culture", "Culture"),
    ("governance", "Gouvernance locale", "Local governance"),
]
_THEME_NAMES = {code: (name_fr, name_en) for code, name_fr, name_en in REFERENCE_THEMES}


_PREPOSITIONS = json.loads(
    (
        Path(__file__).resolve().parents[1] / "partners" / "data" / "department_prepositions.json"
    ).read_text(encoding="utf-8")
)["of"]


def _department_field(code: str, column: str, default: str) -> str:
    row = REAL_DEPARTMENTS.get(code)
    return row[column] if row else default


def _theme_name(code: str, language: str) -> str:
    if code in _THEME_NAMES:
        name_fr, name_en = _THEME_NAMES[code]
        return name_fr if language == "fr" else name_en
    return f"Thème {code}" if language == "fr" else f"Theme {code}"


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: _SEQUENCE_CODES[n % len(_SEQUENCE_CODES)])
    name = factory.LazyAttribute(
        lambda o: _department_field(o.code, "name", f"Département {o.code}")
    )
    name_of = factory.LazyAttribute(lambda o: of_name(_PREPOSITIONS.get(o.code, "de"), o.name))
    region_code = factory.LazyAttribute(lambda o: _department_field(o.code, "region_code", "11"))
    region_name = factory.LazyAttribute(
        lambda o: _department_field(o.code, "region_name", "Île-de-France")
    )
    latitude = factory.LazyAttribute(lambda o: _department_field(o.code, "latitude", "48.85667"))
    longitude = factory.LazyAttribute(lambda o: _department_field(o.code, "longitude", "2.34222"))


class ThemeFactory(DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"theme-{n}")
    name_fr = factory.LazyAttribute(lambda o: _theme_name(o.code, "fr"))
    name_en = factory.LazyAttribute(lambda o: _theme_name(o.code, "en"))
    position = factory.Sequence(lambda n: n)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Camille Lefèvre {n}")
    password = Password(DEFAULT_PASSWORD)

    @factory.post_generation
    def verified_email(self, create: bool, extracted: bool | None, **kwargs) -> None:
        """A verified primary address, so that allauth lets the user log in.

        ``UserFactory(verified_email=False)`` makes a user who has not confirmed yet.
        """
        if not create or extracted is False:
            return
        EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class DepartmentMembershipFactory(DjangoModelFactory):
    class Meta:
        model = DepartmentMembership

    user = factory.SubFactory(UserFactory)
    department = factory.SubFactory(DepartmentFactory)
    role = DepartmentRole.OFFICER


class PartnerTerritoryFactory(DjangoModelFactory):
    class Meta:
        model = PartnerTerritory

    name = factory.Sequence(lambda n: f"Province partenaire {n}")
    slug = factory.Sequence(lambda n: f"province-partenaire-{n}")
    kind = TerritoryKind.PROVINCE
    country = "VN"


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    class Params:
        pending = factory.Trait(status=PublicationStatus.PENDING, validated_at=None)

    kind = OrganisationKind.ESS_STRUCTURE
    name = factory.Sequence(lambda n: f"Structure solidaire {n}")
    slug = factory.Sequence(lambda n: f"structure-solidaire-{n}")
    legal_form = LegalForm.ASSOCIATION
    department = factory.SubFactory(DepartmentFactory)
    status = PublicationStatus.PUBLISHED
    validated_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def themes(self, create: bool, extracted, **kwargs) -> None:
        """``OrganisationFactory(themes=[theme, …])`` tags the structure."""
        if create and extracted:
            self.themes.add(*extracted)


class StructureMembershipFactory(DjangoModelFactory):
    class Meta:
        model = StructureMembership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = StructureRole.MANAGER
    status = MembershipStatus.ACTIVE


# Calls for projects (calls app)


def _in_days(days: int):
    return timezone.now() + timezone.timedelta(days=days)


def _letters(n: int) -> str:
    """0 → "A", 25 → "Z", 26 → "BA": capital letters only, as reference prefixes are."""
    letters = ""
    while True:
        n, rest = divmod(n, 26)
        letters = chr(ord("A") + rest) + letters
        if n == 0:
            return letters


def _euros(value: str):
    from decimal import Decimal

    return Decimal(value)


class CallFactory(DjangoModelFactory):
    """A published call, open for thirty more days, with no eligibility rule."""

    class Meta:
        model = "calls.Call"

    department = factory.SubFactory(DepartmentFactory)
    title = factory.Sequence(lambda n: f"Initiatives jeunes solidaires {n}")
    slug = factory.Sequence(lambda n: f"initiatives-jeunes-solidaires-{n}")
    kind = "youth_solidarity"
    reference_prefix = factory.Sequence(lambda n: "AJ" + _letters(n))
    description = "Soutenir les projets de solidarité internationale des jeunes."
    envelope = factory.LazyFunction(lambda: _euros("100000"))
    opens_at = factory.LazyFunction(lambda: _in_days(-10))
    closes_at = factory.LazyFunction(lambda: _in_days(30))
    state = "published"
    published_at = factory.LazyFunction(lambda: _in_days(-10))


class RequiredDocumentFactory(DjangoModelFactory):
    class Meta:
        model = "calls.RequiredDocument"

    call = factory.SubFactory(CallFactory)
    label = factory.Sequence(lambda n: f"Pièce {n}")


class CriterionFactory(DjangoModelFactory):
    class Meta:
        model = "calls.Criterion"

    call = factory.SubFactory(CallFactory)
    label = factory.Sequence(lambda n: f"Critère {n}")


class ApplicationFactory(DjangoModelFactory):
    """A draft application with only its title."""

    class Meta:
        model = "calls.Application"

    call = factory.SubFactory(CallFactory)
    applicant = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Projet solidaire {n}")


class TeamMemberFactory(DjangoModelFactory):
    class Meta:
        model = "calls.TeamMember"

    application = factory.SubFactory(ApplicationFactory)
    first_name = factory.Sequence(lambda n: f"Prénom{n}")
    last_name = "Martin"
    birth_date = factory.LazyFunction(lambda: timezone.localdate().replace(year=2003))
    gender = "female"
    town = "Nanterre"
    attached_to_department = True
    role = "membre"


class BudgetLineFactory(DjangoModelFactory):
    class Meta:
        model = "calls.BudgetLine"

    application = factory.SubFactory(ApplicationFactory)
    side = "expense"
    label = factory.Sequence(lambda n: f"Ligne {n}")
    amount = factory.LazyFunction(lambda: _euros("1000"))
