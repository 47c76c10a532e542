"""The winners' final report: saved as a draft, submitted once complete, the financial
report checked by its content; then the staff close the file."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from calls import services
from calls.models import ApplicationState, FinalReport
from tests.calls.conftest import EXE, pdf, put_in_state


@pytest.fixture
def accepted(complete_application, officer92):
    eligible = put_in_state(complete_application, ApplicationState.ELIGIBLE)
    return services.application_transition(
        application=eligible,
        to_state=ApplicationState.ACCEPTED,
        actor=officer92,
        amount=Decimal("1500"),
    )


def _report_path(application) -> str:
    return reverse("calls:applicant_final_report", kwargs={"pk": application.pk})


FILLED = {
    "narrative": "Trois potagers créés, 300 élèves concernés.",
    "presentation_date": "2027-09-15",
    "presentation_place": "Centre social de Nanterre",
    "presentation_audience": "85",
}


def test_an_exe_renamed_pdf_is_refused(accepted, young_applicant, client_for):
    fake = SimpleUploadedFile("bilan.pdf", EXE, content_type="application/pdf")
    response = client_for(young_applicant).post(
        _report_path(accepted), {**FILLED, "financial_report": fake, "save": ""}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["financial_report"]
    assert not FinalReport.objects.exists()
    with pytest.raises(ValidationError):  # the service checks the content too
        services.final_report_save(
            application=accepted,
            actor=young_applicant,
            financial_report=SimpleUploadedFile("bilan.pdf", EXE),
        )
    assert not FinalReport.objects.exists()


def test_incomplete_report_is_saved_but_not_submitted(accepted, young_applicant, client_for):
    client = client_for(young_applicant)
    response = client.post(_report_path(accepted), {"narrative": "Début du récit", "submit": ""})
    assert response.status_code == 200
    assert response.context["problems"]
    report = FinalReport.objects.get()
    assert report.narrative == "Début du récit" and report.submitted_at is None


def test_report_submitted_then_the_file_is_closed(accepted, young_applicant, officer92, client_for):
    staff_page = f"/espace/92/appels/{accepted.call.slug}/candidatures/{accepted.pk}/"
    # No report yet: the file cannot be closed.
    with pytest.raises(ValidationError):
        services.application_close(application=accepted, actor=officer92)
    assert client_for(officer92).post(staff_page + "clore/").status_code == 302
    accepted.refresh_from_db()
    assert accepted.state == ApplicationState.ACCEPTED

    client = client_for(young_applicant)
    response = client.post(
        _report_path(accepted), {**FILLED, "financial_report": pdf("bilan.pdf"), "submit": ""}
    )
    assert response.status_code == 302
    report = FinalReport.objects.get()
    assert report.submitted_at is not None
    assert report.presentation_audience == 85
    assert report.financial_report_name == "bilan.pdf"
    # Submitted: final.
    client.post(_report_path(accepted), {**FILLED, "narrative": "Autre", "save": ""})
    report.refresh_from_db()
    assert report.narrative == FILLED["narrative"]
    # The file is served to the applicant and the staff only.
    file_path = reverse("calls:applicant_final_report_file", kwargs={"pk": accepted.pk})
    assert b"".join(client.get(file_path).streaming_content).startswith(b"%PDF")
    staff_file = client_for(officer92).get(staff_page + "compte-rendu/bilan-financier/")
    assert b"".join(staff_file.streaming_content).startswith(b"%PDF")

    page = client_for(officer92).get(staff_page)
    assert page.context["can_close"] is True
    assert FILLED["presentation_place"] in page.content.decode()
    assert client_for(officer92).post(staff_page + "clore/").status_code == 302
    accepted.refresh_from_db()
    assert accepted.state == ApplicationState.CLOSED
    assert accepted.events.last().to_state == ApplicationState.CLOSED


def test_no_report_before_acceptance(complete_application, young_applicant, client_for):
    eligible = put_in_state(complete_application, ApplicationState.ELIGIBLE)
    response = client_for(young_applicant).post(_report_path(eligible), {**FILLED, "save": ""})
    assert response.status_code == 302
    assert not FinalReport.objects.exists()
    with pytest.raises(ValidationError):
        services.final_report_save(application=eligible, actor=young_applicant, narrative="x")


def test_the_data_download_holds_the_grant_and_the_report(accepted, young_applicant, client_for):
    client = client_for(young_applicant)
    client.post(
        _report_path(accepted), {**FILLED, "financial_report": pdf("bilan.pdf"), "save": ""}
    )
    data = client.get(
        reverse("calls:applicant_application_data", kwargs={"pk": accepted.pk})
    ).json()
    assert data["grant"]["amount"] == "1500.00"
    assert [i["amount"] for i in data["grant"]["instalments"]] == ["1050.00", "450.00"]
    assert data["final_report"]["presentation_audience"] == 85
    assert data["final_report"]["submitted_at"] is None
