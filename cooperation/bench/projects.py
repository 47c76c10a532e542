"""The bench data's projects, their relations and measurements (see cooperation.bench)."""

import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from itertools import accumulate
from typing import Any, cast

from django.utils.text import slugify

from cooperation.bench.places import BATCH, PlacesGenerator
from cooperation.bench.words import (
    BENCH_EMAIL,
    EUROPEAN_UNION,
    INDICATORS,
    NEIGHBOURS,
    OBJECTIVE_TITLES,
    PREFIX,
    PROJECT_ACTIONS,
    PROJECT_OBJECTS,
    QUALITATIVE_VALUES,
    SENTENCES,
    weighted,
)
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
    TerritorySide,
)
from partners.models import Department, Organisation, PartnerTerritory, User

# Dates are computed from this day, not from today: the same seed gives the same data.
REFERENCE_DAY = date(2026, 6, 30)


class Generator(PlacesGenerator):
    """One run of the generation; keeps the random state and what was created."""

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

    def weighted_sample(self, items: list[str], weights: list[int], k: int) -> list[str]:
        chosen: list[str] = []
        while len(chosen) < k:
            item = self.rng.choices(items, weights=weights)[0]
            if item not in chosen:
                chosen.append(item)
        return chosen

    def plan_project(self, number: int, department: Department) -> dict[str, Any]:
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
            kind = weighted(
                rng, [ProjectKind.CROSS_BORDER, ProjectKind.EUROPEAN, ProjectKind.YOUTH], [5, 3, 1]
            )
        elif country in EUROPEAN_UNION:
            kind = weighted(
                rng, [ProjectKind.EUROPEAN, ProjectKind.YOUTH, ProjectKind.CITIZENSHIP], [6, 2, 1]
            )
        else:
            kind = weighted(
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
            status = weighted(rng, [ProjectStatus.CLOSED, ProjectStatus.EVALUATION], [4, 1])
        else:
            status = weighted(rng, [ProjectStatus.IMPLEMENTATION, ProjectStatus.PLANNING], [8, 1])
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

    def plan_partners(
        self, department: Department, territories: list[PartnerTerritory]
    ) -> list[tuple[Organisation, str, str]]:
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

    def write_projects(self, plans: list[dict[str, Any]], counts: dict[str, int]) -> None:
        rng = self.rng
        projects = CooperationProject.objects.bulk_create(
            [plan["project"] for plan in plans], batch_size=BATCH
        )
        counts["projects"] += len(projects)
        model = CooperationProject
        links: dict[str, tuple[Any, str, list[Any]]] = {
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

    def plan_indicator(
        self,
        project: CooperationProject,
        position: int,
        objectives_of: dict[int, list[Objective]],
    ) -> tuple[Indicator, dict[str, Any]]:
        rng = self.rng
        title, measure, unit, low, high, cumulative = rng.choice(INDICATORS)
        start = cast(date, project.start_date)  # every generated project has one
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

    def plan_measurements(self, indicator: Indicator, plan: dict[str, Any]) -> list[Measurement]:
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
