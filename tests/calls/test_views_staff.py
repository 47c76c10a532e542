"""The calls in the staff workspace: creating, editing and publishing a call, and the
instruction of its applications."""

import io
from datetime import UTC
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from openpyxl import load_workbook

from calls import services
from calls.models import Call, Grant, Message
from tests.calls.conftest import make_complete_application, pdf
from tests.factories import ApplicationFactory, CallFactory, UserFactory
from tests.partners.helpers import french

CALL_DATA = {
    "title": "Initiatives jeunes solidaires 2028",
    "kind": "youth_solidarity",
    "reference_prefix": "ijs",
    "description": "Pour les 16-30 ans.",
    "applicant_kinds": ["association", "individual"],
    "min_age": "16",
    "max_age": "30",
    "envelope": "60 000",
    "max_grant_amount": "5 000",
    "max_grant_share": "80",
    "eligible_countries": ["SN", "BF"],
    "opens_at": "2028-01-05T09:00",
    "closes_at": "2028-03-31T12:00",
    "retention_months": "36",
}


@pytest.fixture
def officer(client, officer92):
    client.force_login(officer92)
    return client


def test_an_officer_creates_a_draft_call(officer, dept92, officer92):
    response = officer.post("/espace/92/appels/nouveau/", CALL_DATA)

    call = Call.objects.get(title="Initiatives jeunes solidaires 2028")
    assert response.url == f"/espace/92/appels/{call.slug}/"
    assert (call.department, call.state, call.created_by) == (dept92, "draft", officer92)
    assert call.reference_prefix == "IJS"
    assert call.envelope == Decimal(60000)
    assert [c.code for c in call.eligible_countries] == ["BF", "SN"]
    assert timezone.localtime(call.closes_at).hour == 12  # typed in Paris time
    assert call.closes_at.astimezone(UTC).hour == 10  # summer time on 31 March 2028


def test_a_call_form_refuses_incoherent_rules(officer):
    data = {
        **CALL_DATA,
        "closes_at": "2028-01-01T09:00",
        "max_age": "12",
        "max_grant_amount": "90 000",
        "max_grant_share": "120",
    }
    response = officer.post("/espace/92/appels/nouveau/", data)
    errors = response.context["form"].errors
    assert {"closes_at", "max_age", "max_grant_amount", "max_grant_share"} <= set(errors)
    assert not Call.objects.exists()


def test_two_calls_opening_the_same_year_cannot_share_a_prefix(officer, dept92):
    CallFactory(
        department=dept92,
        reference_prefix="IJS",
        opens_at=timezone.make_aware(timezone.datetime(2028, 2, 1, 9, 0)),
        closes_at=timezone.make_aware(timezone.datetime(2028, 6, 1, 9, 0)),
    )
    response = officer.post("/espace/92/appels/nouveau/", CALL_DATA)
    assert "reference_prefix" in response.context["form"].errors


def test_the_second_of_two_simultaneous_edits_is_refused(officer, call92):
    url = f"/espace/92/appels/{call92.slug}/modifier/"
    form = officer.get(url).context["form"]
    data = {**CALL_DATA, "version": form["version"].value(), "reference_prefix": "AJS"}

    assert officer.post(url, {**data, "title": "Premier"}).status_code == 302
    response = officer.post(url, {**data, "title": "Second"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Call.objects.get(pk=call92.pk).title == "Premier"


def test_documents_and_criteria_are_set_on_a_draft_then_the_call_is_published(
    officer, dept92, officer92
):
    call = services.call_create(
        department=dept92,
        created_by=officer92,
        title="Mobilité 2028",
        kind="youth_mobility",
        reference_prefix="MOB",
        description="",
        envelope=Decimal(10000),
        opens_at=CallFactory.build().opens_at,
        closes_at=CallFactory.build().closes_at,
    )
    base = f"/espace/92/appels/{call.slug}/"

    response = officer.post(base + "publier/", follow=True)
    call.refresh_from_db()
    assert call.state == "draft"
    assert french("Add at least one evaluation criterion.") in " ".join(
        str(m) for m in response.context["messages"]
    )

    officer.post(
        base + "pieces/",
        {
            "label": "Autorisation parentale",
            "allowed_formats": ["pdf", "jpeg"],
            "rule": "minors",
            "template": pdf("modele.pdf"),
        },
    )
    officer.post(base + "criteres/", {"label": "Impact", "weight": "1,5", "max_score": "5"})
    Call.objects.filter(pk=call.pk).update(description="Pour partir.")
    officer.post(base + "publier/")

    call.refresh_from_db()
    document = call.required_documents.get()
    assert (document.is_required, document.required_if_minor) == (False, True)
    assert document.allowed_formats == ["pdf", "jpeg"]
    assert document.template.name
    assert call.criteria.get().weight == Decimal("1.5")
    assert call.state == "published" and call.published_at is not None
    # Published: documents and criteria are fixed.
    response = officer.post(base + "criteres/", {"label": "Autre", "weight": "1", "max_score": "5"})
    assert call.criteria.count() == 1
    officer.post(base + "cloturer/")
    officer.post(base + "archiver/")
    call.refresh_from_db()
    assert call.state == "archived"


def test_the_application_list_filters_and_hides_drafts(officer, call92, submitted, sdg):
    make_complete_application(call92, UserFactory(full_name="Brouillon Jamais"), sdg)
    url = f"/espace/92/appels/{call92.slug}/candidatures/"

    response = officer.get(url)
    assert list(response.context["page"].object_list) == [submitted]
    assert list(officer.get(url + "?state=under_review").context["page"].object_list) == []
    response = officer.get(url + f"?q={submitted.reference}")
    assert list(response.context["page"].object_list) == [submitted]


def test_exports_csv_and_xlsx(officer, call92, submitted):
    base = f"/espace/92/appels/{call92.slug}/candidatures/"
    response = officer.get(base + "export.csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    lines = text.strip().splitlines()
    assert lines[1].split(";")[:2] == [submitted.reference, submitted.title]
    assert "2000,00" in lines[1]
    assert response["Cache-Control"] == "private, no-store"

    response = officer.get(base + "export.xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.values)
    assert rows[1][0] == submitted.reference
    assert rows[1][10] == 2000


def test_the_detail_shows_only_the_allowed_transitions(officer, call92, submitted):
    url = f"/espace/92/appels/{call92.slug}/candidatures/{submitted.pk}/"
    response = officer.get(url)
    assert [t.target for t, _form in response.context["transitions"]] == ["under_review"]
    assert response["Cache-Control"] == "private, no-store"

    officer.post(url + "transition/", {"to_state": "under_review"})
    response = officer.get(url)
    assert [t.target for t, _form in response.context["transitions"]] == [
        "changes_requested",
        "eligible",
        "ineligible",
    ]


def test_a_refused_transition_says_why_and_changes_nothing(officer, call92, submitted):
    url = f"/espace/92/appels/{call92.slug}/candidatures/{submitted.pk}/"
    officer.post(url + "transition/", {"to_state": "under_review"})

    response = officer.post(url + "transition/", {"to_state": "ineligible", "reason": ""})
    assert response.status_code == 200
    submitted.refresh_from_db()
    assert submitted.state == "under_review"

    response = officer.post(url + "transition/", {"to_state": "accepted", "amount": "1000"})
    submitted.refresh_from_db()
    assert submitted.state == "under_review"


def test_the_officer_grants_an_amount(officer, call92, submitted):
    url = f"/espace/92/appels/{call92.slug}/candidatures/{submitted.pk}/"
    officer.post(url + "transition/", {"to_state": "under_review"})
    officer.post(url + "transition/", {"to_state": "eligible"})
    mail.outbox.clear()
    officer.post(url + "transition/", {"to_state": "accepted", "amount": "1 500,00"})

    submitted.refresh_from_db()
    assert (submitted.state, submitted.granted_amount) == ("accepted", Decimal(1500))
    assert [m.to for m in mail.outbox] == [[submitted.applicant.email]]
    assert "1\u00a0500\u00a0€" in mail.outbox[0].body
    assert [e.to_state for e in submitted.events.all()] == [
        "submitted",
        "under_review",
        "eligible",
        "accepted",
    ]


def test_messages_reach_the_applicant_and_notes_stay_private(officer, call92, submitted):
    url = f"/espace/92/appels/{call92.slug}/candidatures/{submitted.pk}/"
    mail.outbox.clear()

    officer.post(url + "messages/", {"body": "Merci pour votre dossier.", "attachment": pdf()})
    officer.post(url + "messages/", {"body": "Budget un peu juste.", "staff_note": "on"})

    assert [m.to for m in mail.outbox] == [[submitted.applicant.email]]
    assert "Merci pour votre dossier." in mail.outbox[0].body
    note = Message.objects.get(body="Budget un peu juste.")
    assert note.is_staff_note and note.from_staff
    page = officer.get(url).content.decode()
    assert "Budget un peu juste." in page and "Merci pour votre dossier." in page


@pytest.mark.parametrize("rows", [2, 25])
def test_staff_call_list_query_count_does_not_grow(
    rows, officer, dept92, django_assert_max_num_queries
):
    for _ in range(rows):
        CallFactory(department=dept92)
    # 1 session, 2 user, 3 membership (staff_view), 4 count of the paginator,
    # 5 memberships of the header, 6 the page of calls with their application counts.
    with django_assert_max_num_queries(6):
        response = officer.get("/espace/92/appels/")
    assert len(response.context["page"].object_list) == min(rows, 20)


@pytest.mark.parametrize("rows", [2, 25])
def test_staff_application_list_query_count_does_not_grow(
    rows, officer, call92, sdg, django_assert_max_num_queries
):
    for _ in range(rows):
        applicant = UserFactory()
        application = make_complete_application(call92, applicant, sdg)
        services.application_submit(application=application, actor=applicant)
    # 1 session, 2 user, 3 membership (staff_view), 4 the call, 5 count of the paginator,
    # 6 memberships of the header, 7 the page of applications with their applicant,
    # structure, team size and score (a subquery of the same query).
    with django_assert_max_num_queries(7):
        response = officer.get(f"/espace/92/appels/{call92.slug}/candidatures/")
    assert len(response.context["page"].object_list) == min(rows, 20)


def test_the_envelope_cannot_drop_below_what_is_granted(call92):
    for number in (1, 2):
        application = ApplicationFactory(
            call=call92,
            state="accepted",
            reference=f"AJX-2026-000{number}",
            submitted_at=timezone.now(),
            requested_amount=Decimal("5000"),
            granted_amount=Decimal("4000"),
        )
        Grant.objects.create(application=application, amount=Decimal("4000"))

    with pytest.raises(ValidationError):
        services.call_update(call=call92, expected_version=call92.version, envelope=Decimal("7999"))
    services.call_update(call=call92, expected_version=call92.version, envelope=Decimal("8000"))
    call92.refresh_from_db()
    assert call92.envelope == Decimal("8000")
