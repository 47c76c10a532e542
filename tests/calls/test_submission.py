"""Submitting an application: what the server checks, in plain sentences, and what a
submission does (reference number, snapshot, receipt e-mail, frozen content)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from calls import selectors, services
from calls.models import Application, ApplicationEvent, Call, RequiredDocument
from tests.calls.conftest import make_complete_application, pdf
from tests.factories import BudgetLineFactory, TeamMemberFactory, UserFactory
from tests.partners.helpers import french

# These tests read the services' messages as written in the code (in English).
pytestmark = pytest.mark.usefixtures("english_messages")


def _problems(application: Application) -> list[str]:
    return selectors.application_submission_problems(application=application)


def _submit_refused(application: Application) -> list[str]:
    with pytest.raises(ValidationError) as error:
        services.application_submit(application=application, actor=application.applicant)
    application.refresh_from_db()
    assert application.state == "draft"
    assert application.reference is None
    return error.value.messages


def test_a_complete_application_has_no_problem(complete_application):
    assert _problems(complete_application) == []


def test_an_empty_draft_lists_everything_missing(call92, young_applicant):
    application = services.application_start(call=call92, applicant=young_applicant)
    problems = _submit_refused(application)
    text = "\n".join(problems)
    for expected in (
        "Say who carries the project",
        "Add the members of the team",
        "Give the title of the project",
        "Give the destination country",
        "Choose at least one sustainable development goal",
        "Add the expenses of the project",
        "Give the amount requested from the department",
        "Attach the document “Budget détaillé”",
        "Accept the declaration",
    ):
        assert expected in text, expected


def test_a_minor_on_the_departure_date_makes_the_parental_authorisation_required(
    complete_application,
):
    departure = complete_application.departure_date
    seventeen = date(departure.year - 17, departure.month, 1)
    TeamMemberFactory(
        application=complete_application, first_name="Jade", last_name="Petit", birth_date=seventeen
    )

    problems = _submit_refused(complete_application)

    assert problems == [
        "Attach the document “Autorisation parentale”: it is required because Jade Petit "
        "will be under 18 on the departure date."
    ]
    authorisation = RequiredDocument.objects.get(label="Autorisation parentale")
    services.application_document_add(
        application=complete_application,
        actor=complete_application.applicant,
        required_document=authorisation,
        file=pdf("autorisation.pdf"),
    )
    assert _problems(complete_application) == []


def test_an_unbalanced_budget_is_refused_with_its_two_totals(complete_application):
    BudgetLineFactory(
        application=complete_application, side="expense", label="Visas", amount=Decimal("250.5")
    )
    # In French, with the amounts as French people write them.
    with translation.override("fr"):
        problems = _submit_refused(complete_application)
    assert problems == [
        french(
            "The budget is not balanced: the expenses total %(expenses)s and the resources "
            "%(resources)s (amount requested included)."
        )
        % {"expenses": "3\u00a0250,50\u00a0€", "resources": "3\u00a0000\u00a0€"}
    ]


def test_a_request_above_the_call_maximum_is_refused_in_euros(complete_application):
    BudgetLineFactory(application=complete_application, side="expense", amount=Decimal(10000))
    BudgetLineFactory(application=complete_application, side="resource", amount=Decimal(4000))
    Application.objects.filter(pk=complete_application.pk).update(requested_amount=8000)
    complete_application.refresh_from_db()

    with translation.override("fr"):
        problems = _submit_refused(complete_application)
    assert problems == [
        french("You request %(requested)s; the call grants at most %(max)s.")
        % {"requested": "8\u00a0000\u00a0€", "max": "5\u00a0000\u00a0€"}
    ]


def test_a_request_above_the_call_share_is_refused(complete_application):
    # 2,700 € requested out of 3,000 €: 90 %, above the call's 80 %.
    Application.objects.filter(pk=complete_application.pk).update(requested_amount=2700)
    complete_application.budget_lines.filter(side="resource").update(amount=300)
    complete_application.refresh_from_db()

    assert _submit_refused(complete_application) == [
        "You request 90 % of the project's budget; the call funds at most 80 %."
    ]


def test_age_team_size_duration_and_country_rules(complete_application, call92):
    Call.objects.filter(pk=call92.pk).update(
        max_age=22, min_team_size=4, max_duration_days=10, eligible_countries="SN,BF"
    )
    Application.objects.filter(pk=complete_application.pk).update(destination_country="VN")
    complete_application.refresh_from_db()

    problems = _submit_refused(complete_application)

    assert "The team has 3 members; the call asks for at least 4." in problems
    assert any(
        "on the departure date; the call is for people aged 22 at most" in p for p in problems
    )
    assert "The project lasts 21 days; the call accepts at most 10 days." in problems
    assert any("is not among the destination countries of this call" in p for p in problems)


def test_members_must_be_attached_to_the_department_when_the_call_says_so(
    complete_application, call92
):
    Call.objects.filter(pk=call92.pk).update(must_be_attached_to_department=True)
    complete_application.members.filter(first_name="Hugo").update(attached_to_department=False)
    complete_application.refresh_from_db()

    assert _submit_refused(complete_application) == [
        "Hugo Martin must live, study or work in Hauts-de-Seine to take part."
    ]


def test_after_the_closing_time_the_server_refuses(complete_application, call92):
    Call.objects.filter(pk=call92.pk).update(
        opens_at=timezone.now() - timedelta(days=30),
        closes_at=timezone.now() - timedelta(minutes=1),
    )
    complete_application.refresh_from_db()

    (problem,) = _submit_refused(complete_application)

    assert problem.startswith("The call closed on ")
    assert "applications are no longer accepted" in problem


def test_the_closing_time_is_written_the_french_way(call92, settings):
    from django.utils import translation

    # A closing time after the opening (the database refuses any other), at noon on the
    # 27th of the month after it: the label is checked against that same date.
    opens = timezone.localtime(call92.opens_at)
    month, year = (opens.month % 12) + 1, opens.year + (opens.month == 12)
    closes = timezone.make_aware(timezone.datetime(year, month, 27, 12, 0))
    Call.objects.filter(pk=call92.pk).update(closes_at=closes)
    call92.refresh_from_db()
    with translation.override("en"):
        assert selectors.datetime_label(call92.closes_at) == f"27 {closes:%B} {year} at 12:00"


def test_submission_gives_a_reference_a_snapshot_an_event_and_a_receipt_e_mail(
    complete_application, young_applicant, call92
):
    mail.outbox.clear()

    services.application_submit(application=complete_application, actor=young_applicant)

    complete_application.refresh_from_db()
    year = timezone.localtime(call92.opens_at).year
    assert complete_application.state == "submitted"
    assert complete_application.reference == f"AJS-{year}-0001"
    assert complete_application.submitted_at is not None
    snapshot = complete_application.submitted_snapshot
    assert snapshot["reference"] == complete_application.reference
    assert [m["first_name"] for m in snapshot["team"]] == ["Léa", "Hugo", "Inès"]
    assert snapshot["budget"]["total_expenses"] == "3000.00"
    assert snapshot["documents"][0]["name"] == "budget.pdf"
    event = ApplicationEvent.objects.get(application=complete_application)
    assert (event.from_state, event.to_state, event.actor) == (
        "draft",
        "submitted",
        young_applicant,
    )
    (email,) = mail.outbox
    assert email.to == [young_applicant.email]
    assert complete_application.reference in email.subject
    assert complete_application.reference in email.body
    assert f"/compte/candidatures/{complete_application.pk}/" in email.body


def test_references_follow_the_call_sequence(call92, sdg, young_applicant):
    year = timezone.localtime(call92.opens_at).year
    references = []
    for index in range(3):
        applicant = young_applicant if index == 0 else UserFactory()
        application = make_complete_application(call92, applicant, sdg)
        services.application_submit(application=application, actor=applicant)
        application.refresh_from_db()
        references.append(application.reference)
    assert references == [f"AJS-{year}-0001", f"AJS-{year}-0002", f"AJS-{year}-0003"]


def test_a_submitted_application_is_frozen_for_its_applicant(complete_application, young_applicant):
    services.application_submit(application=complete_application, actor=young_applicant)
    complete_application.refresh_from_db()

    with pytest.raises(ValidationError, match="can no longer be changed"):
        services.application_save(
            application=complete_application,
            actor=young_applicant,
            expected_version=complete_application.version,
            title="Autre titre",
        )
    with pytest.raises(ValidationError, match="can no longer be changed"):
        services.application_document_add(
            application=complete_application,
            actor=young_applicant,
            required_document=None,
            file=pdf(),
        )
    with pytest.raises(ValidationError):
        services.application_delete_draft(application=complete_application, actor=young_applicant)
    assert (
        Application.objects.get(pk=complete_application.pk).title == "Potagers scolaires à Kaolack"
    )


def test_changes_requested_reopen_the_application_and_resubmission_keeps_the_reference(
    complete_application, young_applicant, officer92
):
    services.application_submit(application=complete_application, actor=young_applicant)
    services.application_transition(
        application=complete_application, to_state="under_review", actor=officer92
    )
    services.application_transition(
        application=complete_application,
        to_state="changes_requested",
        actor=officer92,
        reason="Précisez le partenaire local.",
    )
    reference = complete_application.reference
    services.application_save(
        application=complete_application,
        actor=young_applicant,
        expected_version=complete_application.version,
        local_partner="Association Jeunesse Kaolack (Sénégal)",
    )
    mail.outbox.clear()

    services.application_submit(application=complete_application, actor=young_applicant)

    complete_application.refresh_from_db()
    assert complete_application.state == "submitted"
    assert complete_application.reference == reference
    assert complete_application.submitted_snapshot["project"]["local_partner"].endswith("(Sénégal)")
    recipients = sorted(email.to[0] for email in mail.outbox)
    assert recipients == sorted([young_applicant.email, officer92.email])


def test_a_second_tab_cannot_overwrite_a_newer_draft(complete_application, young_applicant):
    version = complete_application.version
    services.application_save(
        application=complete_application,
        actor=young_applicant,
        expected_version=version,
        title="Premier onglet",
    )
    stale = Application.objects.get(pk=complete_application.pk)
    with pytest.raises(services.ConcurrentUpdateError):
        services.application_save(
            application=stale, actor=young_applicant, expected_version=version, title="Second"
        )
    assert Application.objects.get(pk=complete_application.pk).title == "Premier onglet"


def test_one_live_application_per_call_and_applicant(call92, young_applicant, complete_application):
    assert (
        services.application_start(call=call92, applicant=young_applicant) == complete_application
    )
    services.application_submit(application=complete_application, actor=young_applicant)
    with pytest.raises(ValidationError, match="already applied"):
        services.application_start(call=call92, applicant=young_applicant)


def test_only_an_unsubmitted_draft_is_deleted_with_its_files(complete_application, young_applicant):
    document = complete_application.documents.get()
    storage, name = document.file.storage, document.file.name
    assert storage.exists(name)

    services.application_delete_draft(application=complete_application, actor=young_applicant)

    assert not Application.objects.filter(pk=complete_application.pk).exists()
    assert not storage.exists(name)


def test_the_carrier_structure_is_one_the_applicant_belongs_to(
    complete_application, young_applicant, structure_manager, artisans_du_monde
):
    with pytest.raises(ValidationError, match="structure you belong to"):
        services.application_save(
            application=complete_application,
            actor=young_applicant,
            expected_version=complete_application.version,
            carrier_kind="ess_structure",
            carrier_structure=artisans_du_monde,
        )
    mine = services.application_start(call=complete_application.call, applicant=structure_manager)
    services.application_save(
        application=mine,
        actor=structure_manager,
        expected_version=mine.version,
        carrier_kind="ess_structure",
        carrier_structure=artisans_du_monde,
    )
    assert Application.objects.get(pk=mine.pk).carrier_structure == artisans_du_monde


def test_messages_open_once_the_application_is_submitted(complete_application, young_applicant):
    with pytest.raises(ValidationError, match="once the application is submitted"):
        services.message_post(
            application=complete_application, author=young_applicant, body="Bonjour"
        )
    assert not complete_application.messages.exists()


def test_a_structure_awaiting_validation_cannot_carry_an_application(
    complete_application, young_applicant
):
    from calls.forms import CarrierForm
    from partners import services as partners_services

    structure = partners_services.structure_create_by_actor(
        user=young_applicant,
        name="Ressourcerie du Val",
        legal_form="scic",
        department=complete_application.call.department,
    )
    # The draft is saved with it all the same.
    services.application_save(
        application=complete_application,
        actor=young_applicant,
        expected_version=complete_application.version,
        carrier_kind="ess_structure",
        carrier_structure=structure,
    )
    complete_application.refresh_from_db()
    assert complete_application.carrier_structure == structure

    expected = (
        "The structure Ressourcerie du Val is awaiting validation by its department: it can "
        "carry the application once validated. Your draft is kept meanwhile (section “Carrier”)."
    )
    assert expected in _problems(complete_application)
    assert expected in _submit_refused(complete_application)
    # Said next to the carrier field of the section.
    form = CarrierForm(
        instance=complete_application,
        structures=selectors.structure_choices_for(user=young_applicant),
    )
    assert form.fields["carrier_structure"].help_text == expected

    partners_services.organisation_validate(organisation=structure, officer=UserFactory())
    complete_application.refresh_from_db()
    assert _problems(complete_application) == []
