"""The account area of ESS actors: sign up, register or claim a structure, join a team."""

from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from partners.models import (
    DepartmentInvitation,
    DepartmentMembership,
    DepartmentRole,
    MembershipStatus,
    Organisation,
    PublicationStatus,
    StructureMembership,
    StructureRole,
    User,
)
from tests.factories import (
    DEFAULT_PASSWORD,
    OrganisationFactory,
    StructureMembershipFactory,
    UserFactory,
)
from tests.partners.helpers import (
    french,
    link_in_last_mail,
    logged_in,
    organisation_form_data,
    text_of,
)

pytestmark = pytest.mark.django_db

NEW_STRUCTURE_URL = "/compte/structures/nouvelle/"
WRONG_ADDRESS_MSGID = (
    "This invitation was sent to %(email)s: log in with that address to accept it."
)
ALREADY_LINKED_MSGID = "You are already linked to this structure."


def public_names(client) -> list[str]:
    response = client.get("/structures/")
    return [structure.name for structure in response.context["page"].object_list]


# Sign-up with allauth


def test_sign_up_confirm_the_address_and_be_logged_in(db):
    client = Client()

    response = client.post(
        "/compte/signup/",
        {
            "email": "Nouvelle.Actrice@example.org",
            "password1": "une phrase de passe solide 2026",
            "password2": "une phrase de passe solide 2026",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(email__iexact="nouvelle.actrice@example.org")
    assert not logged_in(client)
    assert len(mail.outbox) == 1
    assert [address.lower() for address in mail.outbox[0].to] == ["nouvelle.actrice@example.org"]
    confirm_path = urlparse(link_in_last_mail("/compte/confirm-email/")).path

    confirm_page = client.get(confirm_path)

    assert confirm_page.status_code == 200
    assert not logged_in(client), "a GET must not confirm (ACCOUNT_CONFIRM_EMAIL_ON_GET=False)"
    assert not user.emailaddress_set.get().verified

    confirmed = client.post(confirm_path)

    assert confirmed.status_code == 302
    assert user.emailaddress_set.get().verified
    assert logged_in(client)
    assert client.get("/compte/").status_code == 200


def test_sign_up_with_mismatched_passwords_creates_nobody(client, db):
    response = client.post(
        "/compte/signup/",
        {"email": "a@example.org", "password1": "une phrase 2026!", "password2": "autre 2026!"},
    )

    assert response.status_code == 200
    assert not User.objects.exists()
    assert mail.outbox == []


def test_unverified_user_cannot_log_in(client, db):
    UserFactory(email="pasverifie@example.org", verified_email=False)

    client.post("/compte/login/", {"login": "pasverifie@example.org", "password": DEFAULT_PASSWORD})

    assert not logged_in(client)


def test_verified_user_logs_in_with_email_and_password(client, young_applicant):
    response = client.post(
        "/compte/login/", {"login": "jeune@example.org", "password": DEFAULT_PASSWORD}
    )

    assert response.status_code == 302
    assert logged_in(client)


def test_account_pages_send_anonymous_visitors_to_login(client, artisans_du_monde):
    for path in [
        "/compte/",
        NEW_STRUCTURE_URL,
        "/compte/structures/rejoindre/",
        "/compte/structures/artisans-du-monde/modifier/",
        "/compte/structures/artisans-du-monde/rejoindre/",
    ]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url.startswith("/compte/login/"), path


# Registering a structure, then its validation by the department


def test_registered_structure_waits_for_its_department_then_becomes_public(
    young_applicant, officer94, dept94, client_for, client
):
    actor = client_for(young_applicant)

    response = actor.post(
        NEW_STRUCTURE_URL,
        organisation_form_data(staff=False, name="Ressourcerie de Vitry", department=dept94.pk),
    )

    assert response.status_code == 302
    assert response.url == "/compte/"
    structure = Organisation.objects.get(name="Ressourcerie de Vitry")
    assert structure.status == PublicationStatus.PENDING
    assert structure.department == dept94
    assert structure.created_by == young_applicant
    membership = StructureMembership.objects.get(organisation=structure)
    assert (membership.user, membership.role, membership.status) == (
        young_applicant,
        StructureRole.MANAGER,
        MembershipStatus.ACTIVE,
    )
    assert client.get(f"/structures/{structure.slug}/").status_code == 404
    assert "Ressourcerie de Vitry" not in public_names(client)

    officer = client_for(officer94)
    dashboard = officer.get("/espace/94/")
    assert structure in dashboard.context["awaiting_validation"]
    validated = officer.post(f"/espace/94/structures/{structure.slug}/valider/")

    assert validated.status_code == 302
    assert client.get(f"/structures/{structure.slug}/").status_code == 200
    assert "Ressourcerie de Vitry" in public_names(client)
    assert mail.outbox[-1].to == ["jeune@example.org"]


def test_registered_structure_goes_to_the_department_chosen_not_another(
    young_applicant, officer92, dept94, dept92, client_for
):
    client_for(young_applicant).post(
        NEW_STRUCTURE_URL,
        organisation_form_data(staff=False, name="Ressourcerie de Vitry", department=dept94.pk),
    )
    structure = Organisation.objects.get()

    response = client_for(officer92).post(f"/espace/92/structures/{structure.slug}/valider/")

    assert response.status_code == 404
    structure.refresh_from_db()
    assert structure.status == PublicationStatus.PENDING


def test_registering_a_structure_without_department_is_refused(young_applicant, client_for):
    response = client_for(young_applicant).post(
        NEW_STRUCTURE_URL, organisation_form_data(staff=False, department="")
    )

    assert response.status_code == 200
    assert "department" in response.context["form"].errors
    assert not Organisation.objects.exists()


def test_actor_cannot_choose_a_kind_other_than_ess_structure(young_applicant, dept94, client_for):
    client_for(young_applicant).post(
        NEW_STRUCTURE_URL,
        organisation_form_data(staff=False, department=dept94.pk, kind="local_authority"),
    )

    assert Organisation.objects.get().kind == "ess"


# Claiming an existing structure


def test_claiming_an_existing_structure_waits_for_the_department(
    young_applicant, officer94, artisans_du_monde, client_for
):
    actor = client_for(young_applicant)
    search = actor.get("/compte/structures/rejoindre/", {"q": "artisans"})
    assert [s.name for s in search.context["page"].object_list] == ["Artisans du Monde"]

    response = actor.post(
        "/compte/structures/artisans-du-monde/rejoindre/",
        {"message": "Je suis le nouveau trésorier."},
    )

    assert response.status_code == 302
    claim = StructureMembership.objects.get(user=young_applicant)
    assert claim.status == MembershipStatus.PENDING
    assert claim.claim_message == "Je suis le nouveau trésorier."
    assert actor.get("/compte/structures/artisans-du-monde/modifier/").status_code == 404

    staff_page = client_for(officer94).get("/espace/94/structures/artisans-du-monde/")
    assert claim in staff_page.context["memberships"]
    assert "Je suis le nouveau trésorier." in text_of(staff_page)
    assert client_for(officer94).get("/espace/94/").context["figures"].pending_claims == 1


def test_claiming_twice_shows_a_message_and_keeps_one_request(
    young_applicant, artisans_du_monde, client_for
):
    actor = client_for(young_applicant)
    url = "/compte/structures/artisans-du-monde/rejoindre/"
    actor.post(url, {"message": "Première demande"})

    response = actor.post(url, {"message": "Deuxième demande"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [french(ALREADY_LINKED_MSGID)]
    assert StructureMembership.objects.filter(user=young_applicant).count() == 1


def test_archived_structure_cannot_be_claimed(young_applicant, dept94, client_for):
    OrganisationFactory(slug="ancienne", department=dept94, status=PublicationStatus.ARCHIVED)

    response = client_for(young_applicant).post(
        "/compte/structures/ancienne/rejoindre/", {"message": "Je reprends"}
    )

    assert response.status_code == 404
    assert not StructureMembership.objects.exists()


# Invitations to a department team


@pytest.fixture
def invitation(dept94, admin94) -> DepartmentInvitation:
    return DepartmentInvitation.objects.create(
        department=dept94,
        email="jeune@example.org",
        role=DepartmentRole.OFFICER,
        invited_by=admin94,
        token="invitation-jeune",
    )


def test_invitation_accepted_by_another_address_is_refused_with_a_message(
    invitation, structure_manager, client_for
):
    response = client_for(structure_manager).post("/compte/invitations/invitation-jeune/")

    assert response.status_code == 200
    expected = french(WRONG_ADDRESS_MSGID) % {"email": "jeune@example.org"}
    assert response.context["error"] == expected
    assert expected in text_of(response)
    assert not DepartmentMembership.objects.filter(user=structure_manager).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_invitation_accepted_by_its_addressee_makes_them_a_member(
    invitation, young_applicant, client_for
):
    client = client_for(young_applicant)
    page = client.get("/compte/invitations/invitation-jeune/")
    assert page.status_code == 200

    response = client.post("/compte/invitations/invitation-jeune/")

    assert response.status_code == 302
    assert response.url == "/espace/94/"
    membership = DepartmentMembership.objects.get(user=young_applicant)
    assert (membership.department.code, membership.role) == ("94", DepartmentRole.OFFICER)
    invitation.refresh_from_db()
    assert invitation.accepted_by == young_applicant
    assert client.get("/espace/94/structures/").status_code == 200


def test_accepted_invitation_link_no_longer_works(invitation, young_applicant, client_for):
    client = client_for(young_applicant)
    client.post("/compte/invitations/invitation-jeune/")

    assert client.get("/compte/invitations/invitation-jeune/").status_code == 404


def test_invitation_page_asks_an_anonymous_visitor_to_log_in(invitation, client):
    response = client.get("/compte/invitations/invitation-jeune/")

    assert response.status_code == 200
    assert "/compte/login/?next=/compte/invitations/invitation-jeune/" in text_of(response)

    client.post("/compte/invitations/invitation-jeune/")
    assert (
        not DepartmentMembership.objects.filter(department=invitation.department)
        .exclude(role=DepartmentRole.ADMIN)
        .exists()
    )


def test_unknown_invitation_token_is_not_found(client, db):
    assert client.get("/compte/invitations/nope/").status_code == 404


def test_invitation_sent_by_the_workspace_is_accepted_from_its_email_link(
    admin94, young_applicant, client_for
):
    client_for(admin94).post(
        "/espace/94/membres/", {"email": "jeune@example.org", "role": DepartmentRole.VIEWER}
    )
    path = urlparse(link_in_last_mail("/compte/invitations/")).path

    response = client_for(young_applicant).post(path)

    assert response.status_code == 302
    assert DepartmentMembership.objects.get(user=young_applicant).role == DepartmentRole.VIEWER


# A structure manager edits their own structure, and only theirs


def _manager_edit_data(structure, **changes) -> dict:
    return organisation_form_data(
        staff=False,
        version=str(structure.version),
        name=structure.name,
        legal_form=structure.legal_form,
        rna="W941234567",
        department=structure.department.pk,
        **changes,
    )


def test_structure_manager_edits_their_own_structure(
    structure_manager, artisans_du_monde, client_for
):
    client = client_for(structure_manager)
    url = "/compte/structures/artisans-du-monde/modifier/"
    assert client.get(url).status_code == 200

    # The description is published at once; the identity of a published structure waits
    # for its department (tests/partners/test_structure_revisions.py).
    response = client.post(
        url, _manager_edit_data(artisans_du_monde, description="Boutique équitable.")
    )

    assert response.status_code == 302
    artisans_du_monde.refresh_from_db()
    assert artisans_du_monde.description == "Boutique équitable."


def test_structure_manager_cannot_open_the_edit_page_of_another_structure(
    structure_manager, dept94, client_for
):
    other = OrganisationFactory(name="Autre structure", slug="autre-structure", department=dept94)
    client = client_for(structure_manager)
    url = "/compte/structures/autre-structure/modifier/"

    assert client.get(url).status_code == 404
    assert client.post(url, _manager_edit_data(other, city="Thiais")).status_code == 404
    other.refresh_from_db()
    assert other.city != "Thiais"


def test_plain_member_of_a_structure_cannot_edit_it(artisans_du_monde, client_for):
    member = UserFactory()
    StructureMembershipFactory(
        user=member, organisation=artisans_du_monde, role=StructureRole.MEMBER
    )

    response = client_for(member).get("/compte/structures/artisans-du-monde/modifier/")

    assert response.status_code == 404


def test_structure_manager_edit_based_on_an_old_version_is_refused(
    structure_manager, officer94, artisans_du_monde, client_for
):
    stale = _manager_edit_data(artisans_du_monde, city="Thiais")
    client_for(officer94).post(
        "/espace/94/structures/artisans-du-monde/modifier/",
        organisation_form_data(
            staff=True,
            version=str(artisans_du_monde.version),
            name=artisans_du_monde.name,
            legal_form=artisans_du_monde.legal_form,
            rna="W941234567",
            city="Créteil",
        ),
    )

    response = client_for(structure_manager).post(
        "/compte/structures/artisans-du-monde/modifier/", stale
    )

    assert response.status_code == 200
    assert "Olivier Agent" in " ".join(response.context["form"].non_field_errors())
    artisans_du_monde.refresh_from_db()
    assert artisans_du_monde.city == "Créteil"


def test_account_home_lists_the_structures_and_teams_of_the_user(
    structure_manager, artisans_du_monde, client_for
):
    response = client_for(structure_manager).get("/compte/")

    assert response.status_code == 200
    assert [m.organisation for m in response.context["structure_memberships"]] == [
        artisans_du_monde
    ]
    assert 'href="/compte/structures/artisans-du-monde/modifier/"' in response.content.decode()


def test_a_person_gives_their_name_at_sign_up_and_changes_it_later(client, db, mailoutbox):
    client.post(
        "/compte/signup/",
        {
            "email": "camille@example.org",
            "full_name": "  Camille   Durand ",
            "password1": "une phrase de passe solide",
            "password2": "une phrase de passe solide",
        },
    )
    user = User.objects.get(email="camille@example.org")
    assert user.full_name == "Camille Durand"

    client.force_login(user)
    response = client.post("/compte/profil/", {"full_name": "Camille Durand-Martin"})

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.full_name == "Camille Durand-Martin"


def test_a_structure_awaiting_validation_cannot_be_claimed_by_someone_else(
    young_applicant, dept94, client_for
):
    OrganisationFactory(slug="en-attente", department=dept94, pending=True, name="En attente")

    search = client_for(young_applicant).get("/compte/structures/rejoindre/?q=attente")
    response = client_for(young_applicant).post(
        "/compte/structures/en-attente/rejoindre/", {"message": "C’est la mienne"}
    )

    assert "En attente" not in search.content.decode()
    assert response.status_code == 404
    assert not StructureMembership.objects.exists()


def test_the_same_registration_sent_twice_registers_one_structure(
    young_applicant, dept94, client_for
):
    client = client_for(young_applicant)
    form = {
        "name": "Recyclerie du Val",
        "legal_form": "scic",
        "department": dept94.pk,
        "country": "FR",
    }
    client.post("/compte/structures/nouvelle/", form)
    response = client.post("/compte/structures/nouvelle/", form, follow=True)

    assert Organisation.objects.filter(name="Recyclerie du Val").count() == 1
    assert "déjà inscrit" in response.content.decode()


def test_a_siren_already_on_the_portal_points_to_joining_the_structure(
    young_applicant, dept94, client_for
):
    OrganisationFactory(department=dept94, siren="732829320", slug="deja-la")

    response = client_for(young_applicant).post(
        "/compte/structures/nouvelle/",
        {
            "name": "Doublon",
            "legal_form": "scic",
            "department": dept94.pk,
            "country": "FR",
            "siren": "732 829 320",
        },
    )

    assert response.status_code == 200
    assert "Rejoindre une structure existante" in response.content.decode()
    assert not Organisation.objects.filter(name="Doublon").exists()


def test_an_invitation_older_than_two_weeks_no_longer_opens_the_team(
    invitation, young_applicant, client_for
):
    DepartmentInvitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - timedelta(days=15)
    )

    client = client_for(young_applicant)
    page = client.get("/compte/invitations/invitation-jeune/")
    client.post("/compte/invitations/invitation-jeune/")

    assert "a expiré" in page.content.decode()
    assert not young_applicant.department_memberships.exists()


def test_e_mails_show_names_as_typed_not_html_escaped(dept94, officer94, client_for, mailoutbox):
    structure = OrganisationFactory(
        department=dept94, pending=True, name="L’Atelier & Co", slug="atelier-co"
    )
    manager = UserFactory(email="gerante@example.org")
    StructureMembership.objects.create(
        user=manager, organisation=structure, role="manager", status="active"
    )

    client_for(officer94).post("/espace/94/structures/atelier-co/valider/")

    assert "L’Atelier & Co" in mailoutbox[-1].subject
    assert "&amp;" not in mailoutbox[-1].body
