"""The permission matrix: every staff URL, walked by every person of the cast.

Built on pretix's ``src/tests/control/test_permissions.py``: one list names every URL of
the workspace with the capability it requires; each test walks the list with one kind of
person. A department's workspace does not exist for whoever may not see it: a 404, never
a 403, never the object. A test fails when a URL of ``staff_urlpatterns`` is missing from
the list, so that every new URL gets its line here.
"""

from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlparse

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
)
from partners.permissions import (
    MANAGE_CALLS,
    MANAGE_MEMBERS,
    MANAGE_PROJECTS,
    MANAGE_SETTINGS,
    MANAGE_STRUCTURES,
    REVIEW_APPLICATIONS,
    ROLE_CAPABILITIES,
    VIEW_CALLS,
    VIEW_DASHBOARD,
    VIEW_PROJECTS,
    VIEW_STRUCTURES,
)
from partners.urls import staff_urlpatterns
from tests.factories import (
    DepartmentMembershipFactory,
    OrganisationFactory,
    StructureMembershipFactory,
    UserFactory,
)

GET, POST = "GET", "POST"


@dataclass(frozen=True)
class StaffUrl:
    """One line of the matrix: a staff URL name, how it is called, what it requires."""

    name: str
    method: str
    capability: str
    # Which objects of the department fill the URL: "organisation", "claim",
    # "membership", "invitation".
    objects: tuple[str, ...] = ()
    data: dict = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.name}-{self.method}"

    def path(self, code: str, world: "DepartmentObjects") -> str:
        kwargs = {"code": code}
        if "organisation" in self.objects:
            kwargs["slug"] = world.organisation.slug
        for name in ("claim", "membership", "invitation"):
            if name in self.objects:
                kwargs["pk"] = getattr(world, name).pk
        return reverse(self.name, kwargs=kwargs)


STAFF_URLS = [
    StaffUrl("portal:staff_dashboard", GET, VIEW_DASHBOARD),
    StaffUrl("partners:staff_organisation_list", GET, VIEW_STRUCTURES),
    StaffUrl("partners:staff_organisation_create", GET, MANAGE_STRUCTURES),
    StaffUrl("partners:staff_organisation_detail", GET, VIEW_STRUCTURES, ("organisation",)),
    StaffUrl("partners:staff_organisation_update", GET, MANAGE_STRUCTURES, ("organisation",)),
    StaffUrl("partners:staff_organisation_validate", POST, MANAGE_STRUCTURES, ("organisation",)),
    StaffUrl("partners:staff_organisation_archive", POST, MANAGE_STRUCTURES, ("organisation",)),
    StaffUrl("partners:staff_claim_approve", POST, MANAGE_STRUCTURES, ("organisation", "claim")),
    StaffUrl("partners:staff_claim_reject", POST, MANAGE_STRUCTURES, ("organisation", "claim")),
    StaffUrl("partners:staff_department_settings", GET, MANAGE_SETTINGS),
    StaffUrl("partners:staff_member_list", GET, MANAGE_MEMBERS),
    StaffUrl(
        "partners:staff_member_change_role",
        POST,
        MANAGE_MEMBERS,
        ("membership",),
        {"role": DepartmentRole.OFFICER},
    ),
    StaffUrl("partners:staff_member_remove", GET, MANAGE_MEMBERS, ("membership",)),
    StaffUrl("partners:staff_member_remove", POST, MANAGE_MEMBERS, ("membership",)),
    StaffUrl("partners:staff_invitation_cancel", POST, MANAGE_MEMBERS, ("invitation",)),
]
POST_ONLY_URLS = [
    url
    for url in STAFF_URLS
    if url.method == POST and not any(u.name == url.name and u.method == GET for u in STAFF_URLS)
]

# The cast of tests/conftest.py, plus a reviewer of 94 so that all four roles are walked.
PEOPLE = [
    "anonymous",
    "young_applicant",
    "structure_manager",
    "superuser",
    "officer92",
    "reviewer92",
    "reviewer94",
    "viewer94",
    "officer94",
    "admin94",
]
ROLE_IN_94 = {
    "admin94": DepartmentRole.ADMIN,
    "officer94": DepartmentRole.OFFICER,
    "viewer94": DepartmentRole.VIEWER,
    "reviewer94": DepartmentRole.REVIEWER,
}
# Who holds each capability in 94, written out from DESIGN.md "People and access".
HOLDERS_IN_94 = {
    VIEW_DASHBOARD: {"admin94", "officer94", "viewer94", "reviewer94"},
    VIEW_STRUCTURES: {"admin94", "officer94", "viewer94"},
    MANAGE_STRUCTURES: {"admin94", "officer94"},
    MANAGE_MEMBERS: {"admin94"},
    MANAGE_SETTINGS: {"admin94"},
    VIEW_PROJECTS: {"admin94", "officer94", "viewer94"},
    MANAGE_PROJECTS: {"admin94", "officer94"},
    VIEW_CALLS: {"admin94", "officer94", "viewer94"},
    MANAGE_CALLS: {"admin94", "officer94"},
    REVIEW_APPLICATIONS: {"reviewer94"},
}


@dataclass
class DepartmentObjects:
    """One object of each kind a staff URL can name, all of one department."""

    organisation: Organisation
    claim: StructureMembership
    membership: DepartmentMembership
    invitation: DepartmentInvitation

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
    )


@pytest.fixture
def objects94(dept94) -> DepartmentObjects:
    return _objects_of(dept94, "94")


@pytest.fixture
def objects92(dept92) -> DepartmentObjects:
    return _objects_of(dept92, "92")


@pytest.fixture
def reviewer94(dept94):
    user = UserFactory(email="reviewer94@example.org", full_name="Romain Jury")
    DepartmentMembershipFactory(user=user, department=dept94, role=DepartmentRole.REVIEWER)
    return user


@pytest.fixture
def people(cast, reviewer94) -> dict:
    return {**cast, "reviewer94": reviewer94}


def _request(client, url: StaffUrl, path: str, method: str | None = None):
    if (method or url.method) == POST:
        return client.post(path, url.data)
    return client.get(path)


def _assert_sent_to_login(response, path: str) -> None:
    assert response.status_code == 302
    location = urlparse(response.url)
    assert location.path == reverse("account_login")
    assert parse_qs(location.query)["next"] == [path]


# The matrix itself: is it complete, and does it say what the code says?


def test_matrix_lists_every_staff_url():
    declared = {pattern.name for pattern in staff_urlpatterns}
    in_matrix = {url.name for url in STAFF_URLS}

    assert declared - in_matrix == set(), "staff URLs missing from STAFF_URLS"
    assert in_matrix - declared == set(), "STAFF_URLS names URLs that no longer exist"


@pytest.mark.parametrize("url", STAFF_URLS, ids=lambda url: url.id)
def test_matrix_capability_is_the_one_the_view_requires(url, objects94):
    view = resolve(url.path("94", objects94)).func

    assert getattr(view, "staff_capability", None) == url.capability


def test_role_capabilities_match_the_documented_roles():
    for capability, holders in HOLDERS_IN_94.items():
        granted = {
            person for person, role in ROLE_IN_94.items() if capability in ROLE_CAPABILITIES[role]
        }
        assert granted == holders, capability
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

    response = _request(client_for(people[person]), url, path)

    if person == "anonymous":
        _assert_sent_to_login(response, path)
        assert objects94.state() == before
    elif person not in HOLDERS_IN_94[url.capability]:
        assert response.status_code == 404
        assert objects94.state() == before
    elif url.method == GET:
        assert response.status_code == 200
        assert objects94.state() == before
    else:
        assert response.status_code == 302
        assert not response.url.startswith(reverse("account_login"))
        assert objects94.state() != before, "the action was accepted but changed nothing"


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

    response = _request(client_for(people[person]), url, url.path("94", objects92))

    assert response.status_code == 404
    assert objects92.state() == before


@pytest.mark.parametrize("url", STAFF_URLS, ids=lambda url: url.id)
def test_officer94_finds_nothing_in_the_workspace_of_92(
    url, officer94, admin94, objects92, client_for
):
    before = objects92.state()

    for user in (officer94, admin94):
        response = _request(client_for(user), url, url.path("92", objects92))
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
    _assert_sent_to_login(client.get("/espace/"), "/espace/")


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
