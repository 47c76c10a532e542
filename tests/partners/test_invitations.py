"""One invitation, two kinds: a department's team and a project follow the same rules.

An invitation is accepted once, within its two weeks, by the person it was sent to; a
cancelled one opens nothing; every acceptance records who and when."""

import importlib
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.apps import apps
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from cooperation import services as cooperation_services
from cooperation.models import ContributorRole, ProjectContributor, ProjectInvitation
from partners import services
from partners.invitations import INVITATION_VALIDITY, invitation_is_expired
from partners.models import DepartmentInvitation, DepartmentMembership, DepartmentRole
from tests.factories import UserFactory
from tests.partners.helpers import french, text_of

EXPIRED_PROJECT_MSGID = "This invitation has expired: ask the department's officer for a new one."
EXPIRED_DEPARTMENT_MSGID = (
    "This invitation has expired: ask the department's administrator for a new one."
)


@dataclass(frozen=True)
class Kind:
    """One kind of invitation as the tests drive it."""

    name: str
    invite: Any  # () -> the invitation, sent to jeune@example.org
    accept: Any  # (invitation, user) -> what the person became
    cancel: Any  # (invitation) -> None
    model: Any
    page: str  # the acceptance page's address, with {token}
    expired_msgid: str

    def joined(self, user) -> bool:
        if self.model is DepartmentInvitation:
            return DepartmentMembership.objects.filter(user=user).exists()
        return ProjectContributor.objects.filter(user=user).exists()


@pytest.fixture
def project(dept94, officer94):
    return cooperation_services.project_create(
        department=dept94, created_by=officer94, title="Thé Shan de Yen Bai", kind="decentralised"
    )


@pytest.fixture
def department_kind(dept94, admin94) -> Kind:
    return Kind(
        name="department",
        invite=lambda: services.department_member_invite(
            department=dept94,
            email="Jeune@Example.org",
            role=DepartmentRole.OFFICER,
            invited_by=admin94,
        ),
        accept=lambda invitation, user: services.department_invitation_accept(
            invitation=invitation, user=user
        ),
        cancel=lambda invitation: services.department_invitation_cancel(invitation=invitation),
        model=DepartmentInvitation,
        page="/compte/invitations/{token}/",
        expired_msgid=EXPIRED_DEPARTMENT_MSGID,
    )


@pytest.fixture
def project_kind(project, officer94) -> Kind:
    return Kind(
        name="project",
        invite=lambda: cooperation_services.project_contributor_invite(
            project=project,
            email="Jeune@Example.org",
            role=ContributorRole.CONTRIBUTOR,
            invited_by=officer94,
        ),
        accept=lambda invitation, user: cooperation_services.project_invitation_accept(
            invitation=invitation, user=user
        ),
        cancel=lambda invitation: cooperation_services.project_invitation_cancel(
            invitation=invitation
        ),
        model=ProjectInvitation,
        page="/compte/projets/invitations/{token}/",
        expired_msgid=EXPIRED_PROJECT_MSGID,
    )


@pytest.fixture(params=["department", "project"])
def kind(request) -> Kind:
    return request.getfixturevalue(f"{request.param}_kind")


def _age(invitation, days: float) -> None:
    """Moves the invitation's sending back by ``days``."""
    sent = timezone.now() - timedelta(days=days)
    type(invitation).objects.filter(pk=invitation.pk).update(created_at=sent)
    invitation.refresh_from_db()


def _refusal(kind: Kind, invitation, user) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        kind.accept(invitation, user)
    return refused.value


# Expiry


def test_an_expired_project_invitation_is_refused(project_kind, young_applicant, client_for):
    invitation = project_kind.invite()
    _age(invitation, 15)

    refusal = _refusal(project_kind, invitation, young_applicant)

    assert refusal.code == "expired"
    assert refusal.messages == [french(EXPIRED_PROJECT_MSGID)]
    assert not project_kind.joined(young_applicant)
    invitation.refresh_from_db()
    assert (invitation.accepted_at, invitation.accepted_by) == (None, None)


def test_an_expired_department_invitation_is_refused(department_kind, young_applicant):
    invitation = department_kind.invite()
    _age(invitation, 15)

    refusal = _refusal(department_kind, invitation, young_applicant)

    assert refusal.code == "expired"
    assert refusal.messages == [french(EXPIRED_DEPARTMENT_MSGID)]
    assert not department_kind.joined(young_applicant)


def test_the_page_of_an_expired_invitation_says_so_and_offers_no_button(
    kind, young_applicant, client_for
):
    invitation = kind.invite()
    _age(invitation, 15)
    client = client_for(young_applicant)
    path = kind.page.format(token=invitation.token)

    page = client.get(path)
    posted = client.post(path)

    assert page.status_code == 200
    assert french(kind.expired_msgid) in text_of(page)
    assert french("Accept the invitation") not in text_of(page)
    assert posted.status_code == 200
    assert not kind.joined(young_applicant)


def test_an_invitation_is_valid_for_two_weeks(kind, young_applicant):
    invitation = kind.invite()
    _age(invitation, 13.9)

    assert timedelta(days=14) == INVITATION_VALIDITY
    assert not invitation_is_expired(invitation=invitation)
    kind.accept(invitation, young_applicant)

    assert kind.joined(young_applicant)


def test_an_expired_invitation_gives_way_to_a_new_one_to_the_same_address(kind):
    first = kind.invite()
    _age(first, 15)

    second = kind.invite()

    assert second.token != first.token
    assert list(kind.model.objects.values_list("pk", flat=True)) == [second.pk]
    assert len(mail.outbox) == 2


# Who accepted, and when


def test_an_acceptance_records_who_accepted_and_when(kind, young_applicant):
    invitation = kind.invite()
    before = timezone.now()

    kind.accept(invitation, young_applicant)

    stored = kind.model.objects.get(pk=invitation.pk)
    assert stored.accepted_by == young_applicant
    assert before <= stored.accepted_at <= timezone.now()
    assert kind.joined(young_applicant)


def test_the_acceptance_page_records_who_accepted(kind, young_applicant, client_for):
    invitation = kind.invite()

    response = client_for(young_applicant).post(kind.page.format(token=invitation.token))

    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.accepted_by == young_applicant
    assert invitation.accepted_at is not None


def test_an_invitation_accepted_with_another_address_records_nothing(
    kind, structure_manager, young_applicant
):
    invitation = kind.invite()

    refusal = _refusal(kind, invitation, structure_manager)

    assert refusal.code == "wrong_address"
    invitation.refresh_from_db()
    assert (invitation.accepted_at, invitation.accepted_by) == (None, None)
    assert not kind.joined(structure_manager)


# Cancelled, or already accepted


def test_a_cancelled_invitation_is_refused(kind, young_applicant, client_for):
    invitation = kind.invite()
    kind.cancel(invitation)

    refusal = _refusal(kind, invitation, young_applicant)

    assert refusal.code == "cancelled"
    assert not kind.joined(young_applicant)
    path = kind.page.format(token=invitation.token)
    assert client_for(young_applicant).post(path).status_code == 404


def test_the_same_token_cannot_be_accepted_twice(kind, young_applicant, client_for):
    invitation = kind.invite()
    stale = kind.model.objects.get(pk=invitation.pk)  # the page opened in a second tab
    kind.accept(invitation, young_applicant)
    accepted_at = kind.model.objects.get(pk=invitation.pk).accepted_at

    refusal = _refusal(kind, stale, young_applicant)

    assert refusal.code == "accepted"
    assert kind.model.objects.get(pk=invitation.pk).accepted_at == accepted_at
    path = kind.page.format(token=invitation.token)
    assert client_for(young_applicant).post(path).status_code == 404


def test_an_accepted_invitation_cannot_be_cancelled(kind, young_applicant):
    invitation = kind.invite()
    kind.accept(invitation, young_applicant)

    with pytest.raises(ValidationError):
        kind.cancel(invitation)

    assert kind.model.objects.filter(pk=invitation.pk).exists()


# The project invitations accepted before who accepted was recorded


def test_the_data_migration_names_the_addressee_of_project_invitations_accepted_before(
    project, young_applicant
):
    migration = importlib.import_module(
        "cooperation.migrations.0005_project_invitation_accepted_by"
    )
    accepted = ProjectInvitation.objects.create(
        project=project,
        email="jeune@example.org",
        role=ContributorRole.CONTRIBUTOR,
        token="accepted-before",
        accepted_at=timezone.now(),
    )
    without_account = ProjectInvitation.objects.create(
        project=project,
        email="gone@example.org",
        role=ContributorRole.READER,
        token="account-deleted",
        accepted_at=timezone.now(),
    )
    pending = ProjectInvitation.objects.create(
        project=project, email=UserFactory().email, role=ContributorRole.READER, token="pending"
    )

    migration.accepted_by_the_addressee(apps, None)

    accepted.refresh_from_db()
    without_account.refresh_from_db()
    pending.refresh_from_db()
    assert accepted.accepted_by == young_applicant
    assert without_account.accepted_by is None
    assert pending.accepted_by is None
