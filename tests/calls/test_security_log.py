"""The applicants' data leaving the portal is written to the security log (issue 10 item
11): staff exports of the applications, an applicant's download of their own data, every
private file of an application; with the user and the client's address. A public call's
template and the open data are not logged."""

import logging
from decimal import Decimal

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from calls import services
from calls.models import ApplicationState, FinalReport, Message
from tests.calls.conftest import make_complete_application, pdf, put_in_state
from tests.factories import UserFactory
from tests.security_log import events_named, security_lines

CLIENT = {"REMOTE_ADDR": "203.0.113.9"}
PROXIED = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "198.51.100.7"}


@pytest.fixture(autouse=True)
def security_caplog(caplog):
    caplog.set_level(logging.INFO, logger="security")
    return caplog


def test_staff_exports_of_the_applications_are_logged(
    call92, submitted, officer92, client_for, caplog
):
    base = f"/espace/92/appels/{call92.slug}/candidatures/"
    officer = client_for(officer92)
    with override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1):
        assert officer.get(base + "export.csv?state=submitted", **PROXIED).status_code == 200
        assert officer.get(base + "export.xlsx", **PROXIED).status_code == 200

    lines = events_named(caplog, "export")
    assert [(line["data"], line["format"]) for line in lines] == [
        ("applications", "csv"),
        ("applications", "xlsx"),
    ]
    assert lines[0]["query"] == "state=submitted"
    assert all(line["call"] == call92.slug for line in lines)
    assert all(line["user"] == officer92.email for line in lines)
    assert all(line["ip"] == "198.51.100.7" for line in lines)


def test_an_applicants_download_of_their_own_data_is_logged(
    complete_application, young_applicant, client_for, caplog
):
    url = reverse("calls:applicant_application_data", kwargs={"pk": complete_application.pk})
    assert client_for(young_applicant).get(url, **CLIENT).status_code == 200

    (line,) = events_named(caplog, "own_data_download")
    assert line["user"] == young_applicant.email
    assert line["ip"] == "203.0.113.9"
    assert line["application"] == str(complete_application.pk)


def test_downloads_of_an_applications_documents_and_attachments_are_logged(
    submitted, officer92, young_applicant, client_for, caplog
):
    document = submitted.documents.get()
    message = Message.objects.create(
        application=submitted,
        author=officer92,
        from_staff=True,
        body="Voici le guide.",
        attachment=pdf("guide.pdf"),
        attachment_name="guide.pdf",
    )
    document_url = reverse("calls:application_document_file", kwargs={"pk": document.pk})
    attachment_url = reverse("calls:application_message_attachment", kwargs={"pk": message.pk})
    assert client_for(officer92).get(document_url, **CLIENT).status_code == 200
    assert client_for(young_applicant).get(attachment_url, **CLIENT).status_code == 200

    lines = events_named(caplog, "file_download")
    assert [(line["user"], line["file"]) for line in lines] == [
        (officer92.email, document.file.name),
        (young_applicant.email, message.attachment.name),
    ]
    assert all(line["ip"] == "203.0.113.9" for line in lines)


def test_a_refused_download_writes_no_download(submitted, client_for, caplog):
    stranger = UserFactory(email="curieux@example.org")
    url = reverse("calls:application_document_file", kwargs={"pk": submitted.documents.get().pk})
    assert client_for(stranger).get(url, **CLIENT).status_code == 404

    assert not events_named(caplog, "file_download")


def test_downloads_of_the_financial_report_are_logged(call92, sdg, officer92, client_for, caplog):
    applicant = UserFactory(email="laureat@example.org")
    application = put_in_state(
        make_complete_application(call92, applicant, sdg), ApplicationState.ELIGIBLE
    )
    granted = services.application_transition(
        application=application,
        to_state=ApplicationState.ACCEPTED,
        actor=officer92,
        amount=Decimal("1500"),
    )
    report = FinalReport.objects.create(
        application=granted,
        narrative="Tout s'est bien passé.",
        financial_report=pdf("bilan.pdf"),
        financial_report_name="bilan.pdf",
        submitted_at=timezone.now(),
    )
    own = reverse("calls:applicant_final_report_file", kwargs={"pk": granted.pk})
    staff = reverse(
        "calls:staff_final_report_file",
        kwargs={"code": "92", "slug": call92.slug, "pk": granted.pk},
    )
    assert client_for(applicant).get(own, **CLIENT).status_code == 200
    assert client_for(officer92).get(staff, **CLIENT).status_code == 200

    lines = events_named(caplog, "file_download")
    assert [line["user"] for line in lines] == [applicant.email, officer92.email]
    assert all(line["file"] == report.financial_report.name for line in lines)
    assert all(line["ip"] == "203.0.113.9" for line in lines)


def test_a_public_call_template_and_the_open_data_are_not_logged(call92, client, caplog):
    document = call92.required_documents.first()
    document.template = pdf("modele-budget.pdf")
    document.save()
    url = reverse("calls:call_document_template", kwargs={"slug": call92.slug, "pk": document.pk})
    assert client.get(url).status_code == 200
    response = client.get(reverse("calls:open_data_grants"))
    b"".join(response.streaming_content)

    assert security_lines(caplog) == []
