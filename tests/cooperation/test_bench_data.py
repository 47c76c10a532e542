"""generate_bench_data: the large reproducible dataset of `make bench`, and its removal."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count

from cooperation import services
from cooperation.bench import BENCH_EMAIL, COUNTRIES
from cooperation.models import (
    CooperationProject,
    Indicator,
    Measurement,
    MeasurementStatus,
    Objective,
    PartnerRole,
    ProjectKind,
    ProjectPartner,
    TerritorySide,
)
from partners.models import (
    Department,
    Organisation,
    OrganisationKind,
    PartnerTerritory,
    PublicationStatus,
    TerritoryKind,
    User,
)
from tests.factories import OrganisationFactory, PartnerTerritoryFactory, UserFactory

pytestmark = pytest.mark.django_db

N = 50


@pytest.fixture
def reference(db):
    call_command("load_reference_data", stdout=StringIO())


def generate(**options) -> str:
    out = StringIO()
    call_command("generate_bench_data", stdout=out, **{"projects": N, "force": True, **options})
    return out.getvalue()


def bench_projects():
    return CooperationProject.objects.filter(slug__startswith="bench-")


def titles() -> list[str]:
    return list(bench_projects().order_by("slug").values_list("title", flat=True))


def test_refuses_without_debug_or_force(reference, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("generate_bench_data", projects=N, stdout=StringIO())
    assert not bench_projects().exists()


def test_runs_with_debug(reference, settings):
    settings.DEBUG = True
    call_command("generate_bench_data", projects=5, stdout=StringIO())
    assert bench_projects().count() == 5


def test_requires_the_reference_data(db):
    with pytest.raises(CommandError, match="load_reference_data"):
        generate()
    assert not PartnerTerritory.objects.exists()


def test_requires_a_number_of_projects(reference):
    with pytest.raises(CommandError, match="--projects"):
        generate(projects=None)


def test_creates_projects_with_their_relations(reference):
    output = generate()
    assert f"Bench data of {N} projects (seed 42) generated" in output

    projects = list(
        bench_projects().annotate(
            n_territories=Count("territories", distinct=True),
            n_partners=Count("partners", distinct=True),
            n_goals=Count("sdg_goals", distinct=True),
            n_targets=Count("sdg_targets", distinct=True),
            n_themes=Count("themes", distinct=True),
            n_indicators=Count("indicators", distinct=True),
            n_objectives=Count("objectives", distinct=True),
        )
    )
    assert len(projects) == N
    # Every department once before any takes a second one: N < 101 gives N departments.
    assert len({project.department_id for project in projects}) == N
    for project in projects:
        assert 1 <= project.n_territories <= 3
        assert 2 <= project.n_partners <= 5
        assert 1 <= project.n_goals <= 4
        assert project.n_goals <= project.n_targets <= 2 * project.n_goals
        assert 1 <= project.n_themes <= 3
        assert 1 <= project.n_indicators <= 3
        assert 1 <= project.n_objectives <= 2
        assert project.kind in ProjectKind.values
        assert project.start_date is not None
        assert project.end_date is None or project.end_date > project.start_date
        assert project.is_public == (project.published_at is not None)
        if project.total_budget is not None:
            assert 0 < project.department_contribution <= project.total_budget
    public = sum(project.is_public for project in projects)
    assert 0.7 * N <= public < N

    # The SDG targets belong to the project's goals.
    for project in bench_projects().prefetch_related("sdg_goals", "sdg_targets"):
        goals = {goal.number for goal in project.sdg_goals.all()}
        assert {target.goal_id for target in project.sdg_targets.all()} <= goals

    # A lead partner on the partner side, a French partner, distinct organisations.
    partners = ProjectPartner.objects.filter(project__in=bench_projects())
    for project in projects:
        mine = [partner for partner in partners if partner.project_id == project.pk]
        assert any(p.role == PartnerRole.LEAD and p.side == TerritorySide.PARTNER for p in mine)
        assert any(p.side == TerritorySide.FRENCH for p in mine)
        assert len({p.organisation_id for p in mine}) == len(mine)

    # Indicators: a few approved measurements each, reviewed, by the bench account.
    indicators = Indicator.objects.filter(project__in=bench_projects())
    assert indicators.exists()
    assert not indicators.filter(objective__isnull=True).exists()
    assert all(indicator.sdg_targets.count() == 1 for indicator in indicators)
    measurements = Measurement.objects.filter(indicator__in=indicators)
    assert measurements.exists()
    assert set(measurements.values_list("status", flat=True)) == {MeasurementStatus.APPROVED}
    assert not measurements.filter(reviewed_at__isnull=True).exists()
    per_indicator = measurements.values("indicator").annotate(n=Count("pk"))
    assert max(row["n"] for row in per_indicator) <= 4
    assert set(measurements.values_list("reporter__email", flat=True)) == {BENCH_EMAIL}
    assert not User.objects.get(email=BENCH_EMAIL).is_active
    assert not User.objects.get(email=BENCH_EMAIL).has_usable_password()


def test_territories_in_140_countries_with_plausible_coordinates(reference):
    generate()
    territories = PartnerTerritory.objects.filter(slug__startswith="bench-")
    assert len(COUNTRIES) == 140
    assert territories.values("country").distinct().count() == 140
    assert territories.filter(kind=TerritoryKind.COUNTRY).count() == 140
    for territory in territories:
        anchors = COUNTRIES[territory.country.code][1]
        lat, lon = float(territory.latitude), float(territory.longitude)
        assert any(
            abs(lat - a_lat) <= radius + 1e-5 and abs(lon - a_lon) <= radius + 1e-5
            for a_lat, a_lon, radius in anchors
        ), territory


def test_organisations(reference):
    generate()
    organisations = Organisation.objects.filter(slug__startswith="bench-")
    ess = organisations.filter(kind=OrganisationKind.ESS_STRUCTURE)
    # At least one ESS structure in every department, French, with a legal form.
    assert ess.values("department").distinct().count() == 101
    assert not ess.filter(legal_form="").exists()
    assert set(ess.values_list("country", flat=True)) == {"FR"}
    # A local authority for every partner territory.
    territories = PartnerTerritory.objects.filter(slug__startswith="bench-").count()
    assert (
        organisations.exclude(country="FR").filter(kind=OrganisationKind.LOCAL_AUTHORITY).count()
        == territories
    )
    published = organisations.filter(status=PublicationStatus.PUBLISHED).count()
    assert published >= 0.8 * organisations.count()
    assert not organisations.filter(themes__isnull=True).exists()


def test_same_seed_same_data_other_seed_other_data(reference):
    generate()
    first = titles()
    first_slugs = set(bench_projects().values_list("slug", flat=True))
    first_places = list(
        PartnerTerritory.objects.filter(slug__startswith="bench-")
        .order_by("slug")
        .values_list("name", "latitude", "longitude")
    )
    generate()  # replaces the previous bench data
    assert bench_projects().count() == N
    assert titles() == first
    assert set(bench_projects().values_list("slug", flat=True)) == first_slugs
    assert (
        list(
            PartnerTerritory.objects.filter(slug__startswith="bench-")
            .order_by("slug")
            .values_list("name", "latitude", "longitude")
        )
        == first_places
    )
    generate(seed=7)
    assert titles() != first


def test_reuse_keeps_the_same_data(reference):
    generate()
    pks = set(bench_projects().values_list("pk", flat=True))
    assert "nothing to do" in generate(reuse=True)
    assert set(bench_projects().values_list("pk", flat=True)) == pks
    # Another N (or seed) is generated again.
    generate(projects=N + 1, reuse=True)
    assert bench_projects().count() == N + 1


def test_clear_removes_only_bench_rows(reference):
    # What people made: a project with a territory, a partner, an objective and an indicator.
    officer = UserFactory(email="agent@example.org")
    territory = PartnerTerritoryFactory(slug="yen-bai")
    organisation = OrganisationFactory(
        slug="artisans", department=Department.objects.get(code="94")
    )
    project = services.project_create(
        department=Department.objects.get(code="94"),
        created_by=officer,
        title="Filière de thé",
        kind=ProjectKind.DECENTRALISED,
        territories=[territory],
        start_date=date(2021, 1, 1),
    )
    ProjectPartner.objects.create(
        project=project, organisation=organisation, role=PartnerRole.LEAD, side="french"
    )
    objective = Objective.objects.create(project=project, title="Objectif")
    Indicator.objects.create(
        project=project, objective=objective, title="Tonnes", level="output", measure_type="number"
    )
    history = CooperationProject.history.count()

    generate()
    assert bench_projects().count() == N
    assert CooperationProject.history.count() == history  # bulk writes: no audit rows

    out = StringIO()
    call_command("generate_bench_data", clear=True, force=True, stdout=out)
    assert "removed" in out.getvalue()

    assert not bench_projects().exists()
    assert not Organisation.objects.filter(slug__startswith="bench-").exists()
    assert not PartnerTerritory.objects.filter(slug__startswith="bench-").exists()
    assert not User.objects.filter(email=BENCH_EMAIL).exists()
    assert not Indicator.objects.exclude(project=project).exists()
    assert not Measurement.objects.exists()
    assert CooperationProject.history.count() == history  # nor on removal

    assert list(CooperationProject.objects.all()) == [project]
    assert list(project.territories.all()) == [territory]
    assert list(project.partners.values_list("organisation", flat=True)) == [organisation.pk]
    assert list(Objective.objects.all()) == [objective]
    assert Indicator.objects.get().objective == objective
    assert User.objects.filter(pk=officer.pk).exists()
    assert Department.objects.count() == 101


def test_clear_refuses_without_debug_or_force(reference, settings):
    generate()
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("generate_bench_data", clear=True, stdout=StringIO())
    assert bench_projects().count() == N
