import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import IntegrityError, transaction

from partners.models import DepartmentRole, Organisation, OrganisationKind, PublicationStatus
from tests.factories import (
    DepartmentFactory,
    DepartmentMembershipFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

VALID_IDENTIFIERS = {"siren": "542051180", "siret": "54205118000066", "rna": "W751234567"}


def test_organisation_with_valid_identifiers_is_saved():
    organisation = OrganisationFactory(**VALID_IDENTIFIERS)

    organisation.refresh_from_db()
    assert organisation.siret == "54205118000066"


@pytest.mark.parametrize(
    ("bad_values", "constraint"),
    [
        ({"siren": "54205118A"}, "siren_is_9_digits"),
        ({"siret": "5420511800006X"}, "siret_is_14_digits"),
        ({"siret": "73282932000074"}, "siret_starts_with_siren"),
        ({"rna": "X751234567"}, "rna_format"),
        ({"rna": "W12345678"}, "rna_format"),
        ({"legal_form": ""}, "ess_structure_has_legal_form"),
        ({"department": None}, "ess_structure_has_department"),
        ({"validated_at": None}, "published_organisation_is_validated"),
        ({"latitude": 91}, "organisation_latitude_in_range"),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_database_refuses_an_invalid_organisation(bad_values, constraint):
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        OrganisationFactory(**{**VALID_IDENTIFIERS, **bad_values})

    assert not Organisation.objects.exists()


def test_organisation_other_than_ess_structure_needs_no_legal_form_nor_department():
    OrganisationFactory(kind=OrganisationKind.LOCAL_AUTHORITY, legal_form="", department=None)

    assert Organisation.objects.count() == 1


def test_pending_organisation_needs_no_validation_date():
    organisation = OrganisationFactory(pending=True)

    assert organisation.status == PublicationStatus.PENDING
    assert organisation.validated_at is None


def test_user_cannot_be_member_of_the_same_department_twice(dept94):
    membership = DepartmentMembershipFactory(department=dept94, role=DepartmentRole.VIEWER)

    with (
        pytest.raises(IntegrityError, match="one_membership_per_user_and_department"),
        transaction.atomic(),
    ):
        DepartmentMembershipFactory(
            user=membership.user, department=dept94, role=DepartmentRole.OFFICER
        )


def test_user_can_be_member_of_two_departments(dept94, dept92):
    user = UserFactory()
    DepartmentMembershipFactory(user=user, department=dept94)
    DepartmentMembershipFactory(user=user, department=dept92)

    assert user.department_memberships.count() == 2


def test_two_users_whose_emails_differ_only_by_case_are_refused():
    UserFactory(email="camille.martin@example.org")

    with (
        pytest.raises(IntegrityError, match="user_email_unique_ignoring_case"),
        transaction.atomic(),
    ):
        UserFactory(email="Camille.Martin@example.org")


@pytest.mark.parametrize("code", ["99X", "2C", "977", "1", "A1"])
def test_department_code_that_is_not_an_insee_code_is_refused(code):
    with pytest.raises(IntegrityError, match="department_code_is_insee"), transaction.atomic():
        DepartmentFactory(code=code)


@pytest.mark.parametrize("code", ["01", "2A", "2B", "976"])
def test_insee_department_codes_are_accepted(code):
    assert DepartmentFactory(code=code).pk is not None


def _search(words: str) -> set[str]:
    query = SearchQuery(words, config="french_unaccent", search_type="websearch")
    return set(Organisation.objects.filter(search_vector=query).values_list("name", flat=True))


def test_french_search_ignores_accents_and_plurals():
    OrganisationFactory(name="Coopératives solidaires")
    OrganisationFactory(name="Artisans du Monde")

    assert _search("cooperative") == {"Coopératives solidaires"}
    assert _search("artisans monde") == {"Artisans du Monde"}
    assert _search("artisan") == {"Artisans du Monde"}
    assert _search("solidaire coopérative") == {"Coopératives solidaires"}


def test_french_search_reads_the_town_and_the_description():
    OrganisationFactory(name="Terre d'échanges", city="Chevilly-Larue", description="Thé bio")
    OrganisationFactory(name="Autre structure", city="Créteil")

    assert _search("chevilly") == {"Terre d'échanges"}
    assert _search("the") == {"Terre d'échanges"}
