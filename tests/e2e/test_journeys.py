"""The foundation's user journeys, in a real browser, with axe-core on every page."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from partners.models import Organisation, PublicationStatus
from tests.e2e.helpers import check_axe, log_in, take_console_errors, visit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_visitor_finds_artisans_du_monde_by_words_and_by_theme(
    page: Page, live_server, artisans_du_monde, themes
):
    visit(page, live_server.url + "/", "home")
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Annuaire de l’ESS"
    ).click()
    check_axe(page, "directory")

    page.get_by_label("Recherche").fill("artisans monde")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_role("heading", name="1 structure")).to_be_visible()
    expect(page.get_by_role("link", name="Artisans du Monde")).to_be_visible()
    assert "q=artisans+monde" in page.url
    check_axe(page, "directory-search")

    page.goto(live_server.url + "/structures/")
    page.get_by_label("Thématique", exact=True).select_option(label="Commerce équitable")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_role("link", name="Artisans du Monde")).to_be_visible()
    assert "theme=fair-trade" in page.url
    check_axe(page, "directory-theme")

    page.get_by_role("link", name="Artisans du Monde").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Artisans du Monde")
    check_axe(page, "structure")


@pytest.mark.parametrize(
    "path",
    [
        "/departements/",
        "/departements/94/",
        "/accessibilite/",
        "/mentions-legales/",
        "/donnees-personnelles/",
        "/compte/signup/",
        "/compte/password/reset/",
    ],
)
def test_public_page_is_accessible(page: Page, live_server, artisans_du_monde, path):
    visit(page, live_server.url + path, path.strip("/").replace("/", "-"))
    assert page.locator("h1").count() == 1
    assert page.locator("html").get_attribute("lang") == "fr"


def test_officer_reaches_own_workspace_and_not_another(
    page: Page, live_server, officer94, dept92, artisans_du_monde
):
    log_in(page, live_server.url, officer94.email)
    visit(page, live_server.url + "/espace/94/", "dashboard-94")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau de bord")
    page.get_by_role("link", name="Structures et partenaires").click()
    check_axe(page, "staff-structures")
    page.get_by_role("link", name="Artisans du Monde").click()
    check_axe(page, "staff-structure")

    response = page.goto(live_server.url + "/espace/92/")
    assert response.status == 404
    take_console_errors(page)  # the 404 itself is logged by the browser
    check_axe(page, "espace-92-not-found")


def test_admin_manages_the_team_with_the_keyboard(page: Page, live_server, admin94, officer94):
    log_in(page, live_server.url, admin94.email)
    visit(page, live_server.url + "/espace/94/membres/", "members")
    page.get_by_label("Adresse électronique").fill("nouvelle.agente@example.org")
    page.locator("#id_role").select_option("officer")
    page.locator("#id_role").press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Invitation envoyée à nouvelle.agente@example.org")).to_be_visible()
    check_axe(page, "members-invited")
    assert "/compte/invitations/" in mail.outbox[-1].body


def test_skip_link_is_the_first_stop_of_the_keyboard(page: Page, live_server):
    visit(page, live_server.url + "/", "home")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Aller au contenu principal")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    assert page.url.endswith("#contenu")


def test_visitor_switches_to_english_without_javascript(browser, live_server):
    context = browser.new_context(locale="fr-FR", java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/structures/")
    page.get_by_label("Langue").select_option("en")
    page.get_by_role("button", name="Changer").click()
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.get_by_role("heading", level=1)).to_have_text("ESS directory")
    context.close()


def test_new_actor_signs_up_registers_a_structure_that_the_officer_validates(
    page: Page, live_server, officer94, themes
):
    base = live_server.url
    visit(page, base + "/compte/signup/", "signup")
    page.locator("#id_email").fill("Nouvelle.Actrice@example.org")
    page.locator("#id_password1").fill("une phrase de passe solide")
    page.locator("#id_password2").fill("une phrase de passe solide")
    page.locator("main form button[type=submit]").click()
    check_axe(page, "verification-sent")

    confirmation = re.search(r"https?://\S+/compte/confirm-email/\S+/", mail.outbox[-1].body)
    assert confirmation, mail.outbox[-1].body
    page.goto(base + "/" + confirmation.group(0).split("/", 3)[3])
    check_axe(page, "confirm-email")
    page.get_by_role("button", name="Confirmer").click()
    page.wait_for_load_state()
    assert page.url.endswith("/compte/")
    check_axe(page, "account-home")

    page.get_by_role("link", name="Inscrire ma structure").click()
    check_axe(page, "structure-form")
    page.get_by_label("Nom").fill("Coopérative des Tisserands du Val")
    page.get_by_label("Forme juridique").select_option("scic")
    page.get_by_label("Département").select_option(label="Val-de-Marne (94)")
    page.get_by_label("SIREN").fill("123 456 78")  # one digit short
    page.get_by_role("button", name="Inscrire la structure").click()
    expect(page.get_by_text("Un numéro SIREN comporte exactement 9 chiffres.")).to_be_visible()
    expect(page.get_by_label("Nom")).to_have_value("Coopérative des Tisserands du Val")
    check_axe(page, "structure-form-errors")
    page.get_by_label("SIREN").fill("732 829 320")
    page.get_by_label("Commerce équitable").check()
    page.get_by_role("button", name="Inscrire la structure").click()
    check_axe(page, "structure-registered")
    structure = Organisation.objects.get(name="Coopérative des Tisserands du Val")
    assert structure.status == PublicationStatus.PENDING
    assert page.goto(base + f"/structures/{structure.slug}/").status == 404
    take_console_errors(page)

    page.context.clear_cookies()
    log_in(page, base, officer94.email)
    visit(page, base + "/espace/94/", "dashboard-pending")
    page.get_by_role("link", name="Coopérative des Tisserands du Val").click()
    page.get_by_role("button", name="Valider et publier").click()
    check_axe(page, "structure-validated")

    visit(page, base + f"/structures/{structure.slug}/", "structure-public")
    expect(page.get_by_role("heading", level=1)).to_have_text("Coopérative des Tisserands du Val")


def test_every_staff_page_of_an_admin_is_accessible(
    page: Page, live_server, admin94, officer94, artisans_du_monde
):
    log_in(page, live_server.url, admin94.email)
    membership = officer94.department_memberships.get()
    for path in [
        "/espace/94/",
        "/espace/94/structures/",
        "/espace/94/structures/?status=published&q=artisans",
        "/espace/94/structures/nouvelle/",
        f"/espace/94/structures/{artisans_du_monde.slug}/",
        f"/espace/94/structures/{artisans_du_monde.slug}/modifier/",
        "/espace/94/membres/",
        f"/espace/94/membres/{membership.pk}/retirer/",
        "/espace/94/parametres/",
    ]:
        visit(page, live_server.url + path, path.strip("/").replace("/", "-"))
        assert page.locator("h1").count() == 1, path


def test_every_account_page_of_a_structure_manager_is_accessible(
    page: Page, live_server, structure_manager, artisans_du_monde
):
    log_in(page, live_server.url, structure_manager.email)
    for path in [
        "/compte/",
        "/compte/profil/",
        "/compte/structures/nouvelle/",
        "/compte/structures/rejoindre/",
        "/compte/structures/rejoindre/?q=monde",
        f"/compte/structures/{artisans_du_monde.slug}/modifier/",
        "/compte/email/",
        "/compte/password/change/",
        "/compte/2fa/",
    ]:
        visit(page, live_server.url + path, path.strip("/").replace("/", "-"))
        assert page.locator("h1").count() == 1, path


def test_staff_form_keeps_what_was_typed_when_it_is_refused(
    page: Page, live_server, officer94, themes
):
    log_in(page, live_server.url, officer94.email)
    visit(page, live_server.url + "/espace/94/structures/nouvelle/", "new-record")
    page.get_by_label("Nom").fill("Régie de quartier de Thiais")
    page.locator("#id_kind").select_option("ess")
    page.locator("#id_legal_form").select_option("association")
    page.get_by_label("SIRET").fill("7328 2932 0000 75")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("#id_siret")).to_have_value("7328 2932 0000 75")
    expect(page.locator("#id_name")).to_have_value("Régie de quartier de Thiais")
    expect(page.get_by_text("Ce numéro SIRET n’est pas valide")).to_be_visible()
    check_axe(page, "new-record-errors")
