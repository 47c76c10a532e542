"""Direct tests of partners.services: the rules about who becomes what."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from partners import services
from partners.models import (
    DepartmentInvitation,
    DepartmentMembership,
    DepartmentRole,
    MembershipStatus,
    Organisation,
    OrganisationKind,
    PublicationStatus,
    StructureMembership,
    StructureRole,
)
from tests.factories import (
    DepartmentMembershipFactory,
    OrganisationFactory,
    StructureMembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def membership_of(user, department) -> DepartmentMembership:
    return DepartmentMembership.objects.get(user=user, department=department)


# Creating organisations


def test_organisation_created_by_staff_is_published_and_validated_by_its_creator(officer94, dept94):
    organisation = services.organisation_create(
        created_by=officer94,
        name="Coopérative des Lilas",
        kind=OrganisationKind.ESS_STRUCTURE,
        legal_form="scop",
        department=dept94,
        publish=True,
    )

    assert organisation.status == PublicationStatus.PUBLISHED
    assert organisation.validated_by == officer94
    assert organisation.validated_at is not None


def test_organisation_created_without_publish_waits_for_validation(officer94, dept94):
    organisation = services.organisation_create(
        created_by=officer94,
        name="Coopérative des Lilas",
        kind=OrganisationKind.ESS_STRUCTURE,
        legal_form="scop",
        department=dept94,
    )

    assert organisation.status == PublicationStatus.PENDING
    assert organisation.validated_at is None


def test_two_organisations_of_the_same_name_get_different_slugs(officer94, dept94):
    slugs = {
        services.organisation_create(
            created_by=officer94, name="Les Amis", kind="ess", legal_form="scop", department=dept94
        ).slug
        for _ in range(3)
    }

    assert slugs == {"les-amis", "les-amis-2", "les-amis-3"}


def test_structure_registered_by_an_actor_is_pending_and_managed_by_them(young_applicant, dept94):
    structure = services.structure_create_by_actor(
        user=young_applicant, name="Ressourcerie", legal_form="scic", department=dept94
    )

    assert structure.kind == OrganisationKind.ESS_STRUCTURE
    assert structure.status == PublicationStatus.PENDING
    membership = StructureMembership.objects.get(organisation=structure)
    assert (membership.user, membership.role, membership.status) == (
        young_applicant,
        StructureRole.MANAGER,
        MembershipStatus.ACTIVE,
    )


# Optimistic locking


def test_update_with_the_current_version_saves_and_moves_the_version_on(artisans_du_monde):
    version = artisans_du_monde.version

    services.organisation_update(
        organisation=artisans_du_monde, expected_version=version, city="Thiais"
    )

    stored = Organisation.objects.get(pk=artisans_du_monde.pk)
    assert stored.city == "Thiais"
    assert stored.version == version + 1


def test_update_with_an_old_version_raises_and_names_the_last_editor(artisans_du_monde, admin94):
    version = artisans_du_monde.version
    first_tab = Organisation.objects.get(pk=artisans_du_monde.pk)
    second_tab = Organisation.objects.get(pk=artisans_du_monde.pk)
    first_tab._history_user = admin94
    services.organisation_update(organisation=first_tab, expected_version=version, city="Créteil")

    with pytest.raises(services.ConcurrentUpdateError) as refused:
        services.organisation_update(
            organisation=second_tab, expected_version=version, city="Ivry-sur-Seine"
        )

    assert refused.value.editor == admin94
    stored = Organisation.objects.get(pk=artisans_du_monde.pk)
    assert stored.city == "Créteil"
    assert stored.version == version + 1


def test_concurrent_update_error_without_known_editor_names_nobody(artisans_du_monde):
    Organisation.objects.filter(pk=artisans_du_monde.pk).update(version=99)

    with pytest.raises(services.ConcurrentUpdateError) as refused:
        services.organisation_update(
            organisation=artisans_du_monde, expected_version=1, city="Thiais"
        )

    assert refused.value.editor is None


@pytest.mark.parametrize("action", ["organisation_validate", "organisation_archive"])
def test_validation_and_archiving_move_the_version_on(action, artisans_du_monde, officer94):
    if action == "organisation_validate":
        services.organisation_archive(organisation=artisans_du_monde, officer=officer94)
    version = artisans_du_monde.version

    getattr(services, action)(organisation=artisans_du_monde, officer=officer94)

    assert artisans_du_monde.version == version + 1
    with pytest.raises(services.ConcurrentUpdateError):
        services.organisation_update(
            organisation=artisans_du_monde, expected_version=version, city="Thiais"
        )


def test_update_refused_for_concurrency_leaves_themes_untouched(artisans_du_monde, themes):
    Organisation.objects.filter(pk=artisans_du_monde.pk).update(version=99)

    with pytest.raises(services.ConcurrentUpdateError):
        services.organisation_update(
            organisation=artisans_du_monde, expected_version=1, themes=[themes["health"]]
        )

    assert [t.code for t in artisans_du_monde.themes.all()] == ["fair-trade"]


# Validation e-mails


def test_validation_emails_the_active_managers_only(dept94, officer94):
    organisation = OrganisationFactory(department=dept94, pending=True)
    StructureMembershipFactory(organisation=organisation, user=UserFactory(email="m@example.org"))
    StructureMembershipFactory(
        organisation=organisation,
        user=UserFactory(email="claim@example.org"),
        status=MembershipStatus.PENDING,
    )
    StructureMembershipFactory(
        organisation=organisation,
        user=UserFactory(email="member@example.org"),
        role=StructureRole.MEMBER,
    )

    services.organisation_validate(organisation=organisation, officer=officer94)

    assert [message.to for message in mail.outbox] == [["m@example.org"]]
    assert organisation.get_absolute_url() in mail.outbox[0].body


# The last administrator


def test_last_admin_cannot_be_removed(admin94, dept94):
    membership = membership_of(admin94, dept94)

    with pytest.raises(ValidationError):
        services.department_membership_remove(membership=membership)

    assert DepartmentMembership.objects.filter(pk=membership.pk).exists()


@pytest.mark.parametrize("role", [DepartmentRole.OFFICER, DepartmentRole.VIEWER])
def test_last_admin_cannot_be_demoted(role, admin94, dept94):
    membership = membership_of(admin94, dept94)

    with pytest.raises(ValidationError):
        services.department_membership_change_role(membership=membership, role=role)

    membership.refresh_from_db()
    assert membership.role == DepartmentRole.ADMIN


def test_admin_of_another_department_does_not_count_as_a_second_admin(admin94, dept94, dept92):
    DepartmentMembershipFactory(department=dept92, role=DepartmentRole.ADMIN)

    with pytest.raises(ValidationError):
        services.department_membership_remove(membership=membership_of(admin94, dept94))


def test_admin_can_leave_when_another_admin_remains(admin94, officer94, dept94):
    services.department_membership_change_role(
        membership=membership_of(officer94, dept94), role=DepartmentRole.ADMIN
    )

    services.department_membership_remove(membership=membership_of(admin94, dept94))

    assert list(dept94.memberships.filter(role=DepartmentRole.ADMIN)) == [
        membership_of(officer94, dept94)
    ]


def test_department_without_any_admin_can_still_remove_a_member(officer94, viewer94, dept94):
    services.department_membership_remove(membership=membership_of(viewer94, dept94))

    assert not DepartmentMembership.objects.filter(user=viewer94).exists()


def test_last_admin_keeps_the_admin_role_when_set_to_admin_again(admin94, dept94):
    membership = services.department_membership_change_role(
        membership=membership_of(admin94, dept94), role=DepartmentRole.ADMIN
    )

    assert membership.role == DepartmentRole.ADMIN


# Invitations


def test_invitation_is_sent_with_a_link_and_stored_in_lower_case(dept94, admin94):
    invitation = services.department_member_invite(
        department=dept94, email=" New.Person@Example.ORG ", role="viewer", invited_by=admin94
    )

    assert invitation.email == "new.person@example.org"
    assert len(invitation.token) >= 32
    assert mail.outbox[-1].to == ["new.person@example.org"]
    assert f"/compte/invitations/{invitation.token}/" in mail.outbox[-1].body


def test_second_invitation_to_the_same_address_is_refused(dept94, admin94):
    services.department_member_invite(
        department=dept94, email="new@example.org", role="viewer", invited_by=admin94
    )

    with pytest.raises(ValidationError):
        services.department_member_invite(
            department=dept94, email="NEW@example.org", role="officer", invited_by=admin94
        )

    assert DepartmentInvitation.objects.count() == 1
    assert len(mail.outbox) == 1


def test_same_address_may_be_invited_by_two_departments(dept94, dept92, admin94):
    for department in (dept94, dept92):
        services.department_member_invite(
            department=department, email="new@example.org", role="viewer", invited_by=admin94
        )

    assert DepartmentInvitation.objects.count() == 2


def test_database_refuses_two_pending_invitations_for_one_address(dept94):
    DepartmentInvitation.objects.create(
        department=dept94, email="a@example.org", role="viewer", token="t1"
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        DepartmentInvitation.objects.create(
            department=dept94, email="A@example.org", role="viewer", token="t2"
        )


def test_invitation_of_a_current_member_is_refused(dept94, admin94, officer94):
    with pytest.raises(ValidationError):
        services.department_member_invite(
            department=dept94, email="OFFICER94@example.org", role="viewer", invited_by=admin94
        )

    assert mail.outbox == []


def test_invitation_accepted_by_its_addressee_creates_the_membership(
    dept94, admin94, young_applicant
):
    invitation = services.department_member_invite(
        department=dept94, email="JEUNE@example.org", role="reviewer", invited_by=admin94
    )

    membership = services.department_invitation_accept(invitation=invitation, user=young_applicant)

    assert (membership.department, membership.role) == (dept94, DepartmentRole.REVIEWER)
    invitation.refresh_from_db()
    assert invitation.accepted_by == young_applicant
    assert invitation.accepted_at is not None


def test_invitation_accepted_by_someone_else_is_refused(dept94, admin94, structure_manager):
    invitation = services.department_member_invite(
        department=dept94, email="jeune@example.org", role="officer", invited_by=admin94
    )

    with pytest.raises(ValidationError):
        services.department_invitation_accept(invitation=invitation, user=structure_manager)

    assert not DepartmentMembership.objects.filter(user=structure_manager).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_address_may_be_invited_again_once_the_invitation_was_cancelled(dept94, admin94):
    invitation = services.department_member_invite(
        department=dept94, email="new@example.org", role="viewer", invited_by=admin94
    )
    services.department_invitation_cancel(invitation=invitation)

    services.department_member_invite(
        department=dept94, email="new@example.org", role="officer", invited_by=admin94
    )

    assert DepartmentInvitation.objects.get().role == DepartmentRole.OFFICER


# Claims


def test_claim_creates_a_pending_manager_membership(young_applicant, artisans_du_monde):
    claim = services.structure_claim_create(
        user=young_applicant, organisation=artisans_du_monde, message="Trésorier"
    )

    assert (claim.role, claim.status, claim.claim_message) == (
        StructureRole.MANAGER,
        MembershipStatus.PENDING,
        "Trésorier",
    )


def test_claiming_the_same_structure_twice_is_refused(young_applicant, artisans_du_monde):
    services.structure_claim_create(
        user=young_applicant, organisation=artisans_du_monde, message="Trésorier"
    )

    with pytest.raises(ValidationError):
        services.structure_claim_create(
            user=young_applicant, organisation=artisans_du_monde, message="Encore moi"
        )

    assert StructureMembership.objects.filter(user=young_applicant).count() == 1


def test_current_manager_cannot_claim_their_own_structure(structure_manager, artisans_du_monde):
    with pytest.raises(ValidationError):
        services.structure_claim_create(
            user=structure_manager, organisation=artisans_du_monde, message="Moi"
        )


def test_approved_claim_becomes_active_and_the_claimant_is_told(
    young_applicant, artisans_du_monde, officer94
):
    claim = services.structure_claim_create(
        user=young_applicant, organisation=artisans_du_monde, message="Trésorier"
    )

    services.structure_claim_approve(membership=claim, officer=officer94)

    claim.refresh_from_db()
    assert (claim.status, claim.approved_by) == (MembershipStatus.ACTIVE, officer94)
    assert mail.outbox[-1].to == ["jeune@example.org"]


def test_rejected_claim_is_deleted_so_the_person_may_ask_again(
    young_applicant, artisans_du_monde, officer94
):
    claim = services.structure_claim_create(
        user=young_applicant, organisation=artisans_du_monde, message="Trésorier"
    )

    services.structure_claim_reject(membership=claim, officer=officer94)

    assert not StructureMembership.objects.filter(user=young_applicant).exists()
    assert mail.outbox[-1].to == ["jeune@example.org"]
    services.structure_claim_create(
        user=young_applicant, organisation=artisans_du_monde, message="Nouvelle demande"
    )


def test_validating_a_published_structure_again_changes_nothing_and_sends_nothing(
    artisans_du_monde, structure_manager, officer94, mailoutbox
):
    validated_at = artisans_du_monde.validated_at

    services.organisation_validate(organisation=artisans_du_monde, officer=officer94)

    artisans_du_monde.refresh_from_db()
    assert artisans_du_monde.validated_at == validated_at
    assert mailoutbox == []


def test_a_manager_moving_the_structure_to_another_department_sends_it_back_to_validation(
    artisans_du_monde, dept92
):
    services.structure_update_by_actor(
        organisation=artisans_du_monde,
        expected_version=artisans_du_monde.version,
        department=dept92,
    )

    artisans_du_monde.refresh_from_db()
    assert artisans_du_monde.department == dept92
    assert artisans_du_monde.status == "pending"
    assert artisans_du_monde.validated_at is None


def test_no_one_has_more_than_three_structures_awaiting_validation(young_applicant, dept94):
    for name in ("Ressourcerie", "Épicerie solidaire", "Garage associatif"):
        services.structure_create_by_actor(
            user=young_applicant, name=name, legal_form="scic", department=dept94
        )

    # The service's message as written in the code (its French is the catalogue's business).
    with translation.override("en"), pytest.raises(ValidationError, match="awaiting validation"):
        services.structure_create_by_actor(
            user=young_applicant, name="Quatrième", legal_form="scic", department=dept94
        )

    assert not Organisation.objects.filter(name="Quatrième").exists()
    # Once the department has validated one, another may be registered.
    services.organisation_validate(
        organisation=Organisation.objects.get(name="Ressourcerie"), officer=UserFactory()
    )
    services.structure_create_by_actor(
        user=young_applicant, name="Quatrième", legal_form="scic", department=dept94
    )
