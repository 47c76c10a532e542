"""Fills the database with a large, realistic, reproducible dataset for `make bench`.

    python manage.py generate_bench_data --projects 50000 [--seed 42] [--reuse]
    python manage.py generate_bench_data --clear

Bench data only: refuses to run when DEBUG is off unless --force is given, because it
writes hundreds of thousands of rows. Needs the reference data (`load_reference_data`).

What it creates, for N projects (the other counts scale with N, with floors so that a
small N still uses every department and every country):
- partner territories in 140 countries (about 4,200 at N = 50,000), placed around
  anchor points of each country (a small table below, jittered);
- organisations (about 31,000 at N = 50,000): published ESS structures of every
  department, other French actors, a local authority for each partner territory and
  other actors abroad, with their themes;
- N projects (about 90 % published) in all 101 departments, each with 1–3 territories
  (mostly in the countries its department works with), 2–5 partners, 1–4 SDGs and their
  targets, themes, dates, budgets, 1–2 objectives, and 1–3 indicators with a few
  approved yearly measurements (reported by one inactive bench account).

Everything generated is marked: slugs start with `bench-`, the account's e-mail too.
A new run first removes the previous bench rows; `--clear` only removes them; `--reuse`
does nothing when the bench data of the same N and seed is already there. Rows are
written with bulk_create (no signals, so no audit-history rows) in one transaction; the
planner statistics and the visibility map (index-only scans) are refreshed at the end
(VACUUM ANALYZE; only ANALYZE inside a transaction, as in the tests).

Random choices come from random.Random(seed) and from the reference data read in a
fixed order: the same seed gives the same titles, slugs, dates and relations.
"""

import random
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from itertools import accumulate

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models, transaction
from django.utils import translation
from django.utils.text import slugify
from django_countries import countries

from cooperation.models import (
    CooperationProject,
    Direction,
    Indicator,
    IndicatorLevel,
    Measurement,
    MeasurementStatus,
    MeasureType,
    Objective,
    PartnerRole,
    ProjectKind,
    ProjectPartner,
    ProjectStatus,
    SdgTarget,
    SustainableDevelopmentGoal,
    TerritorySide,
)
from partners.models import (
    Department,
    LegalForm,
    Organisation,
    OrganisationKind,
    PartnerTerritory,
    PublicationStatus,
    TerritoryKind,
    Theme,
    User,
)

PREFIX = "bench-"
BENCH_EMAIL = "bench-reporter@bench.invalid"
BATCH = 5000
# Dates are computed from this day, not from today: the same seed gives the same data.
REFERENCE_DAY = date(2026, 6, 30)

# Reference scale: the counts at N = 50,000 projects.
REFERENCE_PROJECTS = 50_000
TERRITORIES = 4_200
ESS_STRUCTURES = 18_000
FRENCH_OTHERS = 3_000
FOREIGN_OTHERS = 6_000

# 140 partner countries: weight (how often departments cooperate with it) and anchor
# points (latitude, longitude, radius in degrees) that keep the jittered points inside
# the country, more or less; elongated or large countries have several anchors.
COUNTRIES: dict[str, tuple[int, list[tuple[float, float, float]]]] = {
    # Africa
    "MA": (5, [(32.0, -6.5, 1.5), (34.0, -5.0, 0.6)]),
    "DZ": (3, [(34.5, 3.0, 2.0), (35.5, 0.5, 0.8)]),
    "TN": (4, [(35.5, 9.8, 0.9)]),
    "LY": (1, [(30.0, 16.0, 3.0)]),
    "EG": (2, [(27.5, 30.8, 2.0), (30.5, 31.2, 0.6)]),
    "MR": (3, [(19.5, -11.0, 2.5)]),
    "ML": (5, [(13.5, -6.5, 2.0), (14.5, -4.0, 1.0)]),
    "SN": (8, [(14.5, -15.2, 0.8), (13.0, -14.0, 0.8), (16.0, -15.5, 0.5)]),
    "GM": (1, [(13.45, -15.5, 0.2)]),
    "GW": (1, [(12.0, -15.0, 0.5)]),
    "GN": (3, [(10.5, -11.0, 1.2)]),
    "SL": (1, [(8.6, -11.8, 0.6)]),
    "LR": (1, [(6.5, -9.4, 0.8)]),
    "CI": (5, [(7.6, -5.5, 1.5), (5.6, -4.2, 0.4)]),
    "BF": (7, [(12.3, -1.6, 1.5)]),
    "GH": (2, [(7.9, -1.0, 1.3)]),
    "TG": (4, [(8.6, 1.0, 0.5), (6.5, 1.2, 0.2)]),
    "BJ": (5, [(9.3, 2.3, 0.8), (6.6, 2.3, 0.3)]),
    "NE": (4, [(14.0, 5.0, 1.8), (13.5, 2.1, 0.5)]),
    "NG": (1, [(9.1, 8.0, 2.5)]),
    "TD": (2, [(13.0, 18.5, 2.5)]),
    "CM": (5, [(5.5, 12.5, 1.8), (4.0, 11.5, 0.5)]),
    "CF": (1, [(6.6, 20.9, 2.0)]),
    "GA": (2, [(-0.6, 11.6, 1.2)]),
    "CG": (2, [(-1.0, 15.2, 1.2), (-4.3, 15.2, 0.3)]),
    "CD": (3, [(-2.5, 23.5, 4.0), (-4.4, 15.3, 0.4)]),
    "AO": (1, [(-12.0, 17.5, 3.0)]),
    "ZM": (1, [(-14.0, 27.5, 2.5)]),
    "ZW": (1, [(-19.0, 29.8, 1.8)]),
    "MZ": (2, [(-18.5, 35.0, 1.8), (-25.5, 32.7, 0.4)]),
    "MW": (1, [(-13.3, 34.0, 0.8)]),
    "TZ": (2, [(-6.4, 34.9, 2.5)]),
    "KE": (2, [(0.2, 37.9, 2.0)]),
    "UG": (1, [(1.4, 32.3, 1.2)]),
    "RW": (3, [(-2.0, 29.9, 0.3)]),
    "BI": (2, [(-3.4, 29.9, 0.3)]),
    "ET": (2, [(9.0, 39.5, 2.5)]),
    "DJ": (2, [(11.6, 42.6, 0.3)]),
    "SD": (1, [(15.0, 30.0, 3.0)]),
    "SS": (1, [(7.0, 30.0, 2.0)]),
    "MG": (6, [(-19.0, 46.8, 1.8), (-15.5, 48.5, 1.0), (-22.5, 45.5, 1.0)]),
    "MU": (2, [(-20.25, 57.55, 0.15)]),
    "KM": (3, [(-11.7, 43.3, 0.2)]),
    "CV": (2, [(15.1, -23.6, 0.2)]),
    "GQ": (1, [(1.6, 10.4, 0.4)]),
    "NA": (1, [(-22.0, 17.5, 2.5)]),
    "BW": (1, [(-22.3, 24.0, 2.0)]),
    "ZA": (2, [(-29.0, 25.0, 3.5), (-26.2, 28.0, 0.5)]),
    "LS": (1, [(-29.6, 28.2, 0.4)]),
    # Europe
    "DE": (6, [(51.0, 10.3, 2.5), (48.5, 8.5, 0.8), (50.5, 7.0, 0.8)]),
    "BE": (5, [(50.6, 4.6, 0.6)]),
    "LU": (3, [(49.7, 6.1, 0.15)]),
    "CH": (4, [(46.8, 8.2, 0.6), (46.3, 6.6, 0.3)]),
    "IT": (5, [(45.5, 9.5, 1.0), (43.5, 11.5, 0.7), (41.5, 13.8, 0.7), (37.5, 14.2, 0.6)]),
    "ES": (5, [(40.3, -3.7, 2.5), (42.0, 1.5, 0.7), (43.0, -2.5, 0.5)]),
    "PT": (3, [(39.6, -8.0, 0.9), (41.3, -8.3, 0.4)]),
    "GB": (3, [(52.5, -1.5, 1.5), (51.4, -0.2, 0.4)]),
    "IE": (2, [(53.3, -7.8, 0.9)]),
    "NL": (2, [(52.2, 5.6, 0.6)]),
    "AT": (2, [(47.6, 14.2, 1.0)]),
    "PL": (3, [(52.0, 19.4, 2.0)]),
    "CZ": (2, [(49.8, 15.5, 1.0)]),
    "SK": (1, [(48.7, 19.5, 0.7)]),
    "HU": (2, [(47.1, 19.4, 1.0)]),
    "RO": (4, [(45.9, 24.9, 1.8), (44.4, 26.1, 0.4)]),
    "BG": (2, [(42.7, 25.3, 1.2)]),
    "GR": (2, [(39.3, 22.0, 1.2), (37.9, 23.7, 0.3)]),
    "HR": (1, [(45.3, 16.0, 0.6)]),
    "SI": (1, [(46.1, 14.8, 0.4)]),
    "RS": (1, [(44.0, 20.8, 1.0)]),
    "BA": (1, [(44.2, 17.8, 0.7)]),
    "AL": (2, [(41.1, 20.0, 0.5)]),
    "MK": (1, [(41.6, 21.7, 0.4)]),
    "ME": (1, [(42.8, 19.3, 0.3)]),
    "MD": (2, [(47.2, 28.5, 0.6)]),
    "UA": (3, [(49.0, 31.5, 3.0), (50.4, 30.5, 0.5)]),
    "LT": (1, [(55.3, 23.9, 0.8)]),
    "LV": (1, [(56.9, 24.6, 0.9)]),
    "EE": (1, [(58.7, 25.5, 0.8)]),
    "FI": (1, [(62.5, 26.0, 2.0)]),
    "SE": (1, [(59.5, 15.0, 2.0)]),
    "NO": (1, [(60.5, 9.5, 1.2)]),
    "DK": (1, [(55.9, 9.3, 0.6)]),
    "CY": (1, [(35.0, 33.2, 0.3)]),
    "GE": (2, [(42.2, 43.5, 0.8)]),
    "AM": (3, [(40.2, 44.8, 0.4)]),
    # Middle East, Asia
    "TR": (2, [(39.0, 34.0, 2.5), (41.0, 29.0, 0.4)]),
    "LB": (4, [(33.9, 35.8, 0.3)]),
    "JO": (1, [(31.3, 36.3, 0.7)]),
    "PS": (2, [(31.9, 35.2, 0.2)]),
    "SA": (1, [(24.0, 45.0, 3.0)]),
    "AE": (1, [(24.2, 54.5, 0.6)]),
    "OM": (1, [(22.5, 57.5, 1.2)]),
    "IR": (1, [(32.5, 54.0, 3.5)]),
    "PK": (1, [(30.0, 70.0, 3.0)]),
    "IN": (3, [(23.0, 78.5, 4.0), (13.0, 77.5, 2.0), (27.0, 80.0, 2.0)]),
    "BD": (2, [(23.8, 90.3, 1.0)]),
    "NP": (2, [(28.2, 84.1, 1.0)]),
    "LK": (1, [(7.8, 80.7, 0.6)]),
    "MM": (1, [(21.0, 96.0, 2.0)]),
    "TH": (2, [(15.5, 101.0, 2.0)]),
    "LA": (3, [(19.0, 102.5, 1.2), (18.0, 102.6, 0.3)]),
    "KH": (4, [(12.5, 104.9, 1.2), (11.6, 104.9, 0.3)]),
    "VN": (6, [(21.2, 105.5, 1.0), (21.7, 104.9, 0.4), (16.2, 107.5, 0.7), (11.0, 106.7, 0.9)]),
    "MY": (1, [(3.9, 102.0, 1.3), (2.5, 112.5, 1.5)]),
    "ID": (2, [(-7.3, 110.0, 1.5), (0.5, 101.5, 2.0), (-2.0, 121.0, 1.5), (0.5, 114.0, 2.0)]),
    "PH": (1, [(15.5, 121.0, 1.2), (7.8, 124.8, 1.0)]),
    "CN": (3, [(32.0, 110.0, 5.0), (28.0, 116.0, 3.0), (31.2, 121.4, 0.4)]),
    "MN": (1, [(46.8, 103.0, 3.5)]),
    "JP": (2, [(36.0, 138.5, 1.2), (34.5, 133.5, 0.8)]),
    "KR": (2, [(36.5, 127.8, 0.8)]),
    "KZ": (1, [(48.0, 68.0, 5.0)]),
    "UZ": (1, [(41.4, 64.5, 1.5)]),
    "KG": (1, [(41.5, 74.5, 1.0)]),
    "TJ": (1, [(38.8, 71.0, 0.8)]),
    # Americas, Oceania
    "CA": (5, [(47.0, -71.5, 1.5), (45.6, -75.5, 0.8), (44.5, -79.5, 1.2), (46.5, -66.0, 0.8)]),
    "US": (2, [(40.0, -89.0, 6.0), (37.0, -120.0, 2.0), (30.5, -91.5, 1.0)]),
    "MX": (2, [(21.0, -101.0, 3.0), (17.0, -96.5, 1.0)]),
    "GT": (1, [(15.5, -90.3, 0.8)]),
    "HN": (1, [(14.8, -86.8, 1.0)]),
    "SV": (1, [(13.8, -88.9, 0.3)]),
    "NI": (2, [(12.8, -85.2, 1.0)]),
    "CR": (1, [(10.0, -84.2, 0.5)]),
    "PA": (1, [(8.6, -80.3, 0.6)]),
    "CU": (2, [(22.0, -79.5, 0.8), (20.5, -76.0, 0.6)]),
    "HT": (5, [(18.9, -72.5, 0.5), (19.6, -72.2, 0.3), (18.3, -73.5, 0.3)]),
    "DO": (1, [(18.9, -70.5, 0.6)]),
    "CO": (2, [(4.5, -74.5, 2.0)]),
    "VE": (1, [(7.5, -66.0, 2.5)]),
    "EC": (1, [(-1.5, -78.5, 1.0)]),
    "PE": (2, [(-9.5, -75.5, 3.0), (-13.5, -72.0, 1.0)]),
    "BO": (2, [(-17.0, -65.0, 2.5)]),
    "BR": (3, [(-10.0, -52.0, 7.0), (-22.0, -46.0, 2.0), (-8.0, -38.0, 2.0)]),
    "PY": (1, [(-23.4, -58.0, 1.8)]),
    "UY": (1, [(-32.8, -56.0, 1.0)]),
    "AR": (2, [(-34.0, -63.0, 3.5), (-27.0, -65.0, 2.0)]),
    "CL": (2, [(-33.5, -70.8, 1.0), (-38.5, -72.5, 1.0), (-23.5, -69.5, 1.0)]),
    "AU": (1, [(-25.0, 134.0, 8.0), (-33.5, 150.5, 1.0)]),
    "NZ": (1, [(-41.5, 174.0, 1.5), (-37.5, 175.5, 0.8)]),
    "PG": (1, [(-6.5, 145.0, 2.0)]),
}
# Neighbours of France: cross-border cooperation is common with them.
NEIGHBOURS = {"BE", "LU", "DE", "CH", "IT", "ES"}
EUROPEAN_UNION = {
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "GR", "HR", "HU", "IE",
    "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
}  # fmt: skip
# Countries whose first-level territories are states.
FEDERAL = {"US", "BR", "IN", "MX", "NG", "AU", "DE", "AT", "ET", "SS", "SD", "MM", "VE"}

SYLLABLES = [
    "ka", "la", "mo", "ri", "ta", "ne", "bo", "lu", "sa", "di", "ko", "ma", "na", "to", "ya",
    "fe", "gu", "ba", "li", "so", "ke", "da", "ro", "mi", "pa", "zu", "an", "el", "or", "ku",
    "si", "ga", "ve", "no", "tu", "ha", "ni", "le", "ra", "bi", "sou", "mba", "ndi", "kou",
]  # fmt: skip
TOWN_PREFIXES = ["", "", "", "Saint-", "Sainte-", "Le ", "La ", "Les ", "Val-de-", "Mont-"]
TOWN_SUFFIXES = ["", "", "ville", "court", "ac", "y", "ière", "heim", "sur-Loire", "les-Bains"]

ESS_LEGAL_FORMS = [
    (LegalForm.ASSOCIATION, "Association", 50),
    (LegalForm.SCOP, "SCOP", 10),
    (LegalForm.SCIC, "SCIC", 8),
    (LegalForm.COOPERATIVE, "Coopérative", 8),
    (LegalForm.MUTUAL, "Mutuelle", 5),
    (LegalForm.FOUNDATION, "Fondation", 5),
    (LegalForm.ESS_COMPANY, "Entreprise solidaire", 14),
]
ALSACE_MOSELLE = {"57", "67", "68"}
ESS_NOUNS = [
    "Les Jardins", "L’Atelier", "La Ressourcerie", "Le Relais", "Les Ateliers", "La Ruche",
    "Le Comptoir", "La Fabrique", "Les Compagnons", "L’Épicerie", "Le Chantier", "La Maison",
    "Les Amis", "Le Réseau", "La Recyclerie", "Le Panier", "La Coopérative", "Les Semeurs",
]  # fmt: skip
ESS_ADJECTIVES = [
    "solidaires", "partagés", "de l’avenir", "du monde", "citoyens", "équitables",
    "de la terre", "du lien", "nomades", "d’insertion", "verts", "ouverts", "vivants",
]  # fmt: skip
FRENCH_OTHER_KINDS = [
    (OrganisationKind.NETWORK, "Réseau régional"),
    (OrganisationKind.NETWORK, "Collectif"),
    (OrganisationKind.TRAINING, "Lycée agricole"),
    (OrganisationKind.TRAINING, "Institut de formation"),
    (OrganisationKind.LOCAL_AUTHORITY, "Commune de"),
    (OrganisationKind.PUBLIC_BODY, "Agence de l’eau"),
    (OrganisationKind.COMPANY, "Société"),
    (OrganisationKind.CITIZENS_GROUP, "Comité de jumelage de"),
]
FOREIGN_OTHER_KINDS = [
    (OrganisationKind.NETWORK, "Union des coopératives de"),
    (OrganisationKind.NETWORK, "Fédération des producteurs de"),
    (OrganisationKind.TRAINING, "Centre de formation de"),
    (OrganisationKind.TRAINING, "Université de"),
    (OrganisationKind.CITIZENS_GROUP, "Association des femmes de"),
    (OrganisationKind.CITIZENS_GROUP, "Groupement villageois de"),
    (OrganisationKind.COMPANY, "Entreprise sociale de"),
    (OrganisationKind.PUBLIC_BODY, "Agence de développement de"),
]
AUTHORITY_OF_KIND = {
    TerritoryKind.COUNTRY: "Ministère de la décentralisation –",
    TerritoryKind.REGION: "Conseil régional de",
    TerritoryKind.PROVINCE: "Gouvernorat de",
    TerritoryKind.STATE: "Gouvernement de l’État de",
    TerritoryKind.DISTRICT: "Conseil de district de",
    TerritoryKind.MUNICIPALITY: "Mairie de",
    TerritoryKind.CROSS_BORDER: "Groupement transfrontalier de",
}
TERRITORY_PREFIX = {
    TerritoryKind.REGION: "Région de",
    TerritoryKind.PROVINCE: "Province de",
    TerritoryKind.STATE: "État de",
    TerritoryKind.DISTRICT: "District de",
    TerritoryKind.MUNICIPALITY: "Commune de",
    TerritoryKind.CROSS_BORDER: "Eurodistrict de",
}

PROJECT_ACTIONS = [
    "Filière", "Structuration d’une filière", "Appui à la filière", "Coopératives",
    "Incubateur", "Centre de ressources", "Programme", "Réseau", "Plateforme", "Fonds",
    "Chantiers", "Maisons", "Écoles", "Caravane", "Marchés", "Ateliers",
]  # fmt: skip
PROJECT_OBJECTS = [
    "de thé bio et équitable", "de cacao équitable", "du karité", "du riz local",
    "de maraîchage agroécologique", "de l’eau potable", "de l’assainissement",
    "des énergies renouvelables", "de la gestion des déchets", "de l’insertion des jeunes",
    "de l’entrepreneuriat féminin", "de la santé communautaire", "de la culture",
    "de l’économie circulaire", "du tourisme solidaire", "de la pêche artisanale",
    "du microcrédit", "de la formation professionnelle", "de la gouvernance locale",
    "des circuits courts", "de l’artisanat", "du numérique solidaire", "de l’apiculture",
    "du commerce équitable", "de l’éducation à la citoyenneté mondiale",
]  # fmt: skip
SENTENCES = [
    "Le projet associe des acteurs de l’économie sociale et solidaire des deux territoires.",
    "Les partenaires ont établi un diagnostic partagé avant de fixer les objectifs.",
    "Les coopératives locales sont accompagnées vers l’autonomie financière.",
    "Des échanges de pratiques réunissent chaque année les équipes des deux pays.",
    "La formation des jeunes et des femmes est au cœur de l’action.",
    "Les produits sont commercialisés en France par les réseaux du commerce équitable.",
    "Un comité de pilotage conjoint suit les indicateurs et valide les rapports annuels.",
    "Les collectivités partenaires co-financent les investissements.",
    "Le projet contribue aux objectifs de développement durable retenus par les partenaires.",
    "Des volontaires en service civique renforcent les équipes sur le terrain.",
]
OBJECTIVE_TITLES = [
    "Renforcer l’organisation collective des producteurs",
    "Améliorer les revenus des ménages",
    "Former les acteurs locaux",
    "Ouvrir de nouveaux débouchés",
    "Améliorer l’accès aux services essentiels",
    "Renforcer les capacités des collectivités partenaires",
]
INDICATORS = [
    # title, measure type, unit, baseline range, target range, cumulative
    ("Producteurs membres des coopératives", MeasureType.NUMBER, "personnes", 20, 400, False),
    ("Tonnes vendues en commerce équitable", MeasureType.NUMBER, "t", 0, 120, True),
    ("Jeunes formés", MeasureType.NUMBER, "personnes", 0, 300, True),
    ("Ménages raccordés à l’eau potable", MeasureType.NUMBER, "ménages", 50, 2000, False),
    ("Part des femmes parmi les responsables", MeasureType.PERCENTAGE, "%", 10, 50, False),
    ("Taux de certification biologique", MeasureType.PERCENTAGE, "%", 0, 80, False),
    ("Revenu annuel moyen des producteurs", MeasureType.NUMBER, "€", 400, 1200, False),
    ("Qualité de la gouvernance partagée", MeasureType.QUALITATIVE, "", 0, 0, False),
]
QUALITATIVE_VALUES = [
    "Le comité de pilotage s’est réuni deux fois ; les décisions sont partagées.",
    "Les partenaires préparent ensemble le budget annuel.",
    "La coopérative a élu un nouveau bureau paritaire.",
]


def of(label: str, name: str) -> str:
    """« Commune de Gubo », « Commune d’Eldisi »."""
    if label.endswith(" de") and name[:1] in "AEIOUYÉÈ":
        return f"{label[:-3]} d’{name}"
    return f"{label} {name}"


def _weighted(rng: random.Random, items: list, weights: list[float]):
    return rng.choices(items, weights=weights, k=1)[0]


class Generator:
    """One run of the generation; keeps the random state and what was created."""

    def __init__(self, *, projects: int, seed: int, log):
        self.n = projects
        self.rng = random.Random(seed)
        self.log = log
        scale = projects / REFERENCE_PROJECTS
        self.n_territories = max(len(COUNTRIES), round(TERRITORIES * scale))
        self.n_ess = max(101, round(ESS_STRUCTURES * scale))
        self.n_french_others = max(20, round(FRENCH_OTHERS * scale))
        self.n_foreign_others = max(40, round(FOREIGN_OTHERS * scale))
        self.departments = list(Department.objects.order_by("code"))
        self.themes = list(Theme.objects.order_by("code"))
        self.goals = list(SustainableDevelopmentGoal.objects.order_by("number"))
        self.targets_by_goal: dict[int, list[SdgTarget]] = {}
        for target in SdgTarget.objects.order_by("goal_id", "position", "code"):
            self.targets_by_goal.setdefault(target.goal_id, []).append(target)
        self.country_codes = sorted(COUNTRIES)
        self.country_weights = [COUNTRIES[code][0] for code in self.country_codes]
        self.country_cumulated = list(accumulate(self.country_weights))
        self.validated = datetime(2025, 1, 15, 10, 0, tzinfo=UTC)

    # Names and places

    def word(self, syllables: tuple[int, int] = (2, 3)) -> str:
        count = self.rng.randint(*syllables)
        return "".join(self.rng.choice(SYLLABLES) for _ in range(count)).capitalize()

    def town(self) -> str:
        prefix = self.rng.choice(TOWN_PREFIXES)
        suffix = self.rng.choice(TOWN_SUFFIXES)
        if suffix.startswith(("sur-", "les-")):
            return f"{prefix}{self.word()}-{suffix}"
        return f"{prefix}{self.word()}{suffix}"

    def point(self, anchors: list[tuple[float, float, float]]) -> tuple[Decimal, Decimal]:
        lat, lon, radius = self.rng.choice(anchors)
        return self.jitter(lat, lon, radius)

    def jitter(self, lat: float, lon: float, radius: float) -> tuple[Decimal, Decimal]:
        # Normal around the anchor, cut at the radius: dense centres, sparse edges.
        dlat = max(-radius, min(radius, self.rng.gauss(0, radius / 2)))
        dlon = max(-radius, min(radius, self.rng.gauss(0, radius / 2)))
        lat = max(-89.9, min(89.9, lat + dlat))
        lon = max(-179.9, min(179.9, lon + dlon))
        return Decimal(f"{lat:.5f}"), Decimal(f"{lon:.5f}")

    # Steps

    def run(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        self.user = User.objects.create(
            email=BENCH_EMAIL, full_name="Bench data (being generated)", is_active=False
        )
        self.user.set_unusable_password()
        self.user.save(update_fields=["password"])
        step = time.monotonic()
        counts["partner territories"] = self.create_territories()
        counts["organisations"] = self.create_organisations()
        self.log(f"  territories and organisations: {time.monotonic() - step:.1f} s")
        step = time.monotonic()
        counts.update(self.create_projects())
        self.log(f"  projects and their relations: {time.monotonic() - step:.1f} s")
        return counts

    def create_territories(self) -> int:
        rng = self.rng
        # Every country gets its own country-level territory; the rest by weight.
        plan = list(self.country_codes)
        plan += rng.choices(
            self.country_codes,
            weights=self.country_weights,
            k=self.n_territories - len(self.country_codes),
        )
        rows, bases = [], []
        with translation.override("fr"):
            country_names = {code: str(countries.name(code)) for code in self.country_codes}
        for i, code in enumerate(plan):
            anchors = COUNTRIES[code][1]
            if i < len(self.country_codes):
                kind = TerritoryKind.COUNTRY
                name = base = country_names[code]
                lat, lon, _radius = anchors[0]
                latitude, longitude = Decimal(f"{lat:.5f}"), Decimal(f"{lon:.5f}")
            else:
                if code in NEIGHBOURS and rng.random() < 0.15:
                    kind = TerritoryKind.CROSS_BORDER
                elif code in FEDERAL and rng.random() < 0.4:
                    kind = TerritoryKind.STATE
                else:
                    kind = _weighted(
                        rng,
                        [
                            TerritoryKind.REGION,
                            TerritoryKind.PROVINCE,
                            TerritoryKind.DISTRICT,
                            TerritoryKind.MUNICIPALITY,
                        ],
                        [3, 2, 2, 5],
                    )
                base = self.word()
                name = of(TERRITORY_PREFIX[kind], base)
                latitude, longitude = self.point(anchors)
            bases.append(base)
            rows.append(
                PartnerTerritory(
                    name=name,
                    slug=f"{PREFIX}{i + 1:05d}-{slugify(name)}"[:160],
                    kind=kind,
                    country=code,
                    latitude=latitude,
                    longitude=longitude,
                    description=f"Territoire partenaire généré pour les mesures de performance "
                    f"({country_names[code]}).",
                )
            )
        self.territories = PartnerTerritory.objects.bulk_create(rows, batch_size=BATCH)
        self.base_names = {
            territory.pk: base for territory, base in zip(self.territories, bases, strict=True)
        }
        self.territories_by_country: dict[str, list[PartnerTerritory]] = {}
        for territory in self.territories:
            self.territories_by_country.setdefault(str(territory.country), []).append(territory)
        return len(self.territories)

    def _organisation(self, i: int, **fields) -> Organisation:
        rng = self.rng
        status = _weighted(
            rng,
            [PublicationStatus.PUBLISHED, PublicationStatus.PENDING, PublicationStatus.ARCHIVED],
            [92, 6, 2],
        )
        return Organisation(
            slug=f"{PREFIX}{i:05d}-{slugify(fields['name'])}"[:220],
            status=status,
            validated_at=self.validated if status != PublicationStatus.PENDING else None,
            description="Structure générée pour les mesures de performance du portail.",
            **fields,
        )

    def create_organisations(self) -> int:
        rng = self.rng
        rows: list[Organisation] = []
        forms = list(ESS_LEGAL_FORMS)
        form_weights = [weight for _form, _label, weight in forms]
        # ESS structures: at least one in every department, the others by weight.
        department_weights = [rng.uniform(0.3, 3.0) for _ in self.departments]
        plan = list(self.departments)
        plan += rng.choices(self.departments, weights=department_weights, k=self.n_ess - len(plan))
        for department in plan:
            legal_form, label, _weight = _weighted(rng, forms, form_weights)
            if legal_form == LegalForm.ASSOCIATION and department.code in ALSACE_MOSELLE:
                legal_form = LegalForm.LOCAL_LAW_ASSOCIATION
            city = self.town()
            latitude, longitude = self.jitter(
                float(department.latitude), float(department.longitude), 0.35
            )
            rows.append(
                self._organisation(
                    len(rows) + 1,
                    kind=OrganisationKind.ESS_STRUCTURE,
                    name=f"{label} {rng.choice(ESS_NOUNS)} {rng.choice(ESS_ADJECTIVES)}",
                    legal_form=legal_form,
                    esus_approved=rng.random() < 0.2,
                    city=city,
                    postal_code=self.postal_code(department.code),
                    country="FR",
                    department=department,
                    latitude=latitude,
                    longitude=longitude,
                )
            )
        for _ in range(self.n_french_others):
            department = rng.choices(self.departments, weights=department_weights, k=1)[0]
            kind, label = rng.choice(FRENCH_OTHER_KINDS)
            city = self.town()
            latitude, longitude = self.jitter(
                float(department.latitude), float(department.longitude), 0.35
            )
            rows.append(
                self._organisation(
                    len(rows) + 1,
                    kind=kind,
                    name=of(label, city),
                    city=city,
                    postal_code=self.postal_code(department.code),
                    country="FR",
                    department=department,
                    latitude=latitude,
                    longitude=longitude,
                )
            )
        # Abroad: the authority of each partner territory, then other actors.
        for territory in self.territories:
            base = self.base_names[territory.pk]
            rows.append(
                self._organisation(
                    len(rows) + 1,
                    kind=OrganisationKind.LOCAL_AUTHORITY,
                    name=of(AUTHORITY_OF_KIND[territory.kind], base),
                    city=base,
                    country=territory.country,
                    latitude=territory.latitude,
                    longitude=territory.longitude,
                )
            )
        for _ in range(self.n_foreign_others):
            territory = rng.choice(self.territories)
            kind, label = rng.choice(FOREIGN_OTHER_KINDS)
            base = self.base_names[territory.pk]
            latitude, longitude = self.jitter(
                float(territory.latitude), float(territory.longitude), 0.05
            )
            rows.append(
                self._organisation(
                    len(rows) + 1,
                    kind=kind,
                    name=of(label, base),
                    city=base,
                    country=territory.country,
                    latitude=latitude,
                    longitude=longitude,
                )
            )
        organisations = Organisation.objects.bulk_create(rows, batch_size=BATCH)
        through = Organisation.themes.through
        links = []
        for organisation in organisations:
            for theme in rng.sample(self.themes, rng.randint(1, 3)):
                links.append(through(organisation_id=organisation.pk, theme_id=theme.pk))
        through.objects.bulk_create(links, batch_size=BATCH)

        self.ess_by_department: dict[int, list[Organisation]] = {}
        self.french_others: list[Organisation] = []
        self.authority_of_territory: dict[int, Organisation] = {}
        self.foreign_by_country: dict[str, list[Organisation]] = {}
        authorities = iter(organisations[self.n_ess + self.n_french_others :])
        for territory in self.territories:
            self.authority_of_territory[territory.pk] = next(authorities)
        for organisation in organisations:
            if organisation.kind == OrganisationKind.ESS_STRUCTURE:
                self.ess_by_department.setdefault(organisation.department_id, []).append(
                    organisation
                )
            elif organisation.country == "FR":
                self.french_others.append(organisation)
            elif organisation.kind != OrganisationKind.LOCAL_AUTHORITY:
                self.foreign_by_country.setdefault(str(organisation.country), []).append(
                    organisation
                )
        return len(organisations)

    def postal_code(self, code: str) -> str:
        if code in ("2A", "2B"):
            return f"20{self.rng.randint(0, 2)}{self.rng.randint(0, 9)}0"
        if code.startswith("97"):
            return f"{code}{self.rng.randint(10, 90)}"
        return f"{code}{self.rng.randint(0, 9)}{self.rng.randint(0, 9)}0"

    def create_projects(self) -> dict[str, int]:
        rng = self.rng
        # Each department cooperates mostly with a few countries, as in real life.
        self.partner_countries = {
            department.pk: self.weighted_sample(self.country_codes, self.country_weights, 3)
            for department in self.departments
        }
        department_weights = list(accumulate(rng.uniform(0.3, 3.0) for _ in self.departments))
        counts = dict.fromkeys(
            [
                "projects",
                "project territories",
                "project partners",
                "project SDGs",
                "project SDG targets",
                "project themes",
                "objectives",
                "indicators",
                "measurements",
            ],
            0,
        )
        number = 0
        while number < self.n:
            size = min(BATCH, self.n - number)
            plans = []
            for _ in range(size):
                number += 1
                if number <= len(self.departments):  # every department has projects
                    department = self.departments[number - 1]
                else:
                    department = rng.choices(self.departments, cum_weights=department_weights)[0]
                plans.append(self.plan_project(number, department))
            self.write_projects(plans, counts)
        return counts

    def weighted_sample(self, items: list, weights: list, k: int) -> list:
        chosen: list = []
        while len(chosen) < k:
            item = self.rng.choices(items, weights=weights)[0]
            if item not in chosen:
                chosen.append(item)
        return chosen

    def plan_project(self, number: int, department: Department) -> dict:
        rng = self.rng
        if rng.random() < 0.8:
            country = rng.choice(self.partner_countries[department.pk])
        else:
            country = rng.choices(self.country_codes, cum_weights=self.country_cumulated)[0]
        in_country = self.territories_by_country[country]
        territories = [rng.choice(in_country)]
        for _ in range(rng.choices([0, 1, 2], weights=[6, 3, 1])[0]):
            pool = in_country if rng.random() < 0.7 else self.territories
            territory = rng.choice(pool)
            if territory not in territories:
                territories.append(territory)
        first = territories[0]
        title = f"{rng.choice(PROJECT_ACTIONS)} {rng.choice(PROJECT_OBJECTS)} – {first.name}"[:200]

        if country in NEIGHBOURS:
            kind = _weighted(
                rng, [ProjectKind.CROSS_BORDER, ProjectKind.EUROPEAN, ProjectKind.YOUTH], [5, 3, 1]
            )
        elif country in EUROPEAN_UNION:
            kind = _weighted(
                rng, [ProjectKind.EUROPEAN, ProjectKind.YOUTH, ProjectKind.CITIZENSHIP], [6, 2, 1]
            )
        else:
            kind = _weighted(
                rng,
                [
                    ProjectKind.DECENTRALISED,
                    ProjectKind.SOLIDARITY,
                    ProjectKind.YOUTH,
                    ProjectKind.CITIZENSHIP,
                    ProjectKind.HUMANITARIAN,
                ],
                [10, 4, 2, 2, 1],
            )

        start = date(rng.randint(2012, 2026), rng.randint(1, 12), 1)
        end = None
        if rng.random() < 0.9:
            end = date(start.year + rng.randint(1, 6), start.month, 1) - timedelta(days=1)
        if start > REFERENCE_DAY:
            status = rng.choice(
                [ProjectStatus.IDEA, ProjectStatus.DIAGNOSTIC, ProjectStatus.PLANNING]
            )
        elif end is not None and end < REFERENCE_DAY:
            status = _weighted(rng, [ProjectStatus.CLOSED, ProjectStatus.EVALUATION], [4, 1])
        else:
            status = _weighted(rng, [ProjectStatus.IMPLEMENTATION, ProjectStatus.PLANNING], [8, 1])
        is_public = rng.random() < 0.9
        published_at = None
        if is_public:
            published_at = datetime(start.year, start.month, 1, 9, 0, tzinfo=UTC) + timedelta(
                days=rng.randint(0, 120)
            )
        total = None
        contribution = None
        if rng.random() < 0.9:
            total = Decimal(rng.randrange(20_000, 2_000_000, 500))
            contribution = (total * Decimal(rng.randint(10, 60)) / 100).quantize(Decimal("1"))
        goals = rng.sample(self.goals, rng.randint(1, 4))
        targets = []
        for goal in goals:
            targets += rng.sample(self.targets_by_goal[goal.number], rng.randint(1, 2))
        sentences = rng.sample(SENTENCES, 5)
        project = CooperationProject(
            department=department,
            kind=kind,
            title=title,
            slug=f"{PREFIX}{number:06d}-{slugify(title)}"[:220],
            summary=f"Coopération du Département {department.name_of or department.name} avec "
            f"{first.name}. {sentences[0]}",
            description=" ".join(sentences[1:]),
            start_date=start,
            end_date=end,
            status=status,
            total_budget=total,
            department_contribution=contribution,
            co_funders="Agence française de développement" if rng.random() < 0.3 else "",
            is_public=is_public,
            published_at=published_at,
        )
        co_departments = []
        if rng.random() < 0.08:
            other = rng.choice(self.departments)
            if other.pk != department.pk:
                co_departments.append(other)
        return {
            "project": project,
            "territories": territories,
            "partners": self.plan_partners(department, territories),
            "goals": goals,
            "targets": targets,
            "themes": rng.sample(self.themes, rng.randint(1, 3)),
            "co_departments": co_departments,
        }

    def plan_partners(self, department: Department, territories: list) -> list[tuple]:
        """(organisation, role, side): 2 to 5 distinct organisations."""
        rng = self.rng
        wanted = rng.randint(2, 5)
        local_ess = (
            self.ess_by_department.get(department.pk)
            or self.ess_by_department[self.departments[0].pk]
        )
        partners = [(self.authority_of_territory[territories[0].pk], PartnerRole.LEAD, "partner")]
        partners.append(
            (rng.choice(local_ess), rng.choice([PartnerRole.OPERATOR, PartnerRole.PARTNER]), "fr")
        )
        attempts = 0
        while len(partners) < wanted and attempts < 10:
            attempts += 1
            draw = rng.random()
            foreign = self.foreign_by_country.get(str(territories[0].country))
            if draw < 0.4:
                candidate = (rng.choice(local_ess), PartnerRole.PARTNER, "fr")
            elif draw < 0.7 and foreign:
                candidate = (rng.choice(foreign), PartnerRole.PARTNER, "partner")
            elif draw < 0.85 and len(territories) > 1:
                other = self.authority_of_territory[territories[-1].pk]
                candidate = (other, PartnerRole.PARTNER, "partner")
            else:
                role = rng.choice([PartnerRole.CO_FUNDER, PartnerRole.EXPERT])
                candidate = (rng.choice(self.french_others), role, "fr")
            if all(candidate[0].pk != chosen[0].pk for chosen in partners):
                partners.append(candidate)
        return [
            (
                organisation,
                role,
                TerritorySide.FRENCH if side == "fr" else TerritorySide.PARTNER,
            )
            for organisation, role, side in partners
        ]

    def write_projects(self, plans: list[dict], counts: dict[str, int]) -> None:
        rng = self.rng
        projects = CooperationProject.objects.bulk_create(
            [plan["project"] for plan in plans], batch_size=BATCH
        )
        counts["projects"] += len(projects)
        model = CooperationProject
        links = {
            "project territories": (model.territories.through, "partnerterritory_id", []),
            "project SDGs": (model.sdg_goals.through, "sustainabledevelopmentgoal_id", []),
            "project SDG targets": (model.sdg_targets.through, "sdgtarget_id", []),
            "project themes": (model.themes.through, "theme_id", []),
            "co-departments": (model.co_departments.through, "department_id", []),
        }
        partners, objectives = [], []
        for plan, project in zip(plans, projects, strict=True):
            for label, key in [
                ("project territories", "territories"),
                ("project SDGs", "goals"),
                ("project SDG targets", "targets"),
                ("project themes", "themes"),
                ("co-departments", "co_departments"),
            ]:
                through, column, rows = links[label]
                rows += [
                    through(cooperationproject_id=project.pk, **{column: item.pk})
                    for item in plan[key]
                ]
            partners += [
                ProjectPartner(
                    project_id=project.pk,
                    organisation_id=organisation.pk,
                    role=role,
                    side=side,
                    contribution="Apport d’expertise et suivi des activités."
                    if rng.random() < 0.5
                    else "",
                )
                for organisation, role, side in plan["partners"]
            ]
            for position in range(rng.randint(1, 2)):
                objectives.append(
                    Objective(
                        project_id=project.pk,
                        title=rng.choice(OBJECTIVE_TITLES),
                        position=position,
                    )
                )
        for label, (through, _column, rows) in links.items():
            through.objects.bulk_create(rows, batch_size=BATCH)
            if label in counts:
                counts[label] += len(rows)
        ProjectPartner.objects.bulk_create(partners, batch_size=BATCH)
        counts["project partners"] += len(partners)
        objectives = Objective.objects.bulk_create(objectives, batch_size=BATCH)
        counts["objectives"] += len(objectives)

        targets_of = {
            project.pk: plan["targets"] for plan, project in zip(plans, projects, strict=True)
        }
        objectives_of: dict[int, list[Objective]] = {}
        objective_targets = []
        for objective in objectives:
            objectives_of.setdefault(objective.project_id, []).append(objective)
            for target in rng.sample(targets_of[objective.project_id], 1):
                objective_targets.append(
                    Objective.sdg_targets.through(objective_id=objective.pk, sdgtarget_id=target.pk)
                )
        Objective.sdg_targets.through.objects.bulk_create(objective_targets, batch_size=BATCH)

        indicators, indicator_plans = [], []
        for project in projects:
            for position in range(rng.randint(1, 3)):
                indicator, plan_values = self.plan_indicator(project, position, objectives_of)
                indicators.append(indicator)
                indicator_plans.append(plan_values)
        indicators = Indicator.objects.bulk_create(indicators, batch_size=BATCH)
        counts["indicators"] += len(indicators)
        indicator_targets, measurements = [], []
        for indicator, plan_values in zip(indicators, indicator_plans, strict=True):
            target = rng.choice(targets_of[indicator.project_id])
            indicator_targets.append(
                Indicator.sdg_targets.through(indicator_id=indicator.pk, sdgtarget_id=target.pk)
            )
            measurements += self.plan_measurements(indicator, plan_values)
        Indicator.sdg_targets.through.objects.bulk_create(indicator_targets, batch_size=BATCH)
        Measurement.objects.bulk_create(measurements, batch_size=BATCH)
        counts["measurements"] += len(measurements)

    def plan_indicator(self, project, position, objectives_of) -> tuple[Indicator, dict]:
        rng = self.rng
        title, measure, unit, low, high, cumulative = rng.choice(INDICATORS)
        start = project.start_date
        qualitative = measure == MeasureType.QUALITATIVE
        baseline = None if qualitative or cumulative else Decimal(low)
        target = None if qualitative else Decimal(rng.randint(max(low + 1, high // 2), high))
        years = [
            year
            for year in range(start.year, start.year + 4)
            if date(year, 12, 31) <= REFERENCE_DAY
            and (project.end_date is None or year <= project.end_date.year)
        ][: rng.randint(1, 4)]
        indicator = Indicator(
            project_id=project.pk,
            objective=rng.choice(objectives_of[project.pk]),
            title=title,
            level=IndicatorLevel.OUTCOME if rng.random() < 0.4 else IndicatorLevel.OUTPUT,
            measure_type=measure,
            unit=unit,
            baseline_value=baseline,
            baseline_date=start if baseline is not None else None,
            target_value=target,
            target_date=project.end_date,
            direction=Direction.HIGHER,
            cumulative=cumulative,
            reported_by="Comité de pilotage",
            position=position,
        )
        return indicator, {"years": years, "baseline": baseline, "target": target}

    def plan_measurements(self, indicator: Indicator, plan: dict) -> list[Measurement]:
        rng = self.rng
        years = plan["years"]
        rows = []
        for step, year in enumerate(years, start=1):
            value, text = None, ""
            if indicator.measure_type == MeasureType.QUALITATIVE:
                text = rng.choice(QUALITATIVE_VALUES)
            elif indicator.cumulative:
                share = plan["target"] / max(len(years) + 1, 2)
                value = (share * Decimal(rng.uniform(0.6, 1.3))).quantize(Decimal("0.001"))
            else:
                progress = Decimal(step) / Decimal(len(years) + 1) * Decimal(rng.uniform(0.7, 1.2))
                value = plan["baseline"] + (plan["target"] - plan["baseline"]) * progress
                value = value.quantize(Decimal("0.001"))
                if indicator.measure_type == MeasureType.PERCENTAGE:
                    value = min(value, Decimal(100))
            reviewed = datetime(year + 1, 2, 15, 10, 0, tzinfo=UTC)
            rows.append(
                Measurement(
                    indicator_id=indicator.pk,
                    period_start=date(year, 1, 1),
                    period_end=date(year, 12, 31),
                    value=value,
                    text_value=text,
                    reporter_id=self.user.pk,
                    status=MeasurementStatus.APPROVED,
                    reviewed_by_id=self.user.pk,
                    reviewed_at=reviewed,
                    submitted_at=reviewed - timedelta(days=20),
                )
            )
        return rows


def marker(projects: int, seed: int) -> str:
    """The bench account's name once the data is complete: what --reuse compares."""
    return f"Bench data: {projects} projects, seed {seed}"


# Removal


def _purge(model: type[models.Model], where: str, params: list, cursor, depth: int = 0) -> None:
    """Deletes the rows of `model` matching `where` (SQL on its table), and first what
    depends on them, following the on_delete rules in SQL: bulk deletes send no signals,
    so they write no audit-history rows. PROTECT relations are left to the database,
    whose foreign keys then refuse the deletion."""
    table = connection.ops.quote_name(model._meta.db_table)
    pk = connection.ops.quote_name(model._meta.pk.column)
    selected = f"SELECT {pk} FROM {table} WHERE {where}"  # noqa: S608
    # Every reverse relation, hidden ones included (those of the auto-created through
    # tables of many-to-many fields, and of foreign keys with related_name="+").
    for relation in model._meta.get_fields(include_hidden=True):
        if not relation.auto_created or relation.concrete or relation.many_to_many:
            continue
        if depth > 6:
            raise CommandError(f"Unexpectedly deep relations under {model._meta.label}.")
        field = relation.field
        if not field.db_constraint and field.remote_field.on_delete is models.DO_NOTHING:
            continue  # audit history keeps the ids of what it describes
        child = relation.related_model
        column = connection.ops.quote_name(field.column)
        condition = f"{column} IN ({selected})"
        on_delete = field.remote_field.on_delete
        if on_delete is models.CASCADE:
            _purge(child, condition, params, cursor, depth + 1)
        elif on_delete is models.SET_NULL:
            child_table = connection.ops.quote_name(child._meta.db_table)
            cursor.execute(f"UPDATE {child_table} SET {column} = NULL WHERE {condition}", params)  # noqa: S608
    cursor.execute(f"DELETE FROM {table} WHERE {where}", params)  # noqa: S608


def clear_bench_data() -> None:
    like = [PREFIX + "%"]
    with connection.cursor() as cursor:
        _purge(CooperationProject, "slug LIKE %s", like, cursor)
        _purge(Organisation, "slug LIKE %s", like, cursor)
        _purge(PartnerTerritory, "slug LIKE %s", like, cursor)
        _purge(User, "email = %s", [BENCH_EMAIL], cursor)


def bench_counts() -> dict[str, int]:
    return {
        "projects": CooperationProject.objects.filter(slug__startswith=PREFIX).count(),
        "organisations": Organisation.objects.filter(slug__startswith=PREFIX).count(),
        "partner territories": PartnerTerritory.objects.filter(slug__startswith=PREFIX).count(),
    }


class Command(BaseCommand):
    help = (
        "Generates a large reproducible dataset for `make bench` (DEBUG or --force only); "
        "--clear removes it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, help="Number of projects to generate.")
        parser.add_argument("--seed", type=int, default=42, help="Random seed (default 42).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though DEBUG is off. Never on a production database.",
        )
        parser.add_argument(
            "--clear", action="store_true", help="Only remove the generated (bench-…) rows."
        )
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="Do nothing when the bench data of the same --projects and --seed exists.",
        )

    def handle(self, *args, projects=None, seed=42, force=False, clear=False, reuse=False, **_):
        if not settings.DEBUG and not force:
            raise CommandError(
                "generate_bench_data writes hundreds of thousands of rows, so it runs only with "
                "DEBUG=true (or --force, never on a production database). Nothing was changed."
            )
        if clear:
            started = time.monotonic()
            with transaction.atomic():
                clear_bench_data()
            self.stdout.write(f"Bench data removed ({time.monotonic() - started:.1f} s).")
            return
        if not projects or projects < 1:
            raise CommandError("Give the number of projects: --projects N (N ≥ 1).")
        self.check_reference_data()
        if (
            reuse
            and User.objects.filter(email=BENCH_EMAIL, full_name=marker(projects, seed)).exists()
        ):
            self.stdout.write(
                f"Bench data of {projects} projects (seed {seed}) already there: nothing to do."
            )
            return
        started = time.monotonic()
        with transaction.atomic():
            clear_bench_data()
            self.stdout.write(f"  previous bench data removed: {time.monotonic() - started:.1f} s")
            generator = Generator(projects=projects, seed=seed, log=self.stdout.write)
            counts = generator.run()
            User.objects.filter(pk=generator.user.pk).update(full_name=marker(projects, seed))
        analyzed = time.monotonic()
        self.analyze()
        self.stdout.write(f"  VACUUM ANALYZE: {time.monotonic() - analyzed:.1f} s")
        for label, count in counts.items():
            self.stdout.write(f"{label}: {count}")
        self.stdout.write(
            f"Bench data of {projects} projects (seed {seed}) generated in "
            f"{time.monotonic() - started:.1f} s."
        )

    def check_reference_data(self) -> None:
        if (
            Department.objects.count() < 101
            or SustainableDevelopmentGoal.objects.count() < 17
            or not SdgTarget.objects.exists()
            or not Theme.objects.exists()
        ):
            raise CommandError(
                "Reference data missing (101 departments, 17 SDGs and their targets, themes): "
                "run `manage.py load_reference_data` first. Nothing was changed."
            )

    def analyze(self) -> None:
        """Fresh planner statistics and visibility map, as autovacuum gives a database in
        service (VACUUM cannot run in a transaction: then only ANALYZE)."""
        tables = {
            model._meta.db_table
            for model in [CooperationProject, Organisation, PartnerTerritory, Indicator]
        }
        tables |= {
            model._meta.db_table
            for model in [ProjectPartner, Objective, Measurement, Department, Theme]
        }
        for field in CooperationProject._meta.many_to_many:
            tables.add(field.remote_field.through._meta.db_table)
        tables.add(Organisation.themes.through._meta.db_table)
        tables.add(Indicator.sdg_targets.through._meta.db_table)
        tables.add(Objective.sdg_targets.through._meta.db_table)
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            for table in sorted(tables):
                cursor.execute(f"{command} {connection.ops.quote_name(table)}")
