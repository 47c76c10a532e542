"""The fixed cast of the suite: two departments and one person for every kind of access.

Like healthchecks' ``hc/test.py``: tests pick the people they need by name, and the
permission matrix walks ``cast`` (role name → user, ``None`` for an anonymous visitor).
Every user logs in with ``tests.factories.DEFAULT_PASSWORD``.
"""

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.cache import caches
from django.test import Client

from partners.models import (
    DepartmentRole,
    LegalForm,
    Organisation,
    OrganisationKind,
    PublicationStatus,
    StructureRole,
    Theme,
    User,
)
from tests.factories import (
    REFERENCE_THEMES,
    DepartmentFactory,
    DepartmentMembershipFactory,
    OrganisationFactory,
    StructureMembershipFactory,
    ThemeFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache: the public data version (a sequence, outside
    the rolled-back transactions) may repeat a value a previous test cached pages under."""
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def themes(db) -> dict[str, Theme]:
    """The 13 reference themes, by code."""
    return {
        code: ThemeFactory(code=code, name_fr=name_fr, name_en=name_en, position=position)
        for position, (code, name_fr, name_en) in enumerate(REFERENCE_THEMES, start=1)
    }


@pytest.fixture
def dept94(db):
    return DepartmentFactory(
        code="94",
        name="Val-de-Marne",
        region_code="11",
        region_name="Île-de-France",
        latitude=Decimal("48.77750"),
        longitude=Decimal("2.46889"),
    )


@pytest.fixture
def dept92(db):
    return DepartmentFactory(
        code="92",
        name="Hauts-de-Seine",
        region_code="11",
        region_name="Île-de-France",
        latitude=Decimal("48.84722"),
        longitude=Decimal("2.24583"),
    )


def _member(email: str, full_name: str, department, role: str) -> User:
    user = UserFactory(email=email, full_name=full_name)
    DepartmentMembershipFactory(user=user, department=department, role=role)
    return user


@pytest.fixture
def admin94(dept94) -> User:
    return _member("admin94@example.org", "Anne Admin", dept94, DepartmentRole.ADMIN)


@pytest.fixture
def officer94(dept94) -> User:
    return _member("officer94@example.org", "Olivier Agent", dept94, DepartmentRole.OFFICER)


@pytest.fixture
def viewer94(dept94) -> User:
    return _member("viewer94@example.org", "Valérie Élue", dept94, DepartmentRole.VIEWER)


@pytest.fixture
def officer92(dept92) -> User:
    return _member("officer92@example.org", "Océane Agente", dept92, DepartmentRole.OFFICER)


@pytest.fixture
def reviewer92(dept92) -> User:
    return _member("reviewer92@example.org", "Rémi Jury", dept92, DepartmentRole.REVIEWER)


@pytest.fixture
def reviewer94(dept94) -> User:
    return _member("reviewer94@example.org", "Romain Jury", dept94, DepartmentRole.REVIEWER)


@pytest.fixture
def artisans_du_monde(dept94) -> Organisation:
    """A published ESS structure of Val-de-Marne, tagged fair trade."""
    fair_trade = ThemeFactory(code="fair-trade")
    return OrganisationFactory(
        name="Artisans du Monde",
        slug="artisans-du-monde",
        city="Chevilly-Larue",
        department=dept94,
        themes=[fair_trade],
    )


@pytest.fixture
def structure_manager(artisans_du_monde) -> User:
    user = UserFactory(email="structure@example.org", full_name="Sophie Gérante")
    StructureMembershipFactory(
        user=user, organisation=artisans_du_monde, role=StructureRole.MANAGER
    )
    return user


@pytest.fixture
def young_applicant(db) -> User:
    return UserFactory(email="jeune@example.org", full_name="Yanis Jeune")


@pytest.fixture
def superuser(db) -> User:
    return UserFactory(
        email="superuser@example.org",
        full_name="Sam Opérateur",
        is_superuser=True,
        is_staff=True,
    )


@pytest.fixture
def cast(
    admin94,
    officer94,
    viewer94,
    officer92,
    reviewer92,
    structure_manager,
    young_applicant,
    superuser,
) -> dict[str, User | None]:
    """Everyone, by role name; ``anonymous`` is ``None``."""
    return {
        "anonymous": None,
        "young_applicant": young_applicant,
        "structure_manager": structure_manager,
        "viewer94": viewer94,
        "reviewer92": reviewer92,
        "officer92": officer92,
        "officer94": officer94,
        "admin94": admin94,
        "superuser": superuser,
    }


@pytest.fixture
def people(cast, reviewer94) -> dict[str, User | None]:
    """The cast of the permission matrices (tests/permission_matrix.py): everyone, plus a
    reviewer of 94 so that all four roles of a department are walked."""
    return {**cast, "reviewer94": reviewer94}


@pytest.fixture
def client_for(db) -> Callable[[User | None], Client]:
    """``client_for(user)``: a test client logged in as ``user`` (``None``: anonymous)."""

    def make(user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def officer(officer94, client_for) -> Client:
    """The officer of Val-de-Marne, logged in (the calls' staff views override it with 92's)."""
    return client_for(officer94)


@pytest.fixture
def coopératives(dept92, themes):
    """A published SCIC of 92, ESUS approved, tagged insertion."""
    return OrganisationFactory(
        name="Coopératives du Grand Paris",
        slug="cooperatives-du-grand-paris",
        legal_form=LegalForm.SCIC,
        esus_approved=True,
        city="Nanterre",
        department=dept92,
        themes=[themes["insertion"]],
    )


@pytest.fixture
def hidden_organisations(dept94):
    """Everything of 94 that must never reach the public directory."""
    return {
        "pending": OrganisationFactory(
            name="Artisans en attente", slug="artisans-en-attente", department=dept94, pending=True
        ),
        "archived": OrganisationFactory(
            name="Artisans archivés",
            slug="artisans-archives",
            department=dept94,
            status=PublicationStatus.ARCHIVED,
        ),
        "not_ess": OrganisationFactory(
            name="Réseau des artisans",
            slug="reseau-des-artisans",
            kind=OrganisationKind.NETWORK,
            legal_form="",
            department=dept94,
        ),
    }
