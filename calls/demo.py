"""The demo data of calls (data/demo.json): the Hauts-de-Seine "Initiatives jeunes
solidaires" calls, on top of the demo data of partners (agent92, jury92, structure@,
jeune@).

Demo only: the portal's `seed_demo` command runs this loader last (DEBUG or --force
only), because it creates demo applicant accounts with the published demo password.

Two editions of the call of the source document (the department has supported nearly
400 projects and 1,600 young people in ten years):

- the current edition, open, with applications in every state of the instruction,
  written, submitted and instructed through the services exactly as on the site;
  ``jeune@demo.example.org`` has no application to it, so that a demo (or a browser
  test) can apply;
- the previous edition, closed, with its decisions, grants, instalments and final
  reports, and its figures on the call's and the department's public pages.

The dates are counted from today: the data file gives them as days before (negative) or
after today, or after the closing of the call. Idempotent: a call is matched on its slug,
an application on (call, applicant); what exists is never changed. Names, amounts and
projects are invented for the demo.
"""

from collections import Counter
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from calls import services
from calls.models import (
    Application,
    ApplicationEvent,
    ApplicationState,
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
from partners.demo import DEMO_PASSWORD, DemoDataError, demo_data_read
from partners.models import Department, Organisation, User

__all__ = ["calls_demo_load"]

DATA = Path(__file__).resolve().parent / "data"
PARIS = ZoneInfo("Europe/Paris")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

Spec = dict[str, Any]


def paris(day: date, hour: int = 12) -> datetime:
    """`hour` o'clock in Paris on `day`."""
    return datetime.combine(day, time(hour), tzinfo=PARIS)


def years_before(day: date, years: int, days: int = 0) -> date:
    """The birth date of someone `years` old on `day` (and `days` more)."""
    return day.replace(year=day.year - years) - timedelta(days=days)


def calls_demo_load() -> list[str]:
    """Loads the demo calls and applications; returns the report, line by line.

    Raises DemoDataError, having changed nothing, when the demo data of partners is
    missing."""
    data = demo_data_read(path=DATA / "demo.json")
    department = Department.objects.filter(code=data["department"]).first()
    users = {user.email: user for user in User.objects.filter(email__endswith="@demo.example.org")}
    needed = {data["officer"], data["reviewer"]} | {
        row["email"]
        for edition in ("open_edition", "past_edition")
        for row in data[edition]["applicants"]
        if not row["full_name"]
    }
    if department is None or not needed <= set(users):
        raise DemoDataError("Run `manage.py seed_demo` first. Nothing was changed.")
    loader = _Loader(data=data, agent=users[data["officer"]], jury=users[data["reviewer"]])
    today = timezone.localdate()
    with transaction.atomic():
        past = loader.call(department=department, edition=today.year, past=True)
        loader.past_applications(call=past)
    with transaction.atomic():
        current = loader.call(department=department, edition=today.year + 1, past=False)
    loader.open_applications(call=current)
    return [f"  {label}: {count}" for label, count in sorted(loader.counts.items())]


class _Loader:
    """One run: the counts, the officer and the reviewer of the calls, the SDGs."""

    def __init__(self, *, data: Spec, agent: User, jury: User) -> None:
        self.data = data
        self.agent = agent
        self.jury = jury
        self.counts: Counter[str] = Counter()
        self.today = timezone.localdate()
        self.goals = {goal.number: goal for goal in SustainableDevelopmentGoal.objects.all()}

    def applicant(self, email: str, name: str) -> User:
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_user(email, DEMO_PASSWORD, full_name=name)
            self.counts["applicant accounts created"] += 1
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        return user

    def call(self, *, department: Department, edition: int, past: bool) -> Call:
        slug = f"initiatives-jeunes-solidaires-{edition}"
        call = Call.objects.filter(slug=slug).first()
        if call is not None:
            self.counts["calls unchanged"] += 1
            return call
        spec = self.data["call"]
        dates = self.data["editions"]["past" if past else "current"]
        opens_at = paris(self.today + timedelta(days=dates["opens_in_days"]), dates["opens_hour"])
        closes_at = paris(
            self.today + timedelta(days=dates["closes_in_days"]), dates["closes_hour"]
        )
        call = services.call_create(
            department=department,
            created_by=self.agent,
            title=f"Initiatives jeunes solidaires {edition}",
            kind=CallKind.YOUTH_SOLIDARITY,
            reference_prefix=dates["reference_prefix"],
            description=spec["description"],
            funded_what=spec["funded_what"],
            faq=spec["faq"],
            applicant_kinds=[CarrierKind.ASSOCIATION, CarrierKind.INDIVIDUAL],
            min_age=16,
            max_age=30,
            must_be_attached_to_department=True,
            min_team_size=2,
            max_team_size=8,
            min_duration_days=10,
            max_duration_days=180,
            eligible_countries=spec["eligible_countries"],
            envelope=Decimal("60000"),
            max_grant_amount=Decimal("5000"),
            max_grant_share=Decimal("50"),
            opens_at=opens_at,
            closes_at=closes_at,
            retention_months=36,
        )
        for document in spec["documents"]:
            services.required_document_add(
                call=call,
                **document,
                allowed_formats=[DocumentFormat.PDF, DocumentFormat.JPEG, DocumentFormat.PNG],
            )
        for criterion in spec["criteria"]:
            services.criterion_add(
                call=call,
                label=criterion["label"],
                description=criterion["description"],
                weight=Decimal(criterion["weight"]),
                max_score=criterion["max_score"],
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

    def open_applications(self, *, call: Call) -> None:
        spec = self.data["open_edition"]
        committee = spec["committee"]
        departure = self.today + timedelta(days=spec["departure_in_days"])
        decided = []
        for row in spec["applicants"]:
            state = row["state"]
            user = self.applicant(row["email"], row["full_name"])
            if call.applications.filter(applicant=user).exists():
                self.counts["applications unchanged"] += 1
                continue
            with transaction.atomic():
                application = self.write_application(
                    call=call, user=user, row=row, departure=departure
                )
                if state != ApplicationState.DRAFT:
                    self.instruct(application=application, user=user, state=state)
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
                self.stage_committee(call=call, decided=decided)
        if not call.committee_sessions.filter(state=CommitteeState.PLANNED).exists():
            services.committee_session_create(
                call=call,
                actor=self.agent,
                date=call.closes_at + timedelta(days=committee["planned_days_after_closing"]),
                place=committee["place"],
                members_present=[self.agent, self.jury],
                other_attendees=committee["planned_attendees"],
            )
            self.counts["planned committee sessions created"] += 1

    def stage_committee(self, *, call: Call, decided: list[tuple[Application, str]]) -> None:
        """The reviews of the jury, then a committee that decided both applications."""
        committee = self.data["open_edition"]["committee"]
        criteria = list(call.criteria.order_by("position", "pk"))
        for application, state in decided:
            assignment = services.review_assign(
                application=application, reviewer=self.jury, assigned_by=self.agent
            )
            services.review_declare_conflict(assignment=assignment, actor=self.jury, conflict=False)
            good = state == ApplicationState.ACCEPTED
            scores: dict[int, tuple[Decimal | str | None, str]] = {}
            for position, criterion in enumerate(criteria):
                value: Decimal | str
                if not good and position == len(criteria) - 1:
                    value = services.NOT_APPLICABLE
                else:
                    value = Decimal(max(criterion.max_score - position, 1) if good else 2)
                scores[criterion.pk] = (value, committee["review_comment"])
            services.review_save_scores(
                assignment=assignment, actor=self.jury, scores=scores, submit=True
            )
            services.application_transition(
                application=application, to_state=ApplicationState.ELIGIBLE, actor=self.agent
            )
        session = services.committee_session_create(
            call=call,
            actor=self.agent,
            date=timezone.now() + timedelta(days=committee["stage_in_days"]),
            place=committee["place"],
            members_present=[self.agent, self.jury],
            other_attendees=committee["stage_attendees"],
        )
        for application, state in decided:
            accepted = state == ApplicationState.ACCEPTED
            services.committee_decision_record(
                session=session,
                application=application,
                actor=self.agent,
                decision="accepted" if accepted else "rejected",
                amount=Decimal(committee["accepted_amount"]) if accepted else None,
                motivation="" if accepted else committee["rejection_motivation"],
            )
        services.committee_session_close(session=session, actor=self.agent)
        self.counts["closed committee sessions created"] += 1

    def write_application(
        self, *, call: Call, user: User, row: Spec, departure: date
    ) -> Application:
        spec = self.data["open_edition"]
        texts = spec["texts"]
        title, partner = row["title"], row["partner"]
        application = services.application_start(call=call, applicant=user)
        structure = Organisation.objects.filter(memberships__user=user).first()
        services.application_save(
            application=application,
            actor=user,
            expected_version=application.version,
            carrier_kind=CarrierKind.ASSOCIATION if structure else CarrierKind.INDIVIDUAL,
            carrier_structure=structure,
            carrier_details=texts["carrier_details"],
            title=title,
            destination_country=row["country"],
            local_partner=partner,
            local_partner_details=texts["local_partner_details"],
            departure_date=departure,
            return_date=departure + timedelta(days=spec["trip_days"]),
            description=texts["description"].format(title=title, partner=partner),
            expected_effects=texts["expected_effects"],
            public_presentation=texts["public_presentation"],
            declaration_accepted=True,
            sdgs=[self.goals[number] for number in spec["sdgs"]],
        )
        application.refresh_from_db()
        services.application_save_team(
            application=application,
            actor=user,
            expected_version=application.version,
            members=[
                {
                    "first_name": member["first_name"],
                    "last_name": member["last_name"],
                    "birth_date": years_before(departure, member["age"]),
                    "gender": member["gender"],
                    "town": member["town"],
                    "attached_to_department": True,
                    "role": member["role"],
                }
                for member in spec["team"]
            ],
        )
        application.refresh_from_db()
        services.application_save_budget(
            application=application,
            actor=user,
            expected_version=application.version,
            requested_amount=Decimal(spec["requested_amount"]),
            lines=[
                {"side": line["side"], "label": line["label"], "amount": Decimal(line["amount"])}
                for line in spec["budget_lines"]
            ],
        )
        letter = call.required_documents.filter(is_required=True).first()
        services.application_document_add(
            application=application,
            actor=user,
            required_document=letter,
            file=SimpleUploadedFile(spec["letter"], PDF, "application/pdf"),
        )
        application.refresh_from_db()
        return application

    def instruct(self, *, application: Application, user: User, state: str) -> None:
        spec = self.data["open_edition"]
        if state == ApplicationState.WITHDRAWN:
            services.application_transition(
                application=application,
                to_state=state,
                actor=user,
                reason=spec["withdrawal_reason"],
            )
            return
        services.application_submit(application=application, actor=user)
        reasons = spec["instruction_reasons"]
        review = (ApplicationState.UNDER_REVIEW, "")
        paths: dict[str, list[tuple[ApplicationState, str]]] = {
            ApplicationState.SUBMITTED: [],
            ApplicationState.UNDER_REVIEW: [review],
            ApplicationState.CHANGES_REQUESTED: [
                review,
                (ApplicationState.CHANGES_REQUESTED, reasons["changes_requested"]),
            ],
            ApplicationState.ELIGIBLE: [review, (ApplicationState.ELIGIBLE, "")],
            ApplicationState.ACCEPTED: [review],
            ApplicationState.REJECTED: [review],
            ApplicationState.INELIGIBLE: [
                review,
                (ApplicationState.INELIGIBLE, reasons["ineligible"]),
            ],
        }
        for to_state, reason in paths[state]:
            services.application_transition(
                application=application, to_state=to_state, actor=self.agent, reason=reason
            )

    # The previous edition, as it stands after its committee

    def past_applications(self, *, call: Call) -> None:
        spec = self.data["past_edition"]
        days = spec["days_after_closing"]
        association = Organisation.objects.filter(name=spec["association"]).first()
        decided_on = call.closes_at + timedelta(days=days["decided"])
        departure = (call.closes_at + timedelta(days=days["departure"])).date()
        for number, row in enumerate(spec["applicants"], start=1):
            state = row["state"]
            user = self.applicant(row["email"], row["full_name"])
            if call.applications.filter(applicant=user).exists():
                self.counts["applications unchanged"] += 1
                continue
            title = row["title"]
            granted = Decimal(row["granted_amount"]) if row["granted_amount"] else None
            submitted_at = call.closes_at + timedelta(days=days["submitted"])
            # The teams of the previous edition were carried by the association of the
            # demo, or by one of the young people (Léa, jeune@, carried hers herself).
            alone = row["carrier_kind"] == CarrierKind.INDIVIDUAL
            application = Application.objects.create(
                call=call,
                applicant=user,
                reference=f"{call.reference_prefix}-{call.opens_at.year}-{number:04d}",
                state=state,
                carrier_kind=row["carrier_kind"],
                carrier_structure=None if alone else association,
                carrier_name=user.full_name if alone else "",
                title=title,
                destination_country=row["country"],
                local_partner=row["partner"],
                departure_date=departure,
                return_date=departure + timedelta(days=spec["trip_days"]),
                description=spec["texts"]["description"].format(title=title),
                expected_effects=spec["texts"]["expected_effects"],
                public_presentation=spec["texts"]["public_presentation"],
                declaration_accepted=True,
                requested_amount=Decimal(row["requested_amount"]),
                granted_amount=granted,
                submitted_at=submitted_at,
                last_submitted_at=submitted_at,
            )
            application.sdgs.set([self.goals[number] for number in spec["sdgs"]])
            self.past_team(application=application, row=row, departure=departure)
            events = [
                (ApplicationState.DRAFT, ApplicationState.SUBMITTED, submitted_at, user, ""),
                (
                    ApplicationState.SUBMITTED,
                    ApplicationState.UNDER_REVIEW,
                    call.closes_at + timedelta(days=days["under_review"]),
                    self.agent,
                    "",
                ),
                (
                    ApplicationState.UNDER_REVIEW,
                    ApplicationState.ELIGIBLE,
                    call.closes_at + timedelta(days=days["eligible"]),
                    self.agent,
                    "",
                ),
            ]
            amounts: dict[str, Decimal] = {}
            if granted:
                events.append(
                    (
                        ApplicationState.ELIGIBLE,
                        ApplicationState.ACCEPTED,
                        decided_on,
                        self.agent,
                        "",
                    )
                )
                amounts[ApplicationState.ACCEPTED] = granted
                self.past_grant(
                    application=application,
                    amount=granted,
                    decided_on=decided_on,
                    departure=departure,
                    closed=state == ApplicationState.CLOSED,
                )
                if state == ApplicationState.CLOSED:
                    closed_on = departure + timedelta(days=spec["closed_days_after_departure"])
                    events.append(
                        (
                            ApplicationState.ACCEPTED,
                            ApplicationState.CLOSED,
                            paris(closed_on),
                            self.agent,
                            spec["closing_reason"],
                        )
                    )
            else:
                events.append(
                    (
                        ApplicationState.ELIGIBLE,
                        ApplicationState.REJECTED,
                        decided_on,
                        self.agent,
                        spec["rejection_reason"],
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
                    amount=amounts.get(target),
                )
                for source, target, at, actor, reason in events
            )
            self.counts[f"past applications created ({state})"] += 1

    def past_team(self, *, application: Application, row: Spec, departure: date) -> None:
        team = self.data["past_edition"]["team"]
        people = [(Gender.FEMALE, team["female"])] * row["women"]
        people += [(Gender.MALE, team["male"])] * row["men"]
        TeamMember.objects.bulk_create(
            TeamMember(
                application=application,
                first_name=f"{first} {position + 1}",
                last_name=team["last_name"],
                birth_date=years_before(departure, team["first_age"] + position),
                gender=gender,
                town=team["town"],
                attached_to_department=True,
                role=team["role"],
                position=position,
            )
            for position, (gender, first) in enumerate(people)
        )

    def past_grant(
        self,
        *,
        application: Application,
        amount: Decimal,
        decided_on: datetime,
        departure: date,
        closed: bool,
    ) -> None:
        spec = self.data["past_edition"]
        grant = Grant.objects.create(application=application, amount=amount)
        # Decided by the committee of that edition, not on the day of the seeding.
        Grant.objects.filter(pk=grant.pk).update(created_at=decided_on)
        advance = (amount * Decimal(spec["advance_share"])).quantize(Decimal("1"))
        balance_due = departure + timedelta(days=spec["balance_due_days_after_departure"])
        balance_paid = departure + timedelta(days=spec["balance_paid_days_after_departure"])
        Instalment.objects.bulk_create(
            [
                Instalment(
                    grant=grant,
                    kind=InstalmentKind.ADVANCE,
                    amount=advance,
                    due_date=decided_on.date(),
                    paid_on=decided_on.date() + timedelta(days=spec["advance_paid_in_days"]),
                    state=InstalmentState.PAID,
                ),
                Instalment(
                    grant=grant,
                    kind=InstalmentKind.BALANCE,
                    amount=amount - advance,
                    due_date=balance_due,
                    paid_on=balance_paid if closed else None,
                    state=InstalmentState.PAID if closed else InstalmentState.PLANNED,
                ),
            ]
        )
