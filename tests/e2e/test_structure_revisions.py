"""A published structure's renaming, proposed by its manager and reviewed by its
department, in a real browser, with axe-core on every page of the way."""

import pytest
from playwright.sync_api import Page, expect

from partners.models import Organisation, RevisionStatus, StructureRevision
from tests.e2e.helpers import check_axe, log_in, new_page, visit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NEW_NAME = "Artisans du Monde Val-de-Marne"


def test_a_renaming_waits_for_the_department_which_refuses_it_with_a_reason(
    page: Page, browser, live_server, structure_manager, artisans_du_monde, officer94
):
    Organisation.objects.filter(pk=artisans_du_monde.pk).update(rna="W941234567")
    edit = f"/compte/structures/{artisans_du_monde.slug}/modifier/"
    log_in(page, live_server.url, structure_manager.email)
    visit(page, live_server.url + edit, "structure-edit-published")

    page.locator("#id_name").fill(NEW_NAME)
    page.locator("form[novalidate] button[type=submit]").click()
    page.wait_for_load_state()

    # Back on the form: the proposal, next to the public values, and the button to take it back.
    assert page.url.endswith(edit)
    expect(page.locator("#pending-title")).to_be_visible()
    expect(page.locator("#id_name")).to_have_value(NEW_NAME)
    check_axe(page, "structure-edit-pending")
    visit(page, live_server.url + "/compte/", "account-with-pending-changes")
    visit(page, live_server.url + f"/structures/{artisans_du_monde.slug}/", "structure-public")
    expect(page.get_by_role("heading", level=1)).to_have_text("Artisans du Monde")

    staff = new_page(browser)
    log_in(staff, live_server.url, officer94.email)
    visit(staff, live_server.url + "/espace/94/structures/", "staff-structures-with-pending")
    visit(staff, live_server.url + "/espace/94/structures/modifications/", "staff-revisions")
    staff.locator("main section.card a.btn").first.click()
    staff.wait_for_load_state()
    expect(staff.locator("h1")).to_contain_text("Artisans du Monde")
    check_axe(staff, "staff-revision-detail")

    # A refusal without a reason is refused next to the field.
    staff.locator("form[novalidate] button[type=submit]").click()
    staff.wait_for_load_state()
    expect(staff.locator("#id_reason")).to_have_attribute("aria-invalid", "true")
    check_axe(staff, "staff-revision-refuse-errors")
    staff.locator("#id_reason").fill("Les statuts déposés portent toujours l’ancien nom.")
    staff.locator("form[novalidate] button[type=submit]").click()
    staff.wait_for_load_state()
    check_axe(staff, "staff-revisions-after-refusal")
    revision = StructureRevision.objects.get(organisation=artisans_du_monde)
    assert revision.status == RevisionStatus.REFUSED

    visit(page, live_server.url + edit, "structure-edit-refused")
    expect(page.locator("#refused-title")).to_be_visible()
    expect(page.locator("#id_name")).to_have_value("Artisans du Monde")
