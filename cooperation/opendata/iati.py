"""The published projects as IATI 2.03 activity XML.

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

import re
from collections.abc import Iterator
from datetime import date
from decimal import ROUND_DOWN, Decimal

from django.conf import settings
from django.http import StreamingHttpResponse
from django.utils import timezone, translation
from lxml import etree

from common.csv_stream import CHUNK_SIZE
from cooperation.models import (
    CooperationProject,
    Direction,
    Indicator,
    IndicatorLevel,
    MeasureType,
    PartnerRole,
    ProjectPartner,
    ProjectStatus,
    TerritorySide,
)
from cooperation.opendata.datasets import (
    download_response,
    public_url,
    published_projects_for_iati,
    territory_countries,
)
from cooperation.opendata.documentation import LICENCE_NAME, LICENCE_URL
from partners.models import LegalForm, OrganisationKind

IATI_VERSION = "2.03"
REPORTING_ORG_PREFIX = "FR-DEP-"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

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
ORGANISATION_TYPES: dict[str, str] = {
    OrganisationKind.ESS_STRUCTURE: "22",  # National NGO (legal form refines it below)
    OrganisationKind.LOCAL_AUTHORITY: "11",  # Local Government
    OrganisationKind.NETWORK: "22",  # National NGO
    OrganisationKind.TRAINING: "80",  # Academic, Training and Research
    OrganisationKind.COMPANY: "70",  # Private Sector
    OrganisationKind.CITIZENS_GROUP: "22",  # National NGO
    OrganisationKind.PUBLIC_BODY: "15",  # Other Public Sector
}
LEGAL_FORM_TYPES: dict[str, str] = {
    LegalForm.FOUNDATION: "60",  # Foundation
    LegalForm.SCOP: "70",  # Private Sector (cooperatives and ESS companies)
    LegalForm.SCIC: "70",
    LegalForm.COOPERATIVE: "70",
    LegalForm.ESS_COMPANY: "70",
}
NATIONAL_NGO, PARTNER_COUNTRY_NGO = "22", "24"

PARTNER_ROLES: dict[str, str] = {
    PartnerRole.CO_FUNDER: "1"
}  # Funding; every other role: 4 Implementing
ROLE_FUNDING, ROLE_ACCOUNTABLE, ROLE_IMPLEMENTING = "1", "2", "4"

ACTIVITY_STATUSES: dict[str, str] = {
    ProjectStatus.IDEA: "1",
    ProjectStatus.DIAGNOSTIC: "1",
    ProjectStatus.PLANNING: "1",
    ProjectStatus.IMPLEMENTATION: "2",
    ProjectStatus.EVALUATION: "3",
    ProjectStatus.CLOSED: "4",
}
STARTED = {ProjectStatus.IMPLEMENTATION, ProjectStatus.EVALUATION, ProjectStatus.CLOSED}

MEASURES: dict[str, str] = {
    MeasureType.NUMBER: "1",
    MeasureType.PERCENTAGE: "2",
    MeasureType.QUALITATIVE: "5",
}
RESULT_TYPES: dict[str, str] = {IndicatorLevel.OUTPUT: "1", IndicatorLevel.OUTCOME: "2"}


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


def percentages(count: int) -> list[Decimal]:
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
        for code, percentage in zip(dac_codes, percentages(len(dac_codes)), strict=True):
            _sub(activity, "sector", vocabulary="1", code=code, percentage=percentage)
    if themes:
        uri = settings.SITE_URL + "/donnees/#thematiques"
        for theme, percentage in zip(themes, percentages(len(themes)), strict=True):
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
    if indicator.objective is not None:
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
    # The target and its date, until a period holds it.
    target: tuple[Decimal, date] | None = None
    if not qualitative and indicator.target_value is not None and indicator.target_date:
        target = (indicator.target_value, indicator.target_date)
    for measurement in indicator.measurements.all():
        period = _sub(element, "period")
        _sub(period, "period-start", iso_date=measurement.period_start)
        _sub(period, "period-end", iso_date=measurement.period_end)
        if target is not None and measurement.period_start <= target[1] <= measurement.period_end:
            _sub(period, "target", value=_number(target[0]))
            target = None
        if qualitative:
            actual = _sub(period, "actual")
            if measurement.text_value.strip():
                _text_element(actual, "comment", measurement.text_value)
        elif measurement.value is not None:
            _sub(period, "actual", value=_number(measurement.value))
    start = indicator.baseline_date or project.start_date
    if target is not None and start and start <= target[1]:
        period = _sub(element, "period")
        _sub(period, "period-start", iso_date=start)
        _sub(period, "period-end", iso_date=target[1])
        _sub(period, "target", value=_number(target[0]))


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
    countries = territory_countries(project.territories.all())
    if len(countries) == 1:
        _sub(activity, "recipient-country", code=countries[0])
    elif countries:
        for code, percentage in zip(countries, percentages(len(countries)), strict=True):
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
    return download_response(
        iati_lines(),
        content_type="application/xml; charset=utf-8",
        filename=f"iati-activities-{timezone.localdate():%Y-%m-%d}.xml",
    )
