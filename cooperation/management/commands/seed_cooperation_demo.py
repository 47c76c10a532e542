"""Loads the five cooperation cases of the source document as demo projects.

Demo only, like seed_demo (which calls it at its end): refuses to run when DEBUG is off
unless --force is given, because it creates a demo account with a published password.
It builds on what seed_demo creates: the demo accounts, organisations and territories.

Idempotent, and careful with what people did during a demo: every record is matched on
a natural key (a project on its slug, a partner on (project, organisation), an objective,
an activity or an indicator on (project, title), a measurement on (indicator, period
start, period end), a delegation on (department, origin, arrival), an exchange on
(project, date, subject), …) and created only when it is missing; an existing record is
never changed. A project is published, a diagnostic validated, a measurement approved and
an action marked done only in the run that creates them: a project unpublished during a
demo stays unpublished. As in seed_demo, the role of the demo contributor account is
restored, since tests and guided tours rely on it.

The cases, partners and totals come from the source document; budgets, yearly values and
dates of the action plans are invented for the demo, and the project descriptions say so.
"""

from collections import Counter
from datetime import date
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify

from cooperation import services
from cooperation.models import (
    ActivityStatus,
    ContributorRole,
    CooperationProject,
    Delegation,
    DiagnosticComment,
    DiagnosticContribution,
    DiagnosticSection,
    ExchangeKind,
    IndicatorLevel,
    MeasurementStatus,
    MeasureType,
    PartnerRole,
    ProjectContributor,
    ProjectKind,
    ProjectStatus,
    SdgTarget,
    TerritorySide,
)
from partners.reference import update_changed
from partners.management.commands.seed_demo import DEMO_PASSWORD, coordinate
from partners.models import (
    Department,
    Organisation,
    OrganisationKind,
    PartnerTerritory,
    TerritoryKind,
    Theme,
    User,
)
from partners.services import organisation_create

FIGURES_NOTE = (
    "\n\nLes montants, les valeurs annuelles des indicateurs et les dates du plan d’action "
    "sont fictifs, créés pour la démonstration du portail."
)

AGENT94 = "agent94@demo.example.org"
STRUCTURE = "structure@demo.example.org"
CONTRIBUTOR = "partenaire.yenbai@demo.example.org"

# The demo account of the province of Yên Bái, created here (with the seed_demo password).
CONTRIBUTOR_NAME = "Nguyễn Thị Lan"

YEN_BAI = "Province de Yên Bái"
CDR_OUTAOUAIS = "Coopérative de développement régional Outaouais-Laurentides"

# Created here when missing; never overwritten.
PROVINCE_OF_YEN_BAI = {
    "name": YEN_BAI,
    "kind": OrganisationKind.LOCAL_AUTHORITY,
    "department": "94",
    "country": "VN",
    "city": "Yên Bái",
    "latitude": "21.72290",
    "longitude": "104.91130",
    "themes": ["agriculture-food", "fair-trade"],
    "description": (
        "Province montagneuse du nord du Viêt Nam, partenaire du Département du Val-de-Marne "
        "pour la structuration d’une filière de thé Shan bio et équitable. Depuis juillet "
        "2025, son territoire fait partie de la province de Lào Cai."
    ),
}

# Examples of the countries where the young people of Hauts-de-Seine lead their projects.
TERRITORIES = [
    {
        "name": "Sénégal",
        "kind": TerritoryKind.COUNTRY,
        "country": "SN",
        "latitude": "14.49740",
        "longitude": "-14.45240",
        "languages": "français, wolof",
        "description": (
            "Pays d’Afrique de l’Ouest où des jeunes des Hauts-de-Seine mènent des projets "
            "de lutte contre la malnutrition, soutenus par l’appel à projets « Initiatives "
            "jeunes solidaires ». Exemple choisi pour la démonstration du portail."
        ),
    },
    {
        "name": "Madagascar",
        "kind": TerritoryKind.COUNTRY,
        "country": "MG",
        "latitude": "-18.76690",
        "longitude": "46.86910",
        "languages": "malgache, français",
        "description": (
            "Pays de l’océan Indien où des jeunes des Hauts-de-Seine mènent des projets de "
            "lutte contre l’extrême pauvreté, soutenus par l’appel à projets « Initiatives "
            "jeunes solidaires ». Exemple choisi pour la démonstration du portail."
        ),
    },
]


def year(y: int) -> tuple[date, date]:
    return date(y, 1, 1), date(y, 12, 31)


def yearly(values: dict[int, str], comments: dict[int, str] | None = None, **extra) -> list:
    """Approved yearly measurements."""
    comments = comments or {}
    return [
        {
            "period": year(y),
            "value": value,
            "status": MeasurementStatus.APPROVED,
            "comment": comments.get(y, ""),
            **extra,
        }
        for y, value in values.items()
    ]


PROJECTS = [
    # 1. Val-de-Marne (94) – Province de Yên Bái (Viêt Nam).
    {
        "department": "94",
        "officer": AGENT94,
        "title": "Filière de thé Shan bio et équitable",
        "kind": ProjectKind.DECENTRALISED,
        "status": ProjectStatus.IMPLEMENTATION,
        "start_date": date(2019, 1, 1),
        "end_date": date(2026, 12, 31),
        "total_budget": Decimal("480000.00"),
        "department_contribution": Decimal("210000.00"),
        "summary": (
            "Avec la province de Yên Bái, au Viêt Nam, le Val-de-Marne accompagne les "
            "producteurs de thé Shan vers la certification biologique et le commerce "
            "équitable. Il mobilise des acteurs val-de-marnais de l’économie sociale et "
            "solidaire : le pôle d’économie solidaire de Chevilly-Larue, Biocoop, Artisans du "
            "Monde et Max Havelaar France."
        ),
        "description": (
            "Le thé Shan pousse sur les hauteurs de la province de Yên Bái, où de vieux "
            "théiers font vivre des ménages de minorités ethniques. Vendu en vrac à des "
            "intermédiaires, il leur rapporte peu. La coopération décentralisée entre le "
            "Département du Val-de-Marne et la province structure une filière bio et "
            "équitable : organisation des producteurs en coopératives, accompagnement vers la "
            "certification biologique, accès au label de commerce équitable et débouchés en "
            "France par les réseaux de l’économie sociale et solidaire.\n\n"
            "Les acteurs val-de-marnais apportent leur expertise : le pôle d’économie "
            "solidaire de Chevilly-Larue pour l’organisation collective, Max Havelaar France "
            "pour la certification équitable, Biocoop et Artisans du Monde pour la "
            "commercialisation et la sensibilisation des consommateurs." + FIGURES_NOTE
        ),
        "territories": ["province-de-yen-bai"],
        "themes": ["fair-trade", "agriculture-food", "short-supply-chains"],
        "sdg_targets": ["2.3", "2.4", "8.3", "12.8", "17.17"],
        "partners": [
            {
                "organisation": YEN_BAI,
                "role": PartnerRole.LEAD,
                "side": TerritorySide.PARTNER,
                "contribution": (
                    "Pilotage côté vietnamien : mobilisation du service provincial de "
                    "l’agriculture et des communes productrices, suivi des indicateurs auprès "
                    "des coopératives."
                ),
            },
            {
                "organisation": "Pôle d’économie solidaire de Chevilly-Larue",
                "role": PartnerRole.OPERATOR,
                "side": TerritorySide.FRENCH,
                "contribution": (
                    "Coordination des acteurs val-de-marnais de l’ESS et appui à "
                    "l’organisation des producteurs en coopératives."
                ),
            },
            {
                "organisation": "Max Havelaar France",
                "role": PartnerRole.EXPERT,
                "side": TerritorySide.FRENCH,
                "contribution": (
                    "Expertise sur les standards du commerce équitable et accompagnement des "
                    "coopératives vers la certification."
                ),
            },
            {
                "organisation": "Biocoop",
                "role": PartnerRole.PARTNER,
                "side": TerritorySide.FRENCH,
                "contribution": (
                    "Référencement du thé Shan dans ses magasins et partage de son expérience "
                    "des filières biologiques."
                ),
            },
            {
                "organisation": "Artisans du Monde",
                "role": PartnerRole.PARTNER,
                "side": TerritorySide.FRENCH,
                "contribution": (
                    "Vente en boutique, sensibilisation des consommateurs val-de-marnais et "
                    "accueil des délégations de Yên Bái."
                ),
            },
        ],
        "diagnostic": [
            {
                "section": DiagnosticSection.CONTEXT,
                "author": AGENT94,
                "text": (
                    "La province de Yên Bái, au nord du Viêt Nam, compte de vastes peuplements "
                    "de théiers anciens de variété Shan, cultivés en altitude par des ménages "
                    "de minorités ethniques. La production, vendue en vrac à des "
                    "intermédiaires, rapporte peu aux familles et ne valorise ni la qualité ni "
                    "l’origine du thé."
                ),
            },
            {
                "section": DiagnosticSection.NEEDS,
                "author": CONTRIBUTOR,
                "organisation": YEN_BAI,
                "text": (
                    "Les producteurs manquent d’organisation collective, de formation aux "
                    "pratiques biologiques et de moyens pour financer la certification. Les "
                    "coopératives ont besoin de débouchés stables, à un prix qui rémunère le "
                    "travail des familles."
                ),
                "comments": [
                    (
                        AGENT94,
                        "Merci. Pouvez-vous préciser le coût annuel d’une certification "
                        "biologique pour une coopérative ?",
                    ),
                ],
            },
            {
                "section": DiagnosticSection.ASSETS,
                "author": CONTRIBUTOR,
                "organisation": YEN_BAI,
                "text": (
                    "Des théiers anciens conduits sans intrants chimiques, un savoir-faire de "
                    "transformation artisanale, l’appui du service provincial de l’agriculture "
                    "et la volonté des autorités de faire du thé Shan un produit phare de la "
                    "province."
                ),
            },
            {
                "section": DiagnosticSection.ACTORS,
                "author": AGENT94,
                "text": (
                    "Côté vietnamien : la province, les communes productrices et les "
                    "coopératives de producteurs. Côté val-de-marnais : le pôle d’économie "
                    "solidaire de Chevilly-Larue, Artisans du Monde, Biocoop et Max Havelaar "
                    "France, réunis dès la conception de la coopération."
                ),
            },
            {
                "section": DiagnosticSection.ESS_OPPORTUNITIES,
                "author": STRUCTURE,
                "organisation": "Artisans du Monde",
                "text": (
                    "Le commerce équitable garantit un prix minimum et une prime de "
                    "développement, à condition que les producteurs s’organisent en "
                    "coopératives. Les boutiques Artisans du Monde du Val-de-Marne sont prêtes "
                    "à référencer un thé Shan certifié et à raconter son histoire aux "
                    "consommateurs."
                ),
            },
        ],
        "objectives": [
            {
                "title": (
                    "Organiser les producteurs et les accompagner vers la certification biologique"
                ),
                "description": (
                    "Structurer des coopératives de producteurs de thé Shan, les former aux "
                    "pratiques biologiques et financer les premiers audits de certification."
                ),
                "sdg_targets": ["2.3", "2.4"],
                "activities": [
                    {
                        "title": "Formation des producteurs aux pratiques biologiques",
                        "responsible": YEN_BAI,
                        "start_date": date(2019, 3, 1),
                        "end_date": date(2022, 12, 31),
                        "status": ActivityStatus.DONE,
                        "milestones": [
                            (
                                "Premier cycle de formation dans trois communes",
                                date(2019, 11, 30),
                                date(2019, 11, 22),
                            ),
                            (
                                "Première coopérative certifiée biologique",
                                date(2020, 12, 31),
                                date(2021, 2, 15),
                            ),
                        ],
                    },
                    {
                        "title": "Accompagnement à la création de coopératives de producteurs",
                        "responsible": "Pôle d’économie solidaire de Chevilly-Larue",
                        "start_date": date(2019, 6, 1),
                        "end_date": date(2024, 12, 31),
                        "status": ActivityStatus.DONE,
                        "milestones": [
                            (
                                "Statuts de cinq coopératives adoptés",
                                date(2021, 6, 30),
                                date(2021, 9, 10),
                            ),
                        ],
                    },
                ],
            },
            {
                "title": "Accéder au commerce équitable et à des débouchés en France",
                "description": (
                    "Obtenir le label de commerce équitable pour les coopératives et vendre "
                    "le thé Shan dans les réseaux de l’économie sociale et solidaire."
                ),
                "sdg_targets": ["2.3", "8.3"],
                "activities": [
                    {
                        "title": "Audit et labellisation équitable des coopératives",
                        "responsible": "Max Havelaar France",
                        "start_date": date(2021, 1, 1),
                        "end_date": date(2023, 6, 30),
                        "status": ActivityStatus.DONE,
                        "milestones": [
                            (
                                "Label obtenu par la première coopérative",
                                date(2022, 6, 30),
                                date(2022, 5, 18),
                            ),
                        ],
                    },
                    {
                        "title": "Référencement du thé Shan dans les magasins du Val-de-Marne",
                        "responsible": "Biocoop",
                        "start_date": date(2022, 9, 1),
                        "end_date": date(2026, 12, 31),
                        "status": ActivityStatus.IN_PROGRESS,
                        "milestones": [
                            (
                                "Premier référencement en magasin",
                                date(2023, 3, 31),
                                date(2023, 3, 20),
                            ),
                            (
                                "Thé Shan proposé dans tous les magasins du département",
                                date(2026, 12, 31),
                                None,
                            ),
                        ],
                    },
                ],
            },
            {
                "title": "Sensibiliser les Val-de-Marnais à la consommation responsable",
                "description": (
                    "Faire connaître aux habitants et aux collégiens l’histoire du thé Shan et "
                    "les principes du commerce équitable."
                ),
                "sdg_targets": ["12.8", "17.17"],
                "activities": [
                    {
                        "title": "Quinzaine du commerce équitable autour du thé Shan",
                        "responsible": "Artisans du Monde",
                        "start_date": date(2023, 5, 1),
                        "end_date": date(2026, 12, 31),
                        "status": ActivityStatus.IN_PROGRESS,
                        "milestones": [
                            ("Animations dans dix collèges", date(2026, 6, 30), date(2026, 5, 29)),
                        ],
                    },
                ],
            },
        ],
        "indicators": [
            {
                "title": "Ménages producteurs certifiés bio",
                "objective": (
                    "Organiser les producteurs et les accompagner vers la certification biologique"
                ),
                "description": (
                    "Ménages producteurs membres d’une coopérative dont la certification "
                    "biologique est valide au 31 décembre. Source : registres des organismes "
                    "certificateurs."
                ),
                "level": IndicatorLevel.OUTCOME,
                "measure_type": MeasureType.NUMBER,
                "unit": "ménages",
                "baseline_value": "0",
                "baseline_date": date(2019, 1, 1),
                "target_value": "300",
                "target_date": date(2026, 12, 31),
                "cumulative": False,
                "reported_by": "Province de Yên Bái (service provincial de l’agriculture)",
                "sdg_targets": ["2.3", "2.4"],
                "measurements": [
                    *yearly(
                        {
                            2020: "42",
                            2021: "88",
                            2022: "136",
                            2023: "181",
                            2024: "224",
                            2025: "262",
                        },
                        comments={
                            2021: "Deux nouvelles coopératives certifiées.",
                            2024: "Renouvellement de la certification de toutes les coopératives.",
                        },
                        reporter=CONTRIBUTOR,
                    ),
                    {
                        "period": (date(2026, 1, 1), date(2026, 6, 30)),
                        "value": "281",
                        "status": MeasurementStatus.SUBMITTED,
                        "reporter": CONTRIBUTOR,
                        "comment": "Situation au 30 juin, avant la récolte d’automne.",
                    },
                ],
            },
            {
                "title": "Surface certifiée bio",
                "objective": (
                    "Organiser les producteurs et les accompagner vers la certification biologique"
                ),
                "description": (
                    "Surface de théiers sous certification biologique au 31 décembre. Source : "
                    "organismes certificateurs."
                ),
                "level": IndicatorLevel.OUTCOME,
                "measure_type": MeasureType.NUMBER,
                "unit": "hectares",
                "baseline_value": "0",
                "baseline_date": date(2019, 1, 1),
                "target_value": "250",
                "target_date": date(2026, 12, 31),
                "cumulative": False,
                "reported_by": "Province de Yên Bái (service provincial de l’agriculture)",
                "sdg_targets": ["2.4"],
                "measurements": [
                    *yearly(
                        {
                            2020: "35",
                            2021: "74",
                            2022: "112",
                            2023: "150",
                            2024: "186",
                            2025: "214",
                        },
                        reporter=CONTRIBUTOR,
                    ),
                    {
                        "period": (date(2026, 1, 1), date(2026, 6, 30)),
                        "value": "228.5",
                        "status": MeasurementStatus.DRAFT,
                        "reporter": CONTRIBUTOR,
                        "comment": "À confirmer avec l’organisme certificateur.",
                    },
                ],
            },
            {
                "title": "Thé vendu sous label équitable",
                "objective": "Accéder au commerce équitable et à des débouchés en France",
                "description": (
                    "Thé Shan vendu sous label de commerce équitable au cours de l’année, "
                    "toutes destinations confondues : les années s’additionnent. Source : Max "
                    "Havelaar France."
                ),
                "level": IndicatorLevel.OUTCOME,
                "measure_type": MeasureType.NUMBER,
                "unit": "tonnes",
                "baseline_value": "0",
                "baseline_date": date(2019, 1, 1),
                "target_value": "60",
                "target_date": date(2026, 12, 31),
                "cumulative": True,
                "reported_by": "Max Havelaar France",
                "sdg_targets": ["2.3"],
                "measurements": yearly(
                    {
                        2020: "2.5",
                        2021: "4.8",
                        2022: "6.9",
                        2023: "8.7",
                        2024: "10.4",
                        2025: "12.1",
                    },
                    comments={2022: "Premières ventes en magasin Biocoop."},
                ),
            },
        ],
        "contributors": [(CONTRIBUTOR, ContributorRole.CONTRIBUTOR, YEN_BAI)],
        "delegations": [
            {
                "origin": "province-de-yen-bai",
                "arrival_date": date(2024, 10, 7),
                "departure_date": date(2024, 10, 12),
                "members": (
                    "Vice-président du comité populaire de la province de Yên Bái, chef de la "
                    "délégation\n"
                    "Directrice du service provincial de l’agriculture et du développement "
                    "rural\n"
                    "Président d’une coopérative de producteurs de thé Shan\n"
                    "Interprète"
                ),
                "programme": (
                    "Lundi 7 octobre : accueil à l’hôtel du Département, à Créteil, et bilan "
                    "de la coopération.\n"
                    "Mardi 8 octobre : visite du pôle d’économie solidaire de Chevilly-Larue et "
                    "atelier sur la gouvernance des coopératives.\n"
                    "Mercredi 9 octobre : rencontre avec Max Havelaar France sur le "
                    "renouvellement de la certification équitable.\n"
                    "Jeudi 10 octobre : dégustation et vente de thé Shan dans une boutique "
                    "Artisans du Monde, rencontre avec des collégiens.\n"
                    "Vendredi 11 octobre : visite d’un magasin Biocoop et séance de travail "
                    "sur le plan d’action 2025-2026."
                ),
                "structures": [
                    "Artisans du Monde",
                    "Pôle d’économie solidaire de Chevilly-Larue",
                ],
                "outcomes": (
                    "Prix minimum d’achat du thé Shan fixé pour la saison 2025 ; trois "
                    "coopératives invitées au salon du commerce équitable ; plan d’action "
                    "2025-2026 adopté, avec l’objectif de 300 ménages certifiés fin 2026."
                ),
            },
        ],
        "exchanges": [
            {
                "date": date(2026, 9, 17),
                "kind": ExchangeKind.CALL,
                "title": "Point d’étape avec la province de Yên Bái sur la récolte 2026",
                "participants": (
                    "Claire Morel (Département du Val-de-Marne)\n"
                    "Nguyễn Thị Lan (province de Yên Bái)\n"
                    "Pôle d’économie solidaire de Chevilly-Larue"
                ),
                "notes": (
                    "Récolte de printemps en hausse ; deux coopératives attendent le "
                    "renouvellement de leur certification biologique. Les chiffres du premier "
                    "semestre sont à saisir sur le portail."
                ),
                "actions": [
                    {
                        "description": "Envoyer à la province le modèle de rapport annuel 2026",
                        "owner": AGENT94,
                        "due_date": date(2026, 10, 15),
                        "done": True,
                    },
                    {
                        "description": (
                            "Organiser la réunion de bilan avec Max Havelaar France et Biocoop"
                        ),
                        "owner": AGENT94,
                        "due_date": date(2026, 10, 31),
                        "done": False,
                    },
                ],
            },
        ],
        "public": True,
    },
    # 2. Ille-et-Vilaine (35) – Outaouais (Québec).
    {
        "department": "35",
        "officer": "agent35@demo.example.org",
        "title": "Incubateur en économie sociale de l’Outaouais",
        "kind": ProjectKind.DECENTRALISED,
        "status": ProjectStatus.CLOSED,
        "start_date": date(2019, 1, 1),
        "end_date": date(2022, 12, 31),
        "co_funders": "Fonds franco-québécois de coopération décentralisée (FFQCD)",
        "summary": (
            "De 2019 à 2022, le Département d’Ille-et-Vilaine, la Coopérative de "
            "développement régional Outaouais-Laurentides et la Ville de Gatineau ont partagé "
            "leurs modèles et outils d’accompagnement des entreprises de l’économie sociale et "
            "solidaire, pour la mise en place de l’incubateur en économie sociale de "
            "l’Outaouais. Un projet lauréat du Fonds franco-québécois de coopération "
            "décentralisée."
        ),
        "description": (
            "Cette coopération de quatre ans a croisé les pratiques d’accompagnement des "
            "entreprises de l’ESS des deux territoires : méthodes d’incubation, outils de "
            "diagnostic, formation des accompagnateurs. Elle a notamment produit un « Petit "
            "guide écoculturel à l’usage des québécois », pour faciliter les échanges entre "
            "les équipes." + FIGURES_NOTE
        ),
        "territories": ["outaouais"],
        "themes": ["social-innovation", "insertion"],
        "sdg_targets": ["8.3", "17.17"],
        "partners": [
            {
                "organisation": "Coopérative de développement régional Outaouais-Laurentides",
                "role": PartnerRole.LEAD,
                "side": TerritorySide.PARTNER,
                "contribution": "Portage de l’incubateur en économie sociale de l’Outaouais.",
            },
            {
                "organisation": "Ville de Gatineau",
                "role": PartnerRole.PARTNER,
                "side": TerritorySide.PARTNER,
                "contribution": "Soutien municipal à l’incubateur et aux entreprises incubées.",
            },
            {
                "organisation": "Atelier ESS Rennes-Outaouais",
                "role": PartnerRole.EXPERT,
                "side": TerritorySide.FRENCH,
                "contribution": (
                    "Partage des méthodes et outils d’accompagnement des porteurs de projets "
                    "d’Ille-et-Vilaine."
                ),
            },
        ],
        "diagnostic": [
            {
                "section": DiagnosticSection.CONTEXT,
                "author": "agent35@demo.example.org",
                "text": (
                    "L’Outaouais compte de nombreuses initiatives d’économie sociale, mais pas "
                    "de lieu pour accompagner les entreprises à leurs débuts. La Coopérative de "
                    "développement régional et la Ville de Gatineau veulent créer un "
                    "incubateur."
                ),
            },
            {
                "section": DiagnosticSection.ASSETS,
                "author": "agent35@demo.example.org",
                "text": (
                    "L’Ille-et-Vilaine dispose d’un réseau d’accompagnement des entreprises de "
                    "l’ESS éprouvé : outils de diagnostic, parcours d’incubation, formation des "
                    "accompagnateurs."
                ),
            },
        ],
        "validate_diagnostic": True,
        "objectives": [
            {
                "title": "Mettre en place l’incubateur en économie sociale de l’Outaouais",
                "description": (
                    "Adapter au contexte québécois les méthodes d’incubation éprouvées en "
                    "Ille-et-Vilaine."
                ),
                "sdg_targets": ["8.3"],
                "activities": [
                    {
                        "title": "Missions croisées des équipes d’accompagnement",
                        "responsible": "Atelier ESS Rennes-Outaouais",
                        "start_date": date(2019, 4, 1),
                        "end_date": date(2022, 10, 31),
                        "status": ActivityStatus.DONE,
                        "milestones": [
                            ("Première mission à Gatineau", date(2019, 10, 31), date(2019, 10, 18)),
                        ],
                    },
                ],
            },
            {
                "title": "Croiser les pratiques d’accompagnement des deux territoires",
                "description": (
                    "Capitaliser ce que chaque territoire a appris et le rendre utile aux "
                    "équipes de l’autre."
                ),
                "sdg_targets": ["17.17"],
                "activities": [
                    {
                        "title": (
                            "Réalisation du « Petit guide écoculturel à l’usage des québécois »"
                        ),
                        "description": (
                            "Un guide pour comprendre les codes culturels et professionnels de "
                            "l’autre rive de l’Atlantique et faciliter le travail en commun."
                        ),
                        "responsible": CDR_OUTAOUAIS,
                        "start_date": date(2021, 1, 1),
                        "end_date": date(2022, 6, 30),
                        "status": ActivityStatus.DONE,
                        "milestones": [
                            ("Publication du guide", date(2022, 6, 30), date(2022, 6, 15)),
                        ],
                    },
                ],
            },
        ],
        "indicators": [
            {
                "title": "Entreprises d’économie sociale accompagnées par l’incubateur",
                "objective": "Mettre en place l’incubateur en économie sociale de l’Outaouais",
                "description": (
                    "Nouvelles entreprises entrées dans l’incubateur au cours de l’année."
                ),
                "level": IndicatorLevel.OUTPUT,
                "measure_type": MeasureType.NUMBER,
                "unit": "entreprises",
                "baseline_value": "0",
                "baseline_date": date(2019, 1, 1),
                "target_value": "40",
                "target_date": date(2022, 12, 31),
                "cumulative": True,
                "reported_by": "Coopérative de développement régional Outaouais-Laurentides",
                "sdg_targets": ["8.3"],
                "measurements": yearly({2019: "5", 2020: "8", 2021: "12", 2022: "14"}),
            },
            {
                "title": "Missions d’échange entre les équipes",
                "objective": "Croiser les pratiques d’accompagnement des deux territoires",
                "description": "Missions d’une équipe sur l’autre territoire, en présentiel.",
                "level": IndicatorLevel.OUTPUT,
                "measure_type": MeasureType.NUMBER,
                "unit": "missions",
                "baseline_value": "0",
                "baseline_date": date(2019, 1, 1),
                "target_value": "8",
                "target_date": date(2022, 12, 31),
                "cumulative": True,
                "reported_by": "Département d’Ille-et-Vilaine",
                "sdg_targets": ["17.17"],
                "measurements": yearly(
                    {2019: "2", 2020: "1", 2021: "2", 2022: "3"},
                    comments={2020: "Une mission reportée à cause de la crise sanitaire."},
                ),
            },
        ],
        "public": True,
    },
    # 3. Moselle (57) with Contact Moselle.
    {
        "department": "57",
        "officer": "admin57@demo.example.org",
        "title": "Accompagnement des porteurs de projets mosellans vers Interreg et le FEDER",
        "kind": ProjectKind.CROSS_BORDER,
        "status": ProjectStatus.IMPLEMENTATION,
        "start_date": date(2021, 1, 1),
        "end_date": date(2027, 12, 31),
        "summary": (
            "Avec l’association Contact Moselle, le Département de la Moselle accompagne les "
            "porteurs de projets mosellans dans le montage et le suivi de leurs projets "
            "transfrontaliers Interreg : conseil, recherche de partenaires en Sarre et dans la "
            "Grande Région, demandes de cofinancement FEDER et réalisation des projets."
        ),
        "description": (
            "L’ingénierie territoriale du Département et de Contact Moselle ouvre les fonds "
            "européens de la programmation 2021-2027 aux acteurs de l’économie sociale et "
            "solidaire, souvent trop petits pour monter seuls un dossier Interreg. "
            "L’accompagnement va de l’idée de projet à sa clôture : recherche de partenaires, "
            "plan de financement, dépôt de la demande, suivi des dépenses et des rapports."
            + FIGURES_NOTE
        ),
        "territories": ["sarre"],
        "themes": ["governance", "social-innovation"],
        "sdg_targets": ["8.3", "17.17"],
        "partners": [
            {
                "organisation": "Contact Moselle",
                "role": PartnerRole.OPERATOR,
                "side": TerritorySide.FRENCH,
                "contribution": (
                    "Conseil aux porteurs de projets, recherche de partenaires, montage des "
                    "demandes de cofinancement FEDER et suivi des projets."
                ),
            },
        ],
        "diagnostic": [
            {
                "section": DiagnosticSection.NEEDS,
                "author": "admin57@demo.example.org",
                "text": (
                    "Les associations et coopératives mosellanes connaissent mal les "
                    "programmes Interreg ; les règles de cofinancement et les délais de "
                    "paiement du FEDER les découragent de se lancer seules."
                ),
            },
            {
                "section": DiagnosticSection.ESS_OPPORTUNITIES,
                "author": "admin57@demo.example.org",
                "text": (
                    "La programmation 2021-2027 du programme Interreg Grande Région ouvre des "
                    "appels aux projets d’inclusion et d’économie sociale ; les partenaires "
                    "sarrois recherchent des structures françaises pour les porter avec eux."
                ),
            },
        ],
        "objectives": [
            {
                "title": (
                    "Augmenter le nombre de projets ESS mosellans cofinancés par Interreg et "
                    "le FEDER"
                ),
                "description": (
                    "Accompagner les porteurs de projets de l’idée à la clôture du projet."
                ),
                "sdg_targets": ["8.3", "17.17"],
                "activities": [
                    {
                        "title": "Permanences de conseil aux porteurs de projets",
                        "responsible": "Contact Moselle",
                        "start_date": date(2021, 9, 1),
                        "end_date": date(2027, 12, 31),
                        "status": ActivityStatus.IN_PROGRESS,
                        "milestones": [
                            (
                                "Guide pratique du montage d’un dossier Interreg",
                                date(2022, 6, 30),
                                date(2022, 6, 21),
                            ),
                        ],
                    },
                ],
            },
        ],
        "indicators": [
            {
                "title": "Porteurs de projets accompagnés",
                "objective": (
                    "Augmenter le nombre de projets ESS mosellans cofinancés par Interreg et "
                    "le FEDER"
                ),
                "description": "Nouveaux porteurs de projets accompagnés au cours de l’année.",
                "level": IndicatorLevel.OUTPUT,
                "measure_type": MeasureType.NUMBER,
                "unit": "porteurs de projets",
                "baseline_value": "0",
                "baseline_date": date(2021, 1, 1),
                "target_value": "120",
                "target_date": date(2027, 12, 31),
                "cumulative": True,
                "reported_by": "Contact Moselle",
                "sdg_targets": ["17.17"],
                "measurements": yearly({2022: "14", 2023: "19", 2024: "22", 2025: "24"}),
            },
            {
                "title": "Projets retenus par Interreg ou le FEDER",
                "objective": (
                    "Augmenter le nombre de projets ESS mosellans cofinancés par Interreg et "
                    "le FEDER"
                ),
                "description": "Projets accompagnés dont la demande a été acceptée dans l’année.",
                "level": IndicatorLevel.OUTCOME,
                "measure_type": MeasureType.NUMBER,
                "unit": "projets",
                "baseline_value": "0",
                "baseline_date": date(2021, 1, 1),
                "target_value": "25",
                "target_date": date(2027, 12, 31),
                "cumulative": True,
                "reported_by": "Contact Moselle",
                "sdg_targets": ["8.3"],
                "measurements": yearly({2022: "2", 2023: "4", 2024: "5", 2025: "4"}),
            },
        ],
        "public": True,
    },
    # 4. Hauts-de-Seine (92).
    {
        "department": "92",
        "officer": "agent92@demo.example.org",
        "title": "Initiatives jeunes solidaires",
        "kind": ProjectKind.YOUTH,
        "status": ProjectStatus.IMPLEMENTATION,
        "start_date": date(2012, 1, 1),
        "summary": (
            "Chaque année, l’appel à projets « Initiatives jeunes solidaires » du Département "
            "des Hauts-de-Seine soutient des jeunes qui mènent des projets de solidarité "
            "internationale contre la malnutrition et l’extrême pauvreté. En dix ans, plus de "
            "1 600 jeunes et près de 400 projets ont été soutenus, pour plus d’un million "
            "d’euros."
        ),
        "description": (
            "Le Département sensibilise les jeunes à la solidarité internationale et valorise "
            "leurs initiatives : aide au montage du projet, subvention, formation avant le "
            "départ et restitution au retour, avec les associations de solidarité "
            "internationale et d’éducation populaire du territoire. Les pays présentés ici "
            "sont des exemples : les projets soutenus se déroulent dans de nombreux pays."
            "\n\nLes totaux sur dix ans sont ceux du Département ; leur répartition par année "
            "est fictive, créée pour la démonstration du portail."
        ),
        "territories": ["senegal", "madagascar"],
        "themes": ["education-youth", "citizen-involvement", "health"],
        "sdg_targets": ["1.1", "2.2", "4.7"],
        "partners": [
            {
                "organisation": "Jeunes solidaires du 92",
                "role": PartnerRole.PARTNER,
                "side": TerritorySide.FRENCH,
                "contribution": (
                    "Projets de jeunes contre la malnutrition, et témoignages auprès des "
                    "candidats des années suivantes."
                ),
            },
        ],
        "diagnostic": [
            {
                "section": DiagnosticSection.CONTEXT,
                "author": "agent92@demo.example.org",
                "text": (
                    "De nombreux jeunes des Hauts-de-Seine veulent s’engager pour la "
                    "solidarité internationale, mais manquent de moyens et "
                    "d’accompagnement pour monter un projet sérieux avec des partenaires sur "
                    "place."
                ),
            },
            {
                "section": DiagnosticSection.ESS_OPPORTUNITIES,
                "author": "agent92@demo.example.org",
                "text": (
                    "Les associations de solidarité internationale et d’éducation populaire du "
                    "département peuvent parrainer les équipes de jeunes et intervenir dans les "
                    "collèges."
                ),
            },
        ],
        "objectives": [
            {
                "title": "Permettre chaque année à des jeunes de mener un projet solidaire",
                "description": "Accompagner et financer les projets retenus par le jury.",
                "sdg_targets": ["4.7"],
                "activities": [
                    {
                        "title": "Appel à projets annuel « Initiatives jeunes solidaires »",
                        "start_date": date(2012, 1, 1),
                        "status": ActivityStatus.IN_PROGRESS,
                        "milestones": [
                            ("Jury de l’édition 2026", date(2026, 5, 31), date(2026, 5, 28)),
                        ],
                    },
                ],
            },
            {
                "title": "Lutter contre la malnutrition et l’extrême pauvreté",
                "description": (
                    "Soutenir des projets utiles aux populations, construits avec des "
                    "partenaires locaux."
                ),
                "sdg_targets": ["1.1", "2.2"],
            },
        ],
        "indicators": [
            {
                "title": "Jeunes mobilisés",
                "objective": "Permettre chaque année à des jeunes de mener un projet solidaire",
                "description": "Jeunes membres des équipes lauréates de l’année.",
                "level": IndicatorLevel.OUTPUT,
                "measure_type": MeasureType.NUMBER,
                "unit": "jeunes",
                "baseline_value": "0",
                "baseline_date": date(2012, 1, 1),
                "cumulative": True,
                "reported_by": "Département des Hauts-de-Seine",
                "sdg_targets": ["4.7"],
                "measurements": yearly(
                    {
                        2012: "128",
                        2013: "141",
                        2014: "150",
                        2015: "157",
                        2016: "163",
                        2017: "170",
                        2018: "176",
                        2019: "168",
                        2020: "152",
                        2021: "205",
                    },
                    comments={2020: "Départs reportés à cause de la crise sanitaire."},
                ),
            },
            {
                "title": "Projets soutenus",
                "objective": "Lutter contre la malnutrition et l’extrême pauvreté",
                "description": "Projets lauréats de l’appel à projets de l’année.",
                "level": IndicatorLevel.OUTPUT,
                "measure_type": MeasureType.NUMBER,
                "unit": "projets",
                "baseline_value": "0",
                "baseline_date": date(2012, 1, 1),
                "cumulative": True,
                "reported_by": "Département des Hauts-de-Seine",
                "sdg_targets": ["1.1", "2.2"],
                "measurements": yearly(
                    {
                        2012: "32",
                        2013: "35",
                        2014: "37",
                        2015: "39",
                        2016: "40",
                        2017: "42",
                        2018: "43",
                        2019: "41",
                        2020: "36",
                        2021: "47",
                    }
                ),
            },
        ],
        "public": True,
    },
    # 5. Meurthe-et-Moselle (54) – Luxembourg.
    {
        "department": "54",
        "officer": "agent54@demo.example.org",
        "title": "Cluster ESS Grande Région",
        "kind": ProjectKind.CROSS_BORDER,
        "status": ProjectStatus.IMPLEMENTATION,
        "start_date": date(2018, 1, 1),
        "summary": (
            "Depuis 2018, le Département de Meurthe-et-Moselle et le ministère luxembourgeois "
            "du Travail, de l’Emploi et de l’Économie sociale et solidaire animent le Cluster "
            "ESS Grande Région, qui met en réseau les entreprises et crée des opportunités "
            "économiques transfrontalières. Démarche pionnière en Europe, il organise des "
            "conventions d’affaires transfrontalières d’achats responsables."
        ),
        "description": (
            "Le cluster met en relation des acheteurs publics et privés et des entreprises de "
            "l’économie sociale et solidaire des deux côtés de la frontière. Il suit les "
            "rencontres engagées lors des conventions d’affaires et démarche les entreprises "
            "responsables qui pourraient avoir intérêt à se développer dans une dynamique "
            "transfrontalière." + FIGURES_NOTE
        ),
        "territories": ["grand-duche-de-luxembourg"],
        "themes": ["social-innovation", "fair-trade"],
        "sdg_targets": ["8.3", "12.7", "17.17"],
        "partners": [
            {
                "organisation": (
                    "Ministère du Travail, de l’Emploi et de l’Économie sociale et solidaire"
                ),
                "role": PartnerRole.LEAD,
                "side": TerritorySide.PARTNER,
                "contribution": "Co-initiateur du cluster en 2018, côté luxembourgeois.",
            },
            {
                "organisation": "Cluster ESS Grande Région",
                "role": PartnerRole.OPERATOR,
                "side": TerritorySide.FRENCH,
                "contribution": (
                    "Animation du réseau, organisation des conventions d’affaires et suivi "
                    "des rencontres."
                ),
            },
        ],
        "diagnostic": [
            {
                "section": DiagnosticSection.CONTEXT,
                "author": "agent54@demo.example.org",
                "text": (
                    "Chaque jour, des dizaines de milliers de Lorrains traversent la frontière "
                    "pour travailler au Luxembourg ; les entreprises de l’ESS, elles, "
                    "travaillent encore peu de part et d’autre de la frontière."
                ),
            },
            {
                "section": DiagnosticSection.ESS_OPPORTUNITIES,
                "author": "agent54@demo.example.org",
                "text": (
                    "Les acheteurs publics et privés des deux pays cherchent des fournisseurs "
                    "responsables : des conventions d’affaires peuvent leur faire rencontrer "
                    "les entreprises de l’ESS de l’autre côté de la frontière."
                ),
            },
        ],
        "objectives": [
            {
                "title": "Développer les achats responsables transfrontaliers",
                "description": (
                    "Faire se rencontrer acheteurs et entreprises de l’ESS des deux pays, et "
                    "suivre les affaires engagées."
                ),
                "sdg_targets": ["12.7", "8.3"],
                "activities": [
                    {
                        "title": "Conventions d’affaires transfrontalières d’achats responsables",
                        "responsible": "Cluster ESS Grande Région",
                        "start_date": date(2018, 9, 1),
                        "status": ActivityStatus.IN_PROGRESS,
                        "milestones": [
                            (
                                "Première convention d’affaires",
                                date(2018, 12, 31),
                                date(2018, 11, 29),
                            ),
                        ],
                    },
                ],
            },
        ],
        "indicators": [
            {
                "title": "Conventions d’affaires organisées",
                "objective": "Développer les achats responsables transfrontaliers",
                "description": "Conventions d’affaires d’achats responsables tenues dans l’année.",
                "level": IndicatorLevel.OUTPUT,
                "measure_type": MeasureType.NUMBER,
                "unit": "conventions",
                "baseline_value": "0",
                "baseline_date": date(2018, 1, 1),
                "target_value": "10",
                "target_date": date(2027, 12, 31),
                "cumulative": True,
                "reported_by": "Cluster ESS Grande Région",
                "sdg_targets": ["12.7"],
                "measurements": yearly(
                    {
                        2018: "1",
                        2019: "1",
                        2020: "0",
                        2021: "1",
                        2022: "1",
                        2023: "2",
                        2024: "1",
                        2025: "1",
                    },
                    comments={2020: "Convention annulée à cause de la crise sanitaire."},
                ),
            },
        ],
        "public": True,
    },
]

PROJECT_FIELDS = [
    "status",
    "start_date",
    "end_date",
    "total_budget",
    "department_contribution",
    "co_funders",
    "summary",
    "description",
]
INDICATOR_FIELDS = [
    "title",
    "description",
    "level",
    "measure_type",
    "unit",
    "baseline_date",
    "target_date",
    "cumulative",
    "reported_by",
]


def decimal_or_none(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def project_slug(spec: dict) -> str:
    return slugify(spec["title"])


class Command(BaseCommand):
    help = (
        "Loads the five cooperation cases of the source document as demo projects "
        "(DEBUG or --force only; run seed_demo first)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though DEBUG is off. Never on a production server.",
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_cooperation_demo creates an account with a published password, so it "
                "runs only with DEBUG=true (or --force, never in production). Nothing was "
                "changed."
            )
        if not SdgTarget.objects.exists() or not Theme.objects.exists():
            raise CommandError(
                "No reference data: run `manage.py load_reference_data` first. Nothing was changed."
            )
        self.check_seed_demo()
        self.counts: dict[str, Counter] = {}
        with transaction.atomic():
            self.users = {user.email.lower(): user for user in User.objects.all()}
            self.seed_contributor_account()
            self.seed_territories()
            self.seed_province()
            self.organisations = {
                spec_name: Organisation.objects.get(slug=slugify(spec_name))
                for spec_name in self.organisation_names()
            }
            self.territories = PartnerTerritory.objects.in_bulk(field_name="slug")
            self.targets = SdgTarget.objects.in_bulk(field_name="code")
            self.themes = Theme.objects.in_bulk(field_name="code")
            for spec in PROJECTS:
                self.seed_project(spec)
        self.print_summary()

    # Prerequisites

    @staticmethod
    def organisation_names() -> set[str]:
        names = set()
        for spec in PROJECTS:
            names.update(partner["organisation"] for partner in spec["partners"])
            for delegation in spec.get("delegations", ()):
                names.update(delegation["structures"])
        return names

    def check_seed_demo(self) -> None:
        """What seed_demo creates must be there; the rest is created here."""
        emails = {spec["officer"] for spec in PROJECTS} | {AGENT94, STRUCTURE}
        existing_emails = {
            email.lower()
            for email in User.objects.filter(email__in=emails).values_list("email", flat=True)
        }
        organisation_slugs = {slugify(name) for name in self.organisation_names() - {YEN_BAI}}
        ours = {slugify(spec["name"]) for spec in TERRITORIES}
        territory_slugs = {
            slug for spec in PROJECTS for slug in spec["territories"] if slug not in ours
        }
        missing = sorted(emails - existing_emails)
        missing += sorted(
            organisation_slugs
            - set(
                Organisation.objects.filter(slug__in=organisation_slugs).values_list(
                    "slug", flat=True
                )
            )
        )
        missing += sorted(
            territory_slugs
            - set(
                PartnerTerritory.objects.filter(slug__in=territory_slugs).values_list(
                    "slug", flat=True
                )
            )
        )
        if missing:
            raise CommandError(
                "The demo accounts, organisations and territories of seed_demo are missing ("
                + ", ".join(missing)
                + "): run `manage.py seed_demo` first. Nothing was changed."
            )

    def count(self, label: str, state: str) -> None:
        self.counts.setdefault(label, Counter())[state] += 1

    def user(self, email: str) -> User:
        return self.users[email.lower()]

    # Accounts, territories and organisations that seed_demo does not create

    def seed_contributor_account(self) -> None:
        user = self.users.get(CONTRIBUTOR)
        if user is None:
            # The password is set only here: a demo user may have changed it.
            user = User.objects.create_user(CONTRIBUTOR, DEMO_PASSWORD, full_name=CONTRIBUTOR_NAME)
            self.users[CONTRIBUTOR] = user
            self.count("Accounts", "created")
        else:
            self.count("Accounts", "unchanged")
        # Mandatory e-mail verification: without a verified address, no login.
        address = EmailAddress.objects.filter(user=user, email__iexact=CONTRIBUTOR).first()
        if address is None:
            EmailAddress.objects.create(user=user, email=CONTRIBUTOR, verified=True, primary=True)
            self.count("Verified e-mail addresses", "created")
        else:
            state = update_changed(address, {"verified": True, "primary": True})
            self.count("Verified e-mail addresses", state)

    def seed_territories(self) -> None:
        for spec in TERRITORIES:
            slug = slugify(spec["name"])
            if PartnerTerritory.objects.filter(slug=slug).exists():
                self.count("Partner territories", "unchanged")
                continue
            territory = PartnerTerritory(
                slug=slug,
                **{
                    **spec,
                    "latitude": coordinate(spec["latitude"]),
                    "longitude": coordinate(spec["longitude"]),
                },
            )
            territory.full_clean()
            territory.save()
            self.count("Partner territories", "created")

    def seed_province(self) -> None:
        spec = PROVINCE_OF_YEN_BAI
        if Organisation.objects.filter(slug=slugify(spec["name"])).exists():
            self.count("Organisations", "unchanged")
            return
        fields = {key: value for key, value in spec.items() if key not in ("themes", "department")}
        fields.update(
            department=Department.objects.get(code=spec["department"]),
            latitude=coordinate(spec["latitude"]),
            longitude=coordinate(spec["longitude"]),
            themes=Theme.objects.filter(code__in=spec["themes"]),
        )
        # Created and validated by the department's officer, as staff would do.
        organisation_create(created_by=self.user(AGENT94), publish=True, **fields)
        self.count("Organisations", "created")

    # Projects

    def seed_project(self, spec: dict) -> None:
        officer = self.user(spec["officer"])
        project = CooperationProject.objects.filter(slug=project_slug(spec)).first()
        created = project is None
        if created:
            project = services.project_create(
                department=Department.objects.get(code=spec["department"]),
                created_by=officer,
                title=spec["title"],
                kind=spec["kind"],
                territories=[self.territories[slug] for slug in spec["territories"]],
                themes=[self.themes[code] for code in spec["themes"]],
                sdg_targets=[self.targets[code] for code in spec["sdg_targets"]],
                **{field: spec[field] for field in PROJECT_FIELDS if field in spec},
            )
            if project.slug != project_slug(spec):
                raise CommandError(f"Unexpected slug {project.slug} for “{spec['title']}”.")
            self.count("Projects", "created")
        else:
            self.count("Projects", "unchanged")
        partners = self.seed_partners(project, spec)
        self.seed_diagnostic(project, spec, officer)
        objectives = self.seed_objectives(project, spec, partners)
        self.seed_indicators(project, spec, objectives, officer)
        self.seed_contributors(project, spec)
        self.seed_delegations(project, spec)
        self.seed_exchanges(project, spec)
        # Published in the run that creates it only: an unpublished demo project stays so.
        if spec.get("public"):
            if created:
                services.project_publish(project=project)
            self.count("Published projects", "created" if created else "unchanged")

    def seed_partners(self, project: CooperationProject, spec: dict) -> dict:
        partners = {}
        for item in spec["partners"]:
            organisation = self.organisations[item["organisation"]]
            partner = project.partners.filter(organisation=organisation).first()
            if partner is None:
                partner = services.project_partner_add(
                    project=project,
                    organisation=organisation,
                    role=item["role"],
                    side=item["side"],
                    contribution=item.get("contribution", ""),
                )
                self.count("Project partners", "created")
            else:
                self.count("Project partners", "unchanged")
            partners[item["organisation"]] = partner
        return partners

    def seed_diagnostic(self, project: CooperationProject, spec: dict, officer: User) -> None:
        had_diagnostic = project.diagnostics.exists()
        for item in spec.get("diagnostic", ()):
            author = self.user(item["author"])
            contribution = (
                DiagnosticContribution.objects.filter(
                    diagnostic__project=project, section=item["section"], author=author
                )
                .order_by("-diagnostic__number", "-pk")
                .first()
            )
            if contribution is None:
                if (
                    had_diagnostic
                    and not project.diagnostics.filter(validated_at__isnull=True).exists()
                ):
                    # Validated during a demo: read-only, as for everyone.
                    self.count("Diagnostic contributions", "skipped")
                    continue
                contribution = services.diagnostic_contribution_add(
                    project=project,
                    author=author,
                    section=item["section"],
                    text=item["text"],
                    organisation=self.organisations.get(item.get("organisation", "")),
                )
                self.count("Diagnostic contributions", "created")
            else:
                self.count("Diagnostic contributions", "unchanged")
            for email, text in item.get("comments", ()):
                commenter = self.user(email)
                if DiagnosticComment.objects.filter(
                    contribution=contribution, author=commenter
                ).exists():
                    self.count("Diagnostic comments", "unchanged")
                elif contribution.diagnostic.is_validated:
                    self.count("Diagnostic comments", "skipped")
                else:
                    services.diagnostic_comment_add(
                        contribution=contribution, author=commenter, text=text
                    )
                    self.count("Diagnostic comments", "created")
        if spec.get("validate_diagnostic"):
            diagnostic = project.diagnostics.filter(validated_at__isnull=True).first()
            if not had_diagnostic and diagnostic is not None:
                services.diagnostic_validate(diagnostic=diagnostic, officer=officer)
                self.count("Validated diagnostics", "created")
            else:
                self.count("Validated diagnostics", "unchanged")

    def seed_objectives(self, project: CooperationProject, spec: dict, partners: dict) -> dict:
        objectives = {}
        for item in spec.get("objectives", ()):
            objective = project.objectives.filter(title=item["title"]).first()
            if objective is None:
                objective = services.objective_create(
                    project=project,
                    title=item["title"],
                    description=item.get("description", ""),
                    sdg_targets=[self.targets[code] for code in item.get("sdg_targets", ())],
                )
                self.count("Objectives", "created")
            else:
                self.count("Objectives", "unchanged")
            objectives[item["title"]] = objective
            for activity_spec in item.get("activities", ()):
                self.seed_activity(project, objective, activity_spec, partners)
        return objectives

    def seed_activity(self, project, objective, spec: dict, partners: dict) -> None:
        activity = project.activities.filter(title=spec["title"]).first()
        if activity is None:
            activity = services.activity_create(
                project=project,
                objective=objective,
                title=spec["title"],
                description=spec.get("description", ""),
                responsible=partners.get(spec.get("responsible", "")),
                start_date=spec.get("start_date"),
                end_date=spec.get("end_date"),
                status=spec["status"],
            )
            self.count("Activities", "created")
        else:
            self.count("Activities", "unchanged")
        for title, due_date, reached_on in spec.get("milestones", ()):
            if activity.milestones.filter(title=title).exists():
                self.count("Milestones", "unchanged")
                continue
            milestone = services.milestone_create(activity=activity, title=title, due_date=due_date)
            if reached_on is not None:
                services.milestone_mark_reached(milestone=milestone, reached_on=reached_on)
            self.count("Milestones", "created")

    def seed_indicators(
        self, project: CooperationProject, spec: dict, objectives: dict, officer: User
    ) -> None:
        for item in spec.get("indicators", ()):
            indicator = project.indicators.filter(title=item["title"]).first()
            if indicator is None:
                indicator = services.indicator_create(
                    project=project,
                    objective=objectives.get(item.get("objective", "")),
                    sdg_targets=[self.targets[code] for code in item.get("sdg_targets", ())],
                    baseline_value=decimal_or_none(item.get("baseline_value")),
                    target_value=decimal_or_none(item.get("target_value")),
                    **{field: item[field] for field in INDICATOR_FIELDS if field in item},
                )
                self.count("Indicators", "created")
            else:
                self.count("Indicators", "unchanged")
            for measurement in item.get("measurements", ()):
                self.seed_measurement(indicator, measurement, officer)

    def seed_measurement(self, indicator, spec: dict, officer: User) -> None:
        period_start, period_end = spec["period"]
        if indicator.measurements.filter(period_start=period_start, period_end=period_end).exists():
            self.count("Measurements", "unchanged")
            return
        status = spec["status"]
        measurement = services.measurement_create(
            indicator=indicator,
            reporter=self.user(spec.get("reporter") or officer.email),
            period_start=period_start,
            period_end=period_end,
            value=Decimal(spec["value"]),
            comment=spec.get("comment", ""),
            submit=status != MeasurementStatus.DRAFT,
        )
        if status == MeasurementStatus.APPROVED:
            services.measurement_approve(measurement=measurement, officer=officer)
        self.count("Measurements", "created")

    def seed_contributors(self, project: CooperationProject, spec: dict) -> None:
        for email, role, organisation_name in spec.get("contributors", ()):
            user = self.user(email)
            contributor = project.contributors.filter(user=user).first()
            if contributor is None:
                ProjectContributor.objects.create(
                    project=project,
                    user=user,
                    role=role,
                    organisation=self.organisations.get(organisation_name),
                )
                self.count("Project contributors", "created")
            else:
                # The documented demo role is restored, as seed_demo does for accounts.
                self.count("Project contributors", update_changed(contributor, {"role": role}))

    def seed_delegations(self, project: CooperationProject, spec: dict) -> None:
        for item in spec.get("delegations", ()):
            origin = self.territories[item["origin"]]
            if Delegation.objects.filter(
                department=project.department, origin=origin, arrival_date=item["arrival_date"]
            ).exists():
                self.count("Delegations", "unchanged")
                continue
            services.delegation_create(
                department=project.department,
                project=project,
                origin=origin,
                arrival_date=item["arrival_date"],
                departure_date=item["departure_date"],
                members=item["members"],
                programme=item.get("programme", ""),
                outcomes=item.get("outcomes", ""),
                structures=[self.organisations[name] for name in item.get("structures", ())],
            )
            self.count("Delegations", "created")

    def seed_exchanges(self, project: CooperationProject, spec: dict) -> None:
        for item in spec.get("exchanges", ()):
            exchange = project.exchanges.filter(date=item["date"], title=item["title"]).first()
            if exchange is None:
                exchange = services.exchange_create(
                    project=project,
                    date=item["date"],
                    kind=item["kind"],
                    title=item["title"],
                    participants=item["participants"],
                    notes=item.get("notes", ""),
                )
                self.count("Exchanges", "created")
            else:
                self.count("Exchanges", "unchanged")
            for action_spec in item.get("actions", ()):
                if exchange.actions.filter(description=action_spec["description"]).exists():
                    self.count("Follow-up actions", "unchanged")
                    continue
                action = services.follow_up_action_create(
                    exchange=exchange,
                    description=action_spec["description"],
                    owner=self.user(action_spec["owner"]),
                    due_date=action_spec["due_date"],
                )
                if action_spec.get("done"):
                    services.follow_up_action_mark_done(action=action)
                self.count("Follow-up actions", "created")

    # Report

    def print_summary(self) -> None:
        self.stdout.write("\nCooperation demo:")
        for label, counts in self.counts.items():
            states = ["created", "updated", "unchanged"] + (
                ["skipped"] if counts["skipped"] else []
            )
            details = ", ".join(f"{counts[state]} {state}" for state in states)
            self.stdout.write(f"{label}: {counts.total()} ({details})")
        self.stdout.write(
            f"\nDemo contributor (password: {DEMO_PASSWORD}):\n"
            f"  {CONTRIBUTOR:30} contributor of “{PROJECTS[0]['title']}” ({YEN_BAI})"
        )
