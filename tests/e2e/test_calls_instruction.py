"""Issue 5's instruction journey in a real browser, on the demo data (“Done when”, second
bullet): ``agent92`` requests changes to Yanis Bernard's submitted application, Yanis
answers and submits again, ``jury92`` declares no conflict and scores it, a committee
session grants an amount within the envelope (an amount beyond what remains is refused),
Yanis sees the decision, the grant's instalments and the thread; the officer of 94 gets a
404 on every staff page of it. Every page visited is checked with axe-core.
"""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from calls.models import (
    Application,
    ApplicationState,
    Call,
    CommitteeDecision,
    CommitteeSession,
    CommitteeState,
    Decision,
    InstalmentKind,
    ReviewAssignment,
)
from partners.models import User
from tests.e2e.helpers import check_axe, log_in, new_page, visit
from tests.e2e.test_calls_applicant import amounts_in, section_url

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AGENT92 = "agent92@demo.example.org"
AGENT94 = "agent94@demo.example.org"
JURY92 = "jury92@demo.example.org"
YANIS = "yanis.bernard@demo.example.org"  # his application to the open call is submitted
STRUCTURE = "structure@demo.example.org"  # her application is eligible

CHANGES_ASKED = "Merci de joindre le devis du transport et de détailler le partenariat local."
REPLY = "Bonjour, le partenariat est détaillé dans la section Projet. Yanis"
PARTNER_DETAILS = "Convention signée le 3 mars avec Wend Panga : cantine, suivi à deux ans."


# Fixtures and helpers


def click_and_check(page: Page, selector: str, name: str) -> None:
    """Clicks the one element matching `selector` (a form's button), waits for the page
    it leads to, and checks it."""
    target = page.locator(selector)
    expect(target).to_have_count(1)
    with page.expect_navigation():
        target.click()
    check_axe(page, name)


def transition_button(to_state: str) -> str:
    """The button of the staff page's transition form towards `to_state`."""
    return f"main form:has(input[name=to_state][value={to_state}]) button[type=submit]"


def mails_to(email: str, *needles: str) -> list:
    """The e-mails of the outbox sent to `email` whose subject or body holds every needle."""
    return [
        message
        for message in mail.outbox
        if message.to == [email]
        and all(needle in message.subject + "\n" + message.body for needle in needles)
    ]


def normalised(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def euros(amount: Decimal) -> str:
    """An integral amount as `amounts_in` reads it: "9 500 €"."""
    return f"{int(amount):,} €".replace(",", " ")


def csrf_headers(page: Page, referer: str) -> dict:
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    return {"X-CSRFToken": token, "Referer": referer}


# The journey


def test_changes_requested_resubmitted_reviewed_granted_and_hidden_from_another_department(
    page: Page, live_server, demo: Call, browser: Browser
):
    base = live_server.url
    call = demo
    application = Application.objects.get(call=call, applicant__email=YANIS)
    other = Application.objects.get(call=call, applicant__email=STRUCTURE)
    assert application.state == ApplicationState.SUBMITTED
    assert other.state == ApplicationState.ELIGIBLE
    assert application.requested_amount == Decimal("3500")
    reference = application.reference
    jury = User.objects.get(email=JURY92)
    agent = User.objects.get(email=AGENT92)
    call_url = f"{base}/espace/92/appels/{call.slug}/"
    list_url = f"{call_url}candidatures/"
    staff_url = f"{list_url}{application.pk}/"
    staff_path = staff_url.removeprefix(base)
    applicant_url = f"{base}/compte/candidatures/{application.pk}/"
    staff_urls = {call_url, list_url, staff_url}  # every 92 staff page visited (step 6)
    mail.outbox.clear()

    # 1. agent92 starts the instruction, then asks for changes.
    officer = page
    log_in(officer, base, AGENT92)
    # A11Y (moderate, not blocking): axe "region" on every staff page, the ".staff-bar" of
    # templates/layouts/staff.html lies outside any landmark.
    visit(officer, list_url, "staff-applications")
    row = officer.locator("main table tbody tr", has=officer.locator(f"a[href='{staff_path}']"))
    expect(row).to_have_count(1)
    officer.locator(f"main a[href='{staff_path}']").click()
    officer.wait_for_url(staff_url)
    check_axe(officer, "staff-application-submitted")
    # Only "start the instruction" is offered on a submitted application.
    expect(officer.locator("main form input[name=to_state]")).to_have_count(1)
    click_and_check(officer, transition_button(ApplicationState.UNDER_REVIEW), "staff-under-review")
    application.refresh_from_db()
    assert application.state == ApplicationState.UNDER_REVIEW
    assert officer.url == staff_url

    # A request without its message is refused, the page says why next to the message field.
    click_and_check(
        officer, transition_button(ApplicationState.CHANGES_REQUESTED), "staff-changes-no-reason"
    )
    reason = officer.locator("#id_changes_requested_reason")
    expect(reason).to_have_attribute("aria-invalid", "true")
    expect(officer.locator("[id^=error_][id$=_id_changes_requested_reason]")).to_contain_text(
        "Rédigez le motif"
    )
    application.refresh_from_db()
    assert application.state == ApplicationState.UNDER_REVIEW
    officer.locator("#id_changes_requested_reason").fill(CHANGES_ASKED)
    click_and_check(
        officer, transition_button(ApplicationState.CHANGES_REQUESTED), "staff-changes-requested"
    )
    application.refresh_from_db()
    assert application.state == ApplicationState.CHANGES_REQUESTED
    expect(officer.locator("main section[aria-labelledby=thread-title]")).to_contain_text(
        CHANGES_ASKED
    )
    asked = mails_to(YANIS, reference, CHANGES_ASKED)
    assert len(asked) == 1, [(m.to, m.subject) for m in mail.outbox]
    assert applicant_url.removeprefix(base) in asked[0].body

    # The applicant sees the request and the thread, answers, edits a section, resubmits.
    applicant = new_page(browser)
    log_in(applicant, base, YANIS)
    visit(applicant, applicant_url, "applicant-changes-requested")
    expect(applicant.locator("main .alert-warning[role=status]")).to_have_count(1)
    thread = applicant.locator("main section[aria-labelledby=thread-title]")
    expect(thread).to_contain_text(CHANGES_ASKED)
    expect(applicant.locator("main section[aria-labelledby=timeline-title]")).to_contain_text(
        CHANGES_ASKED
    )
    applicant.locator("#id_message_body").fill(REPLY)
    click_and_check(applicant, "main form[action$='/messages/'] [type=submit]", "applicant-reply")
    assert applicant.url == applicant_url
    expect(thread).to_contain_text(REPLY)
    assert len(mails_to(AGENT92, reference, REPLY)) == 1, [(m.to, m.subject) for m in mail.outbox]

    visit(applicant, section_url(base, application, "projet"), "applicant-section-project")
    applicant.locator("#id_local_partner_details").fill(PARTNER_DETAILS)
    click_and_check(applicant, "main button[name=save]", "applicant-section-project-saved")
    application.refresh_from_db()
    assert application.local_partner_details == PARTNER_DETAILS
    assert application.state == ApplicationState.CHANGES_REQUESTED

    visit(applicant, f"{applicant_url}deposer/", "applicant-submit-again")
    expect(applicant.locator("main .alert-danger li")).to_have_count(0)
    click_and_check(applicant, "main form[method=post] button[type=submit]", "applicant-receipt")
    assert applicant.url == f"{applicant_url}recepisse/"
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED
    assert application.reference == reference  # the same reference, not a new one
    assert application.submitted_snapshot["project"]["local_partner_details"] == PARTNER_DETAILS, (
        application.submitted_snapshot
    )
    assert len(mails_to(AGENT92, reference)) == 2  # the reply, then "submitted again"
    assert len(mails_to(YANIS, reference)) == 2  # the request, then the new receipt

    # 2. agent92 instructs again and assigns jury92 (only the reviewers of 92 are offered).
    visit(officer, staff_url, "staff-resubmitted")
    expect(officer.locator("main")).to_contain_text(PARTNER_DETAILS)
    expect(officer.locator("main section[aria-labelledby=thread-title]")).to_contain_text(REPLY)
    expect(officer.locator("#id_assign_reviewer")).to_have_count(0)  # submitted: not yet
    click_and_check(officer, transition_button(ApplicationState.UNDER_REVIEW), "staff-review-2")
    application.refresh_from_db()
    assert application.state == ApplicationState.UNDER_REVIEW
    options = officer.locator("#id_assign_reviewer option")
    offered = [value for value in options.evaluate_all("os => os.map(o => o.value)") if value]
    assert offered == [str(jury.pk)], offered
    officer.locator("#id_assign_reviewer").select_option(str(jury.pk))
    click_and_check(officer, "main form[action$='/evaluateurs/'] button", "staff-assigned")
    assignment = ReviewAssignment.objects.get(application=application)
    assert assignment.reviewer == jury and assignment.conflict_declared is None
    expect(officer.locator("#id_assign_reviewer")).to_have_count(0)  # nobody left to offer
    assert len(mails_to(JURY92, reference)) == 1, [(m.to, m.subject) for m in mail.outbox]

    # 3. jury92 declares no conflict, scores each criterion (one not applicable), submits.
    reviewer = new_page(browser)
    log_in(reviewer, base, JURY92)
    reviews_url = f"{base}/espace/92/evaluations/"
    review_url = f"{reviews_url}{assignment.pk}/"
    visit(reviewer, reviews_url, "reviewer-list")
    review_path = review_url.removeprefix(base)
    link = reviewer.locator(f"main table a[href='{review_path}']")
    expect(link).to_contain_text(reference)
    link.click()
    reviewer.wait_for_url(review_url)
    check_axe(reviewer, "reviewer-declaration")
    expect(reviewer.locator("main select[name^=score_]")).to_have_count(0)  # declare first
    reviewer.locator("main input[name=conflict][value=no]").check()
    click_and_check(reviewer, "main form[action$='/declaration/'] button", "reviewer-scores")
    assert reviewer.url == review_url
    assignment.refresh_from_db()
    assert assignment.conflict_declared is False

    criteria = list(call.criteria.order_by("position", "pk"))
    assert [(c.weight, c.max_score) for c in criteria] == [
        (Decimal(3), 5),
        (Decimal(2), 5),
        (Decimal(2), 5),
        (Decimal(1), 5),
    ]
    given = {criteria[0].pk: "4", criteria[1].pk: "5", criteria[2].pk: "3", criteria[3].pk: "na"}
    for number, (criterion_pk, value) in enumerate(given.items(), start=1):
        reviewer.locator(f"main select[name=score_{criterion_pk}]").select_option(value)
        reviewer.locator(f"main textarea[name=comment_{criterion_pk}]").fill(
            f"Commentaire {number} du jury."
        )
    click_and_check(reviewer, "main button[name=submit]", "reviewer-submitted")
    assignment.refresh_from_db()
    assert assignment.submitted_at is not None
    stored = {s.criterion_id: s.value for s in assignment.scores.all()}
    assert stored == {
        criteria[0].pk: Decimal(4),
        criteria[1].pk: Decimal(5),
        criteria[2].pk: Decimal(3),
        criteria[3].pk: None,
    }
    # Submitted: read-only from now on.
    expect(reviewer.locator("main select[name^=score_]")).to_have_count(0)
    expect(reviewer.locator("main button[name=submit]")).to_have_count(0)
    expect(reviewer.locator("main section[aria-labelledby=scores-title]")).to_contain_text(
        "Commentaire 4 du jury."
    )
    visit(reviewer, reviews_url, "reviewer-list-submitted")
    mine = reviewer.locator("main table tbody tr", has=reviewer.locator(f"a[href='{review_path}']"))
    expect(mine.locator(".status-accepted")).to_have_count(1)
    # A hand-made POST changes nothing either.
    reviewer.request.post(
        review_url,
        headers=csrf_headers(reviewer, review_url),
        form={f"score_{criteria[0].pk}": "0", "submit": "1"},
    )
    assert {s.criterion_id: s.value for s in assignment.scores.all()} == stored

    # 4. The score: weighted average of the scored criteria on 20, "not applicable" left
    # out: 20 × (3×4/5 + 2×5/5 + 2×3/5) / (3+2+2) = 16 (it would be 14 counted as 0).
    visit(officer, list_url, "staff-applications-scored")
    row = officer.locator("main table tbody tr", has=officer.locator(f"a[href='{staff_path}']"))
    expect(row.locator("td").nth(3)).to_have_text("16")
    ranking_url = f"{call_url}classement/"
    staff_urls.add(ranking_url)
    visit(officer, ranking_url, "staff-ranking")
    ranked = officer.locator("main table tbody tr")
    ranks = [normalised(t) for t in ranked.locator("td:first-child").all_inner_texts()]
    paths = ranked.locator("th a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    position = paths.index(staff_path)
    # rank, project, state, score /20, spread /20 (one review: none), reviews, requested
    cells = [normalised(t) for t in ranked.nth(position).locator("td").all_inner_texts()]
    assert cells[0] == str(position + 1) and cells[3:6] == ["16", "–", "1 / 1"], cells
    assert amounts_in(cells[6]) == ["3 500 €"], cells
    # Best score first: every application ranked above has a score of at least 16.
    scores = [normalised(t) for t in ranked.locator("td:nth-child(5)").all_inner_texts()]
    assert all(float(s.replace(",", ".")) >= 16 for s in scores[:position]), scores
    assert ranks[: position + 1] == [str(n) for n in range(1, position + 2)], ranks

    visit(officer, staff_url, "staff-reviewed")
    reviews = officer.locator("main section[aria-labelledby=reviews-title]")
    expect(reviews).to_contain_text("Commentaire 1 du jury.")
    expect(reviews).to_contain_text(re.compile(r"16\s*/\s*20"))
    click_and_check(officer, transition_button(ApplicationState.ELIGIBLE), "staff-eligible")
    application.refresh_from_db()
    assert application.state == ApplicationState.ELIGIBLE

    # The council cuts the envelope: what is already granted, plus the structure's 3 500 €
    # and 3 000 € for Yanis, exhausts it.
    granted_before = sum(
        (a.granted_amount for a in call.applications.filter(granted_amount__isnull=False)),
        start=Decimal(0),
    )
    cut = granted_before + Decimal("6500")
    edit_url = f"{call_url}modifier/"
    staff_urls.add(edit_url)
    visit(officer, edit_url, "staff-call-edit")
    officer.locator("#id_envelope").fill(str(cut))
    click_and_check(officer, "main form[method=post] button[type=submit]", "staff-call-saved")
    assert officer.url == call_url
    call.refresh_from_db()
    assert call.envelope == cut and call.max_grant_amount == Decimal("5000")

    # A committee session; the eligible applications make its agenda.
    committees_url = f"{call_url}comites/"
    staff_urls.add(committees_url)
    visit(officer, committees_url, "staff-committees")
    officer.locator(f"main a[href='{committees_url.removeprefix(base)}nouveau/']").click()
    officer.wait_for_url(f"{committees_url}nouveau/")
    check_axe(officer, "staff-committee-new")
    meeting = timezone.localdate() + timedelta(days=7)
    officer.locator("#id_date").fill(f"{meeting.isoformat()}T14:30")
    officer.locator("#id_place").fill("Hôtel du Département, Nanterre, salle 3")
    officer.locator(f"main input[name=members_present][value='{agent.pk}']").check()
    officer.locator(f"main input[name=members_present][value='{jury.pk}']").check()
    officer.locator("#id_other_attendees").fill("Mme Diallo, élue déléguée à la jeunesse")
    click_and_check(officer, "main form[method=post] [type=submit]", "staff-committee")
    session = CommitteeSession.objects.filter(call=call).latest("pk")
    session_url = f"{committees_url}{session.pk}/"
    minutes_url = f"{session_url}proces-verbal/"
    staff_urls |= {session_url, minutes_url}
    assert officer.url == session_url
    assert {u.email for u in session.members_present.all()} == {AGENT92, JURY92}
    agenda = officer.locator("main table tbody tr")
    expect(agenda).to_have_count(2)  # the two eligible applications of the call
    expect(agenda.first.locator("th a")).to_have_attribute("href", staff_path)

    # BUG (French catalogue): the decision form's "Record" button reads "Fiche" (a noun),
    # msgid "Record" being shared with templates/partners/staff/organisation_detail.html;
    # the button is found by its form, not by its text.
    def decide(target: Application, amount: str, name: str) -> None:
        form = officer.locator(f"main form[action$='/decisions/{target.pk}/']")
        details = officer.locator(
            "main details", has=officer.locator(f"form[action$='/decisions/{target.pk}/']")
        )
        if details.get_attribute("open") is None:
            details.locator("summary").click()
        form.locator(f"input[name=decision][value={Decision.ACCEPTED}]").check()
        form.locator("input[name=amount]").fill(amount)
        click_and_check(officer, f"main form[action$='/decisions/{target.pk}/'] button", name)

    decide(other, "3 500", "committee-other-accepted")
    assert CommitteeDecision.objects.get(application=other).amount == Decimal("3500")
    # 3 500 € for Yanis (his request, within the 5 000 € maximum) exceeds what remains.
    decide(application, "3 500", "committee-over-envelope")
    # The refusal stands next to the amount it is about.
    amount_field = officer.locator(
        f"main form[action$='/decisions/{application.pk}/'] [name=amount]"
    )
    expect(amount_field).to_have_attribute("aria-invalid", "true")
    refusal = officer.locator(
        f"main form[action$='/decisions/{application.pk}/'] [id^=error_][id$=_amount]"
    )
    expect(refusal).to_have_count(1)
    assert amounts_in(refusal.inner_text()) == ["3 000 €", euros(cut)], refusal.inner_text()
    assert not CommitteeDecision.objects.filter(application=application).exists()
    decide(application, "3 000", "committee-accepted")
    assert CommitteeDecision.objects.get(application=application).amount == Decimal("3000")
    envelope = normalised(officer.locator("main dl.envelope").inner_text())
    # envelope, granted (every session), accepted by planned sessions, remaining
    assert amounts_in(envelope) == [euros(cut), euros(granted_before), "6 500 €", "0 €"], envelope

    click_and_check(officer, "main form[action$='/cloturer/'] button", "committee-held")
    session.refresh_from_db()
    assert session.state == CommitteeState.HELD
    application.refresh_from_db()
    assert application.state == ApplicationState.ACCEPTED
    assert application.granted_amount == Decimal("3000")
    envelope = normalised(officer.locator("main dl.envelope").inner_text())
    # envelope, granted (every session), remaining: nothing pending any more
    assert amounts_in(envelope) == [euros(cut), euros(cut), "0 €"], envelope
    expect(officer.locator("main form[action*='/decisions/']")).to_have_count(0)

    visit(officer, minutes_url, "committee-minutes")
    decision_row = officer.locator("main table tbody tr", has_text=reference)
    expect(decision_row).to_have_count(1)
    assert amounts_in(decision_row.inner_text()) == ["3 000 €"]
    assert amounts_in(officer.locator("main table tfoot").inner_text()) == ["6 500 €"]
    expect(officer.locator("main .alert-warning")).to_have_count(0)  # held: final

    visit(officer, staff_url, "staff-accepted")
    grant = officer.locator("main section[aria-labelledby=grant-title]")
    expect(grant.locator("tbody tr")).to_have_count(2)

    # 5. Yanis sees the decision, the grant's instalments and the thread; and the e-mail.
    visit(applicant, applicant_url, "applicant-accepted")
    decision = applicant.locator("main section[aria-labelledby=decision-title]")
    assert amounts_in(decision.locator("p").first.inner_text()) == ["3 000 €"]
    instalments = application.grant.instalments.order_by("pk")
    assert [(i.kind, i.amount) for i in instalments] == [
        (InstalmentKind.ADVANCE, Decimal("2100.00")),
        (InstalmentKind.BALANCE, Decimal("900.00")),
    ]
    rows = decision.locator("table tbody tr")
    expect(rows).to_have_count(2)
    assert amounts_in(rows.nth(0).inner_text()) == ["2 100 €"]
    assert amounts_in(rows.nth(1).inner_text()) == ["900 €"]
    expect(thread).to_contain_text(CHANGES_ASKED)
    expect(thread).to_contain_text(REPLY)
    decided = [m for m in mails_to(YANIS, reference) if "3 000 €" in amounts_in(m.body)]
    assert len(decided) == 1, [(m.to, m.subject, m.body) for m in mails_to(YANIS, reference)]
    assert applicant_url.removeprefix(base) in decided[0].body
    applicant.context.close()
    reviewer.context.close()

    # 6. The officer of 94: every one of these pages is a 404, reading or writing.
    outsider = new_page(browser)
    log_in(outsider, base, AGENT94)
    visit(outsider, f"{base}/espace/94/appels/", "agent94-own-calls")  # logged in, staff
    staff_urls |= {
        f"{list_url}export.csv",
        f"{list_url}export.xlsx",
        f"{call_url}pieces/",
        f"{call_url}criteres/",
        f"{committees_url}nouveau/",
        f"{session_url}modifier/",
        reviews_url,
        review_url,
    }
    statuses = {url: outsider.request.get(url, max_redirects=0).status for url in staff_urls}
    assert set(statuses.values()) == {404}, statuses
    headers = csrf_headers(outsider, f"{base}/espace/94/appels/")
    posts = {
        f"{staff_url}transition/": {"to_state": ApplicationState.CLOSED},
        f"{staff_url}messages/": {"body": "Intrusion"},
        f"{staff_url}evaluateurs/": {"reviewer": str(jury.pk)},
        f"{session_url}decisions/{application.pk}/": {"decision": "rejected", "motivation": "x"},
        f"{session_url}cloturer/": {},
        f"{review_url}declaration/": {"conflict": "yes", "details": "x"},
    }
    statuses = {
        url: outsider.request.post(url, headers=headers, form=form, max_redirects=0).status
        for url, form in posts.items()
    }
    assert set(statuses.values()) == {404}, statuses
    application.refresh_from_db()
    assert application.state == ApplicationState.ACCEPTED
    assert application.messages.count() == 2  # the request and the reply, nothing more
    outsider.context.close()
