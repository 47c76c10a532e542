# ruff: noqa: E501  (demo data: one line per record reads best)
"""Loads the Hauts-de-Seine "Initiatives jeunes solidaires" calls as demo data.

Demo only, like seed_demo (which calls it at its end): refuses to run when DEBUG is off
unless --force is given, because it creates demo applicant accounts with the published
demo password. It builds on the accounts of seed_demo (agent92, jury92, structure@, jeune@).

Two editions of the call of the source document (the department has supported nearly
400 projects and 1,600 young people in ten years):

- the current edition, open (dates counted from today), with applications in every state
  of the instruction, written, submitted and instructed through the services exactly as
  on the site; ``jeune@demo.example.org`` has no application to it, so that a demo (or a
  browser test) can apply;
- the previous edition, closed, with its decisions, grants, instalments and final
  reports, and its figures on the call's and the department's public pages.

Idempotent: a call is matched on its slug, an application on (call, applicant); what
exists is never changed. Names, amounts and projects are invented for the demo.
"""

from collections import Counter
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from calls import services
from calls.models import (
    Application,
    ApplicationEvent,
    ApplicationState,
    BudgetSide,
    Call,
    CallKind,
    CallState,
    CarrierKind,
    CommitteeState,
    DocumentFormat,
    Gender,
    Grant,
    Instalment,
    InstalmentKind,
    InstalmentState,
    TeamMember,
)
from cooperation.models import SustainableDevelopmentGoal
from partners.management.commands.seed_demo import DEMO_PASSWORD
from partners.models import Department, Organisation, User

PARIS = ZoneInfo("Europe/Paris")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

AGENT92 = "agent92@demo.example.org"
JURY92 = "jury92@demo.example.org"
STRUCTURE = "structure@demo.example.org"
JEUNE = "jeune@demo.example.org"

COUNTRIES = [
    "SN",
    "BF",
    "BJ",
    "TG",
    "ML",
    "MG",
    "MA",
    "TN",
    "CM",
    "CI",
    "HT",
    "PE",
    "BO",
    "VN",
    "KH",
    "LA",
    "IN",
    "NP",
]

DESCRIPTION = (
    "Le Département des Hauts-de-Seine sensibilise les jeunes à la solidarité "
    "internationale et valorise leurs initiatives dans ce domaine. Depuis dix ans, plus de "
    "1 600 jeunes et près de 400 projets ont été soutenus, et plus d’un million d’euros "
    "investis dans des projets de lutte contre la malnutrition et l’extrême pauvreté.\n\n"
    "Cet appel soutient des projets conçus et portés par des équipes de jeunes "
    "altoséquanais avec un partenaire local, dans un pays en développement, suivis d’une "
    "restitution publique dans le département."
)
FUNDED_WHAT = (
    "Les dépenses du projet sur place (matériel, formation, petits travaux), le transport "
    "et l’hébergement de l’équipe, la préparation au départ et la restitution au retour. "
    "La subvention est versée en deux fois : 70 % à la signature, le solde après le "
    "compte rendu final."
)
FAQ = (
    "Une équipe peut-elle compter un mineur ? Oui, dès 16 ans, avec une autorisation "
    "parentale à joindre au dossier.\n\n"
    "Faut-il une association ? Non : un jeune majeur peut porter le projet à titre "
    "individuel ; une association peut aussi porter l’équipe."
)

CRITERIA = [
    (
        "Pertinence au regard des besoins locaux",
        "Le diagnostic partagé avec le partenaire local.",
        "3",
        5,
    ),
    ("Qualité du partenariat local", "Ancienneté, engagement écrit, suites prévues.", "2", 5),
    (
        "Implication des jeunes et restitution",
        "Préparation, rôle de chacun, restitution publique.",
        "2",
        5,
    ),
    ("Faisabilité et budget", "Calendrier réaliste, budget équilibré et sincère.", "1", 5),
]
DOCUMENTS = [
    # (label, help, required, required if a member is a minor)
    ("Lettre d’engagement du partenaire local", "Datée et signée.", True, False),
    ("Autorisation parentale", "Pour chaque membre mineur à la date du départ.", False, True),
    ("Statuts de l’association porteuse", "Si une association porte le projet.", False, False),
]


def _paris(day: date, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=PARIS)


def _years_before(day: date, years: int, days: int = 0) -> date:
    return day.replace(year=day.year - years) - timedelta(days=days)


# The applications of the open edition: (e-mail, name, state reached, project).
OPEN_APPLICANTS = [
    (
        "ines.martin@demo.example.org",
        "Inès Martin",
        ApplicationState.DRAFT,
        ("Jardins nourriciers à Kaolack", "SN", "Association Jappo Kaolack"),
    ),
    (
        "yanis.bernard@demo.example.org",
        "Yanis Bernard",
        ApplicationState.SUBMITTED,
        ("Cantine scolaire à Koudougou", "BF", "Association Wend Panga"),
    ),
    (
        "chloe.petit@demo.example.org",
        "Chloé Petit",
        ApplicationState.UNDER_REVIEW,
        ("Eau potable pour l’école de Dassa", "BJ", "ONG Eau Vive Bénin"),
    ),
    (
        "lucas.robert@demo.example.org",
        "Lucas Robert",
        ApplicationState.CHANGES_REQUESTED,
        ("Maraîchage solidaire à Kpalimé", "TG", "Coopérative Agbeti"),
    ),
    (
        STRUCTURE,
        "",
        ApplicationState.ELIGIBLE,
        ("Filière karité équitable à Bobo-Dioulasso", "BF", "Union des femmes productrices"),
    ),
    (
        "sarah.richard@demo.example.org",
        "Sarah Richard",
        ApplicationState.INELIGIBLE,
        ("Découverte culturelle au Pérou", "PE", "Casa de la juventud Cusco"),
    ),
    (
        "adam.durand@demo.example.org",
        "Adam Durand",
        ApplicationState.WITHDRAWN,
        ("Bibliothèque rurale à Antsirabe", "MG", "Association Fanilo"),
    ),
    # Decided by the stage committee of the edition (early departures), after a review.
    (
        "manon.garnier@demo.example.org",
        "Manon Garnier",
        ApplicationState.ACCEPTED,
        ("Radio communautaire à Jacmel", "HT", "Radyo Kominotè Jakmèl"),
    ),
    (
        "theo.roux@demo.example.org",
        "Théo Roux",
        ApplicationState.REJECTED,
        ("Chantier de jeunes à Luang Prabang", "LA", "Lao Youth Union"),
    ),
]

# The previous edition: (e-mail, name, state, project, request, grant, women, men).
PAST_APPLICANTS = [
    (
        JEUNE,
        "",
        ApplicationState.CLOSED,
        ("Potagers pédagogiques à Thiès", "SN", "École Mame Yelli Badiane"),
        "4000",
        "3500",
        2,
        1,
    ),
    (
        "emma.moreau@demo.example.org",
        "Emma Moreau",
        ApplicationState.ACCEPTED,
        ("Lutte contre la malnutrition à Mopti", "ML", "Association Sahel Santé"),
        "5000",
        "4500",
        3,
        1,
    ),
    (
        "nathan.simon@demo.example.org",
        "Nathan Simon",
        ApplicationState.ACCEPTED,
        ("Solar Kids à Siem Reap", "KH", "Khmer Youth Energy"),
        "4800",
        "4000",
        1,
        3,
    ),
    (
        "lina.laurent@demo.example.org",
        "Lina Laurent",
        ApplicationState.ACCEPTED,
        ("Santé des mères à Fianarantsoa", "MG", "Centre Fitia"),
        "3000",
        "3000",
        4,
        0,
    ),
    (
        "hugo.michel@demo.example.org",
        "Hugo Michel",
        ApplicationState.REJECTED,
        ("Tournée sportive au Maroc", "MA", "Club Atlas Marrakech"),
        "5000",
        None,
        0,
        4,
    ),
]


class Command(BaseCommand):
    help = "Loads the demo calls for projects of Hauts-de-Seine (DEBUG or --force only)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even though DEBUG is off.")

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_calls_demo creates accounts with a published password: DEBUG=true or "
                "--force only, never in production. Nothing was changed."
            )
        department = Department.objects.filter(code="92").first()
        users = {
            user.email: user for user in User.objects.filter(email__endswith="@demo.example.org")
        }
        if department is None or AGENT92 not in users or JEUNE not in users:
            raise CommandError("Run `manage.py seed_demo` first. Nothing was changed.")
        self.counts: Counter = Counter()
        self.today = timezone.localdate()
        self.agent = users[AGENT92]
        self.jury = users[JURY92]
        self.goals = {goal.number: goal for goal in SustainableDevelopmentGoal.objects.all()}
        with transaction.atomic():
            past = self.seed_call(department, edition=self.today.year, past=True)
            self.seed_past_applications(past)
        with transaction.atomic():
            current = self.seed_call(department, edition=self.today.year + 1, past=False)
        self.seed_open_applications(current)
        for label, count in sorted(self.counts.items()):
            self.stdout.write(f"  {label}: {count}")

    # Accounts

    def applicant(self, email: str, name: str) -> User:
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_user(email, DEMO_PASSWORD, full_name=name)
            self.counts["applicant accounts created"] += 1
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        return user

    # Calls

    def seed_call(self, department: Department, *, edition: int, past: bool) -> Call:
        slug = f"initiatives-jeunes-solidaires-{edition}"
        call = Call.objects.filter(slug=slug).first()
        if call is not None:
            self.counts["calls unchanged"] += 1
            return call
        if past:
            opens_at = _paris(self.today - timedelta(days=400), 9)
            closes_at = _paris(self.today - timedelta(days=300))
        else:
            opens_at = _paris(self.today - timedelta(days=20), 9)
            closes_at = _paris(self.today + timedelta(days=40))
        call = services.call_create(
            department=department,
            created_by=self.agent,
            title=f"Initiatives jeunes solidaires {edition}",
            kind=CallKind.YOUTH_SOLIDARITY,
            reference_prefix="IJSP" if past else "IJS",
            description=DESCRIPTION,
            funded_what=FUNDED_WHAT,
            faq=FAQ,
            applicant_kinds=[CarrierKind.ASSOCIATION, CarrierKind.INDIVIDUAL],
            min_age=16,
            max_age=30,
            must_be_attached_to_department=True,
            min_team_size=2,
            max_team_size=8,
            min_duration_days=10,
            max_duration_days=180,
            eligible_countries=COUNTRIES,
            envelope=Decimal("60000"),
            max_grant_amount=Decimal("5000"),
            max_grant_share=Decimal("50"),
            opens_at=opens_at,
            closes_at=closes_at,
            retention_months=36,
        )
        for label, help_text, required, if_minor in DOCUMENTS:
            services.required_document_add(
                call=call,
                label=label,
                help_text=help_text,
                is_required=required,
                required_if_minor=if_minor,
                allowed_formats=[DocumentFormat.PDF, DocumentFormat.JPEG, DocumentFormat.PNG],
            )
        for label, description, weight, max_score in CRITERIA:
            services.criterion_add(
                call=call,
                label=label,
                description=description,
                weight=Decimal(weight),
                max_score=max_score,
            )
        if past:
            # Published in its time, closed since: written as it stands now.
            Call.objects.filter(pk=call.pk).update(state=CallState.CLOSED, published_at=opens_at)
            call.refresh_from_db()
        else:
            services.call_publish(call=call)
        self.counts["calls created"] += 1
        return call

    # The open edition, through the services

    def seed_open_applications(self, call: Call) -> None:
        departure = self.today + timedelta(days=150)
        decided = []
        for email, name, state, project in OPEN_APPLICANTS:
            user = self.applicant(email, name)
            if call.applications.filter(applicant=user).exists():
                self.counts["applications unchanged"] += 1
                continue
            with transaction.atomic():
                application = self.write_application(call, user, project, departure)
                if state != ApplicationState.DRAFT:
                    self.instruct(application, user, state)
                if state in (ApplicationState.ACCEPTED, ApplicationState.REJECTED):
                    decided.append((application, state))
                elif state == ApplicationState.UNDER_REVIEW:
                    # Assigned to the jury, who has not opened it yet.
                    services.review_assign(
                        application=application, reviewer=self.jury, assigned_by=self.agent
                    )
            self.counts[f"applications created ({state})"] += 1
        if decided:
            with transaction.atomic():
                self.seed_stage_committee(call, decided)
        if not call.committee_sessions.filter(state=CommitteeState.PLANNED).exists():
            services.committee_session_create(
                call=call,
                actor=self.agent,
                date=call.closes_at + timedelta(days=21),
                place="Hôtel du Département, Nanterre",
                members_present=[self.agent, self.jury],
                other_attendees="Deux élus de la commission Jeunesse",
            )
            self.counts["planned committee sessions created"] += 1

    def seed_stage_committee(self, call: Call, decided: list) -> None:
        """The reviews of jury92, then a committee that decided both applications."""
        criteria = list(call.criteria.order_by("position", "pk"))
        for application, state in decided:
            assignment = services.review_assign(
                application=application, reviewer=self.jury, assigned_by=self.agent
            )
            services.review_declare_conflict(assignment=assignment, actor=self.jury, conflict=False)
            good = state == ApplicationState.ACCEPTED
            scores = {}
            for position, criterion in enumerate(criteria):
                if not good and position == len(criteria) - 1:
                    value = services.NOT_APPLICABLE
                else:
                    value = Decimal(max(criterion.max_score - position, 1) if good else 2)
                scores[criterion.pk] = (value, "Avis de démonstration.")
            services.review_save_scores(
                assignment=assignment, actor=self.jury, scores=scores, submit=True
            )
            services.application_transition(
                application=application, to_state=ApplicationState.ELIGIBLE, actor=self.agent
            )
        session = services.committee_session_create(
            call=call,
            actor=self.agent,
            date=timezone.now() - timedelta(days=5),
            place="Hôtel du Département, Nanterre",
            members_present=[self.agent, self.jury],
            other_attendees="Comité d’étape pour les départs anticipés",
        )
        for application, state in decided:
            accepted = state == ApplicationState.ACCEPTED
            services.committee_decision_record(
                session=session,
                application=application,
                actor=self.agent,
                decision="accepted" if accepted else "rejected",
                amount=Decimal("3000") if accepted else None,
                motivation=""
                if accepted
                else "Le partenariat local n’est pas encore assez engagé ; le projet peut être "
                "présenté à nouveau l’an prochain.",
            )
        services.committee_session_close(session=session, actor=self.agent)
        self.counts["closed committee sessions created"] += 1

    def write_application(self, call, user, project, departure) -> Application:
        title, country, partner = project
        application = services.application_start(call=call, applicant=user)
        structure = Organisation.objects.filter(memberships__user=user).first()
        services.application_save(
            application=application,
            actor=user,
            expected_version=application.version,
            carrier_kind=CarrierKind.ASSOCIATION if structure else CarrierKind.INDIVIDUAL,
            carrier_structure=structure,
            carrier_details="Adresse et téléphone communiqués au Département.",
            title=title,
            destination_country=country,
            local_partner=partner,
            local_partner_details="Partenaire de longue date, engagé par écrit.",
            departure_date=departure,
            return_date=departure + timedelta(days=21),
            description=f"{title} : un projet préparé depuis un an avec {partner}.",
            expected_effects="Des effets durables pour les habitants et pour l’équipe.",
            public_presentation="Une soirée de restitution à la médiathèque de la ville.",
            declaration_accepted=True,
            sdgs=[self.goals[2], self.goals[4]],
        )
        application.refresh_from_db()
        services.application_save_team(
            application=application,
            actor=user,
            expected_version=application.version,
            members=[
                {
                    "first_name": first,
                    "last_name": last,
                    "birth_date": _years_before(departure, age),
                    "gender": gender,
                    "town": town,
                    "attached_to_department": True,
                    "role": role,
                }
                for first, last, age, gender, town, role in (
                    ("Camille", "Lemoine", 22, Gender.FEMALE, "Nanterre", "coordination"),
                    ("Rayan", "Garcia", 20, Gender.MALE, "Colombes", "budget"),
                    ("Manon", "Fontaine", 19, Gender.FEMALE, "Clamart", "communication"),
                )
            ],
        )
        application.refresh_from_db()
        services.application_save_budget(
            application=application,
            actor=user,
            expected_version=application.version,
            requested_amount=Decimal("3500"),
            lines=[
                {"side": BudgetSide.EXPENSE, "label": "Transport", "amount": Decimal("4200")},
                {
                    "side": BudgetSide.EXPENSE,
                    "label": "Matériel et travaux",
                    "amount": Decimal("2800"),
                },
                {"side": BudgetSide.EXPENSE, "label": "Restitution", "amount": Decimal("1000")},
                {
                    "side": BudgetSide.RESOURCE,
                    "label": "Fonds propres et actions d’autofinancement",
                    "amount": Decimal("2500"),
                },
                {
                    "side": BudgetSide.RESOURCE,
                    "label": "Commune de résidence",
                    "amount": Decimal("2000"),
                },
            ],
        )
        letter = call.required_documents.filter(is_required=True).first()
        services.application_document_add(
            application=application,
            actor=user,
            required_document=letter,
            file=SimpleUploadedFile("lettre-partenaire.pdf", PDF, "application/pdf"),
        )
        application.refresh_from_db()
        return application

    def instruct(self, application: Application, user: User, state: str) -> None:
        if state == ApplicationState.WITHDRAWN:
            services.application_transition(
                application=application, to_state=state, actor=user, reason="Départ reporté."
            )
            return
        services.application_submit(application=application, actor=user)
        path = {
            ApplicationState.SUBMITTED: [],
            ApplicationState.UNDER_REVIEW: [(ApplicationState.UNDER_REVIEW, "")],
            ApplicationState.CHANGES_REQUESTED: [
                (ApplicationState.UNDER_REVIEW, ""),
                (
                    ApplicationState.CHANGES_REQUESTED,
                    "Merci de joindre le devis du transport et de préciser le rôle de chacun.",
                ),
            ],
            ApplicationState.ELIGIBLE: [
                (ApplicationState.UNDER_REVIEW, ""),
                (ApplicationState.ELIGIBLE, ""),
            ],
            ApplicationState.ACCEPTED: [(ApplicationState.UNDER_REVIEW, "")],
            ApplicationState.REJECTED: [(ApplicationState.UNDER_REVIEW, "")],
            ApplicationState.INELIGIBLE: [
                (ApplicationState.UNDER_REVIEW, ""),
                (
                    ApplicationState.INELIGIBLE,
                    "Un séjour de découverte culturelle n’est pas un projet de solidarité "
                    "internationale au sens du règlement de l’appel.",
                ),
            ],
        }[state]
        for to_state, reason in path:
            services.application_transition(
                application=application, to_state=to_state, actor=self.agent, reason=reason
            )

    # The previous edition, as it stands after its committee

    def seed_past_applications(self, call: Call) -> None:
        association = Organisation.objects.filter(name="Jeunes solidaires du 92").first()
        decided_on = call.closes_at + timedelta(days=30)
        departure = (call.closes_at + timedelta(days=90)).date()
        for number, row in enumerate(PAST_APPLICANTS, start=1):
            email, name, state, project, requested, granted, women, men = row
            user = self.applicant(email, name)
            if call.applications.filter(applicant=user).exists():
                self.counts["applications unchanged"] += 1
                continue
            title, country, partner = project
            submitted_at = call.closes_at - timedelta(days=5)
            application = Application.objects.create(
                call=call,
                applicant=user,
                reference=f"{call.reference_prefix}-{call.opens_at.year}-{number:04d}",
                state=state,
                # The teams of the previous edition were carried by the association of
                # the demo; Léa (jeune@) carried hers herself.
                carrier_kind=CarrierKind.INDIVIDUAL if email == JEUNE else CarrierKind.ASSOCIATION,
                carrier_structure=None if email == JEUNE else association,
                carrier_name=user.full_name if email == JEUNE else "",
                title=title,
                destination_country=country,
                local_partner=partner,
                departure_date=departure,
                return_date=departure + timedelta(days=24),
                description=f"{title} : projet de l’édition précédente.",
                expected_effects="Voir le compte rendu final.",
                public_presentation="Restitution au lycée et à la mairie.",
                declaration_accepted=True,
                requested_amount=Decimal(requested),
                granted_amount=Decimal(granted) if granted else None,
                submitted_at=submitted_at,
                last_submitted_at=submitted_at,
            )
            application.sdgs.set([self.goals[2], self.goals[1]])
            people = [(Gender.FEMALE, "Nina")] * women + [(Gender.MALE, "Tom")] * men
            TeamMember.objects.bulk_create(
                TeamMember(
                    application=application,
                    first_name=f"{first} {position + 1}",
                    last_name="Démo",
                    birth_date=_years_before(departure, 19 + position),
                    gender=gender,
                    town="Nanterre",
                    attached_to_department=True,
                    role="membre",
                    position=position,
                )
                for position, (gender, first) in enumerate(people)
            )
            events = [
                (ApplicationState.DRAFT, ApplicationState.SUBMITTED, submitted_at, user, "", None),
                (
                    ApplicationState.SUBMITTED,
                    ApplicationState.UNDER_REVIEW,
                    submitted_at + timedelta(days=6),
                    self.agent,
                    "",
                    None,
                ),
                (
                    ApplicationState.UNDER_REVIEW,
                    ApplicationState.ELIGIBLE,
                    submitted_at + timedelta(days=12),
                    self.agent,
                    "",
                    None,
                ),
            ]
            if granted:
                events.append(
                    (
                        ApplicationState.ELIGIBLE,
                        ApplicationState.ACCEPTED,
                        decided_on,
                        self.agent,
                        "",
                        Decimal(granted),
                    )
                )
                grant = Grant.objects.create(application=application, amount=Decimal(granted))
                # Decided by the committee of that edition, not on the day of the seeding.
                Grant.objects.filter(pk=grant.pk).update(created_at=decided_on)
                advance = (Decimal(granted) * Decimal("0.7")).quantize(Decimal("1"))
                paid_balance = state == ApplicationState.CLOSED
                Instalment.objects.bulk_create(
                    [
                        Instalment(
                            grant=grant,
                            kind=InstalmentKind.ADVANCE,
                            amount=advance,
                            due_date=decided_on.date(),
                            paid_on=decided_on.date() + timedelta(days=20),
                            state=InstalmentState.PAID,
                        ),
                        Instalment(
                            grant=grant,
                            kind=InstalmentKind.BALANCE,
                            amount=Decimal(granted) - advance,
                            due_date=departure + timedelta(days=90),
                            paid_on=departure + timedelta(days=100) if paid_balance else None,
                            state=InstalmentState.PAID if paid_balance else InstalmentState.PLANNED,
                        ),
                    ]
                )
                if state == ApplicationState.CLOSED:
                    events.append(
                        (
                            ApplicationState.ACCEPTED,
                            ApplicationState.CLOSED,
                            _paris(departure + timedelta(days=95)),
                            self.agent,
                            "Compte rendu reçu.",
                            None,
                        )
                    )
            else:
                events.append(
                    (
                        ApplicationState.ELIGIBLE,
                        ApplicationState.REJECTED,
                        decided_on,
                        self.agent,
                        "Le projet ne relève pas de la solidarité internationale au sens de l’appel ; il peut être présenté au dispositif « Sport et jeunesse ».",
                        None,
                    )
                )
            ApplicationEvent.objects.bulk_create(
                ApplicationEvent(
                    application=application,
                    from_state=source,
                    to_state=target,
                    at=at,
                    actor=actor,
                    reason=reason,
                    amount=amount,
                )
                for source, target, at, actor, reason, amount in events
            )
            self.counts[f"past applications created ({state})"] += 1
