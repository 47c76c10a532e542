"""Changes of a published structure's identity wait for its department's review.

A manager's edit of the name, identifiers, address or public contact of a validated
structure is a proposal: the directory, the structure's page and the open data keep the
validated values until the structure's department accepts it; a refusal says why.
"""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from calls.models import Grant
from partners import services, services_revisions
from partners.models import (
    LegalForm,
    Organisation,
    PublicationStatus,
    RevisionStatus,
    StructureRevision,
    StructureRole,
)
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    OrganisationFactory,
    StructureMembershipFactory,
)
from tests.partners.helpers import messages_of, text_of

pytestmark = pytest.mark.django_db

NEW_NAME = "Artisans du Monde – Boutique officielle"
EDIT_URL = "/compte/structures/artisans-du-monde/modifier/"


@pytest.fixture
def structure(artisans_du_monde) -> Organisation:
    """Artisans du Monde (published in 94), a 1901-law association with its RNA number."""
    Organisation.objects.filter(pk=artisans_du_monde.pk).update(
        rna="W941234567", address="1 rue de la Paix", postal_code="94550"
    )
    artisans_du_monde.refresh_from_db()
    return artisans_du_monde


@pytest.fixture
def manager(structure_manager, client_for):
    return client_for(structure_manager)


def edit_data(structure: Organisation, **changes) -> dict:
    """The manager's form as it opens on the stored record, with ``changes``."""
    structure = Organisation.objects.get(pk=structure.pk)
    data = {
        "version": str(structure.version),
        "name": structure.name,
        "legal_form": structure.legal_form,
        "esus_approved": "on" if structure.esus_approved else "",
        "themes": [theme.pk for theme in structure.themes.all()],
        "description": structure.description,
        "siren": structure.siren,
        "siret": structure.siret,
        "rna": structure.rna,
        "local_register_number": structure.local_register_number,
        "address": structure.address,
        "postal_code": structure.postal_code,
        "city": structure.city,
        "country": structure.country.code,
        "department": structure.department_id,
        "latitude": "" if structure.latitude is None else str(structure.latitude),
        "longitude": "" if structure.longitude is None else str(structure.longitude),
        "website": structure.website,
        "public_email": structure.public_email,
        "public_phone": structure.public_phone,
    }
    data.update(changes)
    return data


def revision_url(name: str, revision: StructureRevision, code: str = "94") -> str:
    return reverse(
        f"partners:staff_revision_{name}",
        kwargs={"code": code, "slug": revision.organisation.slug, "pk": revision.pk},
    )


def pending_revision(structure: Organisation) -> StructureRevision:
    return StructureRevision.objects.get(organisation=structure, status=RevisionStatus.PENDING)


def grant_to(structure: Organisation) -> Grant:
    """A grant decided for a project carried by ``structure``: a row of /donnees/subventions.csv."""
    application = ApplicationFactory(
        call=CallFactory(department=structure.department),
        state="accepted",
        reference="ADM-2026-0001",
        submitted_at=timezone.now() - timedelta(days=60),
        carrier_kind="association",
        carrier_structure=structure,
        title="Filière de thé équitable",
        requested_amount=Decimal("5000"),
        granted_amount=Decimal("4500"),
    )
    return Grant.objects.create(application=application, amount=Decimal("4500"))


def public_names(client) -> dict[str, list[str]]:
    """Where the public reads the structure's name: the directory, its page, the grants file."""
    directory = client.get("/structures/")
    page = client.get("/structures/artisans-du-monde/")
    grants = client.get("/donnees/subventions.csv")
    rows = csv.DictReader(io.StringIO(b"".join(grants.streaming_content).decode()))
    return {
        "directory": [structure.name for structure in directory.context["page"].object_list],
        "page": [page.context["structure"].name],
        "open data": [row["nomBeneficiaire"] for row in rows],
    }


def test_a_validated_structure_s_renaming_is_not_public_until_the_department_accepts_it(
    structure, manager, officer94, client, client_for
):
    grant_to(structure)

    response = manager.post(EDIT_URL, edit_data(structure, name=NEW_NAME))

    assert response.status_code == 302
    published = {where: ["Artisans du Monde"] for where in ("directory", "page", "open data")}
    assert public_names(client) == published
    revision = pending_revision(structure)
    assert revision.proposed == {"name": NEW_NAME}

    accepted = client_for(officer94).post(revision_url("accept", revision))

    assert accepted.status_code == 302
    renamed = {where: [NEW_NAME] for where in ("directory", "page", "open data")}
    assert public_names(client) == renamed


def test_accepting_writes_the_changes_with_the_history_and_tells_the_managers(
    structure, structure_manager, officer94, client_for, mailoutbox
):
    services.structure_update_by_actor(
        organisation=structure,
        expected_version=structure.version,
        author=structure_manager,
        name=NEW_NAME,
        city="Thiais",
        latitude=Decimal("48.76"),
    )
    revision = pending_revision(structure)
    version = Organisation.objects.get(pk=structure.pk).version
    mailoutbox.clear()

    services_revisions.structure_revision_accept(revision=revision, reviewer=officer94)

    structure.refresh_from_db()
    assert (structure.name, structure.city, structure.latitude) == (
        NEW_NAME,
        "Thiais",
        Decimal("48.76"),
    )
    assert structure.version == version + 1
    latest = structure.history.order_by("-history_date").first()
    assert latest.history_user == officer94
    assert latest.name == NEW_NAME
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.ACCEPTED
    assert revision.reviewer == officer94 and revision.decided_at is not None
    assert [message.to for message in mailoutbox] == [["structure@example.org"]]
    assert NEW_NAME in mailoutbox[0].subject


def test_refusing_keeps_the_published_values_and_mails_the_reason(
    structure, manager, officer94, client_for, mailoutbox
):
    manager.post(EDIT_URL, edit_data(structure, name=NEW_NAME))
    revision = pending_revision(structure)
    mailoutbox.clear()
    reason = "Le nom ne correspond pas aux statuts déposés en préfecture."

    response = client_for(officer94).post(revision_url("refuse", revision), {"reason": reason})

    assert response.status_code == 302
    structure.refresh_from_db()
    assert structure.name == "Artisans du Monde"
    revision.refresh_from_db()
    assert (revision.status, revision.reason, revision.reviewer) == (
        RevisionStatus.REFUSED,
        reason,
        officer94,
    )
    assert [message.to for message in mailoutbox] == [["structure@example.org"]]
    assert reason in mailoutbox[0].body
    # The manager reads the refusal, and why, on their form, which holds the public values.
    page = manager.get(EDIT_URL)
    assert page.context["refused"] == revision
    assert reason in text_of(page)
    assert page.context["form"]["name"].value() == "Artisans du Monde"


def test_a_refusal_without_a_reason_is_refused_next_to_the_field(
    structure, manager, officer94, client_for
):
    manager.post(EDIT_URL, edit_data(structure, name=NEW_NAME))
    revision = pending_revision(structure)

    response = client_for(officer94).post(revision_url("refuse", revision), {"reason": "  "})

    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert pending_revision(structure) == revision


def test_another_department_s_officer_neither_sees_nor_decides_on_the_changes(
    structure, manager, officer92, viewer94, client_for
):
    manager.post(EDIT_URL, edit_data(structure, name=NEW_NAME))
    revision = pending_revision(structure)
    other = client_for(officer92)

    assert list(other.get("/espace/92/structures/modifications/").context["page"].object_list) == []
    for code in ("92", "94"):
        assert other.get(revision_url("detail", revision, code)).status_code == 404
        assert other.post(revision_url("accept", revision, code)).status_code == 404
        refuse = other.post(revision_url("refuse", revision, code), {"reason": "Non."})
        assert refuse.status_code == 404
    # A viewer of 94 reads the proposal but does not decide.
    viewer = client_for(viewer94)
    assert viewer.get(revision_url("detail", revision)).status_code == 200
    assert viewer.post(revision_url("accept", revision)).status_code == 404
    assert pending_revision(structure) == revision
    assert Organisation.objects.get(pk=structure.pk).name == "Artisans du Monde"


def test_the_service_refuses_a_decision_by_someone_outside_the_department(
    structure, structure_manager, officer92
):
    services.structure_update_by_actor(
        organisation=structure,
        expected_version=structure.version,
        author=structure_manager,
        name=NEW_NAME,
    )

    with pytest.raises(ValidationError):
        services_revisions.structure_revision_accept(
            revision=pending_revision(structure), reviewer=officer92
        )

    assert Organisation.objects.get(pk=structure.pk).name == "Artisans du Monde"


def test_a_structure_awaiting_validation_is_edited_at_once(dept94, young_applicant, client_for):
    pending = OrganisationFactory(
        pending=True, department=dept94, slug="recyclerie", rna="W941234567"
    )
    StructureMembershipFactory(
        user=young_applicant, organisation=pending, role=StructureRole.MANAGER
    )

    response = client_for(young_applicant).post(
        "/compte/structures/recyclerie/modifier/", edit_data(pending, name="Recyclerie du Plateau")
    )

    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.name == "Recyclerie du Plateau"
    assert not StructureRevision.objects.exists()


def test_the_description_and_themes_are_published_at_once(structure, manager, themes):
    response = manager.post(
        EDIT_URL,
        edit_data(
            structure, description="Boutique de commerce équitable.", themes=[themes["health"].pk]
        ),
    )

    assert response.status_code == 302
    structure.refresh_from_db()
    assert structure.description == "Boutique de commerce équitable."
    assert list(structure.themes.all()) == [themes["health"]]
    assert not StructureRevision.objects.exists()


def test_the_staff_are_told_once_of_a_new_proposal_which_a_new_edit_updates(
    structure, manager, admin94, officer94, viewer94, mailoutbox
):
    manager.post(EDIT_URL, edit_data(structure, name=NEW_NAME))

    assert sorted(message.to[0] for message in mailoutbox) == [
        "admin94@example.org",
        "officer94@example.org",
    ]
    revision = pending_revision(structure)
    assert revision_url("detail", revision) in mailoutbox[0].body
    mailoutbox.clear()

    manager.post(EDIT_URL, edit_data(structure, name=NEW_NAME, public_phone="01 45 00 00 00"))

    assert StructureRevision.objects.filter(organisation=structure).count() == 1
    assert pending_revision(structure).proposed == {
        "name": NEW_NAME,
        "public_phone": "01 45 00 00 00",
    }
    assert mailoutbox == []


def test_the_manager_sees_the_proposal_on_their_form_and_withdraws_it(structure, manager):
    manager.post(EDIT_URL, edit_data(structure, name=NEW_NAME, website="https://adm.example"))

    page = manager.get(EDIT_URL)
    assert page.context["form"]["name"].value() == NEW_NAME
    assert page.context["pending"] == pending_revision(structure)
    assert [(change.old, change.new) for change in page.context["changes"]] == [
        ("Artisans du Monde", NEW_NAME),
        ("", "https://adm.example"),
    ]
    assert NEW_NAME in text_of(page)
    home = manager.get("/compte/")
    assert [m.has_pending_revision for m in home.context["structure_memberships"]] == [True]

    response = manager.post("/compte/structures/artisans-du-monde/modifications/retirer/")

    assert response.status_code == 302
    revision = StructureRevision.objects.get(organisation=structure)
    assert revision.status == RevisionStatus.WITHDRAWN
    assert manager.get(EDIT_URL).context["form"]["name"].value() == "Artisans du Monde"


def test_giving_back_the_published_values_withdraws_the_proposal(structure, manager):
    manager.post(EDIT_URL, edit_data(structure, name=NEW_NAME))

    manager.post(EDIT_URL, edit_data(structure))

    assert StructureRevision.objects.get(organisation=structure).status == "withdrawn"


def test_a_failed_validation_shows_again_what_the_manager_typed(structure, manager):
    response = manager.post(
        EDIT_URL, edit_data(structure, name=NEW_NAME, siret="7328 2932 0000 76")
    )

    assert response.status_code == 200
    assert response.context["form"].errors["siret"]
    assert response.context["form"]["name"].value() == NEW_NAME
    assert response.context["form"]["siret"].value() == "7328 2932 0000 76"
    assert not StructureRevision.objects.exists()


def test_a_proposal_from_an_older_version_is_refused_keeping_what_was_typed(structure, manager):
    first_tab = edit_data(structure, name=NEW_NAME)
    second_tab = edit_data(structure, name="Artisans du Monde Créteil")
    manager.post(EDIT_URL, first_tab)

    response = manager.post(EDIT_URL, second_tab)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert response.context["form"]["name"].value() == "Artisans du Monde Créteil"
    assert pending_revision(structure).proposed == {"name": NEW_NAME}


def test_moving_to_another_department_sends_the_structure_back_to_validation(
    structure, manager, dept92
):
    manager.post(EDIT_URL, edit_data(structure, name=NEW_NAME))

    response = manager.post(EDIT_URL, edit_data(structure, name=NEW_NAME, department=dept92.pk))

    assert response.status_code == 302
    structure.refresh_from_db()
    assert (structure.department, structure.status, structure.name) == (
        dept92,
        PublicationStatus.PENDING,
        NEW_NAME,
    )
    assert not StructureRevision.objects.filter(status=RevisionStatus.PENDING).exists()


def test_accepting_is_refused_when_another_structure_took_the_siren_meanwhile(
    structure, manager, officer94, client_for
):
    manager.post(EDIT_URL, edit_data(structure, siret="73282932000074"))
    revision = pending_revision(structure)
    OrganisationFactory(siren="732829320", department=structure.department)

    response = client_for(officer94).post(revision_url("accept", revision), follow=True)

    assert messages_of(response)
    structure.refresh_from_db()
    assert structure.siret == ""
    assert pending_revision(structure) == revision


def test_a_decided_proposal_cannot_be_decided_again(structure, manager, officer94, client_for):
    manager.post(EDIT_URL, edit_data(structure, name=NEW_NAME))
    revision = pending_revision(structure)
    officer = client_for(officer94)
    officer.post(revision_url("refuse", revision), {"reason": "Statuts à fournir."})

    officer.post(revision_url("accept", revision))

    assert Organisation.objects.get(pk=structure.pk).name == "Artisans du Monde"
    assert StructureRevision.objects.get(pk=revision.pk).status == RevisionStatus.REFUSED


@pytest.mark.parametrize("count", [2, 12])
def test_the_staff_list_of_proposals_does_not_grow_in_queries(
    count, officer, dept94, dept92, django_assert_max_num_queries
):
    for department in (dept94, dept92):
        for number in range(count):
            organisation = OrganisationFactory(department=department)
            membership = StructureMembershipFactory(organisation=organisation)
            StructureRevision.objects.create(
                organisation=organisation,
                author=membership.user,
                proposed={"name": f"Nouveau nom {number}", "country": "BE", "legal_form": "scop"},
            )

    # 1: the session
    # 2: the user
    # 3: the user's membership of 94, with the department (staff_view)
    # 4: the user's departments (header, context processor)
    # 5: count of the proposals of 94 (paginator)
    # 6: one page of proposals, with their structure and author
    with django_assert_max_num_queries(6):
        response = officer.get("/espace/94/structures/modifications/")

    assert response.status_code == 200
    assert response.context["page"].paginator.count == count
    assert {row[0].organisation.department_id for row in response.context["rows"]} == {dept94.pk}


def test_the_staff_list_shows_each_changed_field_old_and_new(structure, manager, officer):
    manager.post(EDIT_URL, edit_data(structure, name=NEW_NAME, legal_form="scic", rna=""))

    response = officer.get("/espace/94/structures/modifications/")

    [(_revision, changes)] = response.context["rows"]
    with translation.override("fr"):  # the page's language
        association, scic = str(LegalForm.ASSOCIATION.label), str(LegalForm.SCIC.label)
    assert [(change.name, change.old, change.new) for change in changes] == [
        ("name", "Artisans du Monde", NEW_NAME),
        ("legal_form", association, scic),
        ("rna", "W941234567", ""),
    ]
    assert scic in text_of(response)
    assert mail.outbox  # the staff were told
