"""The bench data's partner territories and organisations (see cooperation.bench)."""

import random
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from itertools import accumulate
from typing import Any, cast

from django.utils import translation
from django.utils.text import slugify
from django_countries import countries

from cooperation.bench.words import (
    ALSACE_MOSELLE,
    AUTHORITY_OF_KIND,
    COUNTRIES,
    ESS_ADJECTIVES,
    ESS_LEGAL_FORMS,
    ESS_NOUNS,
    FEDERAL,
    FOREIGN_OTHER_KINDS,
    FRENCH_OTHER_KINDS,
    NEIGHBOURS,
    PREFIX,
    SYLLABLES,
    TERRITORY_PREFIX,
    TOWN_PREFIXES,
    TOWN_SUFFIXES,
    of,
    weighted,
)
from cooperation.models import SdgTarget, SustainableDevelopmentGoal
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

BATCH = 5000

# Reference scale: the counts at N = 50,000 projects.
REFERENCE_PROJECTS = 50_000
TERRITORIES = 4_200
ESS_STRUCTURES = 18_000
FRENCH_OTHERS = 3_000
FOREIGN_OTHERS = 6_000


class PlacesGenerator:
    """The first steps of a run: the random state, names and places, the partner
    territories and the organisations (what the projects then refer to)."""

    def __init__(self, *, projects: int, seed: int, log: Callable[[str], Any]) -> None:
        self.n = projects
        self.rng = random.Random(seed)  # noqa: S311  (reproducible data, not secrets)
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
        self.user: User

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
                    kind = weighted(
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

    def _organisation(self, i: int, **fields: Any) -> Organisation:
        rng = self.rng
        status = weighted(
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
        form_weights: list[float] = [weight for _form, _label, weight in forms]
        # ESS structures: at least one in every department, the others by weight.
        department_weights = [rng.uniform(0.3, 3.0) for _ in self.departments]
        plan = list(self.departments)
        plan += rng.choices(self.departments, weights=department_weights, k=self.n_ess - len(plan))
        for department in plan:
            legal_form, label, _weight = weighted(rng, forms, form_weights)
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
                float(cast(Decimal, territory.latitude)),
                float(cast(Decimal, territory.longitude)),
                0.05,
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
                department_id = cast(int, organisation.department_id)
                self.ess_by_department.setdefault(department_id, []).append(organisation)
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
