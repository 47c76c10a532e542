"""Forms of the calls app: they validate and normalise what people type; services write.

The applicant's forms accept incomplete sections (a draft is saved as it is); only a
malformed value (a date that is not one, a negative amount) is refused next to its field.
Completeness is checked on submission by `calls.selectors.application_submission_problems`.
"""

from decimal import Decimal

from crispy_forms.layout import Fieldset
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from calls.models import (
    Application,
    BudgetSide,
    Call,
    CarrierKind,
    Criterion,
    Decision,
    DocumentFormat,
    Gender,
    RequiredDocument,
)
from calls.selectors import reference_prefix_taken
from calls.services import NOT_APPLICABLE
from calls.workflow import APPLICATION_TRANSITIONS, STAFF
from common.formats import decimal_label
from common.forms import DateInput, FrenchDecimalField, form_helper
from common.uploads import ALLOWED_FORMATS, FORMATS_LABEL, max_upload_size, validate_upload
from cooperation.models import SustainableDevelopmentGoal
from partners.models import User

# A document format of a call → the content type its files must have.
FORMAT_MIME = {
    DocumentFormat.PDF: ALLOWED_FORMATS["pdf"],
    DocumentFormat.JPEG: ALLOWED_FORMATS["jpeg"],
    DocumentFormat.PNG: ALLOWED_FORMATS["png"],
    DocumentFormat.ODT: ALLOWED_FORMATS["odt"],
    DocumentFormat.DOCX: ALLOWED_FORMATS["docx"],
    DocumentFormat.XLSX: ALLOWED_FORMATS["xlsx"],
    DocumentFormat.ODS: ALLOWED_FORMATS["ods"],
}


def _size_help() -> str:
    return _("%(formats)s, %(size)s MB at most.") % {
        "formats": FORMATS_LABEL,
        "size": max_upload_size() // (1024 * 1024),
    }


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class VersionedFormMixin:
    """A hidden `version` that lets the service refuse an edit of an older version."""

    def add_version_field(self, instance) -> None:
        self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, required=False)
        if instance is not None and instance.pk:
            self.fields["version"].initial = instance.version

    def service_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


# Staff: the call


class CallForm(VersionedFormMixin, forms.ModelForm):
    applicant_kinds = forms.MultipleChoiceField(
        label=_("Who may apply"),
        choices=CarrierKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    eligible_countries = forms.MultipleChoiceField(
        label=_("Eligible destination countries"),
        choices=list(countries),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_(
            "None chosen: every country is eligible. Hold Ctrl (or Cmd) to choose several."
        ),
    )

    class Meta:
        model = Call
        fields = [
            "title",
            "kind",
            "reference_prefix",
            "description",
            "funded_what",
            "faq",
            "applicant_kinds",
            "min_age",
            "max_age",
            "must_be_attached_to_department",
            "min_team_size",
            "max_team_size",
            "min_duration_days",
            "max_duration_days",
            "eligible_countries",
            "envelope",
            "max_grant_amount",
            "max_grant_share",
            "opens_at",
            "closes_at",
            "retention_months",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "funded_what": forms.Textarea(attrs={"rows": 4}),
            "faq": forms.Textarea(attrs={"rows": 6}),
            "opens_at": DateTimeInput(),
            "closes_at": DateTimeInput(),
        }
        help_texts = {
            "opens_at": _("Paris time."),
            "closes_at": _("Paris time. Applications are refused from this minute on."),
            "envelope": _("In euros, for example 60000 or 60 000,50."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_version_field(self.instance)
        for name in ("envelope", "max_grant_amount", "max_grant_share"):
            old = self.fields[name]
            self.fields[name] = FrenchDecimalField(
                label=old.label,
                required=old.required,
                help_text=old.help_text,
                max_digits=old.max_digits,
                decimal_places=old.decimal_places,
                min_value=0,
            )
        if self.instance.pk:
            self.initial["eligible_countries"] = [c.code for c in self.instance.eligible_countries]
        self.helper = form_helper(
            "version",
            Fieldset(_("The call"), "title", "kind", "reference_prefix", "description"),
            Fieldset(_("What is funded"), "funded_what", "faq"),
            Fieldset(
                _("Who may apply"),
                "applicant_kinds",
                "min_age",
                "max_age",
                "must_be_attached_to_department",
                "min_team_size",
                "max_team_size",
            ),
            Fieldset(
                _("The projects"), "min_duration_days", "max_duration_days", "eligible_countries"
            ),
            Fieldset(_("Money"), "envelope", "max_grant_amount", "max_grant_share"),
            Fieldset(_("Dates"), "opens_at", "closes_at", "retention_months"),
            form_tag=False,
        )

    def clean_reference_prefix(self) -> str:
        prefix = self.cleaned_data["reference_prefix"].strip().upper()
        if not prefix.isascii() or not prefix.isalpha() or not 2 <= len(prefix) <= 8:
            raise ValidationError(_("From 2 to 8 capital letters, for example AJS."))
        return prefix

    def clean(self):
        data = super().clean()
        for low, high, message in (
            ("opens_at", "closes_at", _("The call closes before it opens.")),
            ("min_age", "max_age", _("The maximum age is below the minimum age.")),
            ("min_team_size", "max_team_size", _("The maximum size is below the minimum size.")),
            (
                "min_duration_days",
                "max_duration_days",
                _("The maximum duration is below the minimum duration."),
            ),
        ):
            lower, upper = data.get(low), data.get(high)
            if (
                lower is not None
                and upper is not None
                and (upper < lower or (low == "opens_at" and upper == lower))
            ):
                self.add_error(high, message)
        if data.get("min_team_size") == 0:
            self.add_error("min_team_size", _("A team has at least one member."))
        share = data.get("max_grant_share")
        if share is not None and not 0 < share <= 100:
            self.add_error("max_grant_share", _("A share lies between 0 and 100 %."))
        envelope, maximum = data.get("envelope"), data.get("max_grant_amount")
        if maximum is not None and maximum <= 0:
            self.add_error("max_grant_amount", _("Leave it empty, or give a positive amount."))
        elif envelope is not None and maximum is not None and maximum > envelope:
            self.add_error("max_grant_amount", _("The maximum grant exceeds the envelope."))
        prefix, opens_at = data.get("reference_prefix"), data.get("opens_at")
        if (
            prefix
            and opens_at
            and reference_prefix_taken(
                prefix=prefix, opens_at=opens_at, exclude_pk=self.instance.pk
            )
        ):
            self.add_error(
                "reference_prefix",
                _("Another call opening the same year already uses this prefix."),
            )
        if data.get("retention_months") == 0:
            self.add_error("retention_months", _("Keep the data at least one month."))
        return data


class RequirementRule:
    ALWAYS = "always"
    MINORS = "minors"
    OPTIONAL = "optional"
    CHOICES = [
        (ALWAYS, _("required from every applicant")),
        (MINORS, _("required when a member is under 18 on the departure date")),
        (OPTIONAL, _("optional")),
    ]


class RequiredDocumentForm(forms.Form):
    label = forms.CharField(label=_("Document"), max_length=200)
    help_text = forms.CharField(
        label=_("Explanation"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    allowed_formats = forms.MultipleChoiceField(
        label=_("Accepted formats"),
        choices=DocumentFormat.choices,
        initial=list(DocumentFormat.values),
        widget=forms.CheckboxSelectMultiple,
    )
    rule = forms.ChoiceField(
        label=_("Required"),
        choices=RequirementRule.CHOICES,
        initial=RequirementRule.ALWAYS,
        widget=forms.RadioSelect,
    )
    template = forms.FileField(
        label=_("Template to download (optional)"),
        required=False,
        validators=[validate_upload],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].help_text = _size_help()
        self.helper = form_helper(
            "label",
            "help_text",
            "allowed_formats",
            "rule",
            "template",
            submit=_("Add the document"),
        )

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "label": data["label"],
            "help_text": data["help_text"],
            "allowed_formats": data["allowed_formats"],
            "is_required": data["rule"] == RequirementRule.ALWAYS,
            "required_if_minor": data["rule"] == RequirementRule.MINORS,
            "template": data["template"] or "",
        }


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["label", "description", "weight", "max_score"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["weight"] = FrenchDecimalField(
            label=_("Weight"), max_digits=5, decimal_places=2, initial=1
        )
        self.helper = form_helper(
            "label", "description", "weight", "max_score", submit=_("Add the criterion")
        )

    def clean_weight(self):
        weight = self.cleaned_data["weight"]
        if weight <= 0:
            raise ValidationError(_("A weight is positive."))
        return weight

    def clean_max_score(self):
        value = self.cleaned_data["max_score"]
        if value < 1:
            raise ValidationError(_("The maximum score is at least 1."))
        return value


# The applicant's sections


class CarrierForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Application
        fields = ["carrier_kind", "carrier_structure", "carrier_name", "carrier_details"]
        widgets = {
            "carrier_kind": forms.RadioSelect,
            "carrier_details": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "carrier_structure": _("A structure you belong to on this portal."),
            "carrier_name": _("If the structure is not on the portal."),
        }

    def __init__(self, *args, structures, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_version_field(self.instance)
        for field in self.fields.values():
            field.required = False
        call = self.instance.call
        self.fields["carrier_kind"].choices = [
            (value, label) for value, label in CarrierKind.choices if value in call.applicant_kinds
        ]
        self.fields["carrier_structure"].queryset = structures
        self.helper = form_helper("version", *self.Meta.fields, form_tag=False)


class TeamMemberForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    birth_date = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput())
    gender = forms.ChoiceField(
        label=_("Gender"), choices=[("", "—"), *Gender.choices], required=False
    )
    town = forms.CharField(label=_("Town of residence"), max_length=100, required=False)
    attached_to_department = forms.BooleanField(
        label=_("Lives, studies or works in the department"), required=False
    )
    role = forms.CharField(label=_("Role in the project"), max_length=200, required=False)

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any(data.get(name) for name in self.fields)


TeamMemberFormSet = forms.formset_factory(TeamMemberForm, extra=0, max_num=30, absolute_max=30)


class ProjectSectionForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Application
        fields = [
            "title",
            "destination_country",
            "local_partner",
            "local_partner_details",
            "departure_date",
            "return_date",
            "sdgs",
            "description",
            "expected_effects",
            "public_presentation",
        ]
        widgets = {
            "departure_date": DateInput(),
            "return_date": DateInput(),
            "sdgs": forms.CheckboxSelectMultiple,
            "local_partner_details": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 6}),
            "expected_effects": forms.Textarea(attrs={"rows": 4}),
            "public_presentation": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_version_field(self.instance)
        for field in self.fields.values():
            field.required = False
        self.fields["sdgs"].queryset = SustainableDevelopmentGoal.objects.all()
        self.helper = form_helper("version", *self.Meta.fields, form_tag=False)

    def clean(self):
        data = super().clean()
        departure, back = data.get("departure_date"), data.get("return_date")
        if departure and back and back < departure:
            self.add_error("return_date", _("The return is before the departure."))
        return data


class BudgetForm(VersionedFormMixin, forms.Form):
    requested_amount = FrenchDecimalField(
        label=_("Amount requested from the department (€)"),
        max_digits=12,
        decimal_places=2,
        required=False,
        help_text=_("It counts among the resources."),
    )

    def __init__(self, *args, application: Application, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_version_field(application)
        if not self.is_bound:
            self.initial["requested_amount"] = application.requested_amount
        self.helper = form_helper("version", "requested_amount", form_tag=False)

    def clean_requested_amount(self):
        value = self.cleaned_data["requested_amount"]
        if value is not None and value < 0:
            raise ValidationError(_("An amount cannot be negative."))
        return value


class BudgetLineForm(forms.Form):
    side = forms.ChoiceField(label=_("Expense or resource"), choices=BudgetSide.choices)
    label = forms.CharField(label=_("Label"), max_length=200, required=False)
    amount = FrenchDecimalField(
        label=_("Amount (€)"), max_digits=12, decimal_places=2, required=False
    )

    def clean(self):
        data = super().clean()
        label, amount = data.get("label"), data.get("amount")
        if amount is not None and amount <= 0:
            self.add_error("amount", _("An amount is positive."))
        elif amount is not None and not label:
            self.add_error("label", _("Say what this amount is."))
        return data

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not data.get("label") and data.get("amount") is None


BudgetLineFormSet = forms.formset_factory(BudgetLineForm, extra=0, max_num=60, absolute_max=60)


class DocumentUploadForm(forms.Form):
    required_document = forms.ModelChoiceField(
        label=_("Which document"),
        queryset=RequiredDocument.objects.none(),
        required=False,
        empty_label=_("another document"),
    )
    file = forms.FileField(label=_("File"), validators=[validate_upload])

    def __init__(self, *args, call: Call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["required_document"].queryset = call.required_documents.all()
        self.fields["file"].help_text = _size_help()
        self.helper = form_helper("required_document", "file", submit=_("Attach the file"))

    def clean(self):
        data = super().clean()
        document, file = data.get("required_document"), data.get("file")
        if document is not None and file is not None:
            extension = file.name.rsplit(".", 1)[-1].lower()
            allowed = {FORMAT_MIME[f] for f in document.allowed_formats}
            if ALLOWED_FORMATS.get(extension) not in allowed:
                self.add_error(
                    "file",
                    _("“%(document)s” must be in one of these formats: %(formats)s.")
                    % {
                        "document": document.label,
                        "formats": ", ".join(f.upper() for f in document.allowed_formats),
                    },
                )
        return data


class DeclarationForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Application
        fields = ["declaration_accepted"]
        labels = {
            "declaration_accepted": _(
                "I certify that the information given is accurate, that the members of the "
                "team agree to take part, and I accept that the department processes these "
                "data to instruct the application."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_version_field(self.instance)
        self.helper = form_helper("version", "declaration_accepted", form_tag=False)


# Messages and transitions


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 4}))
    attachment = forms.FileField(
        label=_("Attachment (optional)"), required=False, validators=[validate_upload]
    )

    def __init__(self, *args, staff: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachment"].help_text = _size_help()
        fields = ["body", "attachment"]
        if staff:
            self.fields["staff_note"] = forms.BooleanField(
                label=_("Private note of the department (the applicant never sees it)"),
                required=False,
            )
            fields.append("staff_note")
        self.helper = form_helper(*fields, submit=_("Send"), form_tag=False)

    def clean_body(self) -> str:
        return self.cleaned_data["body"].strip()


class TransitionForm(forms.Form):
    to_state = forms.ChoiceField(
        choices=sorted({(t.target, t.target) for t in APPLICATION_TRANSITIONS.values()}),
        widget=forms.HiddenInput,
    )
    reason = forms.CharField(
        label=_("Reason (the applicant reads it)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    amount = FrenchDecimalField(
        label=_("Amount granted (€)"), max_digits=12, decimal_places=2, required=False
    )


def staff_transition_forms(state: str) -> list[tuple]:
    """(transition, form) for each transition the staff may trigger from `state`."""
    return [
        (t, TransitionForm(initial={"to_state": t.target}, auto_id=f"id_{t.target}_%s"))
        for t in APPLICATION_TRANSITIONS.values()
        if t.source == state and t.by == STAFF
    ]


# Review


class AssignReviewerForm(forms.Form):
    reviewer = forms.ModelChoiceField(
        label=_("Reviewer"), queryset=User.objects.none(), empty_label=_("Choose a reviewer")
    )

    def __init__(self, *args, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers
        self.fields["reviewer"].label_from_instance = lambda user: (
            f"{user.get_full_name()} ({user.email})"
        )
        self.helper = form_helper("reviewer", submit=_("Assign"), form_tag=False)


class ConflictForm(forms.Form):
    conflict = forms.TypedChoiceField(
        label=_("Do you have a conflict of interest with this application?"),
        help_text=_(
            "For example a family or professional link with a member of the team or the "
            "carrying structure. If you do, you will not see the application any more."
        ),
        choices=[("no", _("No, I have no conflict of interest")), ("yes", _("Yes"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    details = forms.CharField(
        label=_("If yes, which one"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("conflict", "details", submit=_("Declare"))

    def clean(self):
        data = super().clean()
        if data.get("conflict") and not data.get("details", "").strip():
            self.add_error("details", _("Describe the conflict of interest in a few words."))
        return data


class ReviewScoresForm(forms.Form):
    """One score (0…max, “not applicable” or not scored yet) and one comment per criterion."""

    def __init__(self, *args, criteria, scores: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        layout = []
        for criterion in self.criteria:
            saved = scores.get(criterion.pk)
            initial = ""
            if saved is not None:
                initial = NOT_APPLICABLE if saved.value is None else str(int(saved.value))
            self.fields[f"score_{criterion.pk}"] = forms.ChoiceField(
                label=_("Score (0 to %(max)s)") % {"max": criterion.max_score},
                choices=[
                    ("", _("not scored yet")),
                    *[(str(n), str(n)) for n in range(criterion.max_score + 1)],
                    (NOT_APPLICABLE, _("not applicable")),
                ],
                required=False,
                initial=initial,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=saved.comment if saved is not None else "",
            )
            legend = f"{criterion.label} – " + str(
                _("weight %(weight)s") % {"weight": decimal_label(criterion.weight)}
            )
            layout.append(Fieldset(legend, f"score_{criterion.pk}", f"comment_{criterion.pk}"))
        self.helper = form_helper(*layout, form_tag=False)
        self.helper.disable_csrf = True  # the page's form has its token

    def service_scores(self) -> dict:
        result = {}
        for criterion in self.criteria:
            raw = self.cleaned_data.get(f"score_{criterion.pk}", "")
            value = None if raw == "" else raw if raw == NOT_APPLICABLE else Decimal(raw)
            result[criterion.pk] = (value, self.cleaned_data.get(f"comment_{criterion.pk}", ""))
        return result


# Committee


class CommitteeSessionForm(forms.Form):
    date = forms.DateTimeField(label=_("Date and time"), widget=DateTimeInput())
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    members_present = forms.ModelMultipleChoiceField(
        label=_("Members of the department present"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_attendees = forms.CharField(
        label=_("Other people present (external members)"),
        help_text=_("One person per line, with their quality."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, members, session=None, **kwargs):
        if session is not None:
            kwargs.setdefault(
                "initial",
                {
                    "date": session.date,
                    "place": session.place,
                    "members_present": list(session.members_present.all()),
                    "other_attendees": session.other_attendees,
                    "minutes": session.minutes,
                    "version": session.version,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["members_present"].queryset = members
        self.fields["members_present"].label_from_instance = lambda user: user.get_full_name()
        fields = ["date", "place", "members_present", "other_attendees"]
        if session is not None:
            self.fields["minutes"] = forms.CharField(
                label=_("Minutes (what was said)"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 5}),
            )
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, required=False)
            fields += ["minutes", "version"]
        self.helper = form_helper(
            *fields,
            submit=_("Save the session") if session is not None else _("Create the session"),
        )

    def service_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class CommitteeDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=Decision.choices, widget=forms.RadioSelect
    )
    amount = FrenchDecimalField(
        label=_("Amount granted (€)"), max_digits=12, decimal_places=2, required=False
    )
    motivation = forms.CharField(
        label=_("Motivation (required for a refusal; the applicant reads it)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == Decision.ACCEPTED and not data.get("amount"):
            self.add_error("amount", _("Give the amount granted."))
        if data.get("decision") == Decision.REJECTED and not data.get("motivation", "").strip():
            self.add_error("motivation", _("Write the motivation of the refusal."))
        return data


# Grant and final report


class InstalmentPaidForm(forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=DateInput())


class FinalReportForm(forms.Form):
    narrative = forms.CharField(
        label=_("What happened during the project"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    presentation_date = forms.DateField(
        label=_("Public presentation held on"), required=False, widget=DateInput()
    )
    presentation_place = forms.CharField(
        label=_("Place of the presentation"), max_length=200, required=False
    )
    presentation_audience = forms.IntegerField(
        label=_("Number of people in the audience"), min_value=0, required=False
    )
    financial_report = forms.FileField(
        label=_("Financial report"), required=False, validators=[validate_upload]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["financial_report"].help_text = _size_help()
        self.helper = form_helper(
            "narrative",
            Fieldset(
                _("The public presentation"),
                "presentation_date",
                "presentation_place",
                "presentation_audience",
            ),
            "financial_report",
            form_tag=False,
        )
        self.helper.disable_csrf = True  # the page's form has its token
