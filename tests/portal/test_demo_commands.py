"""The portal's load_reference_data and seed_demo: each app's loaders, run in order."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from calls.demo import calls_demo_load
from calls.models import Application, ApplicationState, Call, CallState
from partners.demo import DEMO_PASSWORD, DemoDataError, partners_demo_load
from partners.models import Department, User

pytestmark = pytest.mark.django_db


def run(command: str, **options) -> str:
    out = StringIO()
    call_command(command, stdout=out, **options)
    return out.getvalue()


def test_reference_data_a_second_run_changes_nothing():
    first = run("load_reference_data")
    assert "Departments: 101 (101 created, 0 updated, 0 unchanged)" in first
    second = run("load_reference_data")
    assert not re.search(r"[1-9]\d* (created|updated)", second), second
    assert Department.objects.get(code="94").name_of == "du Val-de-Marne"


def test_seed_demo_needs_the_reference_data(settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match=re.escape("run `manage.py load_reference_data`")):
        run("seed_demo")
    assert not User.objects.exists()


def test_each_loader_needs_the_parts_below_it(settings):
    run("load_reference_data")
    with pytest.raises(DemoDataError, match=re.escape("Run `manage.py seed_demo` first")):
        calls_demo_load()
    assert not Call.objects.exists()
    partners_demo_load()
    calls_demo_load()
    assert Call.objects.count() == 2


def test_the_calls_of_the_demo(settings):
    settings.DEBUG = True
    run("load_reference_data")
    output = run("seed_demo")
    assert f"Demo accounts (password: {DEMO_PASSWORD}):" in output
    assert "calls created: 2" in output
    today = timezone.localdate()
    current = Call.objects.get(slug=f"initiatives-jeunes-solidaires-{today.year + 1}")
    past = Call.objects.get(slug=f"initiatives-jeunes-solidaires-{today.year}")
    # The open edition's dates are counted from today, whatever the day of the run.
    assert current.state == CallState.PUBLISHED
    assert current.opens_at < timezone.now() < current.closes_at
    assert past.state == CallState.CLOSED and past.closes_at < timezone.now()
    states = set(current.applications.values_list("state", flat=True))
    assert states == {
        ApplicationState.DRAFT,
        ApplicationState.SUBMITTED,
        ApplicationState.UNDER_REVIEW,
        ApplicationState.CHANGES_REQUESTED,
        ApplicationState.ELIGIBLE,
        ApplicationState.INELIGIBLE,
        ApplicationState.WITHDRAWN,
        ApplicationState.ACCEPTED,
        ApplicationState.REJECTED,
    }
    assert not current.applications.filter(applicant__email="jeune@demo.example.org").exists()
    assert past.applications.get(applicant__email="jeune@demo.example.org").state == (
        ApplicationState.CLOSED
    )
    assert User.objects.get(email="ines.martin@demo.example.org").check_password(DEMO_PASSWORD)

    count = Application.objects.count()
    again = run("seed_demo")
    assert Application.objects.count() == count
    assert "calls unchanged: 2" in again
    assert "applications created" not in again
