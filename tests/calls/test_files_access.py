"""Who may download the private files of an application: its applicant, the staff of the
call's department, and a reviewer still on the department's team, assigned to it, who has
declared no conflict of interest. Everybody else gets a 404."""

import pytest
from django.urls import reverse
from django.utils import timezone

from calls.models import ReviewAssignment
from partners.models import DepartmentMembership


@pytest.fixture
def file_path(submitted):
    return reverse("calls:application_document_file", kwargs={"pk": submitted.documents.get().pk})


def _assign(application, reviewer, conflict):
    return ReviewAssignment.objects.create(
        application=application,
        reviewer=reviewer,
        conflict_declared=conflict,
        declared_at=None if conflict is None else timezone.now(),
    )


def test_a_reviewer_removed_from_the_team_no_longer_downloads_the_files(
    submitted, reviewer92, dept92, file_path, client_for
):
    _assign(submitted, reviewer92, conflict=False)
    assert client_for(reviewer92).get(file_path).status_code == 200
    DepartmentMembership.objects.filter(user=reviewer92, department=dept92).delete()
    assert client_for(reviewer92).get(file_path).status_code == 404


def test_an_assigned_reviewer_downloads_the_files_only_after_declaring_no_conflict(
    submitted, reviewer92, file_path, client_for
):
    assignment = _assign(submitted, reviewer92, conflict=None)
    assert client_for(reviewer92).get(file_path).status_code == 404
    ReviewAssignment.objects.filter(pk=assignment.pk).update(
        conflict_declared=False, declared_at=timezone.now()
    )
    response = client_for(reviewer92).get(file_path)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_a_recused_reviewer_never_downloads_the_files(submitted, reviewer92, file_path, client_for):
    _assign(submitted, reviewer92, conflict=True)
    assert client_for(reviewer92).get(file_path).status_code == 404


def test_the_applicant_and_an_officer_download_the_files(
    submitted, young_applicant, officer92, file_path, client_for
):
    for user in (young_applicant, officer92):
        assert client_for(user).get(file_path).status_code == 200, user


def test_an_officer_removed_from_the_team_no_longer_downloads_the_files(
    submitted, officer92, dept92, file_path, client_for
):
    DepartmentMembership.objects.filter(user=officer92, department=dept92).delete()
    assert client_for(officer92).get(file_path).status_code == 404
