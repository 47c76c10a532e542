"""What an application lacks before it can be submitted: the rules of completeness,
as sentences for the applicant (re-exported by `calls.selectors`).

The reads it relies on are imported inside the functions: `calls.selectors` re-exports
this module, so importing them at the top would make the two modules wait for each
other."""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from calls.models import (
    Application,
    ApplicationState,
    Call,
    CallState,
    CarrierKind,
)
from common.formats import decimal_label, euros
from partners.models import PublicationStatus


def carrier_structure_problem(application: Application) -> str | None:
    """Why the structure chosen to carry the application cannot carry it (None when it
    can): only a structure the department has validated does. The draft may keep it
    meanwhile; the submission waits for the validation."""
    if application.carrier_kind == CarrierKind.INDIVIDUAL or not application.carrier_structure_id:
        return None
    structure = application.carrier_structure
    if structure is None or structure.status == PublicationStatus.PUBLISHED:
        return None
    if structure.status == PublicationStatus.PENDING:
        return _(
            "The structure %(name)s is awaiting validation by its department: it can carry "
            "the application once validated. Your draft is kept meanwhile (section “Carrier”)."
        ) % {"name": structure.name}
    return _(
        "The structure %(name)s is archived: it can no longer carry an application "
        "(section “Carrier”)."
    ) % {"name": structure.name}


def _problems_of_carrier(application: Application, call: Call) -> list[str]:
    problems = []
    structure_problem = carrier_structure_problem(application)
    if structure_problem:
        problems.append(structure_problem)
    if not application.carrier_kind:
        problems.append(_("Say who carries the project (section “Carrier”)."))
    elif application.carrier_kind not in call.applicant_kinds:
        problems.append(
            _("This call does not accept applications carried by %(kind)s.")
            % {"kind": application.get_carrier_kind_display()}
        )
    elif application.carrier_kind != CarrierKind.INDIVIDUAL and not (
        application.carrier_structure_id or application.carrier_name
    ):
        problems.append(_("Give the name of the carrying structure (section “Carrier”)."))
    return problems


def _problems_of_team(application: Application, call: Call, members: list) -> list[str]:
    from calls.selectors.base import age_on

    problems = []
    count = len(members)
    if count == 0:
        problems.append(_("Add the members of the team (section “Team”)."))
    if call.min_team_size and count < call.min_team_size:
        problems.append(
            _("The team has %(count)s members; the call asks for at least %(min)s.")
            % {"count": count, "min": call.min_team_size}
        )
    if call.max_team_size and count > call.max_team_size:
        problems.append(
            _("The team has %(count)s members; the call accepts at most %(max)s.")
            % {"count": count, "max": call.max_team_size}
        )
    for member in members:
        name = str(member)
        missing = [
            label
            for label, value in (
                (_("first name"), member.first_name),
                (_("last name"), member.last_name),
                (_("date of birth"), member.birth_date),
                (_("town"), member.town),
            )
            if not value
        ]
        if missing:
            problems.append(
                _("Team member %(name)s: give the %(fields)s.")
                % {"name": name, "fields": ", ".join(str(m) for m in missing)}
            )
        if member.birth_date and application.departure_date:
            age = age_on(member.birth_date, application.departure_date)
            if call.min_age is not None and age < call.min_age:
                problems.append(
                    _(
                        "%(name)s is %(age)s on the departure date; the call is for people aged "
                        "%(min)s or more."
                    )
                    % {"name": name, "age": age, "min": call.min_age}
                )
            if call.max_age is not None and age > call.max_age:
                problems.append(
                    _(
                        "%(name)s is %(age)s on the departure date; the call is for people aged "
                        "%(max)s at most."
                    )
                    % {"name": name, "age": age, "max": call.max_age}
                )
        if call.must_be_attached_to_department and not member.attached_to_department:
            problems.append(
                _("%(name)s must live, study or work in %(department)s to take part.")
                % {"name": name, "department": call.department.name}
            )
    return problems


def _problems_of_project(application: Application, call: Call) -> list[str]:
    problems = []
    for label, value in (
        (_("the title of the project"), application.title),
        (_("the destination country"), application.destination_country),
        (_("the local partner"), application.local_partner),
        (_("the departure date"), application.departure_date),
        (_("the return date"), application.return_date),
        (_("the description of the project"), application.description),
        (_("the expected effects"), application.expected_effects),
        (_("the public presentation planned after the return"), application.public_presentation),
    ):
        if not value:
            problems.append(_("Give %(what)s (section “Project”).") % {"what": label})
    if not application.sdgs.exists():
        problems.append(_("Choose at least one sustainable development goal (section “Project”)."))
    if (
        application.destination_country
        and call.eligible_countries
        and application.destination_country.code not in {c.code for c in call.eligible_countries}
    ):
        problems.append(
            _("%(country)s is not among the destination countries of this call.")
            % {"country": application.destination_country.name}
        )
    days = application.duration_days
    if days is not None:
        if call.min_duration_days and days < call.min_duration_days:
            problems.append(
                _("The project lasts %(days)s days; the call asks for at least %(min)s days.")
                % {"days": days, "min": call.min_duration_days}
            )
        if call.max_duration_days and days > call.max_duration_days:
            problems.append(
                _("The project lasts %(days)s days; the call accepts at most %(max)s days.")
                % {"days": days, "max": call.max_duration_days}
            )
    return problems


def _problems_of_budget(application: Application, call: Call) -> list[str]:
    from calls.selectors.applications import application_budget_totals

    problems = []
    totals = application_budget_totals(application=application)
    if totals.expenses == 0:
        problems.append(_("Add the expenses of the project (section “Budget”)."))
    if not application.requested_amount:
        problems.append(_("Give the amount requested from the department (section “Budget”)."))
    if totals.expenses and totals.expenses != totals.resources:
        problems.append(
            _(
                "The budget is not balanced: the expenses total %(expenses)s and the resources "
                "%(resources)s (amount requested included)."
            )
            % {"expenses": euros(totals.expenses), "resources": euros(totals.resources)}
        )
    if application.requested_amount:
        if call.max_grant_amount is not None and application.requested_amount > (
            call.max_grant_amount
        ):
            problems.append(
                _("You request %(requested)s; the call grants at most %(max)s.")
                % {
                    "requested": euros(application.requested_amount),
                    "max": euros(call.max_grant_amount),
                }
            )
        share = totals.requested_share
        if (
            call.max_grant_share is not None
            and share is not None
            and share > (call.max_grant_share)
        ):
            problems.append(
                _(
                    "You request %(share)s %% of the project's budget; the call funds at most "
                    "%(max)s %%."
                )
                % {"share": decimal_label(share), "max": decimal_label(call.max_grant_share)}
            )
    return problems


def _problems_of_documents(application: Application, call: Call, members: list) -> list[str]:
    from calls.selectors.applications import application_minors

    problems = []
    uploaded = set(application.documents.values_list("required_document_id", flat=True))
    minors = application_minors(application=application, members=members)
    for document in call.required_documents.all():
        if document.pk in uploaded:
            continue
        if document.is_required:
            problems.append(
                _("Attach the document “%(document)s” (section “Documents”).")
                % {"document": document.label}
            )
        elif document.required_if_minor and minors:
            problems.append(
                _(
                    "Attach the document “%(document)s”: it is required because %(names)s will be "
                    "under 18 on the departure date."
                )
                % {"document": document.label, "names": ", ".join(str(m) for m in minors)}
            )
    return problems


def application_submission_closed(
    *, application: Application, now: datetime | None = None
) -> str | None:
    """Why the call no longer takes this application (None while it does). A
    re-submission asked for by the department is taken after the closing time."""
    from calls.selectors.base import datetime_label

    call = application.call
    now = now or timezone.now()
    first_submission = application.state == ApplicationState.DRAFT
    if call.state != CallState.PUBLISHED or (first_submission and now < call.opens_at):
        return _("This call is not open to applications.")
    if first_submission and now >= call.closes_at:
        return _("The call closed on %(when)s: applications are no longer accepted.") % {
            "when": datetime_label(call.closes_at)
        }
    return None


def application_submission_problems(
    *, application: Application, now: datetime | None = None
) -> list[str]:
    """Everything that stops the application from being submitted, as sentences for the
    applicant; an empty list means it may be submitted."""
    from calls.selectors.applications import application_members

    call = application.call
    closed = application_submission_closed(application=application, now=now)
    if closed:
        return [closed]
    members = application_members(application=application)
    problems = [
        *_problems_of_carrier(application, call),
        *_problems_of_team(application, call, members),
        *_problems_of_project(application, call),
        *_problems_of_budget(application, call),
        *_problems_of_documents(application, call, members),
    ]
    if not application.declaration_accepted:
        problems.append(_("Accept the declaration (section “Declaration”)."))
    return problems
