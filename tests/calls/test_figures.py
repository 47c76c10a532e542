"""The public figures of the calls: on a closed call's page and on its department's page."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from calls.figures import call_figures, department_call_figures
from tests.factories import ApplicationFactory, CallFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db


def _closed_call(department, slug="ajs-2025"):
    closes_at = timezone.now() - timedelta(days=90)
    return CallFactory(
        department=department,
        slug=slug,
        opens_at=closes_at - timedelta(days=60),
        closes_at=closes_at,
        state="closed",
    )


def _application(call, number: int, *, state: str, granted=None, country="SN", women=0, men=0):
    application = ApplicationFactory(
        call=call,
        state=state,
        reference=f"{call.reference_prefix}-2025-{number:04d}",
        submitted_at=call.closes_at - timedelta(days=1),
        requested_amount=Decimal("5000"),
        granted_amount=granted,
        destination_country=country,
    )
    for _ in range(women):
        TeamMemberFactory(application=application, gender="female")
    for _ in range(men):
        TeamMemberFactory(application=application, gender="male")
    return application


def _results(call, count: int = 1) -> None:
    for number in range(count):
        _application(
            call, 3 * number + 1, state="accepted", granted=Decimal("4000"), women=2, men=1
        )
        _application(call, 3 * number + 2, state="closed", granted=Decimal("2500"), country="MA")
        _application(call, 3 * number + 3, state="rejected", women=3)
    ApplicationFactory(call=call)  # a draft: never counted


def test_figures_count_what_was_funded_and_who(dept92):
    call = _closed_call(dept92)
    _results(call)

    figures = call_figures(call=call)

    assert figures.applications == 3
    assert figures.funded == 2
    assert figures.young_people == 3 and figures.women == 2 and figures.women_share == 67
    assert figures.granted == Decimal("6500.00")
    assert figures.country_rows == [("Maroc", 1), ("Sénégal", 1)]


def test_a_department_without_calls_has_empty_figures(dept94, django_assert_num_queries):
    with django_assert_num_queries(1):  # the count of its published calls
        figures = department_call_figures(department=dept94)
    assert figures.calls == 0 and figures.women_share is None


def test_a_closed_call_shows_its_results(client, dept92):
    call = _closed_call(dept92)
    _results(call)

    page = client.get(f"/appels/{call.slug}/").content.decode()

    assert "Candidatures reçues" in page
    assert "6\u00a0500\u00a0€" in page
    assert "67\u00a0% de femmes" in page
    assert "Sénégal" in page


@pytest.mark.parametrize("rounds", [1, 10])
def test_department_page_query_count_does_not_grow_with_applications(
    rounds, client, dept92, django_assert_max_num_queries
):
    _results(_closed_call(dept92), rounds)

    # 1-2: the department, the totals of its public projects
    # 3: count of its structures (paginator; no structure, no page)
    # 4: its published calls (count)
    # 5: the applications received, funded and the amounts (one aggregate)
    # 6: the young people of the funded projects and the women among them
    # 7: the destination countries of the funded projects
    # 8: its open calls
    # and 1: the version of the public data (common.public_cache)
    with django_assert_max_num_queries(9):
        response = client.get("/departements/92/")

    assert response.status_code == 200
    assert response.context["call_figures"].funded == 2 * rounds
