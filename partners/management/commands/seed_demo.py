"""Loads the demo cases of the source document and the demo accounts.

Demo only: refuses to run when DEBUG is off unless --force is given, because the demo
accounts share a published password.

Idempotent, and careful with what people did during a demo: accounts get their password
only when they are created; organisations and territories are created when missing and
never overwritten; department presentations fill empty fields only. The account roles of
the documented demo table are restored, since tests and guided tours rely on them.
"""

from collections import Counter
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from partners.reference import format_counts, update_changed
from partners.models import (
    Department,
    DepartmentMembership,
    DepartmentRole,
    LegalForm,
    MembershipStatus,
    Organisation,
    OrganisationKind,
    PartnerTerritory,
    PublicationStatus,
    StructureMembership,
    StructureRole,
    TerritoryKind,
    Theme,
    User,
)

DEMO_PASSWORD = "demo-portail-2026"

# (e-mail, full name)
USERS = [
    ("agent94@demo.example.org", "Claire Morel"),
    ("admin94@demo.example.org", "Karim Benali"),
    ("agent92@demo.example.org", "Julien Lefèvre"),
    ("jury92@demo.example.org", "Sophie Marchand"),
    ("admin57@demo.example.org", "Nathalie Schmitt"),
    ("agent35@demo.example.org", "Erwan Le Goff"),
    ("agent54@demo.example.org", "Thomas Muller"),
    ("structure@demo.example.org", "Hélène Garnier"),
    ("porteur92@demo.example.org", "Mamadou Diallo"),
    ("jeune@demo.example.org", "Léa Dubois"),
]

# (e-mail, department code, role)
DEPARTMENT_ROLES = [
    ("agent94@demo.example.org", "94", DepartmentRole.OFFICER),
    ("admin94@demo.example.org", "94", DepartmentRole.ADMIN),
    ("agent92@demo.example.org", "92", DepartmentRole.OFFICER),
    ("jury92@demo.example.org", "92", DepartmentRole.REVIEWER),
    ("admin57@demo.example.org", "57", DepartmentRole.ADMIN),
    ("agent35@demo.example.org", "35", DepartmentRole.OFFICER),
    ("agent54@demo.example.org", "54", DepartmentRole.OFFICER),
]

DEPARTMENTS = {
    "94": {
        "contact_email": "cooperation@demo-valdemarne.example.org",
        "presentation": (
            "Le conseil départemental du Val-de-Marne coopère avec la province de Yên Bái, "
            "au Viêt Nam. Il y a mobilisé des acteurs de l’économie sociale et solidaire de "
            "son territoire (le pôle d’économie solidaire de Chevilly-Larue, Biocoop, "
            "Artisans du Monde et Max Havelaar) pour structurer une filière de thé Shan bio "
            "et équitable."
        ),
    },
    "35": {
        "contact_email": "cooperation@demo-illeetvilaine.example.org",
        "presentation": (
            "Lauréat d’un appel à projets du Fonds franco-québécois de coopération "
            "décentralisée, le Département d’Ille-et-Vilaine a coopéré de 2019 à 2022 avec la "
            "Coopérative de développement régional Outaouais/Laurentides et la Ville de "
            "Gatineau (Québec) sur les modèles et outils d’accompagnement des entreprises de "
            "l’ESS, pour l’incubateur en économie sociale de l’Outaouais. Cette coopération a "
            "notamment produit un « Petit guide écoculturel à l’usage des québécois »."
        ),
    },
    "57": {
        "contact_email": "cooperation@demo-moselle.example.org",
        "presentation": (
            "Le Département de la Moselle accompagne, avec l’association Contact Moselle, les "
            "porteurs de projets mosellans dans le montage et le suivi de leurs projets "
            "transfrontaliers Interreg. Conseil, recherche de partenaires, demandes de "
            "cofinancements FEDER : son ingénierie territoriale ouvre les fonds européens aux "
            "acteurs de l’ESS."
        ),
    },
    "92": {
        "contact_email": "cooperation@demo-hautsdeseine.example.org",
        "presentation": (
            "Le Département des Hauts-de-Seine sensibilise les jeunes à la solidarité "
            "internationale et valorise leurs initiatives par son appel à projets annuel "
            "« Initiatives jeunes solidaires ». En dix ans, plus de 1 600 jeunes et près de "
            "400 projets ont été soutenus, pour plus d’un million d’euros consacrés à la lutte "
            "contre la malnutrition et l’extrême pauvreté."
        ),
    },
    "54": {
        "contact_email": "cooperation@demo-meurthe-et-moselle.example.org",
        "presentation": (
            "Depuis 2018, le Département de Meurthe-et-Moselle et le ministère luxembourgeois "
            "du Travail, de l’Emploi et de l’Économie sociale et solidaire animent le Cluster "
            "ESS Grande Région. Démarche pionnière en Europe, ce cluster transfrontalier met "
            "en réseau les entreprises et organise des conventions d’affaires d’achats "
            "responsables."
        ),
    },
}

TERRITORIES = [
    {
        "name": "Province de Yên Bái",
        "kind": TerritoryKind.PROVINCE,
        "country": "VN",
        "latitude": "21.72290",
        "longitude": "104.91130",
        "languages": "vietnamien, tày, dao, hmong",
        "description": (
            "Province montagneuse du nord du Viêt Nam, partenaire du Val-de-Marne. La "
            "coopération y structure une filière de thé Shan bio et équitable, avec des "
            "acteurs val-de-marnais de l’économie sociale et solidaire. Depuis juillet 2025, "
            "son territoire fait partie de la province de Lào Cai."
        ),
    },
    {
        "name": "Outaouais",
        "kind": TerritoryKind.REGION,
        "country": "CA",
        "latitude": "45.47650",
        "longitude": "-75.70130",
        "languages": "français, anglais",
        "description": (
            "Région administrative du Québec, autour de Gatineau, partenaire de "
            "l’Ille-et-Vilaine. La coopération de 2019 à 2022 a porté sur les modèles et "
            "outils d’accompagnement des entreprises de l’économie sociale, pour "
            "l’incubateur en économie sociale de l’Outaouais."
        ),
    },
    {
        "name": "Grand-Duché de Luxembourg",
        "kind": TerritoryKind.COUNTRY,
        "country": "LU",
        "latitude": "49.61160",
        "longitude": "6.13190",
        "languages": "luxembourgeois, français, allemand",
        "description": (
            "Voisin de la Meurthe-et-Moselle et de la Moselle. Son ministère chargé de "
            "l’économie sociale et solidaire anime depuis 2018, avec la Meurthe-et-Moselle, "
            "le Cluster ESS Grande Région."
        ),
    },
    {
        "name": "Sarre",
        "kind": TerritoryKind.REGION,
        "country": "DE",
        "latitude": "49.39640",
        "longitude": "7.02300",
        "languages": "allemand",
        "description": (
            "Land de Sarre (Saarland), voisin de la Moselle. Les porteurs de projets mosellans "
            "y trouvent des partenaires pour des projets transfrontaliers Interreg."
        ),
    },
]

# Invented structures say so in their description; real ones get no invented identifier.
DEMO_NOTE = " Structure fictive, créée pour la démonstration du portail."

ORGANISATIONS = [
    # Val-de-Marne (94): the Shan tea chain with Yên Bái.
    {
        "name": "Pôle d’économie solidaire de Chevilly-Larue",
        "kind": OrganisationKind.ESS_STRUCTURE,
        "legal_form": LegalForm.ASSOCIATION,
        "department": "94",
        "postal_code": "94550",
        "city": "Chevilly-Larue",
        "latitude": "48.76667",
        "longitude": "2.35000",
        "themes": ["insertion", "short-supply-chains"],
        "description": (
            "Pôle d’économie solidaire du Val-de-Marne, mobilisé par le Département dans sa "
            "coopération avec la province de Yên Bái (Viêt Nam) pour structurer une filière "
            "de thé Shan bio et équitable."
        ),
    },
    {
        "name": "Artisans du Monde",
        "kind": OrganisationKind.ESS_STRUCTURE,
        "legal_form": LegalForm.ASSOCIATION,
        "department": "94",
        "postal_code": "94000",
        "city": "Créteil",
        "latitude": "48.79050",
        "longitude": "2.45560",
        "esus_approved": True,
        "themes": ["fair-trade", "citizen-involvement"],
        "description": (
            "Réseau associatif de commerce équitable : boutiques, éducation à la "
            "consommation responsable et plaidoyer. Partenaire de la coopération du "
            "Val-de-Marne avec la province de Yên Bái pour la filière de thé Shan bio et "
            "équitable."
        ),
    },
    {
        "name": "Biocoop",
        "kind": OrganisationKind.ESS_STRUCTURE,
        "legal_form": LegalForm.COOPERATIVE,
        "department": "94",
        "postal_code": "94000",
        "city": "Créteil",
        "latitude": "48.77750",
        "longitude": "2.45310",
        "themes": ["agriculture-food", "short-supply-chains", "fair-trade"],
        "description": (
            "Réseau coopératif de magasins bio, engagé pour le commerce équitable. Partenaire "
            "de la coopération du Val-de-Marne avec la province de Yên Bái pour la "
            "commercialisation du thé Shan bio et équitable."
        ),
    },
    {
        "name": "Max Havelaar France",
        "kind": OrganisationKind.ESS_STRUCTURE,
        "legal_form": LegalForm.ASSOCIATION,
        "department": "94",
        "postal_code": "94000",
        "city": "Créteil",
        "latitude": "48.78420",
        "longitude": "2.46120",
        "themes": ["fair-trade"],
        "description": (
            "Association qui porte en France le label de commerce équitable Fairtrade/Max "
            "Havelaar. Partenaire de la coopération du Val-de-Marne avec la province de "
            "Yên Bái pour la filière de thé Shan bio et équitable."
        ),
    },
    # Ille-et-Vilaine (35) and the Outaouais.
    {
        "name": "Coopérative de développement régional Outaouais-Laurentides",
        "kind": OrganisationKind.NETWORK,
        "department": "35",
        "country": "CA",
        "city": "Gatineau",
        "latitude": "45.47900",
        "longitude": "-75.70500",
        "themes": ["social-innovation", "insertion"],
        "description": (
            "Coopérative québécoise de développement de l’économie sociale. Avec la Ville de "
            "Gatineau et le Département d’Ille-et-Vilaine, elle a travaillé de 2019 à 2022 "
            "sur les modèles et outils d’accompagnement des entreprises de l’ESS, pour "
            "l’incubateur en économie sociale de l’Outaouais."
        ),
    },
    {
        "name": "Ville de Gatineau",
        "kind": OrganisationKind.LOCAL_AUTHORITY,
        "department": "35",
        "country": "CA",
        "city": "Gatineau",
        "latitude": "45.42880",
        "longitude": "-75.71330",
        "themes": ["social-innovation"],
        "description": (
            "Ville du Québec, partenaire du Département d’Ille-et-Vilaine dans un projet "
            "soutenu par le Fonds franco-québécois de coopération décentralisée (2019-2022), "
            "qui a produit un « Petit guide écoculturel à l’usage des québécois »."
        ),
    },
    {
        "name": "Atelier ESS Rennes-Outaouais",
        "kind": OrganisationKind.ESS_STRUCTURE,
        "legal_form": LegalForm.ASSOCIATION,
        "department": "35",
        "rna": "W353000123",
        "postal_code": "35000",
        "city": "Rennes",
        "latitude": "48.11170",
        "longitude": "-1.67780",
        "themes": ["social-innovation", "insertion"],
        "description": (
            "Association d’accompagnement des porteurs de projets de l’économie sociale et "
            "solidaire en Ille-et-Vilaine, qui échange ses outils avec l’incubateur en "
            "économie sociale de l’Outaouais." + DEMO_NOTE
        ),
    },
    # Moselle (57).
    {
        "name": "Contact Moselle",
        "kind": OrganisationKind.ESS_STRUCTURE,
        "legal_form": LegalForm.LOCAL_LAW_ASSOCIATION,
        "department": "57",
        "postal_code": "57000",
        "city": "Metz",
        "latitude": "49.11970",
        "longitude": "6.17570",
        "themes": ["governance", "social-innovation"],
        "description": (
            "Association partenaire du Département de la Moselle. Elle accompagne les "
            "porteurs de projets mosellans dans le montage et le suivi de leurs projets "
            "transfrontaliers Interreg : conseil, recherche de partenaires, demandes de "
            "cofinancements FEDER et réalisation des projets."
        ),
    },
    # Hauts-de-Seine (92).
    {
        "name": "Jeunes solidaires du 92",
        "kind": OrganisationKind.ESS_STRUCTURE,
        "legal_form": LegalForm.ASSOCIATION,
        "department": "92",
        "rna": "W922000123",
        "postal_code": "92100",
        "city": "Boulogne-Billancourt",
        "latitude": "48.83970",
        "longitude": "2.23990",
        "themes": ["education-youth", "citizen-involvement"],
        "description": (
            "Association de jeunes des Hauts-de-Seine qui monte des projets de solidarité "
            "internationale contre la malnutrition et l’extrême pauvreté, avec le soutien de "
            "l’appel à projets « Initiatives jeunes solidaires »." + DEMO_NOTE
        ),
    },
    {
        "name": "Solidarités Nord-Sud Nanterre",
        "kind": OrganisationKind.ESS_STRUCTURE,
        "legal_form": LegalForm.ASSOCIATION,
        "department": "92",
        "rna": "W922000456",
        "postal_code": "92000",
        "city": "Nanterre",
        "latitude": "48.89240",
        "longitude": "2.20670",
        "themes": ["education-youth", "health"],
        "status": PublicationStatus.PENDING,
        "created_by": "porteur92@demo.example.org",
        "description": (
            "Association nanterrienne d’éducation à la solidarité internationale : "
            "interventions dans les collèges et échanges de jeunes avec des partenaires "
            "d’Afrique de l’Ouest." + DEMO_NOTE
        ),
    },
    # Meurthe-et-Moselle (54) and Luxembourg.
    {
        "name": "Cluster ESS Grande Région",
        "kind": OrganisationKind.NETWORK,
        "department": "54",
        "postal_code": "54000",
        "city": "Nancy",
        "latitude": "48.69210",
        "longitude": "6.18440",
        "themes": ["social-innovation", "fair-trade"],
        "description": (
            "Cluster transfrontalier initié en 2018 par le Département de Meurthe-et-Moselle "
            "et le ministère luxembourgeois chargé de l’ESS. Démarche pionnière en Europe, il "
            "organise des conventions d’affaires transfrontalières d’achats responsables, met "
            "en relation les entreprises et suit leurs rencontres."
        ),
    },
    {
        "name": "Ministère du Travail, de l’Emploi et de l’Économie sociale et solidaire",
        "kind": OrganisationKind.PUBLIC_BODY,
        "department": "54",
        "country": "LU",
        "city": "Luxembourg",
        "latitude": "49.61100",
        "longitude": "6.13000",
        "themes": ["social-innovation"],
        "description": (
            "Ministère du Grand-Duché de Luxembourg qui a initié en 2018, avec le Département "
            "de Meurthe-et-Moselle, le Cluster ESS Grande Région, pour la mise en réseau "
            "d’entreprises et la création d’opportunités économiques transfrontalières."
        ),
    },
]

# (e-mail, organisation name)
STRUCTURE_MANAGERS = [
    ("structure@demo.example.org", "Artisans du Monde"),
    ("porteur92@demo.example.org", "Solidarités Nord-Sud Nanterre"),
]


def coordinate(value: str) -> Decimal:
    return Decimal(value).quantize(Decimal("0.00001"))


class Command(BaseCommand):
    help = "Loads the demo organisations, territories and accounts (DEBUG or --force only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though DEBUG is off. Never on a production server.",
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with a published password, so it runs only with "
                "DEBUG=true (or --force, never in production). Nothing was changed."
            )
        if not Department.objects.exists() or not Theme.objects.exists():
            raise CommandError(
                "No reference data: run `manage.py load_reference_data` first. Nothing was changed."
            )
        self.counts: dict[str, Counter] = {}
        with transaction.atomic():
            departments = Department.objects.in_bulk(
                {code for _email, code, _role in DEPARTMENT_ROLES} | set(DEPARTMENTS),
                field_name="code",
            )
            users = self.seed_users()
            self.seed_department_roles(users, departments)
            self.seed_departments(departments)
            self.seed_territories()
            organisations = self.seed_organisations(users, departments)
            self.seed_structure_managers(users, organisations)
        self.print_summary()
        # The cooperation projects of the same cases, on top of these accounts.
        call_command("seed_cooperation_demo", stdout=self.stdout, force=force)
        # The calls for projects of Hauts-de-Seine, with their applicants.
        call_command("seed_calls_demo", stdout=self.stdout, force=force)

    def count(self, label: str, state: str) -> None:
        self.counts.setdefault(label, Counter())[state] += 1

    def seed_users(self) -> dict[str, User]:
        users = {}
        for email, full_name in USERS:
            user = User.objects.filter(email__iexact=email).first()
            if user is None:
                # The password is set only here: a demo user may have changed it.
                user = User.objects.create_user(email, DEMO_PASSWORD, full_name=full_name)
                self.count("Accounts", "created")
            else:
                self.count("Accounts", "unchanged")
            users[email] = user
            # Mandatory e-mail verification: without a verified address, no login.
            address = EmailAddress.objects.filter(user=user, email__iexact=email).first()
            if address is None:
                EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
                self.count("Verified e-mail addresses", "created")
            else:
                state = update_changed(address, {"verified": True, "primary": True})
                self.count("Verified e-mail addresses", state)
        return users

    def seed_department_roles(self, users: dict[str, User], departments: dict) -> None:
        for email, code, role in DEPARTMENT_ROLES:
            membership = DepartmentMembership.objects.filter(
                user=users[email], department=departments[code]
            ).first()
            if membership is None:
                DepartmentMembership.objects.create(
                    user=users[email], department=departments[code], role=role
                )
                self.count("Department roles", "created")
            else:
                self.count("Department roles", update_changed(membership, {"role": role}))

    def seed_departments(self, departments: dict) -> None:
        for code, values in DEPARTMENTS.items():
            department = departments[code]
            # Fill blanks only: staff may have rewritten the presentation during a demo.
            blanks = {
                field: value for field, value in values.items() if not getattr(department, field)
            }
            self.count("Department presentations", update_changed(department, blanks))

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

    def seed_organisations(self, users: dict[str, User], departments: dict) -> dict:
        themes = Theme.objects.in_bulk(field_name="code")
        # The validator shown is the department’s officer, or its admin when it has none.
        validators = {
            code: users[email]
            for email, code, role in sorted(
                DEPARTMENT_ROLES, key=lambda row: row[2] == DepartmentRole.OFFICER
            )
            if role in (DepartmentRole.OFFICER, DepartmentRole.ADMIN)
        }
        organisations = {}
        for spec in ORGANISATIONS:
            slug = slugify(spec["name"])
            existing = Organisation.objects.filter(slug=slug).first()
            if existing is not None:
                organisations[spec["name"]] = existing
                self.count("Organisations", "unchanged")
                continue
            fields = {
                key: value for key, value in spec.items() if key not in ("themes", "created_by")
            }
            fields.update(
                slug=slug,
                department=departments[spec["department"]],
                latitude=coordinate(spec["latitude"]),
                longitude=coordinate(spec["longitude"]),
                created_by=users.get(spec.get("created_by", "")),
            )
            fields.setdefault("status", PublicationStatus.PUBLISHED)
            if fields["status"] == PublicationStatus.PUBLISHED:
                fields["validated_at"] = timezone.now()
                fields["validated_by"] = validators.get(spec["department"])
            organisation = Organisation(**fields)
            organisation.full_clean()
            organisation.save()
            organisation.themes.set([themes[code] for code in spec["themes"]])
            organisations[spec["name"]] = organisation
            self.count("Organisations", "created")
        return organisations

    def seed_structure_managers(self, users: dict[str, User], organisations: dict) -> None:
        values = {"role": StructureRole.MANAGER, "status": MembershipStatus.ACTIVE}
        for email, name in STRUCTURE_MANAGERS:
            membership = StructureMembership.objects.filter(
                user=users[email], organisation=organisations[name]
            ).first()
            if membership is None:
                StructureMembership.objects.create(
                    user=users[email], organisation=organisations[name], **values
                )
                self.count("Structure managers", "created")
            else:
                self.count("Structure managers", update_changed(membership, values))

    def print_summary(self) -> None:
        for label, counts in self.counts.items():
            self.stdout.write(f"{label}: {counts.total()} ({format_counts(counts)})")
        self.stdout.write(f"\nDemo accounts (password: {DEMO_PASSWORD}):")
        roles = {email: f"{role.value} of {code}" for email, code, role in DEPARTMENT_ROLES}
        roles.update({email: f"manager of {name}" for email, name in STRUCTURE_MANAGERS})
        for email, _full_name in USERS:
            self.stdout.write(f"  {email:30} {roles.get(email, 'no structure, no department')}")
