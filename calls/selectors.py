"""Reads of the calls app, with the joins and prefetches their pages need; and the
rules that say what an application lacks before it can be submitted."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import (
    Avg,
    Count,
    DecimalField,
    F,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce, Round
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from calls.models import (
    Application,
    ApplicationDocument,
    ApplicationEvent,
    ApplicationState,
    BudgetSide,
    Call,
    CallState,
    CarrierKind,
    CommitteeDecision,
    CommitteeSession,
    CommitteeState,
    Decision,
    FinalReport,
    Grant,
    Instalment,
    Message,
    RequiredDocument,
    ReviewAssignment,
    Score,
    TeamMember,
)
from common.formats import decimal_label, euros
from partners.models import Department, DepartmentRole, MembershipStatus, Organisation, User
from partners.permissions import VIEW_CALLS, role_can

FUNDED_STATES = (ApplicationState.ACCEPTED, ApplicationState.CLOSED)
ZERO = Decimal(0)


# How each language writes a date and time (Django date format, literal text escaped).
DATETIME_LABEL_FORMATS = {"fr": r"j F Y à G \h i", "en": r"j F Y \a\t H:i"}


def datetime_label(value: datetime) -> str:
    """“27 novembre 2026 à 12 h 00” in French, “27 November 2026 at 12:00” in English, in
    Paris time."""
    language = (get_language() or "fr")[:2]
    return date_format(
        timezone.localtime(value),
        DATETIME_LABEL_FORMATS.get(language, DATETIME_LABEL_FORMATS["en"]),
    )


def age_on(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


# Calls, public


def _with_results(queryset: QuerySet[Call]) -> QuerySet[Call]:
    """Each call with its funded projects, the young people in them and the amounts."""
    funded = Application.objects.filter(call=OuterRef("pk"), state__in=FUNDED_STATES)
    young = (
        TeamMember.objects.filter(
            application__call=OuterRef("pk"), application__state__in=FUNDED_STATES
        )
        .order_by()
        .values("application__call")
        .annotate(n=Count("pk"))
        .values("n")
    )
    granted = funded.order_by().values("call").annotate(total=Sum("granted_amount")).values("total")
    projects = funded.order_by().values("call").annotate(n=Count("pk")).values("n")
    return queryset.annotate(
        funded_count=Coalesce(Subquery(projects), 0),
        young_people_count=Coalesce(Subquery(young), 0),
        granted_total=Coalesce(
            Subquery(granted), ZERO, output_field=DecimalField(max_digits=14, decimal_places=2)
        ),
    )


def public_calls() -> QuerySet[Call]:
    return Call.objects.exclude(state=CallState.DRAFT).select_related("department")


def public_open_call_list() -> QuerySet[Call]:
    """Published calls not closed yet (including those about to open), soonest closing first."""
    return (
        public_calls()
        .filter(state=CallState.PUBLISHED, closes_at__gt=timezone.now())
        .order_by("closes_at", "title")
    )


def public_past_call_list() -> QuerySet[Call]:
    """Calls whose closing time has passed, with their results, latest first."""
    return _with_results(
        public_calls()
        .filter(Q(closes_at__lte=timezone.now()) | ~Q(state=CallState.PUBLISHED))
        .order_by("-closes_at", "title")
    )


def public_call_get(*, slug: str) -> Call | None:
    return (
        _with_results(public_calls())
        .prefetch_related("required_documents", "criteria")
        .filter(slug=slug)
        .first()
    )


# Calls, staff


def department_call_list(*, department: Department) -> QuerySet[Call]:
    """The department's calls with their number of submitted applications."""
    return department.calls.annotate(
        application_count=Count("applications", filter=Q(applications__submitted_at__isnull=False))
    ).order_by("-opens_at", "title")


def reference_prefix_taken(
    *, prefix: str, opens_at: datetime, exclude_pk: int | None = None
) -> bool:
    """References read PREFIX-YEAR-NUMBER, the year being the call's opening year: two
    calls opening the same year cannot share a prefix."""
    year = timezone.localtime(opens_at).year
    calls = Call.objects.filter(reference_prefix=prefix, opens_at__year=year)
    return calls.exclude(pk=exclude_pk).exists()


def department_call_get(*, department: Department, slug: str) -> Call | None:
    return department.calls.filter(slug=slug).first()


def call_required_documents(*, call: Call) -> QuerySet[RequiredDocument]:
    return call.required_documents.all()


# Applications, staff


def call_application_list(*, call: Call) -> QuerySet[Application]:
    """Every application submitted at least once (drafts belong to their applicant), with
    its score (/20, see `application_score_annotations`)."""
    return (
        call.applications.filter(submitted_at__isnull=False)
        .select_related("applicant", "carrier_structure", "call__department")
        .annotate(member_count=Count("members"), score=_application_score_subquery("avg"))
        .order_by("reference")
    )


def call_application_get(*, call: Call, pk: int) -> Application | None:
    return (
        call.applications.filter(submitted_at__isnull=False, pk=pk)
        .select_related("applicant", "carrier_structure", "call__department")
        .annotate(score=_application_score_subquery("avg"))
        .first()
    )


# Applications, applicant


def applicant_application_list(*, user: User) -> QuerySet[Application]:
    return user.applications.select_related("call__department").order_by("-created_at")


def applicant_application_get(*, user: User, pk: int) -> Application | None:
    return (
        user.applications.select_related("call__department", "carrier_structure")
        .filter(pk=pk)
        .first()
    )


def drafts_to_remind(*, now: datetime, within: timedelta) -> QuerySet[Application]:
    """Unsubmitted drafts of published calls closing within `within`, not reminded yet."""
    return Application.objects.filter(
        state=ApplicationState.DRAFT,
        reminder_sent_at__isnull=True,
        call__state=CallState.PUBLISHED,
        call__closes_at__gt=now,
        call__closes_at__lte=now + within,
    ).select_related("applicant", "call__department")


def applicant_draft_for_call(*, user: User, call: Call) -> Application | None:
    """The applicant's application still being written for that call, if any."""
    return (
        user.applications.filter(
            call=call, state__in=(ApplicationState.DRAFT, ApplicationState.CHANGES_REQUESTED)
        )
        .order_by("-created_at")
        .first()
    )


# One application's content


def application_members(*, application: Application) -> list[TeamMember]:
    return list(application.members.all())


def application_budget_lines(*, application: Application, side: str) -> list:
    return list(application.budget_lines.filter(side=side))


@dataclass(frozen=True)
class BudgetTotals:
    expenses: Decimal
    other_resources: Decimal
    requested: Decimal

    @property
    def resources(self) -> Decimal:
        return self.other_resources + self.requested

    @property
    def balanced(self) -> bool:
        return self.expenses == self.resources and self.expenses > 0

    @property
    def requested_share(self) -> Decimal | None:
        """The request as a percentage of the expenses."""
        if not self.expenses:
            return None
        return (self.requested * 100 / self.expenses).quantize(Decimal("0.01"))


def application_budget_totals(*, application: Application) -> BudgetTotals:
    sums = application.budget_lines.aggregate(
        expenses=Sum("amount", filter=Q(side=BudgetSide.EXPENSE), default=ZERO),
        resources=Sum("amount", filter=Q(side=BudgetSide.RESOURCE), default=ZERO),
    )
    return BudgetTotals(
        expenses=sums["expenses"],
        other_resources=sums["resources"],
        requested=application.requested_amount or ZERO,
    )


def application_documents(*, application: Application) -> list[ApplicationDocument]:
    return list(application.documents.select_related("required_document"))


def application_timeline(*, application: Application) -> QuerySet[ApplicationEvent]:
    return application.events.select_related("actor")


def application_thread(*, application: Application, with_staff_notes: bool) -> QuerySet[Message]:
    """The messages; the department's private notes only for its staff."""
    messages = application.messages.select_related("author")
    return messages if with_staff_notes else messages.filter(is_staff_note=False)


def application_minors(*, application: Application, members=None) -> list[TeamMember]:
    """Members under 18 on the departure date."""
    if application.departure_date is None:
        return []
    members = members if members is not None else application_members(application=application)
    return [
        member
        for member in members
        if member.birth_date and age_on(member.birth_date, application.departure_date) < 18
    ]


def document_viewer_may_see(*, user: User, application: Application) -> bool:
    """The applicant, the staff of the call's department, an assigned reviewer who has not
    declared a conflict of interest."""
    if not user.is_authenticated:
        return False
    if application.applicant_id == user.pk:
        return True
    membership = user.department_memberships.filter(department_id=application.call.department_id)
    membership = membership.first()
    if membership is not None and role_can(membership.role, VIEW_CALLS):
        return True
    return application.assignments.filter(reviewer=user).exclude(conflict_declared=True).exists()


def attachment_viewer_may_see(*, user: User, message: Message) -> bool:
    """The applicant (never for a private note) and the staff of the call's department."""
    application = message.application
    if application.applicant_id == user.pk and not message.is_staff_note:
        return True
    membership = user.department_memberships.filter(
        department_id=application.call.department_id
    ).first()
    return membership is not None and role_can(membership.role, VIEW_CALLS)


# What an application lacks before it can be submitted


def _problems_of_carrier(application: Application, call: Call) -> list[str]:
    problems = []
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


def application_prefetched(queryset: QuerySet[Application]) -> QuerySet[Application]:
    """For pages showing everything of an application."""
    return queryset.prefetch_related(
        "sdgs",
        "members",
        "budget_lines",
        Prefetch(
            "documents", queryset=ApplicationDocument.objects.select_related("required_document")
        ),
    )


def structure_choices_for(*, user: User) -> QuerySet[Organisation]:
    """The structures an applicant belongs to, to carry their application."""
    return Organisation.objects.filter(
        memberships__user=user, memberships__status=MembershipStatus.ACTIVE
    ).order_by("name")


def _text(value) -> str | None:
    return None if value is None else str(value)


def application_snapshot(*, application: Application) -> dict:
    """Everything the applicant wrote, as plain JSON: frozen on submission, and the
    applicant's data download."""
    totals = application_budget_totals(application=application)
    return {
        "reference": application.reference,
        "call": {"title": application.call.title, "slug": application.call.slug},
        "state": application.state,
        "submitted_at": _text(application.submitted_at and application.submitted_at.isoformat()),
        "carrier": {
            "kind": application.carrier_kind,
            "structure": _text(application.carrier_structure),
            "name": application.carrier_name,
            "details": application.carrier_details,
        },
        "team": [
            {
                "first_name": member.first_name,
                "last_name": member.last_name,
                "birth_date": _text(member.birth_date and member.birth_date.isoformat()),
                "gender": member.gender,
                "town": member.town,
                "attached_to_department": member.attached_to_department,
                "role": member.role,
            }
            for member in application.members.all()
        ],
        "project": {
            "title": application.title,
            "destination_country": application.destination_country.code or "",
            "local_partner": application.local_partner,
            "local_partner_details": application.local_partner_details,
            "departure_date": _text(
                application.departure_date and application.departure_date.isoformat()
            ),
            "return_date": _text(application.return_date and application.return_date.isoformat()),
            "sdgs": sorted(application.sdgs.values_list("number", flat=True)),
            "description": application.description,
            "expected_effects": application.expected_effects,
            "public_presentation": application.public_presentation,
        },
        "budget": {
            "lines": [
                {"side": line.side, "label": line.label, "amount": str(line.amount)}
                for line in application.budget_lines.all()
            ],
            "requested_amount": _text(application.requested_amount),
            "total_expenses": str(totals.expenses),
            "total_resources": str(totals.resources),
        },
        "documents": [
            {
                "for": document.required_document.label if document.required_document else "",
                "name": document.original_name,
                "size": document.size,
            }
            for document in application.documents.select_related("required_document")
        ],
        "declaration_accepted": application.declaration_accepted,
    }


# Reviews and scores
#
# A reviewer's total is their weighted average over the criteria they scored (“not
# applicable” left out): sum(weight × score / max) / sum(weight), written on /20. An
# application's score is the mean of the totals of its submitted reviews; its spread is
# the highest total minus the lowest.

SCORE_SCALE = 20
SCORE_FIELD = DecimalField(max_digits=7, decimal_places=4)


def _assignment_total_subquery(assignment_ref) -> Subquery:
    """The total (/20) of one assignment, from its non-N/A scores."""
    scored = (
        Score.objects.filter(assignment=assignment_ref, value__isnull=False)
        .order_by()
        .values("assignment")
        .annotate(
            total=Sum(
                F("criterion__weight") * F("value") / F("criterion__max_score"),
                output_field=SCORE_FIELD,
            )
            * SCORE_SCALE
            / Sum("criterion__weight", output_field=SCORE_FIELD)
        )
        .values("total")
    )
    return Subquery(scored, output_field=SCORE_FIELD)


def _application_score_subquery(what: str) -> Subquery:
    """One figure of the application's submitted reviews: "avg" (its score on /20, two
    decimals), "spread" (max − min of the reviewers' totals) or "count"."""
    reviews = (
        ReviewAssignment.objects.filter(application=OuterRef("pk"), submitted_at__isnull=False)
        .order_by()
        .annotate(total=_assignment_total_subquery(OuterRef("pk")))
        .values("application")
    )
    if what == "avg":
        figure = Round(Avg("total", output_field=SCORE_FIELD), 2)
    elif what == "spread":
        figure = Round(
            Max("total", output_field=SCORE_FIELD) - Min("total", output_field=SCORE_FIELD), 2
        )
    else:
        figure = Count("pk")
    return Subquery(
        reviews.annotate(figure=figure).values("figure"),
        output_field=SCORE_FIELD if what != "count" else None,
    )


def assignment_total(*, assignment: ReviewAssignment) -> Decimal | None:
    """The reviewer's total on /20 (None when nothing is scored)."""
    value = (
        ReviewAssignment.objects.filter(pk=assignment.pk)
        .annotate(total=_assignment_total_subquery(OuterRef("pk")))
        .values_list("total", flat=True)
        .first()
    )
    return None if value is None else Decimal(value).quantize(Decimal("0.01"))


RANKED_STATES = (
    ApplicationState.UNDER_REVIEW,
    ApplicationState.ELIGIBLE,
    ApplicationState.ACCEPTED,
    ApplicationState.REJECTED,
    ApplicationState.CLOSED,
)


def call_ranking(*, call: Call) -> QuerySet[Application]:
    """The applications under review or beyond, best score first (unscored last), with
    their score and spread (/20) and their numbers of reviews submitted and assigned
    (recused reviewers not counted)."""
    assigned = (
        ReviewAssignment.objects.filter(application=OuterRef("pk"))
        .exclude(conflict_declared=True)
        .order_by()
        .values("application")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        call.applications.filter(state__in=RANKED_STATES)
        .select_related("applicant")
        .annotate(
            score=_application_score_subquery("avg"),
            spread=_application_score_subquery("spread"),
            reviews_submitted=Coalesce(_application_score_subquery("count"), 0),
            reviews_assigned=Coalesce(Subquery(assigned), 0),
        )
        .order_by(F("score").desc(nulls_last=True), "reference")
    )


def department_reviewers(*, department: Department) -> QuerySet[User]:
    """The department's members with the reviewer role, to be assigned."""
    return User.objects.filter(
        department_memberships__department=department,
        department_memberships__role=DepartmentRole.REVIEWER,
    ).order_by("full_name", "email")


def application_assignments(*, application: Application) -> list[ReviewAssignment]:
    """Every assignment of the application, with its reviewer and scores (staff page)."""
    return list(
        application.assignments.select_related("reviewer").prefetch_related(
            Prefetch("scores", queryset=Score.objects.select_related("criterion"))
        )
    )


def reviewer_assignment_list(*, user: User, department: Department) -> QuerySet[ReviewAssignment]:
    """The reviewer's assignments in that department, those to do first."""
    return (
        user.review_assignments.filter(application__call__department=department)
        .select_related("application__call")
        .annotate(scored_count=Count("scores", filter=Q(scores__value__isnull=False)))
        .order_by(F("submitted_at").desc(nulls_first=True), "-assigned_at", "pk")
    )


def reviewer_assignment_get(
    *, user: User, department: Department, pk: int
) -> ReviewAssignment | None:
    return (
        user.review_assignments.filter(application__call__department=department, pk=pk)
        .select_related("application__call__department", "application__carrier_structure")
        .first()
    )


def assignment_scores(*, assignment: ReviewAssignment) -> dict[int, Score]:
    """The reviewer's scores, by criterion id."""
    return {score.criterion_id: score for score in assignment.scores.all()}


def other_submitted_reviews(*, assignment: ReviewAssignment) -> list[ReviewAssignment]:
    """The other reviewers' submitted reviews, with their totals, once the reviewer has
    submitted their own; nothing before."""
    if assignment.submitted_at is None:
        return []
    others = list(
        assignment.application.assignments.filter(submitted_at__isnull=False)
        .exclude(pk=assignment.pk)
        .select_related("reviewer")
        .annotate(total=_assignment_total_subquery(OuterRef("pk")))
        .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("criterion")))
    )
    return others


# Committee sessions


def call_committee_sessions(*, call: Call) -> QuerySet[CommitteeSession]:
    return call.committee_sessions.annotate(
        decision_count=Count("decisions", distinct=True),
        member_count=Count("members_present", distinct=True),
    ).order_by("-date")


def committee_session_get(*, call: Call, pk: int) -> CommitteeSession | None:
    return call.committee_sessions.filter(pk=pk).select_related("call__department").first()


def committee_agenda(*, session: CommitteeSession) -> list[Application]:
    """A planned session's agenda: the call's eligible applications not yet decided by
    another session, and those it decided; a held session's: those it decided. Each with
    its score (/20) and `decision` (this session's, or None), best score first."""
    decided_here = session.decisions.values("application")
    applications = session.call.applications.filter(pk__in=decided_here)
    if session.state == CommitteeState.PLANNED:
        applications = session.call.applications.filter(
            Q(pk__in=decided_here)
            | Q(state=ApplicationState.ELIGIBLE, committee_decision__isnull=True)
        )
    rows = list(
        applications.select_related("applicant")
        .annotate(score=_application_score_subquery("avg"))
        .order_by(F("score").desc(nulls_last=True), "reference")
    )
    decisions = {d.application_id: d for d in session.decisions.all()}
    for application in rows:
        application.decision = decisions.get(application.pk)
    return rows


@dataclass(frozen=True)
class Envelope:
    total: Decimal
    granted: Decimal  # applications accepted (or closed), every session
    pending: Decimal  # accepted by a planned session, not applied yet

    @property
    def remaining(self) -> Decimal:
        return self.total - self.granted - self.pending


def call_envelope(*, call: Call, exclude_application_pk: int | None = None) -> Envelope:
    """The call's envelope, what is granted and what planned sessions accepted."""
    granted = call.applications.filter(state__in=FUNDED_STATES).aggregate(
        total=Sum("granted_amount", default=ZERO)
    )["total"]
    pending = (
        CommitteeDecision.objects.filter(
            session__call=call,
            session__state=CommitteeState.PLANNED,
            decision=Decision.ACCEPTED,
        )
        .exclude(application__state__in=FUNDED_STATES)
        .exclude(application_id=exclude_application_pk)
        .aggregate(total=Sum("amount", default=ZERO))["total"]
    )
    return Envelope(total=call.envelope, granted=granted, pending=pending)


def committee_minutes(*, session: CommitteeSession) -> list[CommitteeDecision]:
    return list(
        session.decisions.select_related("application__applicant").order_by(
            "application__reference"
        )
    )


def department_member_choices(*, department: Department) -> QuerySet[User]:
    """The department's members, to tick those present at a committee session."""
    return User.objects.filter(department_memberships__department=department).order_by(
        "full_name", "email"
    )


# Grants and final reports


def application_grant(*, application: Application) -> Grant | None:
    return Grant.objects.filter(application=application).prefetch_related("instalments").first()


def application_instalment_get(*, application: Application, pk: int):
    return (
        Instalment.objects.filter(grant__application=application, pk=pk)
        .select_related("grant")
        .first()
    )


def application_final_report(*, application: Application) -> FinalReport | None:
    return FinalReport.objects.filter(application=application).first()


def application_decision(*, application: Application) -> CommitteeDecision | None:
    return (
        CommitteeDecision.objects.filter(application=application).select_related("session").first()
    )
