"""Two applicants submitting at the same moment never get the same reference number."""

import threading

import pytest
from django.db import connection

from calls import services
from calls.models import Application
from tests.calls.conftest import make_complete_application
from tests.factories import UserFactory


@pytest.mark.django_db(transaction=True)
def test_simultaneous_submissions_get_consecutive_references(call92, sdg):
    applications = []
    for _ in range(4):
        applicant = UserFactory()
        applications.append(make_complete_application(call92, applicant, sdg))
    barrier = threading.Barrier(len(applications))
    errors = []

    def submit(application: Application) -> None:
        try:
            barrier.wait(timeout=10)
            services.application_submit(application=application, actor=application.applicant)
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    references = sorted(Application.objects.filter(call=call92).values_list("reference", flat=True))
    numbers = [reference.rsplit("-", 1)[1] for reference in references]
    assert numbers == ["0001", "0002", "0003", "0004"]
