"""The pages of the people of partner organisations invited on one project (/compte/projets/…).

A contributor writes in the shared diagnostic and reports indicator values; a reader only
reads; both see that one project and nothing else of the department: anything else, the
department's workspace included, is a 404.
"""

from datetime import date
from decimal import Decimal
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cooperation import services
from cooperation.forms import DiagnosticContributionForm
from cooperation.models import (
    ContributorRole,
    DiagnosticComment,
    DiagnosticContribution,
    DiagnosticSection,
    IndicatorLevel,
    Measurement,
    MeasurementStatus,
    MeasureType,
    ProjectContributor,
)
from tests.factories import OrganisationFactory, PartnerTerritoryFactory, UserFactory
from tests.partners.helpers import french, link_in_last_mail, messages_of, text_of

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
WRONG_ADDRESS_MSGID = (
    "This invitation was sent to %(email)s: log in with that address to accept it."
)


def _project(department, officer, title: str):
    project = services.project_create(
        department=department,
        created_by=officer,
        title=title,
        kind="decentralised",
        summary="Une filière de thé Shan bio et équitable.",
        territories=[PartnerTerritoryFactory(name=f"Province de {title}", country="VN")],
    )
    services.project_partner_add(
        project=project,
        organisation=OrganisationFactory(department=department, name=f"Pôle de {title}"),
        role="lead",
        side="french",
    )
    return project


def _indicator(project, title: str = "Tonnes de thé vendues", **fields):
    defaults = {
        "level": IndicatorLevel.OUTCOME,
        "measure_type": MeasureType.NUMBER,
        "unit": "t",
        "baseline_value": Decimal(0),
        "baseline_date": date(2024, 1, 1),
        "target_value": Decimal(50),
        "target_date": date(2027, 12, 31),
        "cumulative": True,
    }
    return services.indicator_create(project=project, title=title, **{**defaults, **fields})


def _member(project, email: str, role: str = ContributorRole.CONTRIBUTOR):
    user = UserFactory(email=email, full_name=email.split("@")[0].title())
    ProjectContributor.objects.create(project=project, user=user, role=role)
    return user


def _measure(indicator, reporter, *, value="12", submit=False, **fields):
    return services.measurement_create(
        indicator=indicator,
        reporter=reporter,
        period_start=fields.pop("period_start", date(2025, 1, 1)),
        period_end=fields.pop("period_end", date(2025, 12, 31)),
        value=Decimal(value) if value is not None else None,
        submit=submit,
        **fields,
    )


@pytest.fixture
def project(dept94, officer94):
    return _project(dept94, officer94, "Thé Shan de Yen Bai")


@pytest.fixture
def indicator(project):
    return _indicator(project)


@pytest.fixture
def linh(project):
    """A contributor from the province of Yen Bai."""
    return _member(project, "linh@yenbai.example.org")


@pytest.fixture
def reader(project):
    return _member(project, "lecteur@yenbai.example.org", ContributorRole.READER)


@pytest.fixture
def other_project(dept94, officer94):
    return _project(dept94, officer94, "Cluster ESS Grande Région")


def url(name: str, project, pk: int | None = None) -> str:
    kwargs = {"slug": project.slug}
    if pk is not None:
        kwargs["pk"] = pk
    return reverse(name, kwargs=kwargs)


# Invitations


@pytest.fixture
def invitation(project, officer94):
    return services.project_contributor_invite(
        project=project,
        email="Linh.Nguyen@YenBai.example.org",
        role=ContributorRole.CONTRIBUTOR,
        invited_by=officer94,
    )


def test_invitation_email_names_the_project_and_links_to_the_acceptance_page(invitation):
    message = mail.outbox[-1]

    assert message.to == ["linh.nguyen@yenbai.example.org"]
    assert "Thé Shan de Yen Bai" in message.subject
    assert "Olivier Agent" in message.body
    path = urlparse(link_in_last_mail("/compte/projets/invitations/")).path
    assert path == f"/compte/projets/invitations/{invitation.token}/"
    assert "&" not in message.body, "a plain-text e-mail is not HTML-escaped"


def test_invitation_accepted_with_the_invited_address(invitation, client_for, project):
    user = UserFactory(email="linh.nguyen@yenbai.example.org")
    client = client_for(user)
    path = f"/compte/projets/invitations/{invitation.token}/"

    page = client.get(path)

    assert page.status_code == 200
    assert "Thé Shan de Yen Bai" in text_of(page)
    assert project.department.council in text_of(page)
    assert page.context["invitation"].get_role_display() in text_of(page)

    response = client.post(path)

    assert response.status_code == 302
    assert response["Location"] == url("cooperation:contributor_project_detail", project)
    role = ProjectContributor.objects.get(project=project, user=user)
    assert role.role == ContributorRole.CONTRIBUTOR
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert client.get(path).status_code == 404, "an accepted invitation is spent"
    assert client.get(response["Location"]).status_code == 200


def test_invitation_accepted_with_another_account_is_refused_with_a_clear_message(
    invitation, client_for, young_applicant, project
):
    response = client_for(young_applicant).post(f"/compte/projets/invitations/{invitation.token}/")

    assert response.status_code == 200
    assert french(WRONG_ADDRESS_MSGID) % {"email": invitation.email} in text_of(response)
    assert not ProjectContributor.objects.filter(project=project).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_invitation_page_asks_an_anonymous_visitor_to_log_in_or_sign_up(invitation, client):
    path = f"/compte/projets/invitations/{invitation.token}/"

    response = client.get(path)

    assert response.status_code == 200
    assert f"/compte/login/?next={path}" in text_of(response)
    assert f"/compte/signup/?next={path}" in text_of(response)
    client.post(path)
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_unknown_invitation_token_is_not_found(client, db):
    assert client.get("/compte/projets/invitations/nope/").status_code == 404


# The list and the project page


def test_project_list_shows_the_projects_with_role_and_department(
    linh, project, other_project, client_for
):
    response = client_for(linh).get(reverse("cooperation:contributor_project_list"))

    assert response.status_code == 200
    text = text_of(response)
    assert "Thé Shan de Yen Bai" in text
    assert project.department.council in text
    assert french("contributor") in text
    assert "Cluster ESS Grande Région" not in text


def test_contributor_pages_ask_an_anonymous_visitor_to_log_in(client, project, indicator):
    for path in (
        reverse("cooperation:contributor_project_list"),
        url("cooperation:contributor_project_detail", project),
        url("cooperation:contributor_diagnostic", project),
        url("cooperation:contributor_indicator", project, indicator.pk),
    ):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/compte/login/"), path


def test_project_page_shows_the_project_and_nothing_of_the_department(
    linh, project, indicator, client_for
):
    response = client_for(linh).get(url("cooperation:contributor_project_detail", project))

    assert response.status_code == 200
    html = response.content.decode()
    text = text_of(response)
    assert "Thé Shan de Yen Bai" in text
    assert "Pôle de Thé Shan de Yen Bai" in text
    assert "Province de Thé Shan de Yen Bai" in text
    assert url("cooperation:contributor_indicator", project, indicator.pk) in html
    assert "/espace/" not in html


def test_project_page_shows_own_measurements_with_the_note_of_a_returned_one(
    linh, project, indicator, officer94, client_for
):
    returned = _measure(indicator, linh, submit=True)
    services.measurement_return(
        measurement=returned, officer=officer94, note="Joindre le bordereau de vente."
    )
    someone = _member(project, "autre@yenbai.example.org")
    _measure(indicator, someone, value="4321.5", comment="Valeur d’un autre")

    response = client_for(linh).get(url("cooperation:contributor_project_detail", project))

    text = text_of(response)
    assert "Joindre le bordereau de vente." in text
    assert url("cooperation:contributor_measurement_update", project, returned.pk) in text
    assert "4321" not in text


def test_project_page_query_count_does_not_grow_with_the_rows(
    linh, project, officer94, client_for, django_assert_max_num_queries
):
    client = client_for(linh)
    path = url("cooperation:contributor_project_detail", project)
    client.get(path)  # session, content types and the like

    # session, user, the role (with project and department), indicators, their SDG
    # targets, their measurements, partners, territories, diagnostic, and the staff
    # memberships the layout asks for.
    bound = 10
    with django_assert_max_num_queries(bound):
        assert client.get(path).status_code == 200

    for n in range(5):
        item = _indicator(project, title=f"Indicateur {n}")
        for year in (2024, 2025):
            _measure(
                item,
                linh,
                period_start=date(year, 1, 1),
                period_end=date(year, 12, 31),
                submit=True,
            )
        services.project_partner_add(
            project=project,
            organisation=OrganisationFactory(department=project.department),
            role="partner",
            side="partner",
        )
        project.territories.add(PartnerTerritoryFactory())
    with django_assert_max_num_queries(bound):
        response = client.get(path)
    assert len(response.context["own_measurements"]) == 10


# The shared diagnostic


def test_contributor_writes_a_diagnostic_contribution_and_comments(
    linh, project, officer94, client_for
):
    client = client_for(linh)
    path = url("cooperation:contributor_diagnostic", project)
    assert client.get(path).context["form"] is not None

    response = client.post(
        path,
        {
            "section": DiagnosticSection.NEEDS,
            "text": "  Les coopératives manquent de séchoirs.  ",
            "organisation": "",
        },
    )

    assert response.status_code == 302
    contribution = DiagnosticContribution.objects.get(diagnostic__project=project)
    assert contribution.author == linh
    assert contribution.section == DiagnosticSection.NEEDS
    assert contribution.text == "Les coopératives manquent de séchoirs."
    assert response["Location"] == f"{path}#contribution-{contribution.pk}"
    assert "Les coopératives manquent de séchoirs." in text_of(client.get(path))

    comment_path = url("cooperation:contributor_diagnostic_comment", project, contribution.pk)
    assert client.post(comment_path, {"text": "Et de formations."}).status_code == 302
    comment = DiagnosticComment.objects.get(contribution=contribution)
    assert comment.author == linh
    assert "Et de formations." in text_of(client.get(path))


def test_empty_contribution_is_refused_next_to_the_field(linh, project, client_for):
    response = client_for(linh).post(
        url("cooperation:contributor_diagnostic", project),
        {"section": DiagnosticSection.NEEDS, "text": "   "},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["text"]
    assert not DiagnosticContribution.objects.exists()


def test_empty_comment_is_refused_next_to_its_field(linh, project, officer94, client_for):
    contribution = services.diagnostic_contribution_add(
        project=project, author=officer94, section="context", text="Contexte."
    )

    response = client_for(linh).post(
        url("cooperation:contributor_diagnostic_comment", project, contribution.pk), {"text": "  "}
    )

    assert response.status_code == 200
    assert response.context["comment_on"] == contribution.pk
    assert f'aria-describedby="comment-{contribution.pk}-error"' in response.content.decode()
    # The contribution form of the page still posts to the diagnostic, not to the comment.
    assert (
        f'action="{url("cooperation:contributor_diagnostic", project)}"'
        in response.content.decode()
    )
    assert not DiagnosticComment.objects.exists()


def test_validated_diagnostic_is_read_only(linh, project, officer94, client_for):
    contribution = services.diagnostic_contribution_add(
        project=project, author=officer94, section="context", text="Contexte validé."
    )
    services.diagnostic_validate(diagnostic=contribution.diagnostic, officer=officer94)
    client = client_for(linh)

    page = client.get(url("cooperation:contributor_diagnostic", project))
    assert page.status_code == 200
    assert "Contexte validé." in text_of(page)
    assert not page.context["can_write"]
    assert 'id="id_text"' not in page.content.decode()

    client.post(
        url("cooperation:contributor_diagnostic", project), {"section": "needs", "text": "Ajout."}
    )
    client.post(
        url("cooperation:contributor_diagnostic_comment", project, contribution.pk),
        {"text": "Remarque."},
    )
    assert DiagnosticContribution.objects.count() == 1
    assert not DiagnosticComment.objects.exists()


# Indicators and measurements


def test_contributor_submits_a_measurement_with_evidence(linh, project, indicator, client_for):
    client = client_for(linh)
    path = url("cooperation:contributor_indicator", project, indicator.pk)
    assert client.get(path).context["form"] is not None

    response = client.post(
        path,
        {
            "period_start": "2025-01-01",
            "period_end": "2025-12-31",
            "value": "12,5",
            "comment": "Ventes à Biocoop.",
            "evidence": SimpleUploadedFile("bordereau.pdf", PDF, content_type="application/pdf"),
            "action": "submit",
        },
    )

    assert response.status_code == 302
    measurement = Measurement.objects.get(indicator=indicator)
    assert measurement.status == MeasurementStatus.SUBMITTED
    assert measurement.reporter == linh
    assert measurement.submitted_at is not None
    assert measurement.value == Decimal("12.5")
    assert measurement.evidence
    page = client.get(path)
    assert url("cooperation:contributor_measurement_evidence", project, measurement.pk) in text_of(
        page
    )


def test_contributor_saves_a_draft(linh, project, indicator, client_for):
    response = client_for(linh).post(
        url("cooperation:contributor_indicator", project, indicator.pk),
        {"period_start": "2025-01-01", "period_end": "2025-12-31", "value": "", "action": "draft"},
    )

    assert response.status_code == 302
    measurement = Measurement.objects.get(indicator=indicator)
    assert measurement.status == MeasurementStatus.DRAFT
    assert measurement.submitted_at is None


def test_invalid_measurement_keeps_what_was_typed(linh, project, indicator, client_for):
    client = client_for(linh)
    path = url("cooperation:contributor_indicator", project, indicator.pk)

    no_value = client.post(
        path,
        {
            "period_start": "2025-01-01",
            "period_end": "2025-12-31",
            "value": "",
            "comment": "Chiffre à confirmer",
            "action": "submit",
        },
    )
    backwards = client.post(
        path,
        {
            "period_start": "2025-12-31",
            "period_end": "2025-01-01",
            "value": "7",
            "comment": "Période inversée",
            "action": "submit",
        },
    )

    assert no_value.status_code == 200
    assert no_value.context["form"].errors["value"]
    assert "Chiffre à confirmer" in text_of(no_value)
    assert 'value="2025-01-01"' in no_value.content.decode()
    assert backwards.status_code == 200
    assert backwards.context["form"].errors["period_end"]
    assert "Période inversée" in text_of(backwards)
    assert not Measurement.objects.exists()


def test_indicator_page_charts_approved_values_only(
    linh, project, indicator, officer94, client_for
):
    approved = _measure(indicator, linh, value="20", submit=True)
    services.measurement_approve(measurement=approved, officer=officer94)
    someone = _member(project, "autre@yenbai.example.org")
    _measure(
        indicator,
        someone,
        value="8765.5",
        submit=True,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 6, 30),
    )

    response = client_for(linh).get(url("cooperation:contributor_indicator", project, indicator.pk))

    assert response.status_code == 200
    assert response.context["progress"].approved == [approved]
    assert list(response.context["own_measurements"]) == [approved]
    assert "8765" not in text_of(response)
    assert "<svg" in response.content.decode()


def test_indicator_of_another_project_is_not_found(linh, project, other_project, client_for):
    foreign = _indicator(other_project)

    assert (
        client_for(linh)
        .get(url("cooperation:contributor_indicator", project, foreign.pk))
        .status_code
        == 404
    )


def test_returned_measurement_is_corrected_and_submitted_again(
    linh, project, indicator, officer94, client_for
):
    measurement = _measure(indicator, linh, value="12", submit=True)
    services.measurement_return(
        measurement=measurement, officer=officer94, note="Le chiffre inclut 2024."
    )
    assert "Le chiffre inclut 2024." in mail.outbox[-1].body
    path = urlparse(link_in_last_mail("/mesures/")).path
    assert path == url("cooperation:contributor_measurement_update", project, measurement.pk)
    client = client_for(linh)

    page = client.get(path)
    assert page.status_code == 200
    assert "Le chiffre inclut 2024." in text_of(page)
    assert page.context["form"].initial["value"] == Decimal("12")

    empty = client.post(path, {"value": "", "comment": "", "action": "submit"})
    assert empty.status_code == 200
    assert empty.context["form"].errors["value"]

    response = client.post(path, {"value": "9", "comment": "Sans 2024.", "action": "submit"})

    assert response.status_code == 302
    measurement.refresh_from_db()
    assert measurement.status == MeasurementStatus.SUBMITTED
    assert measurement.value == Decimal("9")
    assert measurement.comment == "Sans 2024."
    assert client.get(path).status_code == 404, "a submitted value waits for its review"


def test_draft_is_completed_then_submitted(linh, project, indicator, client_for):
    draft = _measure(indicator, linh, value=None)
    client = client_for(linh)
    path = url("cooperation:contributor_measurement_update", project, draft.pk)

    assert client.post(path, {"value": "3", "action": "draft"}).status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.value) == (MeasurementStatus.DRAFT, Decimal("3"))

    assert client.post(path, {"value": "4", "action": "submit"}).status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.value) == (MeasurementStatus.SUBMITTED, Decimal("4"))


def test_nobody_edits_someone_elses_measurement(linh, project, indicator, client_for):
    someone = _member(project, "autre@yenbai.example.org")
    theirs = _measure(indicator, someone, value="5")
    path = url("cooperation:contributor_measurement_update", project, theirs.pk)
    client = client_for(linh)

    assert client.get(path).status_code == 404
    assert client.post(path, {"value": "500", "action": "submit"}).status_code == 404
    theirs.refresh_from_db()
    assert (theirs.status, theirs.value) == (MeasurementStatus.DRAFT, Decimal("5"))


def test_approved_measurement_is_no_longer_editable(
    linh, project, indicator, officer94, client_for
):
    measurement = _measure(indicator, linh, submit=True)
    services.measurement_approve(measurement=measurement, officer=officer94)

    path = url("cooperation:contributor_measurement_update", project, measurement.pk)
    assert client_for(linh).get(path).status_code == 404


def test_evidence_is_served_to_its_reporter_only(
    linh, project, indicator, officer94, client_for, client
):
    measurement = _measure(
        indicator,
        linh,
        submit=True,
        evidence=SimpleUploadedFile("bordereau.pdf", PDF, content_type="application/pdf"),
    )
    path = url("cooperation:contributor_measurement_evidence", project, measurement.pk)
    someone = _member(project, "autre@yenbai.example.org")

    response = client_for(linh).get(path)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Cache-Control"] == "private, no-store"
    assert client_for(someone).get(path).status_code == 404
    assert client_for(officer94).get(path).status_code == 404
    assert client.get(path).status_code == 302


# Readers, and everybody else


def test_reader_reads_but_cannot_write(reader, project, indicator, officer94, client_for):
    contribution = services.diagnostic_contribution_add(
        project=project, author=officer94, section="context", text="Contexte."
    )
    client = client_for(reader)

    for path in (
        url("cooperation:contributor_project_detail", project),
        url("cooperation:contributor_diagnostic", project),
        url("cooperation:contributor_indicator", project, indicator.pk),
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.context.get("form") is None, path
    assert "Contexte." in text_of(client.get(url("cooperation:contributor_diagnostic", project)))

    assert (
        client.post(
            url("cooperation:contributor_diagnostic", project), {"section": "needs", "text": "Non."}
        )
    ).status_code == 404
    assert (
        client.post(
            url("cooperation:contributor_diagnostic_comment", project, contribution.pk),
            {"text": "Non."},
        )
    ).status_code == 404
    assert (
        client.post(
            url("cooperation:contributor_indicator", project, indicator.pk),
            {"period_start": "2025-01-01", "period_end": "2025-12-31", "value": "1"},
        )
    ).status_code == 404
    assert DiagnosticContribution.objects.count() == 1
    assert not DiagnosticComment.objects.exists()
    assert not Measurement.objects.exists()


def test_contributor_finds_nothing_of_the_department(linh, project, client_for):
    client = client_for(linh)
    for path in (
        "/espace/94/",
        "/espace/94/projets/",
        reverse("cooperation:staff_project_detail", kwargs={"code": "94", "slug": project.slug}),
        reverse(
            "cooperation:staff_project_diagnostic", kwargs={"code": "94", "slug": project.slug}
        ),
        reverse(
            "cooperation:staff_project_indicators", kwargs={"code": "94", "slug": project.slug}
        ),
    ):
        assert client.get(path).status_code == 404, path


def test_contributor_finds_nothing_of_another_project(
    linh, project, other_project, officer94, client_for
):
    item = _indicator(other_project)
    someone = _member(other_project, "ailleurs@example.org")
    measurement = _measure(
        item,
        someone,
        evidence=SimpleUploadedFile("bordereau.pdf", PDF, content_type="application/pdf"),
    )
    contribution = services.diagnostic_contribution_add(
        project=other_project, author=officer94, section="context", text="Ailleurs."
    )
    client = client_for(linh)

    for path in (
        url("cooperation:contributor_project_detail", other_project),
        url("cooperation:contributor_diagnostic", other_project),
        url("cooperation:contributor_indicator", other_project, item.pk),
        url("cooperation:contributor_measurement_update", other_project, measurement.pk),
        url("cooperation:contributor_measurement_evidence", other_project, measurement.pk),
        # The other project's objects through the contributor's own project.
        url("cooperation:contributor_indicator", project, item.pk),
        url("cooperation:contributor_measurement_update", project, measurement.pk),
        url("cooperation:contributor_measurement_evidence", project, measurement.pk),
    ):
        assert client.get(path).status_code == 404, path
    assert (
        client.post(
            url("cooperation:contributor_diagnostic_comment", project, contribution.pk),
            {"text": "!"},
        )
    ).status_code == 404
    assert not DiagnosticComment.objects.exists()


def test_department_officer_gets_404_on_the_contributor_pages(
    officer94, project, indicator, client_for
):
    client = client_for(officer94)
    for path in (
        url("cooperation:contributor_project_detail", project),
        url("cooperation:contributor_diagnostic", project),
        url("cooperation:contributor_indicator", project, indicator.pk),
    ):
        assert client.get(path).status_code == 404, path


def test_success_messages_are_shown(linh, project, indicator, client_for):
    response = client_for(linh).post(
        url("cooperation:contributor_indicator", project, indicator.pk),
        {
            "period_start": "2025-01-01",
            "period_end": "2025-12-31",
            "value": "1",
            "action": "submit",
        },
        follow=True,
    )

    assert messages_of(response) == [french("Your value is submitted for review.")]


def test_contributor_speaks_only_for_the_organisations_of_their_own_side(
    project, officer94, client_for
):
    """Linh, of a cooperative of Yen Bai (partner side), may write on behalf of the
    organisations of the partner side, never of the French side."""
    cooperative = OrganisationFactory(department=project.department, name="Coop de Yen Bai")
    union = OrganisationFactory(department=project.department, name="Union des femmes")
    for organisation in (cooperative, union):
        services.project_partner_add(
            project=project, organisation=organisation, role="partner", side="partner"
        )
    french_lead = project.partners.get(side="french").organisation
    linh = _member(project, "linh@yenbai.example.org")
    contributor = ProjectContributor.objects.get(project=project, user=linh)
    contributor.organisation = cooperative
    contributor.save()
    client = client_for(linh)
    path = url("cooperation:contributor_diagnostic", project)

    offered = client.get(path).context["form"].fields["organisation"].queryset
    assert set(offered) == {cooperative, union}

    response = client.post(
        path,
        {
            "section": DiagnosticSection.NEEDS,
            "text": "Les séchoirs manquent.",
            "organisation": str(french_lead.pk),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["organisation"]
    assert not DiagnosticContribution.objects.exists()

    with pytest.raises(ValidationError) as refused:
        services.diagnostic_contribution_add(
            project=project,
            author=linh,
            section=DiagnosticSection.NEEDS,
            text="Les séchoirs manquent.",
            organisation=french_lead,
            contributor=contributor,
        )
    assert "organisation" in refused.value.message_dict

    assert (
        client.post(
            path,
            {
                "section": DiagnosticSection.NEEDS,
                "text": "Les séchoirs manquent.",
                "organisation": str(union.pk),
            },
        ).status_code
        == 302
    )
    assert DiagnosticContribution.objects.get().organisation == union
    # The department's staff still write on behalf of any partner of the project.
    staff_form = DiagnosticContributionForm(project=project)
    assert set(staff_form.fields["organisation"].queryset) == {french_lead, cooperative, union}
