"""Open data: the published projects as CSV, GeoJSON and IATI 2.03 activity XML.

Published under the Licence Ouverte / Open Licence 2.0 (Etalab), documented on
``/donnees/`` from the column and field lists of this module (one source for the file and
its documentation).

What never leaves: unpublished projects, people (no name, no e-mail of anyone), measurements
that are not approved, reviewers' notes, private documents, diagnostics and exchanges.

All three downloads stream: the projects are read with ``.iterator(chunk_size=…)`` and
their relations prefetched chunk by chunk (Django ≥ 4.1), so memory and the number of
queries per chunk stay constant whatever the number of projects.

IATI choices (IATI Standard 2.03, codelists of that version)
------------------------------------------------------------

- ``iati-identifier``: ``FR-DEP-<INSEE code>-<project slug>``, prefixed by the
  ``reporting-org/@ref`` as the standard requires. ``FR-DEP-<code>`` is not an
  identifier registered with IATI: a department publishing on the IATI Registry would
  take its organisation identifier from org-id.guide (for instance its SIREN number
  under the French business register list) and put it in ``REPORTING_ORG_PREFIX``'s
  place; the slug of a published project never changes, so the suffix stays stable.
- ``reporting-org``: the owning department, ``type="11"`` (OrganisationType: Local
  Government).
- ``participating-org``: the department as Accountable (role 2) and, when it
  contributes money, as Funding (role 1); co-owning departments Accountable (2);
  partners by role (PartnerRole → OrganisationRole): co-funder → 1 Funding, every other
  role (lead, partner, expert, operator) → 4 Implementing. ``type`` from the organisation
  kind (see ``ORGANISATION_TYPES``); an NGO of the partner side is 24 (Partner Country
  based NGO). Partners carry no ``ref``: the portal holds no IATI identifier for them.
- ``activity-status`` (ActivityStatus): idea, shared diagnostic, planning → 1
  Pipeline/identification; implementation → 2; evaluation → 3 Finalisation; closed → 4.
- ``activity-date`` (ActivityDateType): the start is 2 (actual) once the project is in
  implementation or later and the date is past, else 1 (planned); the end is 4 (actual)
  for a closed project whose end date is past, else 3 (planned). A project without a
  start date gets its publication date as planned start (1), with a narrative saying so,
  because the schema requires at least one date.
- ``recipient-country``: the ISO 3166-1 codes of the partner territories' countries,
  without repeats; with several countries, equal percentages (two decimals) that add up
  to exactly 100.
- ``sector``: two vocabularies, each adding up to 100 %: 1 (OECD DAC 5-digit purpose
  codes), derived from the portal's themes by ``THEME_DAC_CODES`` (an approximation:
  the closest CRS purpose); and 99 (Reporting Organisation), the portal's own theme
  codes, documented on ``/donnees/``.
- ``tag``: vocabulary 2 (UN Sustainable Development Goals) with the goal numbers and
  vocabulary 3 (UN SDG targets) with target codes such as ``2.3``.
- ``result``: one per indicator, ``type`` 1 Output / 2 Outcome from its level, titled
  after the indicator (its objective as description). ``indicator/@measure``
  (IndicatorMeasure): number → 1 Unit, percentage → 2 Percentage, qualitative → 5
  Qualitative; ``ascending`` from the direction (not for qualitative ones). ``baseline``
  when a baseline value (and a year) is known. One ``period`` per APPROVED measurement,
  with ``actual`` (the value; for a qualitative indicator a comment holding the text);
  the indicator's target goes in the period that contains its target date, or in a
  period of its own ending on that date.
- Budgets are not reported (IATI budget periods may not exceed a year, the portal holds
  one total); the total budget and the department's contribution are in the CSV.
"""

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_DOWN, Decimal

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from lxml import etree

from common.csv_stream import CHUNK_SIZE, csv_stream
from cooperation.models import (
    CooperationProject,
    Direction,
    Indicator,
    IndicatorLevel,
    Measurement,
    MeasurementStatus,
    MeasureType,
    PartnerRole,
    ProjectPartner,
    ProjectStatus,
    SdgTarget,
    TerritorySide,
)
from partners.models import LegalForm, OrganisationKind, PartnerTerritory

LICENCE_NAME = "Licence Ouverte / Open Licence 2.0"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
LIST_SEPARATOR = "|"
IATI_VERSION = "2.03"
REPORTING_ORG_PREFIX = "FR-DEP-"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class Field:
    """A column of the CSV or a property of the GeoJSON, as documented on /donnees/."""

    name: str
    description: str | Promise
    example: str = ""


CSV_COLUMNS = [
    Field(
        "identifiant", _("Stable identifier of the project (the end of its address)."), "the-shan"
    ),
    Field("titre", _("Title of the project."), "Filière de thé Shan"),
    Field("url", _("Address of the project's public page."), "https://…/projets/the-shan/"),
    Field("departement_code", _("INSEE code of the owning department."), "94"),
    Field("departement_nom", _("Name of the owning department."), "Val-de-Marne"),
    Field("type", _("Kind of cooperation, as a code (list below)."), "decentralised"),
    Field("etape", _("Stage of the project, as a code (list below)."), "implementation"),
    Field("date_debut", _("Start date, ISO 8601 (YYYY-MM-DD); empty when unknown."), "2024-01-01"),
    Field("date_fin", _("End date, ISO 8601; empty when unknown."), "2027-12-31"),
    Field("territoires_partenaires", _("Names of the partner territories."), "Yên Bái"),
    Field("pays_iso", _("ISO 3166-1 alpha-2 codes of their countries, without repeats."), "VN"),
    Field("odd", _("Numbers of the sustainable development goals served."), "2|12"),
    Field("cibles_odd", _("Codes of the SDG targets served."), "2.3|12.8"),
    Field("thematiques", _("Codes of the themes (list below)."), "fair-trade"),
    Field("budget_total_eur", _("Total budget in euros, decimal comma."), "120000,50"),
    Field(
        "contribution_departement_eur",
        _("Contribution of the department in euros, decimal comma."),
        "45000,00",
    ),
    Field(
        "partenaires",
        _("Partner organisations, each as “name (role, side)” with role and side codes."),
        "Artisans du Monde (lead, french)",
    ),
    Field("publie_le", _("Date and time of publication, ISO 8601 with time zone."), ""),
    Field("modifie_le", _("Date and time of the last change, ISO 8601 with time zone."), ""),
]

GEOJSON_PROPERTIES = [
    Field("identifiant", _("Stable identifier of the project."), "the-shan"),
    Field("titre", _("Title of the project."), "Filière de thé Shan"),
    Field("url", _("Address of the project's public page."), ""),
    Field("departement_code", _("INSEE code of the owning department."), "94"),
    Field("departement_nom", _("Name of the owning department."), "Val-de-Marne"),
    Field("type", _("Kind of cooperation, as a code."), "decentralised"),
    Field("etape", _("Stage of the project, as a code."), "implementation"),
    Field("odd", _("Numbers of the sustainable development goals, as a list."), "[2, 12]"),
    Field("territoire", _("Name of the partner territory of this point."), "Yên Bái"),
    Field("pays_iso", _("ISO 3166-1 alpha-2 code of the territory's country."), "VN"),
]

IATI_ELEMENTS = [
    Field("iati-identifier", _("FR-DEP-<department code>-<project identifier>.")),
    Field("reporting-org", _("The owning department, type 11 (local government).")),
    Field("title, description", _("Title and summary of the project, in French.")),
    Field(
        "participating-org",
        _(
            "The department (accountable, and funding when it contributes), co-owning "
            "departments, and the partners: co-funders as funding, the others as implementing."
        ),
    ),
    Field(
        "activity-status",
        _(
            "1 identification (idea, diagnostic, planning), 2 implementation, 3 finalisation "
            "(evaluation), 4 closed."
        ),
    ),
    Field("activity-date", _("Planned or actual start and end dates.")),
    Field(
        "recipient-country",
        _("Countries of the partner territories, percentages adding up to 100."),
    ),
    Field(
        "sector",
        _(
            "OECD DAC 5-digit purpose codes derived from the themes (vocabulary 1) and the "
            "portal's theme codes (vocabulary 99)."
        ),
    ),
    Field("tag", _("SDGs (vocabulary 2) and SDG targets (vocabulary 3).")),
    Field(
        "result",
        _("One per indicator: baseline, target, and one period per approved measurement."),
    ),
]

# Closest OECD DAC CRS purpose code (5 digits) of each reference theme.
THEME_DAC_CODES = {
    "insertion": "16020",  # Employment creation
    "fair-trade": "32130",  # Small and medium-sized enterprises (SME) development
    "short-supply-chains": "31120",  # Agricultural development
    "waste": "14050",  # Waste management/disposal
    "renewable-energy": "23210",  # Energy generation, renewable sources – multiple technologies
    "citizen-involvement": "15150",  # Democratic participation and civil society
    "social-innovation": "43010",  # Multisector aid
    "education-youth": "11330",  # Vocational training
    "health": "12110",  # Health policy and administrative management
    "water-sanitation": "14030",  # Basic drinking water supply and basic sanitation
    "agriculture-food": "31120",  # Agricultural development
    "culture": "16061",  # Culture and recreation
    "governance": "15112",  # Decentralisation and support to subnational government
}

# IATI OrganisationType of each organisation kind.
ORGANISATION_TYPES = {
    OrganisationKind.ESS_STRUCTURE: "22",  # National NGO (legal form refines it below)
    OrganisationKind.LOCAL_AUTHORITY: "11",  # Local Government
    OrganisationKind.NETWORK: "22",  # National NGO
    OrganisationKind.TRAINING: "80",  # Academic, Training and Research
    OrganisationKind.COMPANY: "70",  # Private Sector
    OrganisationKind.CITIZENS_GROUP: "22",  # National NGO
    OrganisationKind.PUBLIC_BODY: "15",  # Other Public Sector
}
LEGAL_FORM_TYPES = {
    LegalForm.FOUNDATION: "60",  # Foundation
    LegalForm.SCOP: "70",  # Private Sector (cooperatives and ESS companies)
    LegalForm.SCIC: "70",
    LegalForm.COOPERATIVE: "70",
    LegalForm.ESS_COMPANY: "70",
}
NATIONAL_NGO, PARTNER_COUNTRY_NGO = "22", "24"

PARTNER_ROLES = {PartnerRole.CO_FUNDER: "1"}  # Funding; every other role: 4 Implementing
ROLE_FUNDING, ROLE_ACCOUNTABLE, ROLE_IMPLEMENTING = "1", "2", "4"

ACTIVITY_STATUSES = {
    ProjectStatus.IDEA: "1",
    ProjectStatus.DIAGNOSTIC: "1",
    ProjectStatus.PLANNING: "1",
    ProjectStatus.IMPLEMENTATION: "2",
    ProjectStatus.EVALUATION: "3",
    ProjectStatus.CLOSED: "4",
}
STARTED = {ProjectStatus.IMPLEMENTATION, ProjectStatus.EVALUATION, ProjectStatus.CLOSED}

MEASURES = {MeasureType.NUMBER: "1", MeasureType.PERCENTAGE: "2", MeasureType.QUALITATIVE: "5"}
RESULT_TYPES = {IndicatorLevel.OUTPUT: "1", IndicatorLevel.OUTCOME: "2"}

# Approximate bytes per row, for the sizes announced on /donnees/.
BYTES_PER_CSV_ROW = 550
BYTES_PER_FEATURE = 500
BYTES_PER_ACTIVITY = 5000


# Reads


def published_projects() -> QuerySet[CooperationProject]:
    """Published projects with what every export needs, a few queries per chunk."""
    return (
        CooperationProject.objects.filter(is_public=True)
        .select_related("department")
        .prefetch_related(
            "territories",
            "sdg_goals",
            "themes",
            Prefetch("sdg_targets", queryset=SdgTarget.objects.select_related("goal")),
            Prefetch(
                "partners",
                queryset=ProjectPartner.objects.select_related("organisation").order_by(
                    "side", "role", "organisation__name"
                ),
            ),
        )
        .order_by("department__code", "slug")
    )


def published_projects_for_map() -> QuerySet[CooperationProject]:
    return (
        CooperationProject.objects.filter(is_public=True)
        .select_related("department")
        .prefetch_related(
            Prefetch(
                "territories",
                queryset=PartnerTerritory.objects.filter(
                    latitude__isnull=False, longitude__isnull=False
                ),
            ),
            "sdg_goals",
        )
        .order_by("department__code", "slug")
    )


def published_projects_for_iati() -> QuerySet[CooperationProject]:
    approved = Measurement.objects.filter(status=MeasurementStatus.APPROVED).order_by(
        "period_start", "period_end", "pk"
    )
    return published_projects().prefetch_related(
        "co_departments",
        Prefetch(
            "indicators",
            queryset=Indicator.objects.select_related("objective").prefetch_related(
                Prefetch("measurements", queryset=approved)
            ),
        ),
    )


@dataclass(frozen=True)
class DatasetSizes:
    projects: int
    points: int

    @property
    def csv(self) -> int:
        return 400 + self.projects * BYTES_PER_CSV_ROW

    @property
    def geojson(self) -> int:
        return 50 + self.points * BYTES_PER_FEATURE

    @property
    def iati(self) -> int:
        return 200 + self.projects * BYTES_PER_ACTIVITY


def dataset_sizes() -> DatasetSizes:
    """Counts behind the approximate download sizes (one query)."""
    counts = CooperationProject.objects.filter(is_public=True).aggregate(
        projects=Count("pk", distinct=True),
        points=Count(
            "territories",
            filter=Q(territories__latitude__isnull=False, territories__longitude__isnull=False),
        ),
    )
    return DatasetSizes(projects=counts["projects"], points=counts["points"])


# Shared pieces


def public_url(project: CooperationProject) -> str:
    return settings.SITE_URL + project.get_absolute_url()


def _join(values) -> str:
    return LIST_SEPARATOR.join(str(value) for value in values)


def _countries(territories) -> list[str]:
    return list(dict.fromkeys(territory.country.code for territory in territories))


def _timestamp(value: datetime | None) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else ""


def _filename(extension: str) -> str:
    return f"projets-publies-{timezone.localdate():%Y-%m-%d}.{extension}"


def _download(content: Iterator, *, content_type: str, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


# CSV


def csv_row(project: CooperationProject) -> list:
    territories = list(project.territories.all())
    return [
        project.slug,
        project.title,
        public_url(project),
        project.department.code,
        project.department.name,
        project.kind,
        project.status,
        project.start_date,
        project.end_date,
        _join(territory.name for territory in territories),
        _join(_countries(territories)),
        _join(goal.number for goal in project.sdg_goals.all()),
        _join(target.code for target in project.sdg_targets.all()),
        _join(theme.code for theme in project.themes.all()),
        project.total_budget,
        project.department_contribution,
        _join(
            f"{partner.organisation.name} ({partner.role}, {partner.side})"
            for partner in project.partners.all()
        ),
        _timestamp(project.published_at),
        _timestamp(project.updated_at),
    ]


def csv_response() -> StreamingHttpResponse:
    rows = (csv_row(project) for project in published_projects().iterator(chunk_size=CHUNK_SIZE))
    return _download(
        csv_stream([column.name for column in CSV_COLUMNS], rows),
        content_type="text/csv; charset=utf-8",
        filename=_filename("csv"),
    )


# GeoJSON


def geojson_features(project: CooperationProject) -> Iterator[dict]:
    goals = [goal.number for goal in project.sdg_goals.all()]
    for territory in project.territories.all():
        if territory.latitude is None or territory.longitude is None:
            continue
        yield {
            "type": "Feature",
            "geometry": {
                "type": "Point",
                "coordinates": [float(territory.longitude), float(territory.latitude)],
            },
            "properties": {
                "identifiant": project.slug,
                "titre": project.title,
                "url": public_url(project),
                "departement_code": project.department.code,
                "departement_nom": project.department.name,
                "type": project.kind,
                "etape": project.status,
                "odd": goals,
                "territoire": territory.name,
                "pays_iso": territory.country.code,
            },
        }


def geojson_lines() -> Iterator[str]:
    yield '{"type": "FeatureCollection", "features": [\n'
    separator = ""
    for project in published_projects_for_map().iterator(chunk_size=CHUNK_SIZE):
        for feature in geojson_features(project):
            yield separator + json.dumps(feature, ensure_ascii=False)
            separator = ",\n"
    yield "\n]}\n"


def geojson_response() -> StreamingHttpResponse:
    return _download(
        geojson_lines(), content_type="application/geo+json", filename=_filename("geojson")
    )


# IATI 2.03

# Characters XML 1.0 cannot carry (lxml refuses them).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text).strip()


def _number(value: Decimal) -> str:
    """A decimal without useless zeros: 12.500 → "12.5", 100.000 → "100"."""
    return format(value.normalize(), "f")


def _sub(parent: etree._Element, tag: str, **attributes) -> etree._Element:
    element = etree.SubElement(parent, tag)
    for name, value in attributes.items():
        element.set(name.replace("_", "-"), str(value))
    return element


def _narrative(parent: etree._Element, text: str) -> etree._Element:
    narrative = etree.SubElement(parent, "narrative")
    narrative.set(XML_LANG, "fr")
    narrative.text = _clean(text)
    return narrative


def _text_element(parent: etree._Element, tag: str, text: str, **attributes) -> etree._Element:
    element = _sub(parent, tag, **attributes)
    _narrative(element, text)
    return element


def _council(department) -> str:
    """The department's French name as an institution: « Département du Val-de-Marne »."""
    with translation.override("fr"):
        return department.council


def organisation_type(partner: ProjectPartner) -> str:
    organisation = partner.organisation
    iati_type = LEGAL_FORM_TYPES.get(organisation.legal_form) or ORGANISATION_TYPES.get(
        organisation.kind, "90"
    )
    if iati_type == NATIONAL_NGO and partner.side == TerritorySide.PARTNER:
        return PARTNER_COUNTRY_NGO
    return iati_type


def reporting_org_ref(project: CooperationProject) -> str:
    return f"{REPORTING_ORG_PREFIX}{project.department.code}"


def iati_identifier(project: CooperationProject) -> str:
    return f"{reporting_org_ref(project)}-{project.slug}"


def _percentages(count: int) -> list[Decimal]:
    """``count`` equal shares with two decimals adding up to exactly 100."""
    share = (Decimal(100) / count).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    return [share] * (count - 1) + [Decimal(100) - share * (count - 1)]


def _activity_dates(activity, project: CooperationProject, today: date) -> None:
    if project.start_date:
        started = project.status in STARTED and project.start_date <= today
        _sub(activity, "activity-date", type="2" if started else "1", iso_date=project.start_date)
    else:
        published = timezone.localtime(project.published_at).date()
        date_element = _sub(activity, "activity-date", type="1", iso_date=published)
        _narrative(date_element, "Date de publication ; date de début non renseignée.")
    if project.end_date:
        ended = project.status == ProjectStatus.CLOSED and project.end_date <= today
        _sub(activity, "activity-date", type="4" if ended else "3", iso_date=project.end_date)


def _participating_orgs(activity, project: CooperationProject) -> None:
    department = project.department
    for role in [ROLE_ACCOUNTABLE] + ([ROLE_FUNDING] if project.department_contribution else []):
        org = _sub(
            activity, "participating-org", ref=reporting_org_ref(project), type="11", role=role
        )
        _narrative(org, _council(department))
    for co_department in project.co_departments.all():
        org = _sub(
            activity,
            "participating-org",
            ref=f"{REPORTING_ORG_PREFIX}{co_department.code}",
            type="11",
            role=ROLE_ACCOUNTABLE,
        )
        _narrative(org, _council(co_department))
    for partner in project.partners.all():
        org = _sub(
            activity,
            "participating-org",
            type=organisation_type(partner),
            role=PARTNER_ROLES.get(partner.role, ROLE_IMPLEMENTING),
        )
        _narrative(org, partner.organisation.name)


def _sectors(activity, project: CooperationProject) -> None:
    themes = list(project.themes.all())
    dac_codes = list(
        dict.fromkeys(THEME_DAC_CODES[t.code] for t in themes if t.code in THEME_DAC_CODES)
    )
    if dac_codes:
        for code, percentage in zip(dac_codes, _percentages(len(dac_codes)), strict=True):
            _sub(activity, "sector", vocabulary="1", code=code, percentage=percentage)
    if themes:
        uri = settings.SITE_URL + "/donnees/#thematiques"
        for theme, percentage in zip(themes, _percentages(len(themes)), strict=True):
            sector = _sub(
                activity,
                "sector",
                vocabulary="99",
                vocabulary_uri=uri,
                code=theme.code,
                percentage=percentage,
            )
            _narrative(sector, theme.name_fr)


def _result(activity, project: CooperationProject, indicator: Indicator) -> None:
    result = _sub(activity, "result", type=RESULT_TYPES.get(indicator.level, "1"))
    _text_element(result, "title", indicator.title)
    if indicator.objective_id:
        _text_element(result, "description", f"Objectif : {indicator.objective.title}")
    qualitative = indicator.is_qualitative
    attributes = {"measure": MEASURES[indicator.measure_type]}
    if not qualitative:
        attributes["ascending"] = "1" if indicator.direction == Direction.HIGHER else "0"
    element = _sub(result, "indicator", **attributes)
    _text_element(element, "title", indicator.title)
    if indicator.description.strip():
        _text_element(element, "description", indicator.description)
    baseline_day = indicator.baseline_date or project.start_date
    if indicator.baseline_value is not None and baseline_day:
        baseline = _sub(element, "baseline", year=baseline_day.year)
        if indicator.baseline_date:
            baseline.set("iso-date", indicator.baseline_date.isoformat())
        baseline.set("value", _number(indicator.baseline_value))
    target = indicator.target_value if not qualitative else None
    target_placed = target is None or indicator.target_date is None
    for measurement in indicator.measurements.all():
        period = _sub(element, "period")
        _sub(period, "period-start", iso_date=measurement.period_start)
        _sub(period, "period-end", iso_date=measurement.period_end)
        if (
            not target_placed
            and measurement.period_start <= indicator.target_date <= measurement.period_end
        ):
            _sub(period, "target", value=_number(target))
            target_placed = True
        if qualitative:
            actual = _sub(period, "actual")
            if measurement.text_value.strip():
                _text_element(actual, "comment", measurement.text_value)
        elif measurement.value is not None:
            _sub(period, "actual", value=_number(measurement.value))
    start = indicator.baseline_date or project.start_date
    if not target_placed and start and start <= indicator.target_date:
        period = _sub(element, "period")
        _sub(period, "period-start", iso_date=start)
        _sub(period, "period-end", iso_date=indicator.target_date)
        _sub(period, "target", value=_number(target))


def iati_activity(project: CooperationProject, *, today: date | None = None) -> etree._Element:
    """The ``<iati-activity>`` of a published project, elements in the schema's order."""
    today = today or timezone.localdate()
    activity = etree.Element("iati-activity")
    activity.set("last-updated-datetime", project.updated_at.isoformat(timespec="seconds"))
    activity.set(XML_LANG, "fr")
    if project.kind == "humanitarian":
        activity.set("humanitarian", "1")
    _sub(activity, "iati-identifier").text = iati_identifier(project)
    reporting = _sub(activity, "reporting-org", ref=reporting_org_ref(project), type="11")
    _narrative(reporting, _council(project.department))
    _text_element(activity, "title", project.title)
    summary = project.summary.strip() or project.description.strip() or project.title
    _text_element(activity, "description", summary, type="1")
    _participating_orgs(activity, project)
    _sub(activity, "activity-status", code=ACTIVITY_STATUSES[project.status])
    _activity_dates(activity, project, today)
    countries = _countries(project.territories.all())
    if len(countries) == 1:
        _sub(activity, "recipient-country", code=countries[0])
    elif countries:
        for code, percentage in zip(countries, _percentages(len(countries)), strict=True):
            _sub(activity, "recipient-country", code=code, percentage=percentage)
    _sectors(activity, project)
    for goal in project.sdg_goals.all():
        _sub(activity, "tag", vocabulary="2", code=goal.number)
    for target in project.sdg_targets.all():
        _sub(activity, "tag", vocabulary="3", code=target.code)
    document = _sub(activity, "document-link", format="text/html", url=public_url(project))
    _text_element(document, "title", project.title)
    _sub(document, "category", code="A12")  # Activity web page
    _sub(document, "language", code="fr")
    for indicator in project.indicators.all():
        _result(activity, project, indicator)
    return activity


def iati_lines() -> Iterator[str]:
    generated = timezone.now().isoformat(timespec="seconds")
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield (
        f'<iati-activities version="{IATI_VERSION}" generated-datetime="{generated}">\n'
        f"<!-- {LICENCE_NAME} ({LICENCE_URL}) -->\n"
    )
    today = timezone.localdate()
    for project in published_projects_for_iati().iterator(chunk_size=CHUNK_SIZE):
        yield etree.tostring(iati_activity(project, today=today), encoding="unicode") + "\n"
    yield "</iati-activities>\n"


def iati_response() -> StreamingHttpResponse:
    return _download(
        iati_lines(),
        content_type="application/xml; charset=utf-8",
        filename=f"iati-activities-{timezone.localdate():%Y-%m-%d}.xml",
    )
