"""The permission matrix of the calls: every staff URL with every person of the cast,
the applicant's own URLs, and the files of an application.

On the harness of tests/permission_matrix.py, like the other apps' matrices. In the
staff workspace, another department, a reviewer, an ESS actor, an applicant, a
superuser: 404, never the call. A `calls:` URL of the workspace (or of /compte/) missing
from the lists below fails the first tests.
"""

from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlparse

import pytest
from django.urls import resolve, reverse
from django.utils import timezone

from calls import services
from calls.models import (
    Application,
    ApplicationState,
    Call,
    CommitteeDecision,
    CommitteeSession,
    Criterion,
    FinalReport,
    Instalment,
    Message,
    RequiredDocument,
    ReviewAssignment,
    Score,
)
from partners.models import DepartmentRole
from partners.permissions import MANAGE_CALLS, REVIEW_APPLICATIONS, VIEW_CALLS
from tests.calls.conftest import make_complete_application, pdf, put_in_state
from tests.factories import (
    CallFactory,
    CriterionFactory,
    DepartmentMembershipFactory,
    RequiredDocumentFactory,
    UserFactory,
)
from tests.permission_matrix import (
    ACCOUNT_ROUTE,
    GET,
    HOLDERS_IN_94,
    PEOPLE,
    POST,
    MatrixUrl,
    assert_answer,
    assert_lists_exactly,
    assert_matrix_lists_every_staff_url,
    holders_by_role,
    send,
    url_names,
)


@dataclass(frozen=True)
class Url(MatrixUrl):
    """A line of the calls' matrix: the call's slug fills the URL (but for the list pages
    and the reviewers' pages); ``slug`` puts the objects of a world under another call."""

    def url_kwargs(self, world: "CallWorld", slug: str | None = None) -> dict:
        kwargs = {}
        if self.name not in NO_SLUG:
            kwargs["slug"] = slug or world.call.slug
        return {**kwargs, **super().url_kwargs(world)}

    def path(self, code: str, world: "CallWorld", slug: str | None = None) -> str:
        return reverse(self.name, kwargs={"code": code, **self.url_kwargs(world, slug)})


# The reviewers' pages carry no call.
REVIEWER_URL_NAMES = {
    "calls:staff_review_list",
    "calls:staff_review_detail",
    "calls:staff_review_declare",
}
NO_SLUG = {"calls:staff_call_list", "calls:staff_call_create", *REVIEWER_URL_NAMES}

STAFF_URLS = [
    Url("calls:staff_call_list", GET, VIEW_CALLS),
    Url("calls:staff_call_create", GET, MANAGE_CALLS),
    Url(
        "calls:staff_call_create",
        POST,
        MANAGE_CALLS,
        data={
            "title": "Mobilité des jeunes 2028",
            "kind": "youth_mobility",
            "reference_prefix": "MOB",
            "applicant_kinds": ["individual"],
            "envelope": "20000",
            "opens_at": "2027-01-05T09:00",
            "closes_at": "2027-03-31T12:00",
            "retention_months": "36",
        },
    ),
    Url("calls:staff_call_detail", GET, VIEW_CALLS),
    Url("calls:staff_call_update", GET, MANAGE_CALLS),
    Url("calls:staff_call_publish", POST, MANAGE_CALLS, prepare="draft"),
    Url("calls:staff_call_close", POST, MANAGE_CALLS),
    Url("calls:staff_call_archive", POST, MANAGE_CALLS, prepare="closed"),
    Url("calls:staff_call_documents", GET, VIEW_CALLS),
    Url(
        "calls:staff_call_documents",
        POST,
        MANAGE_CALLS,
        data={"label": "Lettre de motivation", "allowed_formats": ["pdf"], "rule": "always"},
        prepare="draft",
    ),
    Url("calls:staff_required_document_remove", POST, MANAGE_CALLS, "document", prepare="draft"),
    Url("calls:staff_call_criteria", GET, VIEW_CALLS),
    Url(
        "calls:staff_call_criteria",
        POST,
        MANAGE_CALLS,
        data={"label": "Impact", "weight": "1,5", "max_score": "5"},
        prepare="draft",
    ),
    Url("calls:staff_criterion_remove", POST, MANAGE_CALLS, "criterion", prepare="draft"),
    Url("calls:staff_application_list", GET, VIEW_CALLS),
    Url("calls:staff_application_export_csv", GET, VIEW_CALLS),
    Url("calls:staff_application_export_xlsx", GET, VIEW_CALLS),
    Url("calls:staff_application_detail", GET, VIEW_CALLS, "application"),
    Url(
        "calls:staff_application_transition",
        POST,
        MANAGE_CALLS,
        "application",
        {"to_state": "under_review"},
    ),
    Url(
        "calls:staff_application_message",
        POST,
        MANAGE_CALLS,
        "application",
        {"body": "Pouvez-vous préciser le budget ?"},
    ),
    # Review: officers assign reviewers and read the ranking.
    Url(
        "calls:staff_review_assign",
        POST,
        MANAGE_CALLS,
        "reviewed",
        lambda world: {"reviewer": world.spare_reviewer.pk},
    ),
    Url(
        "calls:staff_review_unassign",
        POST,
        MANAGE_CALLS,
        "reviewed",
        extra={"assignment_pk": "assignment"},
    ),
    Url("calls:staff_call_ranking", GET, VIEW_CALLS),
    # The reviewers' own pages.
    Url("calls:staff_review_list", GET, REVIEW_APPLICATIONS),
    Url("calls:staff_review_detail", GET, REVIEW_APPLICATIONS, "assignment"),
    Url(
        "calls:staff_review_detail",
        POST,
        REVIEW_APPLICATIONS,
        "assignment",
        lambda world: {
            f"score_{world.criterion.pk}": "3",
            f"comment_{world.criterion.pk}": "Bien",
            "save": "",
        },
        prepare="declared",
    ),
    Url(
        "calls:staff_review_declare",
        POST,
        REVIEW_APPLICATIONS,
        "assignment",
        {"conflict": "no"},
    ),
    # Committee sessions.
    Url("calls:staff_committee_list", GET, VIEW_CALLS),
    Url("calls:staff_committee_create", GET, MANAGE_CALLS),
    Url(
        "calls:staff_committee_create",
        POST,
        MANAGE_CALLS,
        data={
            "date": "2027-05-01T14:00",
            "place": "Salle du conseil",
            "other_attendees": "M. Dupont",
        },
    ),
    Url("calls:staff_committee_detail", GET, VIEW_CALLS, "session"),
    Url("calls:staff_committee_update", GET, MANAGE_CALLS, "session"),
    Url(
        "calls:staff_committee_update",
        POST,
        MANAGE_CALLS,
        "session",
        lambda world: {
            "date": "2027-05-02T10:00",
            "place": "Salle B",
            "minutes": "Séance ouverte à 10 h.",
            "version": world.session.version,
        },
    ),
    Url("calls:staff_committee_minutes", GET, VIEW_CALLS, "session"),
    Url(
        "calls:staff_committee_decision",
        POST,
        MANAGE_CALLS,
        "session",
        {"decision": "accepted", "amount": "1000"},
        extra={"application_pk": "eligible"},
    ),
    Url(
        "calls:staff_committee_decision_remove",
        POST,
        MANAGE_CALLS,
        "session",
        prepare="decided",
        extra={"application_pk": "eligible"},
    ),
    Url("calls:staff_committee_close", POST, MANAGE_CALLS, "session", prepare="decided"),
    # After the decision.
    Url(
        "calls:staff_instalment_pay",
        POST,
        MANAGE_CALLS,
        "granted",
        lambda world: {"paid_on": timezone.localdate().isoformat()},
        extra={"instalment_pk": "instalment"},
    ),
    Url("calls:staff_final_report_file", GET, VIEW_CALLS, "granted"),
    Url("calls:staff_application_close", POST, MANAGE_CALLS, "granted"),
]


@dataclass
class CallWorld:
    """A published call of one department, with a submitted application; an application
    under review assigned to the department's reviewer (interests not declared yet); an
    eligible application and a planned committee session; an accepted application with
    its grant and its submitted final report."""

    call: Call
    document: RequiredDocument
    criterion: Criterion
    application: Application
    reviewed: Application
    assignment: ReviewAssignment
    spare_reviewer: object
    eligible: Application
    session: CommitteeSession
    granted: Application
    instalment: Instalment

    def state(self) -> tuple:
        call = Call.objects.get(pk=self.call.pk)
        application = Application.objects.get(pk=self.application.pk)
        assignments = ReviewAssignment.objects.filter(application__call=call)
        return (
            Call.objects.count(),
            call.version,
            call.state,
            call.required_documents.count(),
            call.criteria.count(),
            application.state,
            application.version,
            Message.objects.filter(application=application).count(),
            sorted(call.applications.values_list("state", "version")),
            sorted(assignments.values_list("reviewer", "conflict_declared", "submitted_at")),
            sorted(
                Score.objects.filter(assignment__in=assignments).values_list("value", "comment")
            ),
            sorted(call.committee_sessions.values_list("pk", "state", "version")),
            sorted(
                CommitteeDecision.objects.filter(session__call=call).values_list(
                    "application", "decision", "amount"
                )
            ),
            sorted(
                Instalment.objects.filter(grant__application__call=call).values_list(
                    "pk", "state", "paid_on"
                )
            ),
        )


def _world(department, prefix: str, officer, sdg, reviewer) -> CallWorld:
    call = CallFactory(
        department=department,
        slug=f"appel-{prefix}",
        created_by=officer,
    )
    document = RequiredDocumentFactory(call=call, label="Budget détaillé")
    criterion = CriterionFactory(call=call)
    applicant = UserFactory(email=f"candidat{prefix}@example.org")
    application = make_complete_application(call, applicant, sdg)
    services.application_submit(application=application, actor=applicant)

    def another(state: str, name: str) -> Application:
        applicant = UserFactory(email=f"{name}{prefix}@example.org")
        return put_in_state(make_complete_application(call, applicant, sdg), state)

    reviewed = another(ApplicationState.UNDER_REVIEW, "evalue")
    assignment = ReviewAssignment.objects.create(application=reviewed, reviewer=reviewer)
    spare_reviewer = UserFactory(email=f"autre-jury{prefix}@example.org")
    DepartmentMembershipFactory(
        user=spare_reviewer, department=department, role=DepartmentRole.REVIEWER
    )
    eligible = another(ApplicationState.ELIGIBLE, "eligible")
    session = CommitteeSession.objects.create(call=call, date=timezone.now())
    granted = services.application_transition(
        application=another(ApplicationState.ELIGIBLE, "laureat"),
        to_state=ApplicationState.ACCEPTED,
        actor=officer,
        amount=Decimal("1500"),
    )
    grant = granted.grant
    FinalReport.objects.create(
        application=granted,
        narrative="Tout s'est bien passé.",
        financial_report=pdf("bilan.pdf"),
        financial_report_name="bilan.pdf",
        submitted_at=timezone.now(),
    )
    return CallWorld(
        call=call,
        document=document,
        criterion=criterion,
        application=application,
        reviewed=reviewed,
        assignment=assignment,
        spare_reviewer=spare_reviewer,
        eligible=eligible,
        session=session,
        granted=granted,
        instalment=grant.instalments.get(kind="advance"),
    )


@pytest.fixture
def world94(dept94, officer94, sdg, reviewer94) -> CallWorld:
    return _world(dept94, "94", officer94, sdg, reviewer94)


@pytest.fixture
def world92(dept92, officer92, sdg, reviewer92) -> CallWorld:
    return _world(dept92, "92", officer92, sdg, reviewer92)


def _prepare(url: Url, world: CallWorld) -> None:
    if url.prepare == "declared":
        ReviewAssignment.objects.filter(pk=world.assignment.pk).update(
            conflict_declared=False, declared_at=timezone.now()
        )
    elif url.prepare == "decided":
        CommitteeDecision.objects.create(
            session=world.session, application=world.eligible, decision="accepted", amount=1000
        )
    elif url.prepare:
        Call.objects.filter(pk=world.call.pk).update(state=url.prepare)


def test_matrix_lists_every_staff_url_of_the_calls():
    assert_matrix_lists_every_staff_url(STAFF_URLS, namespaces=("calls",))


@pytest.mark.parametrize("url", STAFF_URLS, ids=lambda url: url.id)
def test_matrix_capability_is_the_one_the_view_requires(url, world94):
    view = resolve(url.path("94", world94)).func
    # The documents and criteria pages are readable with VIEW_CALLS; their form posts
    # check MANAGE_CALLS inside the view.
    read_then_post = url.name in ("calls:staff_call_documents", "calls:staff_call_criteria")
    expected = VIEW_CALLS if read_then_post else url.capability
    assert getattr(view, "staff_capability", None) == expected


def test_call_capabilities_match_the_roles():
    for capability in (VIEW_CALLS, MANAGE_CALLS, REVIEW_APPLICATIONS):
        assert holders_by_role(capability) == HOLDERS_IN_94[capability]


@pytest.mark.parametrize("person", PEOPLE)
@pytest.mark.parametrize("url", STAFF_URLS, ids=lambda url: url.id)
def test_call_url_answers_each_person_according_to_their_role_in_94(
    url, person, people, world94, client_for
):
    _prepare(url, world94)
    path = url.path("94", world94)
    before = world94.state()

    response = send(client_for(people[person]), url, path, world94)

    assert_answer(response, url=url, person=person, path=path, world=world94, before=before)


# Pages with a form answer GET with the form; the actions answer only POST.
FORM_PAGES = {
    "calls:staff_call_create",
    "calls:staff_call_documents",
    "calls:staff_call_criteria",
    "calls:staff_committee_create",
    "calls:staff_committee_update",
    "calls:staff_review_detail",
}


@pytest.mark.parametrize(
    "url",
    [u for u in STAFF_URLS if u.method == POST and u.name not in FORM_PAGES],
    ids=lambda u: u.id,
)
def test_post_only_call_action_refuses_get(url, people, world94, client_for):
    _prepare(url, world94)
    before = world94.state()
    user = people["reviewer94" if url.capability == REVIEW_APPLICATIONS else "officer94"]
    assert client_for(user).get(url.path("94", world94)).status_code == 405
    assert world94.state() == before


@pytest.mark.parametrize(
    "url", [u for u in STAFF_URLS if u.name not in NO_SLUG], ids=lambda u: u.id
)
def test_call_of_department_92_is_not_found_from_the_workspace_of_94(
    url, officer94, admin94, world94, world92, client_for
):
    _prepare(url, world92)
    before = world92.state()
    for user in (officer94, admin94):
        for code in ("94", "92"):
            response = send(client_for(user), url, url.path(code, world92), world92)
            assert response.status_code == 404
    assert world92.state() == before


@pytest.mark.parametrize(
    "url", [u for u in STAFF_URLS if u.obj and u.name not in NO_SLUG], ids=lambda u: u.id
)
def test_object_of_another_call_of_the_same_department_is_not_found(
    url, officer94, world94, dept94, sdg, people, client_for
):
    """A pk must belong to the call of the URL, not just to the department."""
    other = _world(dept94, "94bis", officer94, sdg, people["reviewer94"])
    _prepare(url, world94)
    _prepare(url, other)
    before = other.state()
    path = url.path("94", other, slug=world94.call.slug)
    assert send(client_for(officer94), url, path, other).status_code == 404
    assert other.state() == before


@pytest.mark.parametrize(
    "url",
    [u for u in STAFF_URLS if u.extra],
    ids=lambda u: u.id,
)
def test_sub_object_of_another_application_or_session_is_not_found(
    url, officer94, world94, dept94, sdg, people, client_for
):
    """An assignment, a decision or an instalment must belong to the object of the URL."""
    other = _world(dept94, "94bis", officer94, sdg, people["reviewer94"])
    _prepare(url, world94)
    _prepare(url, other)
    before = (world94.state(), other.state())
    kwargs = {"code": "94", "slug": world94.call.slug, "pk": getattr(world94, url.obj).pk}
    kwargs.update({name: getattr(other, attribute).pk for name, attribute in url.extra.items()})
    response = send(client_for(officer94), url, reverse(url.name, kwargs=kwargs), world94)
    assert response.status_code == 404
    assert (world94.state(), other.state()) == before


# The reviewers' pages: only the assigned reviewer, never once recused.


@pytest.mark.parametrize(
    "url", [u for u in STAFF_URLS if u.name in REVIEWER_URL_NAMES and u.obj], ids=lambda u: u.id
)
def test_review_pages_belong_to_the_assigned_reviewer_of_the_department(
    url, people, world94, world92, dept94, client_for
):
    _prepare(url, world94)
    _prepare(url, world92)
    before = (world94.state(), world92.state())
    not_assigned = UserFactory(email="jury-non-assigne@example.org")
    DepartmentMembershipFactory(user=not_assigned, department=dept94, role=DepartmentRole.REVIEWER)
    cases = [
        (not_assigned, url.path("94", world94)),  # a reviewer of 94 not assigned
        (people["reviewer94"], url.path("94", world92)),  # an assignment of 92 from 94
        (people["reviewer92"], url.path("92", world94)),  # 94's assignment from 92
        (people["reviewer92"], url.path("94", world94)),  # a reviewer of 92 in 94
    ]
    for user, path in cases:
        assert send(client_for(user), url, path, world94).status_code == 404, path
    assert (world94.state(), world92.state()) == before


@pytest.mark.parametrize(
    "url", [u for u in STAFF_URLS if u.name in REVIEWER_URL_NAMES and u.obj], ids=lambda u: u.id
)
def test_a_recused_reviewer_no_longer_sees_the_application(url, people, world94, client_for):
    ReviewAssignment.objects.filter(pk=world94.assignment.pk).update(
        conflict_declared=True, conflict_details="Mon frère", declared_at=timezone.now()
    )
    before = world94.state()
    response = send(client_for(people["reviewer94"]), url, url.path("94", world94), world94)
    assert response.status_code == 404
    assert world94.state() == before
    document = world94.reviewed.documents.get()
    file_path = reverse("calls:application_document_file", kwargs={"pk": document.pk})
    assert client_for(people["reviewer94"]).get(file_path).status_code == 404


# The applicant's own pages, under /compte/candidatures/…

APPLICANT_URLS = {
    "calls:applicant_application_list": None,
    "calls:applicant_application_detail": "application",
    "calls:applicant_application_edit": "application",
    "calls:applicant_document_remove": "document",
    "calls:applicant_application_submit": "application",
    "calls:applicant_application_withdraw": "application",
    "calls:applicant_application_delete": "application",
    "calls:applicant_application_receipt": "application",
    "calls:applicant_application_data": "application",
    "calls:applicant_message_post": "application",
    "calls:applicant_final_report": "application",
    "calls:applicant_final_report_file": "application",
    "calls:application_document_file": "file",
    "calls:application_message_attachment": "attachment",
}
POST_ONLY = {
    "calls:applicant_document_remove",
    "calls:applicant_application_withdraw",
    "calls:applicant_message_post",
}


def test_matrix_lists_every_applicant_url():
    assert_lists_exactly(url_names(ACCOUNT_ROUTE, namespaces=("calls",)), set(APPLICANT_URLS))


@dataclass
class Draft:
    application: Application
    document: object
    file: object
    attachment: object

    def state(self) -> tuple:
        application = Application.objects.filter(pk=self.application.pk).first()
        return (
            application and application.state,
            application and application.version,
            application and application.documents.count(),
            Message.objects.filter(application=self.application.pk).count(),
        )


@pytest.fixture
def draft(complete_application, officer92) -> Draft:
    """A draft of the young applicant, with an uploaded file and, in its thread, a
    message of the department with an attachment."""
    document = complete_application.documents.get()
    message = Message.objects.create(
        application=complete_application,
        author=officer92,
        from_staff=True,
        body="Bienvenue.",
        attachment=pdf("guide.pdf"),
        attachment_name="guide.pdf",
    )
    return Draft(complete_application, document, document, message)


def _applicant_path(name: str, draft: Draft) -> str:
    if name == "calls:applicant_application_list":
        return reverse(name)
    obj = APPLICANT_URLS[name]
    if name == "calls:applicant_document_remove":
        return reverse(name, kwargs={"pk": draft.application.pk, "document_pk": draft.document.pk})
    if name == "calls:applicant_application_edit":
        return reverse(name, kwargs={"pk": draft.application.pk, "section": "projet"})
    return reverse(name, kwargs={"pk": getattr(draft, obj).pk})


@pytest.mark.parametrize("name", sorted(APPLICANT_URLS))
def test_applicant_url_belongs_to_its_applicant(name, draft, cast, client_for):
    path = _applicant_path(name, draft)
    method = "post" if name in POST_ONLY else "get"
    before = draft.state()

    anonymous = getattr(client_for(None), method)(path)
    assert anonymous.status_code == 302
    assert urlparse(anonymous.url).path == reverse("account_login")

    for person in ("structure_manager", "officer94", "reviewer92", "superuser"):
        response = getattr(client_for(cast[person]), method)(path)
        assert response.status_code in ((200,) if obj_is_list(name) else (404,)), person
    assert draft.state() == before

    owner = getattr(client_for(cast["young_applicant"]), method)(path)
    # A draft has no receipt yet, nor a financial report.
    no_file_yet = {"calls:applicant_application_receipt", "calls:applicant_final_report_file"}
    expected = (404,) if name in no_file_yet else (200, 302)
    assert owner.status_code in expected


def obj_is_list(name: str) -> bool:
    """The list answers everyone logged in, with their own applications only."""
    return APPLICANT_URLS[name] is None


def test_the_list_shows_only_ones_own_applications(draft, cast, client_for):
    response = client_for(cast["structure_manager"]).get(
        reverse("calls:applicant_application_list")
    )
    assert list(response.context["page"].object_list) == []
    response = client_for(cast["young_applicant"]).get(reverse("calls:applicant_application_list"))
    assert list(response.context["page"].object_list) == [draft.application]


# The files of an application


def test_a_file_is_served_to_the_applicant_the_staff_and_the_assigned_reviewers_only(
    submitted, cast, dept92, client_for
):
    path = reverse("calls:application_document_file", kwargs={"pk": submitted.documents.get().pk})
    assigned = UserFactory(email="jury-assigne@example.org")
    DepartmentMembershipFactory(user=assigned, department=dept92, role=DepartmentRole.REVIEWER)
    ReviewAssignment.objects.create(
        application=submitted,
        reviewer=assigned,
        conflict_declared=False,
        declared_at=timezone.now(),
    )
    recused = UserFactory(email="jury-recuse@example.org")
    DepartmentMembershipFactory(user=recused, department=dept92, role=DepartmentRole.REVIEWER)
    ReviewAssignment.objects.create(
        application=submitted,
        reviewer=recused,
        conflict_declared=True,
        declared_at=timezone.now(),
    )
    viewer92 = UserFactory(email="viewer92@example.org")
    DepartmentMembershipFactory(user=viewer92, department=dept92, role=DepartmentRole.VIEWER)

    for user in (cast["young_applicant"], cast["officer92"], viewer92, assigned):
        response = client_for(user).get(path)
        assert response.status_code == 200, user
        assert response["Cache-Control"] == "private, no-store"
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    for user in (
        cast["reviewer92"],  # a reviewer of 92 not assigned to it
        recused,
        cast["officer94"],
        cast["admin94"],
        cast["structure_manager"],
        cast["superuser"],
    ):
        assert client_for(user).get(path).status_code == 404, user


def test_an_attachment_of_a_private_note_is_never_served_to_the_applicant(
    submitted, cast, client_for
):
    note = services.message_post(
        application=submitted,
        author=cast["officer92"],
        body="Vérifier le devis.",
        attachment=pdf("devis.pdf"),
        staff_note=True,
    )
    path = reverse("calls:application_message_attachment", kwargs={"pk": note.pk})
    assert client_for(cast["officer92"]).get(path).status_code == 200
    assert client_for(cast["young_applicant"]).get(path).status_code == 404
    assert client_for(cast["officer94"]).get(path).status_code == 404


def test_uploaded_files_are_not_under_a_public_url(submitted, settings):
    document = submitted.documents.get()
    assert not document.file.name.startswith(("static/", "media/"))
    assert str(settings.MEDIA_ROOT) not in str(settings.STATIC_ROOT)
    assert settings.MEDIA_URL in ("", "/") or not settings.MEDIA_URL.startswith("/media")
    assert Decimal(submitted.requested_amount) == Decimal("2000")
