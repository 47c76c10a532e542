"""The cooperation's private downloads and staff exports are written to the security log
(issue 10 item 11), with the user and the client's address; the public documents and the
open data are not (nothing personal, and anyone may read them)."""

import logging
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from cooperation import services
from cooperation.models import (
    CooperationProject,
    IndicatorLevel,
    MeasureType,
    ProjectContributor,
    ProjectKind,
)
from tests.factories import UserFactory
from tests.security_log import events_named, security_lines

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CLIENT = {"REMOTE_ADDR": "203.0.113.9"}
PROXIED = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "198.51.100.7"}


@pytest.fixture(autouse=True)
def security_caplog(caplog):
    caplog.set_level(logging.INFO, logger="security")
    return caplog


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def project(dept94, officer94) -> CooperationProject:
    return services.project_create(
        department=dept94,
        created_by=officer94,
        title="Filière du thé Shan de Yên Bái",
        kind=ProjectKind.DECENTRALISED,
    )


@pytest.fixture
def contributor(project):
    user = UserFactory(email="linh@yenbai.example.org")
    ProjectContributor.objects.create(project=project, user=user)
    return user


@pytest.fixture
def measurement(project, contributor):
    indicator = services.indicator_create(
        project=project,
        title="Ménages certifiés",
        level=IndicatorLevel.OUTCOME,
        measure_type=MeasureType.NUMBER,
        baseline_value=Decimal(0),
        target_value=Decimal(300),
    )
    return services.measurement_create(
        indicator=indicator,
        reporter=contributor,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        value=Decimal(120),
        evidence=_pdf("preuve-linh.pdf"),
        submit=True,
    )


def test_a_staff_export_of_the_projects_is_logged_with_its_filters(officer94, client_for, caplog):
    officer = client_for(officer94)
    assert (
        officer.get("/espace/94/projets/export.csv?status=implementation", **CLIENT).status_code
        == 200
    )
    assert officer.get("/espace/94/projets/export.xlsx", **CLIENT).status_code == 200

    lines = events_named(caplog, "export")
    assert [(line["data"], line["format"]) for line in lines] == [
        ("projects", "csv"),
        ("projects", "xlsx"),
    ]
    assert lines[0]["query"] == "status=implementation"
    assert all(line["department"] == "94" for line in lines)
    assert all(line["user"] == officer94.email for line in lines)
    assert all(line["ip"] == "203.0.113.9" for line in lines)


def test_a_private_project_document_download_is_logged(project, officer94, client_for, caplog):
    document = services.project_document_add(
        project=project,
        title="Convention",
        file=_pdf("convention.pdf"),
        is_public=False,
        uploaded_by=officer94,
    )
    url = reverse(
        "cooperation:staff_project_document",
        kwargs={"code": "94", "slug": project.slug, "pk": document.pk},
    )
    with override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1):
        assert client_for(officer94).get(url, **PROXIED).status_code == 200

    (line,) = events_named(caplog, "file_download")
    assert line["user"] == officer94.email
    assert line["ip"] == "198.51.100.7"
    assert line["file"] == document.file.name


def test_evidence_downloads_by_staff_and_by_its_reporter_are_logged(
    project, measurement, officer94, contributor, client_for, caplog
):
    staff_url = reverse(
        "cooperation:staff_measurement_evidence",
        kwargs={"code": "94", "slug": project.slug, "pk": measurement.pk},
    )
    contributor_url = reverse(
        "cooperation:contributor_measurement_evidence",
        kwargs={"slug": project.slug, "pk": measurement.pk},
    )
    assert client_for(officer94).get(staff_url, **CLIENT).status_code == 200
    assert client_for(contributor).get(contributor_url, **CLIENT).status_code == 200

    lines = events_named(caplog, "file_download")
    assert [line["user"] for line in lines] == [officer94.email, contributor.email]
    assert all(line["file"] == measurement.evidence.name for line in lines)
    assert all(line["ip"] == "203.0.113.9" for line in lines)


def test_public_documents_and_open_data_are_not_logged(project, officer94, client, caplog):
    document = services.project_document_add(
        project=project,
        title="Guide",
        file=_pdf("guide.pdf"),
        is_public=True,
        uploaded_by=officer94,
    )
    CooperationProject.objects.filter(pk=project.pk).update(
        is_public=True, published_at=timezone.now()
    )
    url = reverse(
        "cooperation:project_public_document", kwargs={"slug": project.slug, "pk": document.pk}
    )
    assert client.get(url).status_code == 200
    response = client.get(reverse("cooperation:open_data_csv"))
    b"".join(response.streaming_content)

    assert security_lines(caplog) == []
