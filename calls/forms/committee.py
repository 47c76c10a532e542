"""Committee sessions and decisions; grants' instalments and the final report."""

from typing import cast

from crispy_forms.layout import Fieldset
from django import forms
from django.utils.translation import gettext_lazy as _

from calls.forms.base import DateTimeInput, _size_help
from calls.models import (
    Decision,
)
from common.forms import (
    BoundedDateField,
    BoundedDateTimeField,
    DateInput,
    FrenchDecimalField,
    form_helper,
)
from common.uploads import validate_upload
from partners.models import User

# Committee


class MemberChoiceField(forms.ModelMultipleChoiceField):
    """Members of the department, by their full name."""

    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name()


class CommitteeSessionForm(forms.Form):
    date = BoundedDateTimeField(label=_("Date and time"), widget=DateTimeInput())
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    members_present = MemberChoiceField(
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
        cast(MemberChoiceField, self.fields["members_present"]).queryset = members
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
        super().clean()
        data = self.cleaned_data
        if data.get("decision") == Decision.ACCEPTED and not data.get("amount"):
            self.add_error("amount", _("Give the amount granted."))
        if data.get("decision") == Decision.REJECTED and not data.get("motivation", "").strip():
            self.add_error("motivation", _("Write the motivation of the refusal."))
        return data


# Grant and final report


class InstalmentPaidForm(forms.Form):
    paid_on = BoundedDateField(label=_("Paid on"), widget=DateInput())


class FinalReportForm(forms.Form):
    narrative = forms.CharField(
        label=_("What happened during the project"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    presentation_date = BoundedDateField(
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
