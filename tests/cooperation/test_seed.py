"""The demo projects (cooperation.demo): the five real cases of the source document,
loaded by the portal's seed_demo after the demo data of partners."""

import re
from decimal import Decimal
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from cooperation.demo import cooperation_demo_load
from cooperation.models import (
    Activity,
    ActivityStatus,
    ContributorRole,
    CooperationProject,
    Delegation,
    Diagnostic,
    DiagnosticComment,
    DiagnosticContribution,
    DiagnosticSection,
    Exchange,
    FollowUpAction,
    Indicator,
    Measurement,
    MeasurementStatus,
    Milestone,
    Objective,
    ProjectContributor,
    ProjectKind,
    ProjectPartner,
    ProjectStatus,
)
from cooperation.selectors import project_publication_checklist
from partners.demo import DemoDataError
from partners.models import Organisation, PartnerTerritory, User

pytestmark = pytest.mark.django_db

SLUGS = {
    "94": "filiere-de-the-shan-bio-et-equitable",
    "35": "incubateur-en-economie-sociale-de-loutaouais",
    "57": "accompagnement-des-porteurs-de-projets-mosellans-vers-interreg-et-le-feder",
    "92": "initiatives-jeunes-solidaires",
    "54": "cluster-ess-grande-region",
}
CONTRIBUTOR = "partenaire.yenbai@demo.example.org"

# Models whose rows (and, when audited, history rows) a second run must leave alone.
MODELS = [
    CooperationProject,
    ProjectPartner,
    Diagnostic,
    DiagnosticContribution,
    DiagnosticComment,
    Objective,
    Activity,
    Milestone,
    Indicator,
    Measurement,
    ProjectContributor,
    Delegation,
    Exchange,
    FollowUpAction,
    Organisation,
    PartnerTerritory,
    User,
    EmailAddress,
]


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def seeded(debug) -> str:
    call_command("load_reference_data", stdout=StringIO())
    return seed()


def snapshot() -> dict:
    state = {}
    for model in MODELS:
        state[model.__name__] = model.objects.count()
        if hasattr(model, "history"):
            state[f"{model.__name__} history"] = model.history.count()
    state["projects"] = list(
        CooperationProject.objects.order_by("slug").values_list(
            "slug", "version", "is_public", "published_at", "updated_at", "sdg_goals"
        )
    )
    state["measurements"] = list(
        Measurement.objects.order_by("pk").values_list("pk", "status", "value", "reviewed_at")
    )
    state["actions"] = list(FollowUpAction.objects.order_by("pk").values_list("pk", "done_at"))
    return state


def test_refuses_without_debug(settings):
    settings.DEBUG = False
    call_command("load_reference_data", stdout=StringIO())
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", stdout=StringIO())
    assert not CooperationProject.objects.exists()
    assert not User.objects.exists()


def test_needs_the_accounts_and_organisations_of_seed_demo(debug):
    call_command("load_reference_data", stdout=StringIO())
    with pytest.raises(DemoDataError, match=re.escape("run `manage.py seed_demo` first")):
        cooperation_demo_load()
    assert not CooperationProject.objects.exists()
    assert not User.objects.exists()


def test_seed_demo_passes_force_on(settings):
    settings.DEBUG = False
    call_command("load_reference_data", stdout=StringIO())
    seed(force=True)
    assert CooperationProject.objects.count() == 5


def test_the_five_cases_are_public_projects(seeded):
    projects = CooperationProject.objects.in_bulk(list(SLUGS.values()), field_name="slug")
    assert set(projects) == set(SLUGS.values())
    for code, slug in SLUGS.items():
        project = projects[slug]
        assert project.department.code == code
        assert project.is_public and project.published_at is not None
        assert all(item.done for item in project_publication_checklist(project=project))
        assert project.objectives.exists()
        assert project.indicators.exists()
        assert Measurement.objects.filter(
            indicator__project=project, status=MeasurementStatus.APPROVED
        ).exists()
        assert DiagnosticContribution.objects.filter(diagnostic__project=project).exists()

    outaouais = projects[SLUGS["35"]]
    assert outaouais.status == ProjectStatus.CLOSED
    assert "Fonds franco-québécois de coopération décentralisée" in outaouais.co_funders
    assert outaouais.diagnostics.get().is_validated
    guide = outaouais.activities.get(title__contains="Petit guide écoculturel")
    assert guide.status == ActivityStatus.DONE
    assert projects[SLUGS["57"]].kind == ProjectKind.CROSS_BORDER
    assert projects[SLUGS["54"]].kind == ProjectKind.CROSS_BORDER
    young = projects[SLUGS["92"]].indicators.get(title="Jeunes mobilisés")
    assert young.cumulative
    total = sum(m.value for m in young.measurements.filter(status=MeasurementStatus.APPROVED))
    assert total > 1600
    conventions = projects[SLUGS["54"]].indicators.get(title="Conventions d’affaires organisées")
    assert conventions.cumulative


def test_the_val_de_marne_yen_bai_project(seeded):
    project = CooperationProject.objects.get(slug=SLUGS["94"])
    assert project.kind == ProjectKind.DECENTRALISED
    assert project.status == ProjectStatus.IMPLEMENTATION
    assert isinstance(project.total_budget, Decimal)
    assert project.department_contribution <= project.total_budget
    assert set(project.sdg_targets.values_list("code", flat=True)) == {
        "2.3",
        "2.4",
        "8.3",
        "12.8",
        "17.17",
    }
    assert set(project.sdg_goals.values_list("number", flat=True)) == {2, 8, 12, 17}
    assert set(project.themes.values_list("code", flat=True)) == {
        "fair-trade",
        "agriculture-food",
        "short-supply-chains",
    }

    partners = {p.organisation.name: p for p in project.partners.select_related("organisation")}
    assert {
        "Pôle d’économie solidaire de Chevilly-Larue",
        "Artisans du Monde",
        "Biocoop",
        "Max Havelaar France",
        "Province de Yên Bái",
    } <= set(partners)
    province = partners["Province de Yên Bái"]
    assert province.side == "partner"
    assert province.organisation.is_public and province.organisation.country == "VN"

    sections = set(
        DiagnosticContribution.objects.filter(diagnostic__project=project).values_list(
            "section", flat=True
        )
    )
    assert sections == set(DiagnosticSection.values)
    authors = set(
        DiagnosticContribution.objects.filter(diagnostic__project=project).values_list(
            "author__email", flat=True
        )
    )
    assert {"agent94@demo.example.org", "structure@demo.example.org"} <= authors
    assert Milestone.objects.filter(activity__project=project).exists()

    indicators = {i.title: i for i in project.indicators.all()}
    assert set(indicators) == {
        "Ménages producteurs certifiés bio",
        "Surface certifiée bio",
        "Thé vendu sous label équitable",
    }
    households = indicators["Ménages producteurs certifiés bio"]
    assert (households.baseline_value, households.target_value) == (Decimal(0), Decimal(300))
    assert not households.cumulative
    assert indicators["Surface certifiée bio"].target_value == Decimal(250)
    assert indicators["Thé vendu sous label équitable"].cumulative
    for indicator in indicators.values():
        approved = list(
            indicator.measurements.filter(status=MeasurementStatus.APPROVED).order_by(
                "period_start"
            )
        )
        assert [m.period_start.year for m in approved] == list(range(2020, 2026))
        assert all(m.reviewed_at and m.reviewed_by for m in approved)
        values = [m.value for m in approved]
        if not indicator.cumulative:
            assert values == sorted(values)
            assert values[-1] <= indicator.target_value
    measurements = Measurement.objects.filter(indicator__project=project)
    assert measurements.filter(status=MeasurementStatus.SUBMITTED).count() == 1
    assert measurements.filter(status=MeasurementStatus.DRAFT).count() == 1

    delegation = project.delegations.get()
    assert delegation.department.code == "94"
    assert delegation.origin.slug == "province-de-yen-bai"
    assert delegation.arrival_date.year == 2024
    assert {"Artisans du Monde", "Pôle d’économie solidaire de Chevilly-Larue"} <= set(
        delegation.structures.values_list("name", flat=True)
    )

    actions = FollowUpAction.objects.filter(exchange__project=project)
    overdue = actions.filter(done_at__isnull=True, due_date__lt=timezone.localdate())
    assert overdue.filter(owner__email="agent94@demo.example.org").exists()
    assert actions.filter(done_at__isnull=False).exists()

    contributor = project.contributors.get(user__email=CONTRIBUTOR)
    assert contributor.role == ContributorRole.CONTRIBUTOR
    assert contributor.organisation == province.organisation
    assert contributor.user.check_password("demo-portail-2026")
    assert EmailAddress.objects.filter(
        user=contributor.user, email=CONTRIBUTOR, verified=True, primary=True
    ).exists()


def test_a_second_run_changes_nothing(seeded):
    before = snapshot()
    output = seed()
    assert snapshot() == before
    assert "Projects: 5 (0 created, 0 updated, 5 unchanged)" in output
    assert not re.search(r"[1-9]\d* (created|updated)", output.split("Cooperation demo:")[1])


def test_edits_made_during_a_demo_are_kept(seeded):
    project = CooperationProject.objects.get(slug=SLUGS["94"])
    project.summary = "Résumé réécrit pendant la démonstration."
    project.save(update_fields=["summary"])
    closed = CooperationProject.objects.get(slug=SLUGS["35"])
    closed.is_public = False
    closed.save(update_fields=["is_public"])
    ProjectPartner.objects.get(project=project, organisation__name="Biocoop").delete()

    seed()

    project.refresh_from_db()
    assert project.summary == "Résumé réécrit pendant la démonstration."
    assert not CooperationProject.objects.get(slug=SLUGS["35"]).is_public
    # A missing item comes back (matched on its natural key), the others stay as they are.
    assert project.partners.filter(organisation__name="Biocoop").exists()


def test_french_typography(seeded):
    texts = []
    for project in CooperationProject.objects.filter(slug__in=SLUGS.values()):
        texts += [project.title, project.summary, project.description, project.co_funders]
        texts += [p.contribution for p in project.partners.all()]
        for indicator in project.indicators.all():
            texts += [indicator.title, indicator.description, indicator.reported_by]
        texts += [o.title + o.description for o in project.objectives.all()]
        texts += [a.title + a.description for a in project.activities.all()]
    texts += list(DiagnosticContribution.objects.values_list("text", flat=True))
    for delegation in Delegation.objects.all():
        texts += [delegation.members, delegation.programme, delegation.outcomes]
    for text in texts:
        assert "'" not in text, text
        assert not re.search(r" [:;?!»]|« ", text), text
