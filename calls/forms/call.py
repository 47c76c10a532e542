"""Staff: the call, its required documents and its criteria."""

from typing import cast

from crispy_forms.layout import Fieldset
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from calls.forms.base import DateTimeInput, VersionedFormMixin, _size_help
from calls.models import (
    Call,
    CarrierKind,
    Criterion,
    DocumentFormat,
)
from calls.selectors import reference_prefix_taken
from common.forms import FrenchDecimalField, form_helper
from common.uploads import validate_upload

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
            old = cast(forms.DecimalField, self.fields[name])
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
        super().clean()
        data = self.cleaned_data
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
