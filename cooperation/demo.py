"""The demo data of cooperation (data/demo.json): the five cooperation cases of the
source document as demo projects, on top of the demo data of partners.

Demo only: the portal's `seed_demo` command runs this loader after the one of partners
(DEBUG or --force only), because it creates a demo account with the published password.

Idempotent, and careful with what people did during a demo: every record is matched on
a natural key (a project on its slug, a partner on (project, organisation), an objective,
an activity or an indicator on (project, title), a measurement on (indicator, period
start, period end), a delegation on (department, origin, arrival), an exchange on
(project, date, subject), …) and created only when it is missing; an existing record is
never changed. A project is published, a diagnostic validated, a measurement approved and
an action marked done only in the run that creates them: a project unpublished during a
demo stays unpublished. As for the accounts of partners, the role of the demo contributor
account is restored, since tests and guided tours rely on it.

The cases, partners and totals come from the source document; budgets, yearly values and
dates of the action plans are invented for the demo, and the project descriptions say so.
"""

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from cooperation import services
from cooperation.models import (
    CooperationProject,
    Delegation,
    DiagnosticComment,
    DiagnosticContribution,
    Indicator,
    MeasurementStatus,
    Objective,
    ProjectContributor,
    ProjectPartner,
    SdgTarget,
)
from partners.demo import (
    DEMO_PASSWORD,
    DemoCounts,
    DemoDataError,
    coordinate,
    demo_account_ensure,
    demo_data_read,
    demo_territories_ensure,
)
from partners.models import Department, Organisation, PartnerTerritory, Theme, User
from partners.reference import update_changed
from partners.services import organisation_create

__all__ = ["cooperation_demo_load"]

DATA = Path(__file__).resolve().parent / "data"

PROJECT_FIELDS = ["status", "co_funders", "summary", "description"]
PROJECT_DATES = ["start_date", "end_date"]
PROJECT_AMOUNTS = ["total_budget", "department_contribution"]
INDICATOR_FIELDS = ["title", "description", "level", "measure_type", "unit"]
INDICATOR_FIELDS += ["cumulative", "reported_by"]
INDICATOR_DATES = ["baseline_date", "target_date"]

Spec = dict[str, Any]


def _day(value: str) -> date:
    return date.fromisoformat(value)


def _day_or_none(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _fields(*, spec: Spec) -> dict[str, Any]:
    """The other fields of a project, as its services take them."""
    fields: dict[str, Any] = {field: spec[field] for field in PROJECT_FIELDS if field in spec}
    fields.update({field: _day(spec[field]) for field in PROJECT_DATES if field in spec})
    fields.update({field: _decimal(spec[field]) for field in PROJECT_AMOUNTS if field in spec})
    return fields


def _indicator_fields(*, item: Spec) -> dict[str, Any]:
    """The other fields of an indicator, as its services take them."""
    fields: dict[str, Any] = {field: item[field] for field in INDICATOR_FIELDS if field in item}
    fields.update({field: _day(item[field]) for field in INDICATOR_DATES if field in item})
    return fields


def cooperation_demo_load() -> list[str]:
    """Loads the demo projects; returns the report of what it did, line by line.

    Raises DemoDataError, having changed nothing, when the reference data or the demo
    data of partners is missing."""
    data = demo_data_read(path=DATA / "demo.json")
    if not SdgTarget.objects.exists() or not Theme.objects.exists():
        raise DemoDataError(
            "No reference data: run `manage.py load_reference_data` first. Nothing was changed."
        )
    _check_partners_demo(data=data)
    loader = _Loader()
    with transaction.atomic():
        loader.run(data=data)
    contributor = data["contributor"]
    return [
        "\nCooperation demo:",
        *loader.counts.lines(skipped=True),
        f"\nDemo contributor (password: {DEMO_PASSWORD}):\n"
        f"  {contributor['email']:30} contributor of “{data['projects'][0]['title']}” "
        f"({contributor['organisation']})",
    ]


def _organisation_names(*, projects: list[Spec]) -> set[str]:
    names: set[str] = set()
    for spec in projects:
        names.update(partner["organisation"] for partner in spec["partners"])
        for delegation in spec.get("delegations", ()):
            names.update(delegation["structures"])
    return names


def _emails(*, data: Spec) -> set[str]:
    """The accounts of partners' demo data the projects name (the contributor aside)."""
    emails = {data["province"]["created_by"]}
    for spec in data["projects"]:
        emails.add(spec["officer"])
        for item in spec.get("diagnostic", ()):
            emails.add(item["author"])
            emails.update(comment["author"] for comment in item.get("comments", ()))
        for exchange in spec.get("exchanges", ()):
            emails.update(action["owner"] for action in exchange.get("actions", ()))
    return emails - {data["contributor"]["email"]}


def _check_partners_demo(*, data: Spec) -> None:
    """What the demo data of partners creates must be there; the rest is created here."""
    emails = _emails(data=data)
    existing_emails = {
        email.lower()
        for email in User.objects.filter(email__in=emails).values_list("email", flat=True)
    }
    names = _organisation_names(projects=data["projects"]) - {data["province"]["name"]}
    organisation_slugs = {slugify(name) for name in names}
    ours = {slugify(spec["name"]) for spec in data["territories"]}
    territory_slugs = {
        slug for spec in data["projects"] for slug in spec["territories"] if slug not in ours
    }
    missing = sorted(emails - existing_emails)
    organisations = Organisation.objects.filter(slug__in=organisation_slugs)
    missing += sorted(organisation_slugs - set(organisations.values_list("slug", flat=True)))
    territories = PartnerTerritory.objects.filter(slug__in=territory_slugs)
    missing += sorted(territory_slugs - set(territories.values_list("slug", flat=True)))
    if missing:
        raise DemoDataError(
            "The demo accounts, organisations and territories of seed_demo are missing ("
            + ", ".join(missing)
            + "): run `manage.py seed_demo` first. Nothing was changed."
        )


class _Loader:
    """One run: the counts, and the rows the projects refer to, read once."""

    def __init__(self) -> None:
        self.counts = DemoCounts()

    def run(self, *, data: Spec) -> None:
        self.users = {user.email.lower(): user for user in User.objects.all()}
        contributor = data["contributor"]
        self.users[contributor["email"].lower()] = demo_account_ensure(
            email=contributor["email"], full_name=contributor["full_name"], counts=self.counts
        )
        demo_territories_ensure(specs=data["territories"], counts=self.counts)
        self.province(spec=data["province"])
        self.organisations = {
            name: Organisation.objects.get(slug=slugify(name))
            for name in _organisation_names(projects=data["projects"])
        }
        self.territories = PartnerTerritory.objects.in_bulk(field_name="slug")
        self.targets = SdgTarget.objects.in_bulk(field_name="code")
        self.themes = Theme.objects.in_bulk(field_name="code")
        for spec in data["projects"]:
            self.project(spec=spec)

    def user(self, email: str) -> User:
        return self.users[email.lower()]

    def province(self, *, spec: Spec) -> None:
        """The partner province: created (and validated) by the department's officer."""
        if Organisation.objects.filter(slug=slugify(spec["name"])).exists():
            self.counts.count("Organisations", "unchanged")
            return
        skipped = ("themes", "department", "created_by")
        fields = {key: value for key, value in spec.items() if key not in skipped}
        fields.update(
            department=Department.objects.get(code=spec["department"]),
            latitude=coordinate(spec["latitude"]),
            longitude=coordinate(spec["longitude"]),
            themes=Theme.objects.filter(code__in=spec["themes"]),
        )
        organisation_create(created_by=self.user(spec["created_by"]), publish=True, **fields)
        self.counts.count("Organisations", "created")

    def project(self, *, spec: Spec) -> None:
        officer = self.user(spec["officer"])
        slug = slugify(spec["title"])
        project = CooperationProject.objects.filter(slug=slug).first()
        created = project is None
        if project is None:
            project = services.project_create(
                department=Department.objects.get(code=spec["department"]),
                created_by=officer,
                title=spec["title"],
                kind=spec["kind"],
                territories=[self.territories[slug] for slug in spec["territories"]],
                themes=[self.themes[code] for code in spec["themes"]],
                sdg_targets=[self.targets[code] for code in spec["sdg_targets"]],
                **_fields(spec=spec),
            )
            if project.slug != slug:
                raise DemoDataError(f"Unexpected slug {project.slug} for “{spec['title']}”.")
            self.counts.count("Projects", "created")
        else:
            self.counts.count("Projects", "unchanged")
        partners = self.partners(project=project, spec=spec)
        self.diagnostic(project=project, spec=spec, officer=officer)
        objectives = self.objectives(project=project, spec=spec, partners=partners)
        self.indicators(project=project, spec=spec, objectives=objectives, officer=officer)
        self.contributors(project=project, spec=spec)
        self.delegations(project=project, spec=spec)
        self.exchanges(project=project, spec=spec)
        # Published in the run that creates it only: an unpublished demo project stays so.
        if spec.get("public"):
            if created:
                services.project_publish(project=project)
            self.counts.count("Published projects", "created" if created else "unchanged")

    def partners(self, *, project: CooperationProject, spec: Spec) -> dict[str, ProjectPartner]:
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
                self.counts.count("Project partners", "created")
            else:
                self.counts.count("Project partners", "unchanged")
            partners[item["organisation"]] = partner
        return partners

    def diagnostic(self, *, project: CooperationProject, spec: Spec, officer: User) -> None:
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
                    self.counts.count("Diagnostic contributions", "skipped")
                    continue
                contribution = services.diagnostic_contribution_add(
                    project=project,
                    author=author,
                    section=item["section"],
                    text=item["text"],
                    organisation=self.organisations.get(item.get("organisation", "")),
                )
                self.counts.count("Diagnostic contributions", "created")
            else:
                self.counts.count("Diagnostic contributions", "unchanged")
            for comment in item.get("comments", ()):
                commenter = self.user(comment["author"])
                if DiagnosticComment.objects.filter(
                    contribution=contribution, author=commenter
                ).exists():
                    self.counts.count("Diagnostic comments", "unchanged")
                elif contribution.diagnostic.is_validated:
                    self.counts.count("Diagnostic comments", "skipped")
                else:
                    services.diagnostic_comment_add(
                        contribution=contribution, author=commenter, text=comment["text"]
                    )
                    self.counts.count("Diagnostic comments", "created")
        if spec.get("validate_diagnostic"):
            diagnostic = project.diagnostics.filter(validated_at__isnull=True).first()
            if not had_diagnostic and diagnostic is not None:
                services.diagnostic_validate(diagnostic=diagnostic, officer=officer)
                self.counts.count("Validated diagnostics", "created")
            else:
                self.counts.count("Validated diagnostics", "unchanged")

    def objectives(
        self, *, project: CooperationProject, spec: Spec, partners: dict[str, ProjectPartner]
    ) -> dict[str, Objective]:
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
                self.counts.count("Objectives", "created")
            else:
                self.counts.count("Objectives", "unchanged")
            objectives[item["title"]] = objective
            for activity_spec in item.get("activities", ()):
                self.activity(
                    project=project, objective=objective, spec=activity_spec, partners=partners
                )
        return objectives

    def activity(
        self,
        *,
        project: CooperationProject,
        objective: Objective,
        spec: Spec,
        partners: dict[str, ProjectPartner],
    ) -> None:
        activity = project.activities.filter(title=spec["title"]).first()
        if activity is None:
            activity = services.activity_create(
                project=project,
                objective=objective,
                title=spec["title"],
                description=spec.get("description", ""),
                responsible=partners.get(spec.get("responsible", "")),
                start_date=_day_or_none(spec.get("start_date")),
                end_date=_day_or_none(spec.get("end_date")),
                status=spec["status"],
            )
            self.counts.count("Activities", "created")
        else:
            self.counts.count("Activities", "unchanged")
        for item in spec.get("milestones", ()):
            if activity.milestones.filter(title=item["title"]).exists():
                self.counts.count("Milestones", "unchanged")
                continue
            milestone = services.milestone_create(
                activity=activity, title=item["title"], due_date=_day(item["due_date"])
            )
            if item["reached_on"] is not None:
                services.milestone_mark_reached(
                    milestone=milestone, reached_on=_day(item["reached_on"])
                )
            self.counts.count("Milestones", "created")

    def indicators(
        self,
        *,
        project: CooperationProject,
        spec: Spec,
        objectives: dict[str, Objective],
        officer: User,
    ) -> None:
        for item in spec.get("indicators", ()):
            indicator = project.indicators.filter(title=item["title"]).first()
            if indicator is None:
                indicator = services.indicator_create(
                    project=project,
                    objective=objectives.get(item.get("objective", "")),
                    sdg_targets=[self.targets[code] for code in item.get("sdg_targets", ())],
                    baseline_value=_decimal(item.get("baseline_value")),
                    target_value=_decimal(item.get("target_value")),
                    **_indicator_fields(item=item),
                )
                self.counts.count("Indicators", "created")
            else:
                self.counts.count("Indicators", "unchanged")
            for measurement in item.get("measurements", ()):
                self.measurement(indicator=indicator, spec=measurement, officer=officer)

    def measurement(self, *, indicator: Indicator, spec: Spec, officer: User) -> None:
        period_start, period_end = _day(spec["period_start"]), _day(spec["period_end"])
        if indicator.measurements.filter(period_start=period_start, period_end=period_end).exists():
            self.counts.count("Measurements", "unchanged")
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
        self.counts.count("Measurements", "created")

    def contributors(self, *, project: CooperationProject, spec: Spec) -> None:
        for item in spec.get("contributors", ()):
            user, role = self.user(item["email"]), item["role"]
            contributor = project.contributors.filter(user=user).first()
            if contributor is None:
                ProjectContributor.objects.create(
                    project=project,
                    user=user,
                    role=role,
                    organisation=self.organisations.get(item["organisation"]),
                )
                self.counts.count("Project contributors", "created")
            else:
                # The documented demo role is restored, as for the demo accounts.
                state = update_changed(contributor, {"role": role})
                self.counts.count("Project contributors", state)

    def delegations(self, *, project: CooperationProject, spec: Spec) -> None:
        for item in spec.get("delegations", ()):
            origin = self.territories[item["origin"]]
            arrival = _day(item["arrival_date"])
            if Delegation.objects.filter(
                department=project.department, origin=origin, arrival_date=arrival
            ).exists():
                self.counts.count("Delegations", "unchanged")
                continue
            services.delegation_create(
                department=project.department,
                project=project,
                origin=origin,
                arrival_date=arrival,
                departure_date=_day(item["departure_date"]),
                members=item["members"],
                programme=item.get("programme", ""),
                outcomes=item.get("outcomes", ""),
                structures=[self.organisations[name] for name in item.get("structures", ())],
            )
            self.counts.count("Delegations", "created")

    def exchanges(self, *, project: CooperationProject, spec: Spec) -> None:
        for item in spec.get("exchanges", ()):
            day = _day(item["date"])
            exchange = project.exchanges.filter(date=day, title=item["title"]).first()
            if exchange is None:
                exchange = services.exchange_create(
                    project=project,
                    date=day,
                    kind=item["kind"],
                    title=item["title"],
                    participants=item["participants"],
                    notes=item.get("notes", ""),
                )
                self.counts.count("Exchanges", "created")
            else:
                self.counts.count("Exchanges", "unchanged")
            for action_spec in item.get("actions", ()):
                if exchange.actions.filter(description=action_spec["description"]).exists():
                    self.counts.count("Follow-up actions", "unchanged")
                    continue
                action = services.follow_up_action_create(
                    exchange=exchange,
                    description=action_spec["description"],
                    owner=self.user(action_spec["owner"]),
                    due_date=_day(action_spec["due_date"]),
                )
                if action_spec.get("done"):
                    services.follow_up_action_mark_done(action=action)
                self.counts.count("Follow-up actions", "created")
