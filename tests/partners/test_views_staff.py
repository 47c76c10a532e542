"""The staff workspace of department 94, used by its officer and its administrator."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise

from partners.models import (
    DepartmentInvitation,
    DepartmentMembership,
    DepartmentRole,
    MembershipStatus,
    Organisation,
    OrganisationKind,
    PublicationStatus,
    StructureMembership,
)
from tests.factories import (
    DepartmentMembershipFactory,
    OrganisationFactory,
    StructureMembershipFactory,
    UserFactory,
)
from tests.partners.helpers import (
    catalogue_has,
    field_error_block,
    french,
    link_in_last_mail,
    messages_of,
    organisation_form_data,
    text_of,
)

pytestmark = pytest.mark.django_db

CREATE_URL = "/espace/94/structures/nouvelle/"
CONCURRENT_EDIT_MSGID = (
    "%(name)s changed this record after you opened it. Your changes are not saved: "
    "copy them, reload the page and apply them again."
)
BAD_SIREN_MSGID = "This SIREN number is not valid (check digit): please check it."
LAST_ADMIN_MSGID = "The team must keep at least one administrator: name another one first."


def public_names(client) -> list[str]:
    response = client.get("/structures/")
    return [structure.name for structure in response.context["page"].object_list]


def membership_of(user, department) -> DepartmentMembership:
    return DepartmentMembership.objects.get(user=user, department=department)


@pytest.fixture
def admin(admin94, client_for):
    return client_for(admin94)


@pytest.fixture
def pending_structure(dept94):
    """A structure registered by its manager, awaiting the department's validation,
    with also a pending claim by someone else."""
    organisation = OrganisationFactory(
        name="Recyclerie du Val",
        slug="recyclerie-du-val",
        department=dept94,
        pending=True,
    )
    StructureMembershipFactory(
        organisation=organisation,
        user=UserFactory(email="gerante@recyclerie.example.org", full_name="Gaëlle Gérante"),
    )
    StructureMembershipFactory(
        organisation=organisation,
        user=UserFactory(email="candidat@example.org"),
        status=MembershipStatus.PENDING,
    )
    return organisation


# Creating a record


def test_officer_creates_a_record_published_at_once(officer, officer94, dept94, client):
    response = officer.post(CREATE_URL, organisation_form_data(staff=True))

    organisation = Organisation.objects.get(name="Coopérative des Lilas")
    assert response.status_code == 302
    assert response.url == f"/espace/94/structures/{organisation.slug}/"
    assert organisation.status == PublicationStatus.PUBLISHED
    assert organisation.department == dept94
    assert organisation.validated_by == officer94
    assert organisation.created_by == officer94
    assert client.get(f"/structures/{organisation.slug}/").status_code == 200


def test_record_created_for_a_non_ess_partner_needs_no_legal_form(officer):
    data = organisation_form_data(
        staff=True, name="Mairie de Vitry", kind=OrganisationKind.LOCAL_AUTHORITY, legal_form=""
    )

    response = officer.post(CREATE_URL, data)

    assert response.status_code == 302
    assert Organisation.objects.get(name="Mairie de Vitry").kind == OrganisationKind.LOCAL_AUTHORITY


def test_invalid_siren_is_refused_next_to_the_field_and_nothing_is_saved(officer):
    data = organisation_form_data(staff=True, siren="123456789", city="Vitry-sur-Seine")

    response = officer.post(CREATE_URL, data)

    assert response.status_code == 200
    assert not Organisation.objects.exists()
    assert catalogue_has(BAD_SIREN_MSGID)
    assert french(BAD_SIREN_MSGID) in field_error_block(response, "siren")
    assert response.context["form"].errors["siren"] == [french(BAD_SIREN_MSGID)]


@pytest.mark.parametrize(
    ("field", "typed", "stored"),
    [
        ("siren", "542 051 180", "542051180"),
        ("siren", "542.051.180", "542051180"),
        ("siret", "542 051 180 00066", "54205118000066"),
    ],
)
def test_identifier_typed_with_spaces_is_accepted_and_normalised(officer, field, typed, stored):
    """The help text promises "spaces are ignored": the field length must not refuse them."""
    response = officer.post(CREATE_URL, organisation_form_data(staff=True, **{field: typed}))

    assert response.status_code == 302, response.context["form"].errors
    assert getattr(Organisation.objects.get(), field) == stored


def test_values_entered_survive_a_failed_validation(officer):
    data = organisation_form_data(
        staff=True,
        siren="123456789",
        name="Coopérative des Lilas",
        city="Vitry-sur-Seine",
        description="Menuiserie & réemploi",
    )

    response = officer.post(CREATE_URL, data)

    html = text_of(response)
    assert 'value="Coopérative des Lilas"' in html
    assert 'value="Vitry-sur-Seine"' in html
    assert "Menuiserie & réemploi</textarea>" in html
    assert 'value="123456789"' in html


def test_association_without_rna_is_refused_with_a_message_on_the_rna_field(officer):
    data = organisation_form_data(staff=True, legal_form="association", rna="")

    response = officer.post(CREATE_URL, data)

    assert response.status_code == 200
    assert "rna" in response.context["form"].errors
    assert field_error_block(response, "rna")
    assert not Organisation.objects.exists()


# Editing a record, and two people editing the same one


def _edit_data(organisation, version, **changes) -> dict:
    return organisation_form_data(
        staff=True,
        version=str(version),
        name=organisation.name,
        legal_form=organisation.legal_form,
        rna="W941234567",
        **changes,
    )


def test_officer_edits_a_record(officer, artisans_du_monde):
    url = "/espace/94/structures/artisans-du-monde/modifier/"
    opened = officer.get(url)
    version = opened.context["form"]["version"].value()

    response = officer.post(url, _edit_data(artisans_du_monde, version, city="Vitry-sur-Seine"))

    assert response.status_code == 302
    artisans_du_monde.refresh_from_db()
    assert artisans_du_monde.city == "Vitry-sur-Seine"
    assert artisans_du_monde.version == version + 1
    assert artisans_du_monde.status == PublicationStatus.PUBLISHED


def test_second_edit_based_on_an_old_version_is_refused_naming_who_changed_it(
    officer, admin, artisans_du_monde
):
    url = "/espace/94/structures/artisans-du-monde/modifier/"
    version = officer.get(url).context["form"]["version"].value()
    assert admin.get(url).context["form"]["version"].value() == version
    first = admin.post(url, _edit_data(artisans_du_monde, version, city="Créteil"))
    assert first.status_code == 302

    second = officer.post(url, _edit_data(artisans_du_monde, version, city="Ivry-sur-Seine"))

    assert second.status_code == 200
    expected = french(CONCURRENT_EDIT_MSGID) % {"name": "Anne Admin"}
    assert second.context["form"].non_field_errors() == [expected]
    assert expected in text_of(second)
    artisans_du_monde.refresh_from_db()
    assert artisans_du_monde.city == "Créteil"
    assert artisans_du_monde.version == version + 1


def test_edit_form_refused_for_concurrency_keeps_what_the_person_typed(
    officer, admin, artisans_du_monde
):
    url = "/espace/94/structures/artisans-du-monde/modifier/"
    version = artisans_du_monde.version
    admin.post(url, _edit_data(artisans_du_monde, version, city="Créteil"))

    second = officer.post(url, _edit_data(artisans_du_monde, version, city="Ivry-sur-Seine"))

    assert 'value="Ivry-sur-Seine"' in text_of(second)


def test_edit_posted_after_a_validation_is_refused(officer, admin, pending_structure):
    """Validating changes the version too: an edit opened before it is refused."""
    url = "/espace/94/structures/recyclerie-du-val/modifier/"
    version = officer.get(url).context["form"]["version"].value()
    admin.post("/espace/94/structures/recyclerie-du-val/valider/")

    response = officer.post(url, _edit_data(pending_structure, version, city="Créteil"))

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    pending_structure.refresh_from_db()
    assert pending_structure.city != "Créteil"


def test_history_of_a_record_shows_who_changed_which_field(officer, artisans_du_monde):
    url = "/espace/94/structures/artisans-du-monde/modifier/"
    officer.post(url, _edit_data(artisans_du_monde, artisans_du_monde.version, city="Thiais"))

    response = officer.get("/espace/94/structures/artisans-du-monde/")

    latest = response.context["history"][0]
    assert latest.who.full_name == "Olivier Agent"
    town = str(Organisation._meta.get_field("city").verbose_name)
    assert (town, "Chevilly-Larue", "Thiais") in latest.changes


def test_every_field_label_the_history_can_show_is_translatable():
    """The history lists changed fields by their verbose_name: each must be translatable."""
    excluded = {"id", "search_vector", "version", "updated_at"}
    untranslatable = [
        field.name
        for field in Organisation._meta.concrete_fields
        if field.name not in excluded and not isinstance(field.verbose_name, Promise)
    ]

    assert untranslatable == []


def test_history_of_a_validated_record_is_all_in_french(officer, pending_structure):
    officer.post("/espace/94/structures/recyclerie-du-val/valider/")

    response = officer.get("/espace/94/structures/recyclerie-du-val/")

    labels = [label for entry in response.context["history"] for label, _, _ in entry.changes]
    assert "validated by" not in labels


def test_viewer_sees_a_record_without_the_buttons_to_change_it(
    viewer94, pending_structure, client_for
):
    response = client_for(viewer94).get("/espace/94/structures/recyclerie-du-val/")

    html = response.content.decode()
    assert response.status_code == 200
    for action in ("modifier/", "valider/", "archiver/", "accepter/", "refuser/"):
        assert action not in html, action


# Validating, archiving


def test_validating_a_pending_structure_publishes_it_and_emails_its_manager(
    officer, officer94, pending_structure, client
):
    assert "Recyclerie du Val" not in public_names(client)

    response = officer.post("/espace/94/structures/recyclerie-du-val/valider/")

    assert response.status_code == 302
    pending_structure.refresh_from_db()
    assert pending_structure.status == PublicationStatus.PUBLISHED
    assert pending_structure.validated_by == officer94
    assert "Recyclerie du Val" in public_names(client)
    assert client.get("/structures/recyclerie-du-val/").status_code == 200
    assert [message.to for message in mail.outbox] == [["gerante@recyclerie.example.org"]]
    assert "/structures/recyclerie-du-val/" in mail.outbox[0].body


def test_dashboard_lists_structures_awaiting_validation(officer, pending_structure):
    response = officer.get("/espace/94/")

    assert list(response.context["awaiting_validation"]) == [pending_structure]
    assert response.context["figures"].pending_structures == 1


def test_archiving_removes_a_structure_from_the_public_directory(
    officer, artisans_du_monde, client
):
    response = officer.post("/espace/94/structures/artisans-du-monde/archiver/")

    assert response.status_code == 302
    artisans_du_monde.refresh_from_db()
    assert artisans_du_monde.status == PublicationStatus.ARCHIVED
    assert public_names(client) == []
    assert client.get("/structures/artisans-du-monde/").status_code == 404
    assert officer.get("/espace/94/structures/artisans-du-monde/").status_code == 200


def test_archived_structure_can_be_published_again(officer, artisans_du_monde, client):
    officer.post("/espace/94/structures/artisans-du-monde/archiver/")

    officer.post("/espace/94/structures/artisans-du-monde/valider/")

    assert public_names(client) == ["Artisans du Monde"]


# Claims


@pytest.fixture
def claim(artisans_du_monde, young_applicant) -> StructureMembership:
    return StructureMembershipFactory(
        organisation=artisans_du_monde,
        user=young_applicant,
        status=MembershipStatus.PENDING,
        claim_message="Je suis salarié de la boutique.",
    )


def test_organisation_detail_shows_the_pending_claim_with_its_message(officer, claim):
    response = officer.get("/espace/94/structures/artisans-du-monde/")

    html = text_of(response)
    assert "Je suis salarié de la boutique." in html
    approve = reverse(
        "partners:staff_claim_approve",
        kwargs={"code": "94", "slug": "artisans-du-monde", "pk": claim.pk},
    )
    assert f'action="{approve}"' in html


def test_approving_a_claim_makes_the_claimant_a_manager(
    officer, officer94, claim, young_applicant, client_for
):
    url = f"/espace/94/structures/artisans-du-monde/demandes/{claim.pk}/accepter/"

    response = officer.post(url)

    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == MembershipStatus.ACTIVE
    assert claim.approved_by == officer94
    assert mail.outbox[-1].to == ["jeune@example.org"]
    edit = client_for(young_applicant).get("/compte/structures/artisans-du-monde/modifier/")
    assert edit.status_code == 200


def test_rejecting_a_claim_removes_it_and_tells_the_claimant(
    officer, claim, young_applicant, client_for
):
    url = f"/espace/94/structures/artisans-du-monde/demandes/{claim.pk}/refuser/"

    response = officer.post(url)

    assert response.status_code == 302
    assert not StructureMembership.objects.filter(pk=claim.pk).exists()
    assert mail.outbox[-1].to == ["jeune@example.org"]
    edit = client_for(young_applicant).get("/compte/structures/artisans-du-monde/modifier/")
    assert edit.status_code == 404


def test_claim_already_decided_cannot_be_decided_again(officer, claim):
    officer.post(f"/espace/94/structures/artisans-du-monde/demandes/{claim.pk}/accepter/")

    again = officer.post(f"/espace/94/structures/artisans-du-monde/demandes/{claim.pk}/refuser/")

    assert again.status_code == 404
    assert StructureMembership.objects.get(pk=claim.pk).status == MembershipStatus.ACTIVE


# Team members


def test_admin_invites_someone_by_email(admin, admin94, dept94):
    response = admin.post(
        "/espace/94/membres/", {"email": " Nouvelle.Agente@Example.org ", "role": "officer"}
    )

    assert response.status_code == 302
    assert response.url == "/espace/94/membres/"
    invitation = DepartmentInvitation.objects.get(department=dept94)
    assert invitation.email == "nouvelle.agente@example.org"
    assert invitation.role == DepartmentRole.OFFICER
    assert invitation.invited_by == admin94
    assert mail.outbox[-1].to == ["nouvelle.agente@example.org"]
    link = link_in_last_mail("/compte/invitations/")
    assert link.endswith(f"/compte/invitations/{invitation.token}/")
    page = admin.get("/espace/94/membres/")
    assert list(page.context["invitations"]) == [invitation]


def test_inviting_the_same_address_twice_is_refused_next_to_the_email_field(admin, dept94):
    admin.post("/espace/94/membres/", {"email": "nouvelle@example.org", "role": "viewer"})
    sent = len(mail.outbox)

    response = admin.post(
        "/espace/94/membres/", {"email": "NOUVELLE@example.org", "role": "officer"}
    )

    assert response.status_code == 200
    assert field_error_block(response, "email")
    assert DepartmentInvitation.objects.filter(department=dept94).count() == 1
    assert len(mail.outbox) == sent


def test_inviting_a_current_member_is_refused(admin, officer94, dept94):
    response = admin.post("/espace/94/membres/", {"email": officer94.email, "role": "viewer"})

    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert not DepartmentInvitation.objects.exists()
    assert mail.outbox == []


def test_admin_cancels_an_invitation(admin, admin94, dept94):
    admin.post("/espace/94/membres/", {"email": "nouvelle@example.org", "role": "viewer"})
    invitation = DepartmentInvitation.objects.get()

    response = admin.post(f"/espace/94/membres/invitations/{invitation.pk}/annuler/")

    assert response.status_code == 302
    assert not DepartmentInvitation.objects.exists()
    assert response.url == "/espace/94/membres/"


def test_admin_changes_the_role_of_a_member(admin, officer94, dept94):
    membership = membership_of(officer94, dept94)

    response = admin.post(
        f"/espace/94/membres/{membership.pk}/role/", {"role": DepartmentRole.VIEWER}, follow=True
    )

    membership.refresh_from_db()
    assert membership.role == DepartmentRole.VIEWER
    assert response.redirect_chain[-1][0] == "/espace/94/membres/"
    assert len(messages_of(response)) == 1


def test_admin_cannot_demote_the_last_admin(admin, admin94, dept94):
    membership = membership_of(admin94, dept94)

    response = admin.post(
        f"/espace/94/membres/{membership.pk}/role/", {"role": DepartmentRole.OFFICER}, follow=True
    )

    membership.refresh_from_db()
    assert membership.role == DepartmentRole.ADMIN
    assert messages_of(response) == [french(LAST_ADMIN_MSGID)]


def test_admin_cannot_remove_the_last_admin(admin, admin94, dept94):
    membership = membership_of(admin94, dept94)

    response = admin.post(f"/espace/94/membres/{membership.pk}/retirer/", follow=True)

    assert DepartmentMembership.objects.filter(pk=membership.pk).exists()
    assert messages_of(response) == [french(LAST_ADMIN_MSGID)]
    assert catalogue_has(LAST_ADMIN_MSGID)


def test_admin_can_step_down_once_another_admin_exists(admin, admin94, officer94, dept94):
    DepartmentMembership.objects.filter(user=officer94).update(role=DepartmentRole.ADMIN)
    membership = membership_of(admin94, dept94)

    admin.post(f"/espace/94/membres/{membership.pk}/role/", {"role": DepartmentRole.OFFICER})

    membership.refresh_from_db()
    assert membership.role == DepartmentRole.OFFICER


def test_admin_removes_a_member_after_confirming(admin, viewer94, dept94, client_for):
    membership = membership_of(viewer94, dept94)
    url = f"/espace/94/membres/{membership.pk}/retirer/"

    confirmation = admin.get(url)

    assert confirmation.status_code == 200
    assert confirmation.context["membership"] == membership
    assert "Valérie Élue" in text_of(confirmation)
    assert '<form method="post"' in confirmation.content.decode()
    assert DepartmentMembership.objects.filter(pk=membership.pk).exists()

    removal = admin.post(url, follow=True)

    assert removal.redirect_chain[-1][0] == "/espace/94/membres/"
    assert not DepartmentMembership.objects.filter(pk=membership.pk).exists()
    assert len(messages_of(removal)) == 1
    assert client_for(viewer94).get("/espace/94/").status_code == 404


# Lists: filtered, paginated, and their query count does not grow


def _organisations(count: int, department, themes) -> None:
    for number in range(count):
        organisation = OrganisationFactory(
            name=f"Structure {number:02d}",
            department=department,
            themes=[themes["fair-trade"], themes["health"]],
            status=PublicationStatus.PENDING if number % 3 else PublicationStatus.PUBLISHED,
            validated_at=None if number % 3 else timezone.now(),
        )
        StructureMembershipFactory(organisation=organisation, status=MembershipStatus.PENDING)


@pytest.mark.parametrize("count", [5, 30])
def test_staff_organisation_list_query_count_does_not_grow(
    count, officer, dept94, dept92, themes, django_assert_max_num_queries
):
    _organisations(count, dept94, themes)
    _organisations(count, dept92, themes)

    # 1: the session
    # 2: the user
    # 3: the user's membership of 94, with the department (staff_view)
    # 4: count of the organisations of 94 (paginator)
    # 5: the user's departments (header, context processor)
    # 6: themes of the filter form
    # 7: one page of organisations, with their department and pending claim count
    # 8: themes of the organisations of the page (prefetch)
    with django_assert_max_num_queries(8):
        response = officer.get("/espace/94/structures/")

    assert response.status_code == 200
    assert response.context["page"].paginator.count == count


def test_staff_organisation_list_shows_only_the_department_organisations(
    officer, artisans_du_monde, dept92
):
    OrganisationFactory(name="Structure des Hauts-de-Seine", department=dept92)

    response = officer.get("/espace/94/structures/")

    assert [o.name for o in response.context["page"].object_list] == ["Artisans du Monde"]


def test_staff_organisation_list_filters_by_publication_status(
    officer, artisans_du_monde, pending_structure
):
    response = officer.get("/espace/94/structures/", {"status": "pending"})

    assert [o.name for o in response.context["page"].object_list] == ["Recyclerie du Val"]
    assert response.context["page"].object_list[0].pending_claim_count == 1


def test_staff_organisation_list_search_finds_by_name(
    officer, artisans_du_monde, pending_structure
):
    response = officer.get("/espace/94/structures/", {"q": "recyclerie"})

    assert [o.name for o in response.context["page"].object_list] == ["Recyclerie du Val"]


@pytest.mark.filterwarnings("error::django.core.paginator.UnorderedObjectListWarning")
def test_staff_organisation_list_is_ordered_so_pages_are_stable(officer, dept94, settings):
    settings.PAGE_SIZE = 2
    for name in ["Charlie", "Alpha", "Echo", "Bravo", "Delta"]:
        OrganisationFactory(name=name, department=dept94)

    pages = [officer.get("/espace/94/structures/", {"page": n}) for n in (1, 2, 3)]

    names = [o.name for page in pages for o in page.context["page"].object_list]
    assert names == ["Alpha", "Bravo", "Charlie", "Delta", "Echo"]


@pytest.mark.parametrize("count", [2, 12])
def test_member_list_query_count_does_not_grow(count, admin, dept94, django_assert_max_num_queries):
    for _ in range(count):
        DepartmentMembershipFactory(department=dept94, role=DepartmentRole.VIEWER)
        DepartmentInvitation.objects.create(
            department=dept94,
            email=f"invite{_}-{count}@example.org",
            role=DepartmentRole.VIEWER,
            token=f"t-{_}-{count}",
            invited_by=UserFactory(),
        )

    # 1: the session
    # 2: the user
    # 3: the user's membership of 94 (staff_view)
    # 4: the user's departments (header, context processor)
    # 5: the members, with their user
    # 6: the pending invitations, with who sent them
    with django_assert_max_num_queries(6):
        response = admin.get("/espace/94/membres/")

    assert response.status_code == 200
    assert len(response.context["memberships"]) == count + 1


# Settings of the department


def test_admin_edits_the_presentation_shown_on_the_public_page(client_for, admin94, dept94):
    client = client_for(admin94)
    response = client.post(
        "/espace/94/parametres/",
        {
            "presentation": "Coopération décentralisée avec la province de Yên Bái.",
            "contact_email": "cooperation@valdemarne.example.org",
            "contact_phone": "01 43 99 70 00",
            "website": "valdemarne.example.org",
            "version": dept94.version,
        },
    )

    assert response.status_code == 302
    public_page = client_for(None).get("/departements/94/").content.decode()
    assert "province de Yên Bái" in public_page
    assert "https://valdemarne.example.org" in public_page
    history = client.get("/espace/94/parametres/").content.decode()
    assert admin94.full_name in history


def test_second_edit_of_the_department_settings_is_refused_naming_the_first_editor(
    client_for, admin94, dept94
):
    other_admin = UserFactory(full_name="Inès Autre")
    DepartmentMembershipFactory(user=other_admin, department=dept94, role="admin")
    opened_version = dept94.version
    client_for(other_admin).post(
        "/espace/94/parametres/",
        {"presentation": "Première version.", "version": opened_version},
    )

    response = client_for(admin94).post(
        "/espace/94/parametres/",
        {"presentation": "Seconde version.", "version": opened_version},
    )

    assert response.status_code == 200
    assert "Inès Autre" in response.content.decode()
    dept94.refresh_from_db()
    assert dept94.presentation == "Première version."


def test_the_council_siret_is_normalised_and_checked(client_for, admin94, dept94):
    client = client_for(admin94)
    refused = client.post(
        "/espace/94/parametres/", {"siret": "229 200 015 00014", "version": dept94.version}
    )
    assert refused.status_code == 200
    assert "14 chiffres" in refused.content.decode() or "clé" in refused.content.decode()
    dept94.refresh_from_db()
    assert dept94.siret == ""

    client.post("/espace/94/parametres/", {"siret": "229 200 015 00019", "version": dept94.version})
    dept94.refresh_from_db()
    assert dept94.siret == "22920001500019"


def test_a_latitude_out_of_range_is_explained_next_to_the_field(officer94, client_for):
    response = client_for(officer94).post(
        "/espace/94/structures/nouvelle/",
        {"name": "Ferme", "kind": "company", "country": "FR", "latitude": "999", "longitude": "2"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Une latitude est comprise entre -90 et 90" in page
    assert "organisation_latitude_in_range" not in page


def test_an_invitation_has_no_role_until_the_admin_chooses_one(admin94, client_for):
    client = client_for(admin94)
    page = client.get("/espace/94/membres/").content.decode()
    response = client.post("/espace/94/membres/", {"email": "x@example.org", "role": ""})

    assert '<option value="" selected>' in page
    assert response.status_code == 200
    assert not admin94.department_memberships.get().department.invitations.exists()
