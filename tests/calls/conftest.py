"""The world of the calls tests: an open call of Hauts-de-Seine (92) and a complete
application to it, ready to be submitted."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from calls import services
from calls.models import Application, ApplicationState, Call, RequiredDocument
from cooperation.models import SustainableDevelopmentGoal
from tests.factories import (
    BudgetLineFactory,
    CallFactory,
    CriterionFactory,
    RequiredDocumentFactory,
    TeamMemberFactory,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# The first bytes of a Windows executable.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def pdf(name: str = "piece.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def english_messages():
    """For the tests that read the services' messages as written in the code (in English):
    the French of each is the catalogue's business (tests/config/test_locale.py)."""
    with translation.override("en"):
        yield


@pytest.fixture
def sdg(db) -> SustainableDevelopmentGoal:
    return SustainableDevelopmentGoal.objects.create(
        number=2,
        color="#DDA63A",
        short_title_fr="Faim « zéro »",
        short_title_en="Zero hunger",
        title_fr="Éliminer la faim",
        title_en="End hunger",
    )


@pytest.fixture
def call92(dept92, officer92) -> Call:
    """The call "Initiatives jeunes solidaires", open, with two criteria, a required budget
    document and a parental authorisation for minors; grants of 5,000 € at most and
    80 % of the budget."""
    call = CallFactory(
        department=dept92,
        title="Initiatives jeunes solidaires 2027",
        slug="initiatives-jeunes-solidaires-2027",
        reference_prefix="AJS",
        envelope=Decimal("60000"),
        max_grant_amount=Decimal("5000"),
        max_grant_share=Decimal("80"),
        min_age=16,
        max_age=30,
        min_team_size=2,
        max_team_size=8,
        min_duration_days=7,
        max_duration_days=60,
        created_by=officer92,
    )
    CriterionFactory(call=call, label="Utilité sociale", weight=Decimal(2), max_score=5)
    CriterionFactory(call=call, label="Partenariat local", weight=Decimal(1), max_score=5)
    RequiredDocumentFactory(call=call, label="Budget détaillé", is_required=True)
    RequiredDocumentFactory(
        call=call, label="Autorisation parentale", is_required=False, required_if_minor=True
    )
    return call


def make_complete_application(call: Call, applicant, sdg) -> Application:
    """An application that passes every check of the call: three adults, a balanced
    budget (3,000 € of expenses, 1,000 € of other resources, 2,000 € requested)."""
    departure = timezone.localdate() + timedelta(days=120)
    application = Application.objects.create(
        call=call,
        applicant=applicant,
        carrier_kind="association",
        carrier_name="Association Solidarité Nanterre",
        carrier_details="12 rue des Lilas, 92000 Nanterre",
        title="Potagers scolaires à Kaolack",
        destination_country="SN",
        local_partner="Association Jeunesse Kaolack",
        departure_date=departure,
        return_date=departure + timedelta(days=20),
        description="Créer trois potagers scolaires avec les élèves.",
        expected_effects="Des repas plus variés pour 300 élèves.",
        public_presentation="Une soirée au centre social de Nanterre.",
        requested_amount=Decimal("2000"),
        declaration_accepted=True,
    )
    application.sdgs.add(sdg)
    for first_name, year in (("Léa", 2001), ("Hugo", 2002), ("Inès", 2003)):
        TeamMemberFactory(
            application=application, first_name=first_name, birth_date=date(year, 3, 1)
        )
    BudgetLineFactory(application=application, side="expense", label="Billets", amount=3000)
    BudgetLineFactory(application=application, side="resource", label="Tombola", amount=1000)
    budget_document, _created = RequiredDocument.objects.get_or_create(
        call=call, label="Budget détaillé"
    )
    application.documents.create(
        required_document=budget_document,
        file=pdf("budget.pdf"),
        original_name="budget.pdf",
        size=len(PDF),
        uploaded_by=applicant,
    )
    return application


@pytest.fixture
def complete_application(call92, young_applicant, sdg) -> Application:
    return make_complete_application(call92, young_applicant, sdg)


@pytest.fixture
def submitted(complete_application, young_applicant) -> Application:
    return services.application_submit(application=complete_application, actor=young_applicant)


def put_in_state(application: Application, state: str) -> Application:
    """Moves an application straight to `state` (test set-up, not the workflow)."""
    fields = {"state": state}
    if state not in (ApplicationState.DRAFT, ApplicationState.WITHDRAWN) or (application.reference):
        fields.update(
            reference=application.reference or f"AJS-2027-{application.pk:04d}",
            submitted_at=application.submitted_at or timezone.now(),
            last_submitted_at=timezone.now(),
        )
    if state in (ApplicationState.ACCEPTED, ApplicationState.CLOSED):
        fields["granted_amount"] = Decimal("1500")
    Application.objects.filter(pk=application.pk).update(**fields)
    application.refresh_from_db()
    return application
