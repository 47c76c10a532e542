"""What the open data files hold, as documented on ``/donnees/``: the licence, the
columns of the CSV, the properties of the GeoJSON and the elements of the IATI file (one
source for the files and their documentation)."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

LICENCE_NAME = "Licence Ouverte / Open Licence 2.0"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
LIST_SEPARATOR = "|"


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
