"""The grants of the calls as open data: the SCDL "subventions" format (version 2.1.1).

The "Socle commun des données locales" of OpenDataFrance is the format French local
authorities publish their grant agreements in (décret n° 2017-779 du 5 mai 2017). One row
per grant decided by a committee, to a structure: grants to individuals are personal data
and are not published (their totals are in the figures of each call). Columns in the
order of the schema; amounts with a decimal point and dates in ISO 8601, as the schema
requires (unlike the spreadsheet-friendly CSV of the projects). The texts users type (names,
titles, references) go through the formula guard of every CSV; the numbers, dates and
identifiers stay raw, as the schema requires. Streamed, never loaded whole.
"""

import csv
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, TypedDict, cast

from django.db.models import Count, Max, Min, QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from calls.models import CarrierKind, Grant
from calls.selectors import FUNDED_STATES
from common.csv_stream import CHUNK_SIZE, Echo, formula_guard
from cooperation.opendata import Field
from partners.models import Organisation

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class GrantFigures(TypedDict):
    """What ``published_grants`` adds to each grant."""

    first_due: date | None
    last_due: date | None
    first_paid: date | None
    last_paid: date | None
    instalment_count: int


SCDL_VERSION = "2.1.1"
SCDL_URL = "https://schema.data.gouv.fr/scdl/subventions/"

SCDL_COLUMNS = [
    Field("nomAttribuant", _("The council that grants, as it names itself."),
          "Département des Hauts-de-Seine"),
    Field("idAttribuant", _("SIRET of the council (from the department's settings)."),
          "22920001500019"),
    Field("dateConvention", _("Date of the decision (ISO 8601)."), "2026-03-12"),
    Field("referenceDecision", _("Reference of the application."), "IJS-2026-0004"),
    Field("nomBeneficiaire", _("Name of the structure that carries the project."),
          "Jeunes solidaires du 92"),
    Field("idBeneficiaire", _("SIRET of that structure, when known."), ""),
    Field("rnaBeneficiaire", _("RNA number of that structure, when known."), "W922000123"),
    Field("objet", _("Title of the project (256 characters at most)."),
          "Lutte contre la malnutrition à Mopti"),
    Field("montant", _("Amount granted, in euros, with a decimal point."), "4500.00"),
    Field("nature", _("Always “aide en numéraire” (money)."), "aide en numéraire"),
    Field("conditionsVersement", _("“unique” or “échelonné” (in instalments)."), "échelonné"),
    Field("datesPeriodeVersement",
          _("Date, or period (start/end), of the instalments as planned or paid."),
          "2026-04-01/2026-12-15"),
    Field("idRAE", _("Empty: these grants are not aid to companies."), ""),
    Field("notificationUE", _("Always “non”: no State aid notified to the European Commission."),
          "non"),
    Field("pourcentageSubvention", _("Always 1.00: one beneficiary per grant."), "1.00"),
    Field("dispositifAide", _("Title of the call for projects."),
          "Initiatives jeunes solidaires 2026"),
]  # fmt: skip


def published_grant_count() -> int:
    return _published().count()


def _published() -> QuerySet[Grant]:
    """Grants of accepted (or closed) applications carried by a structure."""
    return Grant.objects.filter(
        application__state__in=FUNDED_STATES, application__carrier_structure__isnull=False
    ).exclude(application__carrier_kind=CarrierKind.INDIVIDUAL)


def published_grants() -> "QuerySet[WithAnnotations[Grant, GrantFigures]]":
    """The published grants with what their rows need: one query."""
    return cast(
        "QuerySet[WithAnnotations[Grant, GrantFigures]]",
        _published()
        .select_related("application__call__department", "application__carrier_structure")
        .annotate(
            first_due=Min("instalments__due_date"),
            last_due=Max("instalments__due_date"),
            first_paid=Min("instalments__paid_on"),
            last_paid=Max("instalments__paid_on"),
            instalment_count=Count("instalments", distinct=True),
        )
        .order_by("created_at", "pk"),
    )


def _period(grant: "WithAnnotations[Grant, GrantFigures]") -> str:
    moments = [
        moment
        for moment in (grant.first_due, grant.last_due, grant.first_paid, grant.last_paid)
        if moment
    ]
    if not moments:
        return timezone.localtime(grant.created_at).date().isoformat()
    start, end = min(moments), max(moments)
    return start.isoformat() if start == end else f"{start.isoformat()}/{end.isoformat()}"


def scdl_row(grant: "WithAnnotations[Grant, GrantFigures]") -> list[str]:
    application = grant.application
    structure = cast(Organisation, application.carrier_structure)  # published: never None
    call = application.call
    decided: date = timezone.localtime(grant.created_at).date()
    return [
        formula_guard(call.department.council),
        call.department.siret,
        decided.isoformat(),
        formula_guard(application.reference or ""),
        formula_guard(structure.name),
        structure.siret,
        structure.rna,
        formula_guard(application.title)[:256],
        f"{grant.amount:.2f}",
        "aide en numéraire",
        "échelonné" if grant.instalment_count > 1 else "unique",
        _period(grant),
        "",
        "non",
        "1.00",
        formula_guard(call.title),
    ]


def _lines() -> Iterator[str]:
    # RFC 4180 as the schema's tabular format expects: commas, CRLF, UTF-8 without BOM.
    writer = csv.writer(Echo(), delimiter=",", lineterminator="\r\n")
    yield writer.writerow([column.name for column in SCDL_COLUMNS])
    for grant in published_grants().iterator(chunk_size=CHUNK_SIZE):
        yield writer.writerow(scdl_row(grant))


def grants_scdl_response() -> StreamingHttpResponse:
    response = StreamingHttpResponse(_lines(), content_type="text/csv; charset=utf-8")
    filename = f"subventions-scdl-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
