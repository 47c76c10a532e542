"""Issue 5's applicant journeys in a real browser, on the demo data: ``jeune@demo.example.org``
applies to the open Hauts-de-Seine call (a team of three, one aged 17), is told what is
missing, submits and gets the receipt and its e-mail; the closing time is enforced; uploads
are checked by content and size and are never public; a section is usable with the keyboard.
"""

import re
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from calls.models import Application, ApplicationState, BudgetSide, Call, CarrierKind
from cooperation.models import SustainableDevelopmentGoal
from tests.e2e.helpers import check_axe, log_in, take_console_errors, visit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

JEUNE = "jeune@demo.example.org"
INES = "ines.martin@demo.example.org"  # has a complete draft to the open call
PARTNER_LETTER = "Lettre d’engagement du partenaire local"
PARENTAL = "Autorisation parentale"
SCRATCH = Path(tempfile.gettempdir()) / "e2e_calls_applicant"

# A small but well-formed PDF (header, one empty page, cross-reference table, trailer).
VALID_PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n164\n%%EOF\n"
)


# Fixtures and helpers


@pytest.fixture
def scratch() -> Path:
    SCRATCH.mkdir(parents=True, exist_ok=True)
    return SCRATCH


def make_pdf(directory: Path, name: str) -> Path:
    path = directory / name
    path.write_bytes(VALID_PDF)
    return path


def section_url(base: str, application: Application, section: str) -> str:
    return f"{base}/compte/candidatures/{application.pk}/modifier/{section}/"


def problems_listed(page: Page) -> list[str]:
    """The sentences of the “what stops the submission” box of the submit page."""
    items = page.locator("main .alert-danger li")
    return [" ".join(text.split()) for text in items.all_inner_texts()]


def submit_application(page: Page) -> None:
    """Clicks the one button of the submit page's form."""
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_load_state()


def field_error(page: Page, field_id: str):
    """The error crispy-forms writes next to a field (id ``error_<n>_<field id>``)."""
    return page.locator(f"main [id^=error_][id$=_{field_id}]")


def amounts_in(text: str) -> list[str]:
    """Amounts written the French way in a sentence, spaces normalised: ['6 000', '5 500']."""
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    return re.findall(r"\d{1,3}(?: \d{3})*(?:,\d{2})? ?€", text)


def fill_team_member(page: Page, index: int, member: dict) -> None:
    prefix = f"#id_members-{index}-"
    page.locator(prefix + "first_name").fill(member["first_name"])
    page.locator(prefix + "last_name").fill(member["last_name"])
    page.locator(prefix + "birth_date").fill(member["birth_date"].isoformat())
    page.locator(prefix + "gender").select_option(member["gender"])
    page.locator(prefix + "town").fill(member["town"])
    page.locator(prefix + "attached_to_department").check()
    page.locator(prefix + "role").fill(member["role"])


def years_before(day: date, years: int, days: int = 0) -> date:
    """The same day ``years`` earlier (28 February for a 29 February), minus ``days``."""
    if day.month == 2 and day.day == 29:
        day -= timedelta(days=1)
    return day.replace(year=day.year - years) - timedelta(days=days)


# 1. The whole application


def test_young_applicant_applies_with_a_minor_is_told_what_is_missing_and_submits(
    page: Page, live_server, demo: Call, scratch: Path
):
    base = live_server.url
    call = demo
    mail.outbox.clear()
    log_in(page, base, JEUNE)

    visit(page, f"{base}/appels/{call.slug}/", "call-open")
    page.locator(f"main a[href='/appels/{call.slug}/candidater/']").click()
    check_axe(page, "apply")
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_url("**/modifier/porteur/")
    application = Application.objects.get(call=call, applicant__email=JEUNE)
    assert application.state == ApplicationState.DRAFT
    page.wait_for_url(section_url(base, application, "porteur"))
    check_axe(page, "section-carrier")

    # Carrier: an individual.
    page.locator(f"input[name=carrier_kind][value={CarrierKind.INDIVIDUAL}]").check()
    page.locator("#id_carrier_details").fill("Léa Dubois, 12 rue des Lilas, 92000 Nanterre.")
    page.locator("main button[name=continue]").click()
    page.wait_for_url(section_url(base, application, "equipe"))
    check_axe(page, "section-team")

    # Team: three members, no JavaScript needed. The page offers three empty blocks; two
    # are filled, then the "add a member" button (a plain submit) saves and offers a new one.
    departure = timezone.localdate() + timedelta(days=150)
    back = departure + timedelta(days=21)
    team = [
        {
            "first_name": "Léa",
            "last_name": "Dubois",
            "birth_date": years_before(departure, 20, days=40),
            "gender": "female",
            "town": "Nanterre",
            "role": "coordination",
        },
        {
            "first_name": "Yacine",
            "last_name": "Haddad",
            "birth_date": years_before(departure, 19, days=3),
            "gender": "male",
            "town": "Colombes",
            "role": "budget",
        },
        {
            # 17 on the departure date: the parental authorisation becomes required.
            "first_name": "Jade",
            "last_name": "Nguyen",
            "birth_date": years_before(departure, 17, days=60),
            "gender": "female",
            "town": "Clamart",
            "role": "communication",
        },
    ]
    expect(page.locator("fieldset:has(#id_members-2-first_name)")).to_have_count(1)
    fill_team_member(page, 0, team[0])
    fill_team_member(page, 1, team[1])
    page.locator("main button[name=add_member]").click()
    assert page.url.startswith(section_url(base, application, "equipe"))
    assert application.members.count() == 2
    expect(page.locator("#id_members-1-last_name")).to_have_value("Haddad")
    expect(page.locator("#id_members-2-first_name")).to_have_value("")
    check_axe(page, "section-team-added-row")
    fill_team_member(page, 2, team[2])
    page.locator("main button[name=continue]").click()
    page.wait_for_url(section_url(base, application, "projet"))
    assert sorted(application.members.values_list("last_name", flat=True)) == [
        "Dubois",
        "Haddad",
        "Nguyen",
    ]
    assert application.members.filter(attached_to_department=True).count() == 3
    check_axe(page, "section-project")

    # Project: Sénégal, in about five months, three weeks long.
    page.locator("#id_title").fill("Jardins partagés à Ziguinchor")
    page.locator("#id_destination_country").select_option("SN")
    page.locator("#id_local_partner").fill("Association Kagamen")
    page.locator("#id_local_partner_details").fill("Partenaire depuis 2022, engagé par écrit.")
    page.locator("#id_departure_date").fill(departure.isoformat())
    page.locator("#id_return_date").fill(back.isoformat())
    goal = SustainableDevelopmentGoal.objects.get(number=2)
    page.locator(f"input[name=sdgs][value='{goal.pk}']").check()
    page.locator("#id_description").fill(
        "Créer trois jardins maraîchers avec les jeunes du quartier et l’association."
    )
    page.locator("#id_expected_effects").fill("Des légumes pour la cantine, une filière locale.")
    page.locator("#id_public_presentation").fill("Une soirée à la médiathèque de Nanterre.")
    page.locator("main button[name=continue]").click()
    page.wait_for_url(section_url(base, application, "budget"))
    check_axe(page, "section-budget")

    # Budget: the page offers an expense row and a resource row; a third line comes from
    # the "add a line" button. Expenses 6 000 € = own funds 3 000 € + request 3 000 €
    # (50 % of the budget, below the 5 000 € ceiling).
    page.locator("#id_requested_amount").fill("3000")
    page.locator("#id_lines-0-side").select_option(BudgetSide.EXPENSE)
    page.locator("#id_lines-0-label").fill("Billets d’avion")
    page.locator("#id_lines-0-amount").fill("4 000")
    page.locator("#id_lines-1-side").select_option(BudgetSide.RESOURCE)
    page.locator("#id_lines-1-label").fill("Fonds propres et autofinancement")
    page.locator("#id_lines-1-amount").fill("3000")
    page.locator("main button[name=add_line]").click()
    assert page.url.startswith(section_url(base, application, "budget"))
    check_axe(page, "section-budget-added-row")
    expect(page.locator("#id_lines-2-amount")).to_have_value("")
    page.locator("#id_lines-2-side").select_option(BudgetSide.EXPENSE)
    page.locator("#id_lines-2-label").fill("Semences et outils")
    page.locator("#id_lines-2-amount").fill("2000,00")
    page.locator("main button[name=continue]").click()
    page.wait_for_url(section_url(base, application, "pieces"))
    assert application.budget_lines.count() == 3
    check_axe(page, "section-documents")

    # Documents: the partner's letter. The page says the parental authorisation is needed.
    letter = call.required_documents.get(label=PARTNER_LETTER)
    parental = call.required_documents.get(label=PARENTAL)
    page.locator("#id_required_document").select_option(str(letter.pk))
    page.locator("#id_file").set_input_files(str(make_pdf(scratch, "lettre-partenaire.pdf")))
    page.locator("main form[enctype] [type=submit]").click()
    page.wait_for_url(section_url(base, application, "pieces"))
    expect(page.locator("main table").first).to_contain_text("lettre-partenaire.pdf")
    parental_row = page.locator("main table tr", has=page.get_by_text(PARENTAL, exact=True))
    expect(parental_row.locator("strong")).to_have_count(1)  # "yes: a member is under 18"
    check_axe(page, "section-documents-letter")
    page.locator("main a[href$='/modifier/declaration/']").last.click()
    page.wait_for_url(section_url(base, application, "declaration"))
    check_axe(page, "section-declaration")

    page.locator("#id_declaration_accepted").check()
    page.locator("main button[name=continue]").click()
    submit_url = f"{base}/compte/candidatures/{application.pk}/deposer/"
    page.wait_for_url(submit_url)
    check_axe(page, "submit-page")

    # First attempt: the only thing missing is the parental authorisation of Jade.
    submit_application(page)
    check_axe(page, "submit-refused-parental")
    problems = problems_listed(page)
    assert len(problems) == 1, problems
    assert PARENTAL in problems[0] and "Jade" in problems[0], problems
    application.refresh_from_db()
    assert application.state == ApplicationState.DRAFT and application.reference is None

    # The applicant attaches it.
    visit(page, section_url(base, application, "pieces"), "section-documents-again")
    page.locator("#id_required_document").select_option(str(parental.pk))
    page.locator("#id_file").set_input_files(str(make_pdf(scratch, "autorisation-jade.pdf")))
    page.locator("main form[enctype] [type=submit]").click()
    expect(page.locator("main table").first).to_contain_text("autorisation-jade.pdf")
    check_axe(page, "section-documents-parental")
    assert application.documents.count() == 2

    # The budget made unbalanced: the request lowered to 2 500 € (resources 5 500 €).
    visit(page, section_url(base, application, "budget"), "section-budget-again")
    page.locator("#id_requested_amount").fill("2500")
    page.locator("main button[name=save]").click()
    check_axe(page, "section-budget-unbalanced")
    application.refresh_from_db()
    assert str(application.requested_amount) == "2500.00"
    visit(page, submit_url, "submit-page-unbalanced")
    submit_application(page)
    check_axe(page, "submit-refused-budget")
    problems = problems_listed(page)
    assert len(problems) == 1, problems
    assert amounts_in(problems[0]) == ["6 000 €", "5 500 €"], problems
    application.refresh_from_db()
    assert application.state == ApplicationState.DRAFT and application.reference is None

    # Fixed, then submitted.
    visit(page, section_url(base, application, "budget"), "section-budget-fix")
    page.locator("#id_requested_amount").fill("3000")
    page.locator("main button[name=save]").click()
    visit(page, submit_url, "submit-page-ready")
    assert problems_listed(page) == []
    submit_application(page)
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED
    year = timezone.localtime(call.opens_at).year
    assert re.fullmatch(rf"IJS-{year}-\d{{4}}", application.reference), application.reference
    assert page.url == f"{base}/compte/candidatures/{application.pk}/recepisse/"
    check_axe(page, "receipt")
    expect(page.locator("main h1")).to_contain_text(application.reference)
    expect(page.locator("main")).to_contain_text("Jardins partagés à Ziguinchor")
    expect(page.locator("main")).to_contain_text("autorisation-jade.pdf")

    # The receipt e-mail, with the reference number.
    receipts = [
        message
        for message in mail.outbox
        if message.to == [JEUNE] and application.reference in message.subject + message.body
    ]
    assert len(receipts) == 1, [(m.to, m.subject) for m in mail.outbox]
    assert application.reference in receipts[0].body
    assert f"/compte/candidatures/{application.pk}/" in receipts[0].body

    # The application is now read-only for its applicant.
    detail_url = f"{base}/compte/candidatures/{application.pk}/"
    visit(page, detail_url, "application-submitted")
    expect(page.locator("main")).to_contain_text(application.reference)
    expect(page.locator("main a[href*='/modifier/']")).to_have_count(0)
    expect(page.locator("main a[href$='/deposer/']")).to_have_count(0)
    page.goto(section_url(base, application, "projet"))
    assert page.url == detail_url
    check_axe(page, "edit-refused")
    # Even a hand-made POST of a section changes nothing.
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.request.post(
        section_url(base, application, "projet"),
        form={"title": "Titre changé après le dépôt", "version": str(application.version)},
        headers={"X-CSRFToken": csrf, "Referer": detail_url},
        max_redirects=0,
    )
    assert response.status == 302 and response.headers["location"].endswith(
        f"/compte/candidatures/{application.pk}/"
    )
    application.refresh_from_db()
    assert application.title == "Jardins partagés à Ziguinchor"
    # …and submitting again only says it is already submitted.
    page.goto(submit_url)
    assert page.url == detail_url
    take_console_errors(page)


# 2. The closing time


def test_submission_after_the_closing_time_is_refused(
    page: Page, live_server, demo: Call, browser: Browser
):
    base = live_server.url
    call = demo
    draft = Application.objects.get(call=call, applicant__email=INES)
    assert draft.state == ApplicationState.DRAFT

    log_in(page, base, INES)
    submit_url = f"{base}/compte/candidatures/{draft.pk}/deposer/"
    visit(page, submit_url, "submit-before-closing")
    assert problems_listed(page) == []  # complete: only the clock can stop it

    # The call closes while the draft is open in the browser.
    closed_at = timezone.now() - timedelta(minutes=5)
    Call.objects.filter(pk=call.pk).update(closes_at=closed_at)
    submit_application(page)
    check_axe(page, "submit-after-closing")
    problems = problems_listed(page)
    assert len(problems) == 1, problems
    assert re.search(r"clôtur|closed", problems[0]), problems
    assert str(timezone.localtime(closed_at).year) in problems[0], problems
    # Nothing offers to submit any more; the banner says the draft will never be seen.
    expect(page.locator("main form[method=post]")).to_have_count(0)
    expect(page.locator("main .alert-secondary[role=status]")).to_have_count(1)
    draft.refresh_from_db()
    assert draft.state == ApplicationState.DRAFT
    assert draft.reference is None and draft.submitted_at is None

    # Someone with no application: the call's pages no longer offer to apply.
    context = browser.new_context(locale="fr-FR")
    other = context.new_page()
    log_in(other, base, JEUNE)
    visit(other, f"{base}/appels/{call.slug}/", "call-closed")
    expect(other.locator("main a[href$='/candidater/']")).to_have_count(0)
    visit(other, f"{base}/appels/{call.slug}/candidater/", "apply-closed")
    expect(other.locator("main form[method=post]")).to_have_count(0)
    expect(other.locator("main .alert")).to_have_count(1)
    # A hand-made POST does not create a draft either.
    csrf = next(c["value"] for c in context.cookies() if c["name"] == "csrftoken")
    response = other.request.post(
        f"{base}/appels/{call.slug}/candidater/",
        headers={"X-CSRFToken": csrf, "Referer": f"{base}/appels/{call.slug}/candidater/"},
        max_redirects=0,
    )
    assert response.status == 302
    assert not Application.objects.filter(call=call, applicant__email=JEUNE).exists()
    context.close()


# 3. Uploads


def test_uploads_are_checked_by_content_and_size_and_never_public(
    page: Page, live_server, demo: Call, browser: Browser, scratch: Path
):
    base = live_server.url
    call = demo
    log_in(page, base, JEUNE)
    visit(page, f"{base}/appels/{call.slug}/candidater/", "apply")
    page.locator("main form[method=post] button[type=submit]").click()
    page.wait_for_url("**/modifier/porteur/")
    application = Application.objects.get(call=call, applicant__email=JEUNE)
    documents_url = section_url(base, application, "pieces")
    visit(page, documents_url, "documents")
    letter = call.required_documents.get(label=PARTNER_LETTER)

    # A Windows executable renamed .pdf.
    fake = scratch / "lettre.pdf"
    fake.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(range(256)) * 64)
    page.locator("#id_required_document").select_option(str(letter.pk))
    page.locator("#id_file").set_input_files(str(fake))
    page.locator("main form[enctype] [type=submit]").click()
    check_axe(page, "upload-exe-refused")
    error = field_error(page, "id_file")
    expect(error).to_have_count(1)
    expect(error).to_contain_text(re.compile(r"PDF, JPEG, PNG"))
    expect(page.locator("#id_file")).to_have_attribute("aria-invalid", "true")
    # The error is part of the field's accessible description: every id that
    # aria-describedby names exists (templates/bootstrap5/layout/field_errors*.html).
    described_by = page.locator("#id_file").get_attribute("aria-describedby").split()
    assert "id_file_error" in described_by
    for described in described_by:
        expect(page.locator(f"#{described}")).to_have_count(1)
    expect(page.locator("#id_file_error")).to_contain_text(re.compile(r"PDF, JPEG, PNG"))
    assert not application.documents.exists()

    # A 30 MB PDF: refused, the message names the 10 MB limit.
    big = scratch / "gros-dossier.pdf"
    with big.open("wb") as handle:
        handle.write(VALID_PDF)
        handle.truncate(30 * 1024 * 1024)
    page.locator("#id_required_document").select_option(str(letter.pk))
    page.locator("#id_file").set_input_files(str(big))
    page.locator("main form[enctype] [type=submit]").click()
    check_axe(page, "upload-too-large-refused")
    error = field_error(page, "id_file")
    expect(error).to_have_count(1)
    expect(error).to_contain_text(re.compile(r"10[,.]0\s*(Mio|Mo|MiB|MB)"))
    expect(error).to_contain_text(re.compile(r"30[,.]0\s*(Mio|Mo|MiB|MB)"))
    assert not application.documents.exists()

    # A real PDF is accepted…
    page.locator("#id_required_document").select_option(str(letter.pk))
    page.locator("#id_file").set_input_files(str(make_pdf(scratch, "lettre-ok.pdf")))
    page.locator("main form[enctype] [type=submit]").click()
    check_axe(page, "upload-accepted")
    document = application.documents.get()
    link = page.locator("main table a", has_text="lettre-ok.pdf")
    file_url = base + link.get_attribute("href")
    assert file_url == f"{base}/compte/candidatures/fichiers/{document.pk}/"
    # …and downloadable by its applicant, privately.
    response = page.request.get(file_url)
    assert response.status == 200
    assert response.body() == VALID_PDF
    assert "no-store" in response.headers["cache-control"]

    # Stored outside anything served: not under the static files, not under /media/.
    stored = Path(document.file.path).resolve()
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    for static in [settings.STATIC_ROOT, *settings.STATICFILES_DIRS]:
        assert not stored.is_relative_to(Path(static).resolve())

    anonymous = browser.new_context(locale="fr-FR")
    response = anonymous.request.get(file_url, max_redirects=0)
    assert response.status == 302 and "/compte/login/" in response.headers["location"]
    relative = document.file.name  # calls/applications/<pk>/documents/lettre-ok.pdf
    media_root_name = Path(settings.MEDIA_ROOT).name
    for public_path in [
        f"/media/{relative}",
        f"/static/{relative}",
        f"/{media_root_name}/{relative}",
        f"/private-media/{relative}",
    ]:
        response = anonymous.request.get(base + public_path, max_redirects=0)
        assert response.status == 404, (public_path, response.status)
    # Nor at the storage path itself (Django's test server serves MEDIA_URL when it is
    # a path: the settings point it at a host that cannot exist).
    response = anonymous.request.get(f"{base}/{relative}", max_redirects=0)
    assert response.status == 404
    assert Client().get(f"/{relative}").status_code == 404
    anonymous.close()

    # Another applicant, logged in, gets a 404 too.
    stranger_context = browser.new_context(locale="fr-FR")
    stranger = stranger_context.new_page()
    log_in(stranger, base, INES)
    assert stranger.request.get(file_url, max_redirects=0).status == 404
    stranger_context.close()


# 4. Keyboard


def test_carrier_section_is_filled_and_saved_with_the_keyboard_only(
    page: Page, live_server, demo: Call
):
    base = live_server.url
    call = demo
    log_in(page, base, JEUNE)
    visit(page, f"{base}/appels/{call.slug}/candidater/", "apply")
    page.locator("main form[method=post] button[type=submit]").press("Enter")
    page.wait_for_url("**/modifier/porteur/")
    application = Application.objects.get(call=call, applicant__email=JEUNE)
    page.wait_for_url(section_url(base, application, "porteur"))
    check_axe(page, "section-carrier")

    # From the first field: the radio group, then Tab through the form to its save button.
    page.locator("input[name=carrier_kind]").first.focus()
    page.keyboard.press("Space")  # chooses "association"
    reached = []
    for _ in range(15):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => [document.activeElement.id, document.activeElement.name || '']"
        )
        reached.append(focused)
        if focused[0] == "id_carrier_name":
            page.keyboard.type("Association Jeunes du Monde 92")
        if focused[1] == "continue":
            break
    assert reached[-1][1] == "continue", reached
    assert ["id_carrier_name", "carrier_name"] in reached, reached
    page.keyboard.press("Enter")
    page.wait_for_url(section_url(base, application, "equipe"))
    check_axe(page, "section-team-after-keyboard")
    application.refresh_from_db()
    assert application.carrier_kind == CarrierKind.ASSOCIATION
    assert application.carrier_name == "Association Jeunes du Monde 92"
