"""The permission matrix: every staff URL, walked by every person of the cast.

Built on pretix's ``src/tests/control/test_permissions.py``: one list names every URL of
the workspace with the capability it requires; each test walks the list with one kind of
person. A department's workspace does not exist for whoever may not see it: a 404, never
a 403, never the object. A test fails when a URL of the workspace (``partners:…``,
``portal:…``) is missing from the list, so that every new URL gets its line here; another
fails when a URL of /espace/<code>/ of any app is in no matrix. The cast, the requests and
what each person must get are in tests/permission_matrix.py.
"""

from dataclasses import dataclass

import pytest
from django.urls import resolve, reverse

from partners.models import (
    DepartmentInvitation,
    DepartmentMembership,
    DepartmentRole,
    MembershipStatus,
    Organisation,
    PublicationStatus,
    StructureMembership,
    StructureRevision,
)
from partners.permissions import (
    MANAGE_MEMBERS,
    MANAGE_SETTINGS,
    MANAGE_STRUCTURES,
    ROLE_CAPABILITIES,
    VIEW_DASHBOARD,
    VIEW_STRUCTURES,
)
from tests.factories import (
    DepartmentMembershipFactory,
    OrganisationFactory,
    StructureMembershipFactory,
    UserFactory,
)
from tests.permission_matrix import (
    GET,
    HOLDERS_IN_94,
    PEOPLE,
    POST,
    MatrixUrl,
    assert_answer,
    assert_every_staff_url_is_in_a_matrix,
    assert_matrix_lists_every_staff_url,
    assert_sent_to_login,
    holders_by_role,
    post_only,
    send,
)


@dataclass(frozen=True)
class StaffUrl(MatrixUrl):
    """A line of the workspace's matrix; ``objects`` names the objects of the department
    that fill the URL: "organisation" (its slug), "claim", "membership", "invitation",
    "revision"."""

    objects: tuple[str, ...] = ()

    def url_kwargs(self, world: "DepartmentObjects") -> dict:
        kwargs: dict = {}
        if "organisation" in self.objects:
            kwargs["slug"] = world.organisation.slug
        for name in ("claim", "membership", "invitation", "revision"):
            if name in self.objects:
                kwargs["pk"] = getattr(world, name).pk
        return kwargs


def _url(name: str, method: str, capability: str, objects=(), data=None) -> StaffUrl:
    return StaffUrl(name, method, capability, objects=tuple(objects), data=data or {})


STAFF_URLS = [
    _url("portal:staff_dashboard", GET, VIEW_DASHBOARD),
    _url("partners:staff_organisation_list", GET, VIEW_STRUCTURES),
    _url("partners:staff_organisation_create", GET, MANAGE_STRUCTURES),
    _url("partners:staff_organisation_detail", GET, VIEW_STRUCTURES, ("organisation",)),
    _url("partners:staff_organisation_update", GET, MANAGE_STRUCTURES, ("organisation",)),
    _url("partners:staff_organisation_validate", POST, MANAGE_STRUCTURES, ("organisation",)),
    _url("partners:staff_organisation_archive", POST, MANAGE_STRUCTURES, ("organisation",)),
    _url("partners:staff_claim_approve", POST, MANAGE_STRUCTURES, ("organisation", "claim")),
    _url("partners:staff_claim_reject", POST, MANAGE_STRUCTURES, ("organisation", "claim")),
    _url("partners:staff_revision_list", GET, VIEW_STRUCTURES),
    _url("partners:staff_revision_detail", GET, VIEW_STRUCTURES, ("organisation", "revision")),
    _url("partners:staff_revision_accept", POST, MANAGE_STRUCTURES, ("organisation", "revision")),
    _url(
        "partners:staff_revision_refuse",
        POST,
        MANAGE_STRUCTURES,
        ("organisation", "revision"),
        {"reason": "Les statuts ne portent pas ce nom."},
    ),
    _url("partners:staff_department_settings", GET, MANAGE_SETTINGS),
    _url("partners:staff_member_list", GET, MANAGE_MEMBERS),
    _url(
        "partners:staff_member_change_role",
        POST,
        MANAGE_MEMBERS,
        ("membership",),
        {"role": DepartmentRole.OFFICER},
    ),
    _url("partners:staff_member_remove", GET, MANAGE_MEMBERS, ("membership",)),
    _url("partners:staff_member_remove", POST, MANAGE_MEMBERS, ("membership",)),
    _url("partners:staff_invitation_cancel", POST, MANAGE_MEMBERS, ("invitation",)),
]
POST_ONLY_URLS = post_only(STAFF_URLS)


@dataclass
class DepartmentObjects:
    """One object of each kind a staff URL can name, all of one department."""

    organisation: Organisation
    claim: StructureMembership
    membership: DepartmentMembership
    invitation: DepartmentInvitation
    revision: StructureRevision

    def state(self) -> tuple:
        """Everything a staff action can change, to prove a refused request changed nothing."""
        organisation = Organisation.objects.get(pk=self.organisation.pk)
        return (
            organisation.status,
            organisation.version,
            tuple(
                StructureMembership.objects.filter(pk=self.claim.pk).values_list(
                    "status", flat=True
                )
            ),
            tuple(
                DepartmentMembership.objects.filter(pk=self.membership.pk).values_list(
                    "role", flat=True
                )
            ),
            DepartmentInvitation.objects.filter(pk=self.invitation.pk).exists(),
            Organisation.objects.count(),
            StructureRevision.objects.get(pk=self.revision.pk).status,
        )


def _objects_of(department, prefix: str) -> DepartmentObjects:
    organisation = OrganisationFactory(
        pending=True,
        department=department,
        name=f"Recyclerie {prefix}",
        slug=f"recyclerie-{prefix}",
    )
    return DepartmentObjects(
        organisation=organisation,
        claim=StructureMembershipFactory(
            organisation=organisation,
            user=UserFactory(email=f"claimant{prefix}@example.org"),
            status=MembershipStatus.PENDING,
            claim_message="Je suis la trésorière.",
        ),
        membership=DepartmentMembershipFactory(
            department=department,
            user=UserFactory(email=f"colleague{prefix}@example.org"),
            role=DepartmentRole.VIEWER,
        ),
        invitation=DepartmentInvitation.objects.create(
            department=department,
            email=f"invited{prefix}@example.org",
            role=DepartmentRole.OFFICER,
            token=f"token-{prefix}",
        ),
        revision=StructureRevision.objects.create(
            organisation=organisation, proposed={"name": f"Ressourcerie {prefix}"}
        ),
    )


@pytest.fixture
def objects94(dept94) -> DepartmentObjects:
    return _objects_of(dept94, "94")


@pytest.fixture
def objects92(dept92) -> DepartmentObjects:
    return _objects_of(dept92, "92")


# The matrix itself: is it complete, and does it say what the code says?


def test_matrix_lists_every_staff_url():
    assert_matrix_lists_every_staff_url(STAFF_URLS, namespaces=("partners", "portal"))


def test_every_staff_url_of_the_urlconf_is_in_a_matrix():
    """Whatever its app: a new namespace of the workspace needs its matrix too."""
    assert_every_staff_url_is_in_a_matrix()


@pytest.mark.parametrize("url", STAFF_URLS, ids=lambda url: url.id)
def test_matrix_capability_is_the_one_the_view_requires(url, objects94):
    view = resolve(url.path("94", objects94)).func

    assert getattr(view, "staff_capability", None) == url.capability


def test_role_capabilities_match_the_documented_roles():
    for capability, holders in HOLDERS_IN_94.items():
        assert holders_by_role(capability) == holders, capability
    assert set(ROLE_CAPABILITIES) == set(DepartmentRole.values)
    assert set().union(*ROLE_CAPABILITIES.values()) == set(HOLDERS_IN_94)


# Walking the matrix in department 94.


@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize("url", STAFF_URLS, ids=lambda url: url.id)
def test_staff_url_answers_each_person_according_to_their_role_in_94(
    url, person, people, objects94, client_for
):
    path = url.path("94", objects94)
    before = objects94.state()

    response = send(client_for(people[person]), url, path)

    assert_answer(response, url=url, person=person, path=path, world=objects94, before=before)


@pytest.mark.parametrize("url", POST_ONLY_URLS, ids=lambda url: url.id)
def test_post_only_action_refuses_get_from_a_member_allowed_to_post(
    url, people, objects94, client_for
):
    allowed = sorted(HOLDERS_IN_94[url.capability])[0]
    before = objects94.state()

    response = client_for(people[allowed]).get(url.path("94", objects94))

    assert response.status_code == 405
    assert objects94.state() == before


# The mirror: another department's objects, another department's workspace.


@pytest.mark.parametrize("person", ["officer94", "admin94"])
@pytest.mark.parametrize("url", [url for url in STAFF_URLS if url.objects], ids=lambda url: url.id)
def test_object_of_department_92_is_not_found_in_the_workspace_of_94(
    url, person, people, objects94, objects92, client_for
):
    before = objects92.state()

    response = send(client_for(people[person]), url, url.path("94", objects92))

    assert response.status_code == 404
    assert objects92.state() == before


@pytest.mark.parametrize("url", STAFF_URLS, ids=lambda url: url.id)
def test_officer94_finds_nothing_in_the_workspace_of_92(
    url, officer94, admin94, objects92, client_for
):
    before = objects92.state()

    for user in (officer94, admin94):
        response = send(client_for(user), url, url.path("92", objects92))
        assert response.status_code == 404, user
    assert objects92.state() == before


@pytest.mark.parametrize("name", ["partners:staff_claim_approve", "partners:staff_claim_reject"])
def test_claim_on_another_structure_is_not_found_under_this_structure(
    name, officer94, objects94, objects92, dept94, client_for
):
    """The claim pk must belong to the structure of the URL, not just to any structure."""
    other94 = OrganisationFactory(department=dept94, slug="autre-structure-94")
    foreign_claims = [
        objects92.claim,
        StructureMembershipFactory(organisation=other94, status=MembershipStatus.PENDING),
    ]
    client = client_for(officer94)

    for claim in foreign_claims:
        path = reverse(
            name, kwargs={"code": "94", "slug": objects94.organisation.slug, "pk": claim.pk}
        )
        assert client.post(path).status_code == 404
        assert StructureMembership.objects.get(pk=claim.pk).status == MembershipStatus.PENDING


def test_active_membership_is_not_a_claim_to_approve(officer94, objects94, client_for):
    objects94.claim.status = MembershipStatus.ACTIVE
    objects94.claim.save()
    path = reverse(
        "partners:staff_claim_reject",
        kwargs={"code": "94", "slug": objects94.organisation.slug, "pk": objects94.claim.pk},
    )

    response = client_for(officer94).post(path)

    assert response.status_code == 404
    assert StructureMembership.objects.filter(pk=objects94.claim.pk).exists()


def test_accepted_invitation_cannot_be_cancelled(admin94, objects94, client_for):
    DepartmentInvitation.objects.filter(pk=objects94.invitation.pk).update(
        accepted_at=objects94.organisation.created_at
    )
    path = reverse(
        "partners:staff_invitation_cancel", kwargs={"code": "94", "pk": objects94.invitation.pk}
    )

    response = client_for(admin94).post(path)

    assert response.status_code == 404
    assert DepartmentInvitation.objects.filter(pk=objects94.invitation.pk).exists()


@pytest.mark.parametrize("code", ["99", "2A", "xyz"])
def test_workspace_of_a_department_without_team_is_not_found(code, admin94, client_for):
    assert client_for(admin94).get(f"/espace/{code}/").status_code == 404


def test_archived_structure_stays_visible_to_its_department_staff(viewer94, objects94, client_for):
    Organisation.objects.filter(pk=objects94.organisation.pk).update(
        status=PublicationStatus.ARCHIVED
    )
    path = reverse(
        "partners:staff_organisation_detail",
        kwargs={"code": "94", "slug": objects94.organisation.slug},
    )

    assert client_for(viewer94).get(path).status_code == 200


# /espace/: the door to one's department.


def test_workspace_door_sends_anonymous_visitor_to_login(client):
    assert_sent_to_login(client.get("/espace/"), "/espace/")


@pytest.mark.parametrize("person", ["young_applicant", "structure_manager", "superuser"])
def test_workspace_door_is_not_found_for_people_without_department(person, cast, client_for):
    assert client_for(cast[person]).get("/espace/").status_code == 404


def test_workspace_door_sends_a_one_department_member_to_their_dashboard(officer94, client_for):
    response = client_for(officer94).get("/espace/")

    assert response.status_code == 302
    assert response.url == "/espace/94/"


def test_workspace_door_lets_a_two_department_member_choose(officer94, dept92, client_for):
    DepartmentMembershipFactory(user=officer94, department=dept92, role=DepartmentRole.VIEWER)

    response = client_for(officer94).get("/espace/")

    assert response.status_code == 200
    assert {m.department.code for m in response.context["memberships"]} == {"92", "94"}
