"""The applicant's journey through the pages: sections saved as drafts, malformed values
refused next to their field, submission, receipt, messages, data download, deletion."""

import json
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.html import escape

from calls import services
from calls.models import Application, Call, RequiredDocument
from tests.calls.conftest import EXE, PDF, pdf
from tests.factories import ApplicationFactory
from tests.partners.helpers import french


@pytest.fixture
def applicant(client, young_applicant):
    client.force_login(young_applicant)
    return client


@pytest.fixture
def draft(call92, young_applicant) -> Application:
    return services.application_start(call=call92, applicant=young_applicant)


def _edit(draft: Application, section: str) -> str:
    return f"/compte/candidatures/{draft.pk}/modifier/{section}/"


def _team_data(members: list[dict], version: int, extra: dict | None = None) -> dict:
    data = {
        "version": str(version),
        "members-TOTAL_FORMS": str(len(members)),
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "30",
    }
    for index, member in enumerate(members):
        for key, value in member.items():
            data[f"members-{index}-{key}"] = value
    return {**data, **(extra or {})}


def test_every_section_opens_with_the_draft_banner(applicant, draft):
    for section in ("porteur", "equipe", "projet", "budget", "pieces", "declaration"):
        response = applicant.get(_edit(draft, section))
        assert response.status_code == 200, section
        assert "Draft — not submitted." in response.content.decode() or (
            "Brouillon" in response.content.decode()
        )
    assert applicant.get(_edit(draft, "nimporte-quoi")).status_code == 404


def test_an_incomplete_section_is_saved_as_it_is(applicant, draft):
    response = applicant.post(
        _edit(draft, "projet"), {"version": draft.version, "title": "Potagers", "continue": "1"}
    )

    assert response.status_code == 302
    assert response.url == _edit(draft, "budget")
    draft.refresh_from_db()
    assert draft.title == "Potagers"
    assert draft.state == "draft"


def test_a_malformed_value_is_refused_next_to_its_field_and_nothing_else_is_lost(applicant, draft):
    response = applicant.post(
        _edit(draft, "projet"),
        {
            "version": draft.version,
            "title": "Potagers",
            "departure_date": "2027-07-20",
            "return_date": "2027-07-01",
        },
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert "return_date" in form.errors
    assert form["return_date"].value() == "2027-07-01"  # shown again, ready to be corrected
    # What is valid is saved all the same, and the page says so: closing the tab now
    # loses nothing of it.
    assert (
        french(
            "Some values are not valid: they are shown next to their field. Everything else on "
            "this page is saved."
        )
        in response.content.decode()
    )
    draft.refresh_from_db()
    assert draft.title == "Potagers"
    assert str(draft.departure_date) == "2027-07-20"
    assert draft.return_date is None
    # The form comes back on the new version: correcting it is not a "second tab".
    assert form["version"].value() == str(draft.version)
    response = applicant.post(
        _edit(draft, "projet"),
        {
            "version": form["version"].value(),
            "title": "Potagers",
            "departure_date": "2027-07-20",
            "return_date": "2027-08-01",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert str(draft.return_date) == "2027-08-01"


def test_a_second_tab_gets_a_message_instead_of_overwriting(applicant, draft):
    stale_version = draft.version
    applicant.post(_edit(draft, "projet"), {"version": stale_version, "title": "Premier onglet"})

    response = applicant.post(
        _edit(draft, "projet"), {"version": stale_version, "title": "Second onglet"}
    )

    draft.refresh_from_db()
    assert draft.title == "Premier onglet"
    assert response.status_code == 200
    assert response.context["conflict"]


def test_team_members_are_added_without_javascript(applicant, draft):
    response = applicant.get(_edit(draft, "equipe"))
    assert response.context["formset"].total_form_count() == 3  # empty rows to fill in

    response = applicant.post(
        _edit(draft, "equipe"),
        _team_data(
            [
                {"first_name": "Léa", "last_name": "Martin", "birth_date": "2001-03-01"},
                {"first_name": "", "last_name": ""},  # left empty: skipped
            ],
            draft.version,
            {"add_member": "1"},
        ),
    )

    assert response.status_code == 302
    assert response.url == _edit(draft, "equipe") + "?plus=1"
    assert [str(m) for m in draft.members.all()] == ["Léa Martin"]
    response = applicant.get(response.url)
    # The saved member, the empty row and the one asked for.
    assert response.context["formset"].total_form_count() == 3


def test_a_malformed_birth_date_is_refused_and_the_team_kept(applicant, draft):
    response = applicant.post(
        _edit(draft, "equipe"),
        _team_data([{"first_name": "Léa", "birth_date": "31/02/2001"}], draft.version),
    )
    assert response.status_code == 200
    assert "birth_date" in response.context["formset"].forms[0].errors
    assert not draft.members.exists()


def test_the_budget_is_saved_with_french_amounts_and_its_totals_shown(applicant, draft):
    data = {
        "version": draft.version,
        "requested_amount": "2 000,00",
        "lines-TOTAL_FORMS": "3",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "60",
        "lines-0-side": "expense",
        "lines-0-label": "Billets d’avion",
        "lines-0-amount": "2 500,50",
        "lines-1-side": "resource",
        "lines-1-label": "Tombola",
        "lines-1-amount": "500,50",
        "lines-2-side": "expense",
        "lines-2-label": "",
        "lines-2-amount": "",
    }
    assert applicant.post(_edit(draft, "budget"), data).status_code == 302

    response = applicant.get(_edit(draft, "budget"))
    totals = response.context["totals"]
    assert (str(totals.expenses), str(totals.resources), totals.balanced) == (
        "2500.50",
        "2500.50",
        True,
    )

    data["lines-1-amount"] = "-5"
    response = applicant.post(_edit(draft, "budget"), data)
    assert response.status_code == 200
    assert "amount" in response.context["formset"].forms[1].errors
    assert draft.budget_lines.count() == 2  # the saved budget is untouched


def test_an_exe_renamed_pdf_is_refused(applicant, draft, call92):
    document = RequiredDocument.objects.get(call=call92, label="Budget détaillé")
    response = applicant.post(
        _edit(draft, "pieces"),
        {
            "required_document": document.pk,
            "file": SimpleUploadedFile("budget.pdf", EXE, content_type="application/pdf"),
        },
    )
    assert response.status_code == 200
    assert "file" in response.context["form"].errors
    assert not draft.documents.exists()


def test_a_file_over_the_limit_is_refused_with_a_message(applicant, draft, settings):
    settings.MAX_UPLOAD_SIZE = 1024
    big = SimpleUploadedFile("gros.pdf", PDF + b"0" * 2048, content_type="application/pdf")
    response = applicant.post(_edit(draft, "pieces"), {"file": big})
    assert response.status_code == 200
    (error,) = response.context["form"].errors["file"]
    assert "limit" in error or "limite" in error
    assert not draft.documents.exists()


def test_a_format_the_document_does_not_accept_is_refused(applicant, draft, call92):
    document = RequiredDocument.objects.get(call=call92, label="Budget détaillé")
    RequiredDocument.objects.filter(pk=document.pk).update(allowed_formats=["xlsx", "ods"])
    response = applicant.post(
        _edit(draft, "pieces"), {"required_document": document.pk, "file": pdf()}
    )
    assert "file" in response.context["form"].errors
    assert not draft.documents.exists()


def test_a_file_is_attached_then_removed(applicant, draft, call92):
    document = RequiredDocument.objects.get(call=call92, label="Budget détaillé")
    response = applicant.post(
        _edit(draft, "pieces"), {"required_document": document.pk, "file": pdf("budget.pdf")}
    )
    assert response.status_code == 302
    upload = draft.documents.get()
    assert upload.original_name == "budget.pdf"
    assert "budget" in upload.file.name and "calls/applications/" in upload.file.name

    response = applicant.post(f"/compte/candidatures/{draft.pk}/pieces/{upload.pk}/supprimer/")
    assert response.status_code == 302
    assert not draft.documents.exists()


def test_submit_page_lists_what_is_missing_then_submits(
    applicant, complete_application, young_applicant
):
    url = f"/compte/candidatures/{complete_application.pk}/deposer/"
    complete_application.declaration_accepted = False
    complete_application.save()

    response = applicant.post(url)
    assert response.status_code == 200
    declaration = french("Accept the declaration (section “Declaration”).")
    assert response.context["problems"] == [declaration]

    Application.objects.filter(pk=complete_application.pk).update(declaration_accepted=True)
    mail.outbox.clear()
    response = applicant.post(url)

    complete_application.refresh_from_db()
    assert complete_application.state == "submitted"
    assert response.url == f"/compte/candidatures/{complete_application.pk}/recepisse/"
    receipt = applicant.get(response.url).content.decode()
    assert complete_application.reference in receipt
    assert len(mail.outbox) == 1
    # Frozen: the sections send back to the application's page.
    response = applicant.get(_edit(complete_application, "projet"))
    assert response.url == f"/compte/candidatures/{complete_application.pk}/"


def test_submitting_after_the_closing_time_is_refused_with_a_clear_message(
    applicant, complete_application, call92
):
    Call.objects.filter(pk=call92.pk).update(
        opens_at=timezone.now() - timedelta(days=60),
        closes_at=timezone.now() - timedelta(minutes=5),
    )
    response = applicant.post(f"/compte/candidatures/{complete_application.pk}/deposer/")
    (problem,) = response.context["problems"]
    closed = french("The call closed on %(when)s: applications are no longer accepted.")
    assert problem.startswith(closed.split("%(when)s")[0])
    assert Application.objects.get(pk=complete_application.pk).state == "draft"


def test_a_minor_without_parental_authorisation_is_told_so(applicant, complete_application):
    departure = complete_application.departure_date
    complete_application.members.create(
        first_name="Jade",
        last_name="Petit",
        birth_date=date(departure.year - 17, 1, 1),
        town="Nanterre",
    )
    response = applicant.get(f"/compte/candidatures/{complete_application.pk}/deposer/")
    (problem,) = response.context["problems"]
    assert "Autorisation parentale" in problem and "Jade Petit" in problem


def test_the_applicant_never_sees_the_staff_notes(
    applicant, complete_application, young_applicant, officer92
):
    services.application_submit(application=complete_application, actor=young_applicant)
    services.message_post(
        application=complete_application, author=officer92, body="Bienvenue, merci !"
    )
    services.message_post(
        application=complete_application,
        author=officer92,
        body="NOTE INTERNE : dossier fragile.",
        staff_note=True,
    )

    page = applicant.get(f"/compte/candidatures/{complete_application.pk}/").content.decode()
    data = applicant.get(f"/compte/candidatures/{complete_application.pk}/donnees.json")

    assert "Bienvenue, merci !" in page
    assert "NOTE INTERNE" not in page
    assert "NOTE INTERNE" not in data.content.decode()


def test_the_applicant_writes_to_the_department(
    applicant, complete_application, young_applicant, officer92
):
    services.application_submit(application=complete_application, actor=young_applicant)
    services.message_post(application=complete_application, author=officer92, body="Bonjour")
    mail.outbox.clear()

    response = applicant.post(
        f"/compte/candidatures/{complete_application.pk}/messages/",
        {"body": "Voici le devis.", "attachment": pdf("devis.pdf")},
    )

    assert response.status_code == 302
    message = complete_application.messages.get(body="Voici le devis.")
    assert not message.from_staff and message.attachment_name == "devis.pdf"
    assert [m.to for m in mail.outbox] == [[officer92.email]]


def test_the_applicant_downloads_their_data(applicant, complete_application):
    response = applicant.get(f"/compte/candidatures/{complete_application.pk}/donnees.json")
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "private, no-store"
    data = json.loads(response.content)
    assert data["project"]["title"] == "Potagers scolaires à Kaolack"
    assert [m["first_name"] for m in data["team"]] == ["Léa", "Hugo", "Inès"]


def test_the_applicant_deletes_an_unsubmitted_draft(applicant, draft):
    url = f"/compte/candidatures/{draft.pk}/supprimer/"
    assert applicant.get(url).status_code == 200
    response = applicant.post(url)
    assert response.url == "/compte/candidatures/"
    assert not Application.objects.filter(pk=draft.pk).exists()


def test_the_applicant_withdraws_a_submitted_application(
    applicant, complete_application, young_applicant
):
    services.application_submit(application=complete_application, actor=young_applicant)
    applicant.post(
        f"/compte/candidatures/{complete_application.pk}/retirer/", {"reason": "Projet reporté"}
    )
    complete_application.refresh_from_db()
    assert complete_application.state == "withdrawn"
    assert complete_application.events.last().reason == "Projet reporté"


@pytest.mark.parametrize("rows", [2, 25])
def test_my_applications_query_count_does_not_grow(
    rows, applicant, young_applicant, dept92, django_assert_max_num_queries
):
    for _ in range(rows):
        ApplicationFactory(applicant=young_applicant, call__department=dept92)
    # 1 session, 2 user, 3 count of the paginator, 4 memberships of the header,
    # 5 the page of applications with their call and department.
    with django_assert_max_num_queries(5):
        response = applicant.get("/compte/candidatures/")
    assert len(response.context["page"].object_list) == min(rows, 20)


# A save from a second tab (opened on an older version) is refused, and the page comes
# back with what the person typed and the message, so that nothing typed is lost.


def test_a_conflicting_project_save_shows_the_typed_text_with_the_message(applicant, draft):
    stale_version = draft.version
    applicant.post(_edit(draft, "projet"), {"version": stale_version, "title": "Premier onglet"})

    response = applicant.post(
        _edit(draft, "projet"),
        {"version": stale_version, "title": "Mon long texte du second onglet"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Mon long texte du second onglet" in page
    assert escape(response.context["conflict"]) in page
    draft.refresh_from_db()
    assert draft.title == "Premier onglet"
    # Sending the page again cannot overwrite the first save either.
    assert response.context["form"]["version"].value() == str(stale_version)


def test_a_conflicting_team_save_shows_the_typed_members_with_the_message(applicant, draft):
    stale_version = draft.version
    applicant.post(
        _edit(draft, "equipe"),
        _team_data([{"first_name": "Léa", "last_name": "Martin"}], stale_version),
    )

    response = applicant.post(
        _edit(draft, "equipe"),
        _team_data([{"first_name": "Zoé", "last_name": "Onglet-Second"}], stale_version),
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Onglet-Second" in page
    assert escape(response.context["conflict"]) in page
    assert f'name="version" value="{stale_version}"' in page
    assert [str(m) for m in draft.members.all()] == ["Léa Martin"]


def test_a_conflicting_budget_save_shows_the_typed_lines_with_the_message(applicant, draft):
    def budget(label: str) -> dict:
        return {
            "version": stale_version,
            "requested_amount": "100",
            "lines-TOTAL_FORMS": "1",
            "lines-INITIAL_FORMS": "0",
            "lines-MIN_NUM_FORMS": "0",
            "lines-MAX_NUM_FORMS": "60",
            "lines-0-side": "expense",
            "lines-0-label": label,
            "lines-0-amount": "100",
        }

    stale_version = draft.version
    applicant.post(_edit(draft, "budget"), budget("Billets du premier onglet"))

    response = applicant.post(_edit(draft, "budget"), budget("Hébergement du second onglet"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "second onglet" in page
    assert escape(response.context["conflict"]) in page
    assert [line.label for line in draft.budget_lines.all()] == ["Billets du premier onglet"]
