"""Forms of the cooperation app: they validate and normalise; services write."""

import re
from typing import TYPE_CHECKING, Any, cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from common.forms import (
    BoundedDateField,
    DateInput,
    FrenchDecimalField,
    VersionedFormMixin,
    accept_french_decimals,
    form_helper,
    https_by_default,
)
from common.uploads import FORMATS_LABEL, validate_upload
from cooperation.models import (
    Activity,
    ContributorRole,
    CooperationProject,
    Delegation,
    DiagnosticSection,
    Exchange,
    Indicator,
    MeasureType,
    Milestone,
    Objective,
    ProjectContributor,
    ProjectPartner,
    SdgTarget,
    SustainableDevelopmentGoal,
)
from cooperation.selectors import (
    delegation_structure_choices,
    follow_up_owner_choices,
    project_partner_organisations,
)
from cooperation.selectors.contributors import contributor_speaking_organisations
from partners.models import Department, Organisation, PartnerTerritory, Theme, User

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _offer(form: forms.BaseForm, name: str, queryset: QuerySet) -> None:
    """The objects the choice field ``name`` offers."""
    cast(forms.ModelChoiceField, form.fields[name]).queryset = queryset


def _check_order(
    form: forms.BaseForm, data: dict[str, Any], first: str, last: str, message: "StrOrPromise"
) -> None:
    """Two dates in order: when ``last`` comes before ``first``, ``message`` goes next to
    ``last``."""
    start, end = data.get(first), data.get(last)
    if start and end and end < start:
        form.add_error(last, message)


class SdgTargetCodesField(forms.CharField):
    """SDG targets typed as their codes ("12.3, 2.a"): quicker than ticking among 169."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("SDG targets"))
        kwargs.setdefault(
            "help_text", _("Codes separated by commas, for example: 12.3, 2.4, 17.17.")
        )
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple) or hasattr(value, "all"):
            targets = value.all() if hasattr(value, "all") else value
            return ", ".join(target.code for target in targets)
        return value

    def clean(self, value) -> list[SdgTarget]:
        text = super().clean(value) or ""
        codes = [code.lower() for code in re.split(r"[\s,;]+", text) if code]
        if not codes:
            return []
        targets = {target.code: target for target in SdgTarget.objects.filter(code__in=codes)}
        unknown = [code for code in codes if code not in targets]
        if unknown:
            raise ValidationError(
                _("Unknown SDG target: %(codes)s. A target looks like 12.3 or 2.a.")
                % {"codes": ", ".join(unknown)}
            )
        return [targets[code] for code in dict.fromkeys(codes)]


class ProjectForm(VersionedFormMixin, forms.ModelForm):
    sdg_targets = SdgTargetCodesField()

    class Meta:
        model = CooperationProject
        fields = [
            "title",
            "kind",
            "status",
            "summary",
            "description",
            "territories",
            "co_departments",
            "themes",
            "sdg_goals",
            "sdg_targets",
            "start_date",
            "end_date",
            "total_budget",
            "department_contribution",
            "co_funders",
            "links",
        ]
        formfield_callback = https_by_default
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 8}),
            "co_funders": forms.Textarea(attrs={"rows": 2}),
            "links": forms.Textarea(attrs={"rows": 3}),
            "themes": forms.CheckboxSelectMultiple,
            "sdg_goals": forms.CheckboxSelectMultiple,
            "territories": forms.SelectMultiple(attrs={"size": 8}),
            "co_departments": forms.SelectMultiple(attrs={"size": 6}),
            "start_date": DateInput(),
            "end_date": DateInput(),
        }
        help_texts = {
            "summary": _("Two or three sentences for the public page and the map."),
            "territories": _("Hold Ctrl (or Cmd) to choose several."),
            "co_departments": _("Departments that run the project with yours, if any."),
            "sdg_goals": _("Choosing a target below also tags its goal."),
            "total_budget": _("In euros, for example 125000 or 125 000,50."),
        }

    def __init__(self, *args, department: Department, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_version_field()
        _offer(self, "territories", PartnerTerritory.objects.order_by("name"))
        _offer(self, "co_departments", Department.objects.exclude(pk=department.pk))
        _offer(self, "themes", Theme.objects.all())
        _offer(self, "sdg_goals", SustainableDevelopmentGoal.objects.all())
        for name in ("total_budget", "department_contribution"):
            accept_french_decimals(self, name)
        self.helper = form_helper(
            "version",
            Fieldset(_("The project"), "title", "kind", "status", "summary", "description"),
            Fieldset(_("Who and where"), "territories", "co_departments"),
            Fieldset(_("Themes and SDGs"), "themes", "sdg_goals", "sdg_targets"),
            Fieldset(
                _("Dates and budget"),
                "start_date",
                "end_date",
                "total_budget",
                "department_contribution",
                "co_funders",
            ),
            Fieldset(_("Links"), "links"),
            form_tag=False,
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        _check_order(self, data, "start_date", "end_date", _("The project ends before it starts."))
        budget, contribution = data.get("total_budget"), data.get("department_contribution")
        if budget is not None and contribution is not None and contribution > budget:
            self.add_error(
                "department_contribution",
                _("The department's contribution exceeds the total budget."),
            )
        for name in ("total_budget", "department_contribution"):
            if data.get(name) is not None and data[name] < 0:
                self.add_error(name, _("An amount cannot be negative."))
        return data


class PartnerAddForm(forms.ModelForm):
    class Meta:
        model = ProjectPartner
        fields = ["role", "side", "contribution"]
        widgets = {"contribution": forms.Textarea(attrs={"rows": 2})}


class DiagnosticContributionForm(forms.Form):
    section = forms.ChoiceField(label=_("Section"), choices=DiagnosticSection.choices)
    text = forms.CharField(label=_("Your contribution"), widget=forms.Textarea(attrs={"rows": 6}))
    organisation = forms.ModelChoiceField(
        label=_("On behalf of"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("myself"),
    )

    def __init__(
        self,
        *args,
        project: CooperationProject,
        contributor: ProjectContributor | None = None,
        **kwargs,
    ):
        """``contributor``: a partner writing (not the staff), who speaks only for the
        organisations of their own side of the project."""
        super().__init__(*args, **kwargs)
        _offer(
            self,
            "organisation",
            project_partner_organisations(project=project)
            if contributor is None
            else contributor_speaking_organisations(contributor=contributor),
        )
        self.helper = form_helper(
            "section", "text", "organisation", submit=_("Add my contribution")
        )

    def clean_text(self) -> str:
        return self.cleaned_data["text"].strip()


class DiagnosticCommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}))


class ObjectiveForm(VersionedFormMixin, forms.ModelForm):
    title = forms.CharField(label=_("Objective"), max_length=250)
    sdg_targets = SdgTargetCodesField()

    class Meta:
        model = Objective
        fields = ["title", "description", "sdg_targets"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_version_field()
        self.helper = form_helper(
            "version",
            "title",
            "description",
            "sdg_targets",
            submit=_("Save the changes") if self.instance.pk else _("Add the objective"),
        )


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = [
            "title",
            "description",
            "objective",
            "responsible",
            "start_date",
            "end_date",
            "status",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "start_date": DateInput(),
            "end_date": DateInput(),
        }

    def __init__(self, *args, project: CooperationProject, **kwargs):
        super().__init__(*args, **kwargs)
        _offer(self, "objective", project.objectives.all())
        _offer(self, "responsible", project.partners.select_related("organisation"))
        self.helper = form_helper(*self.Meta.fields, submit=_("Add the activity"))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        _check_order(self, data, "start_date", "end_date", _("The activity ends before it starts."))
        return data


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_date"]
        widgets = {"due_date": DateInput()}


class IndicatorForm(VersionedFormMixin, forms.ModelForm):
    sdg_targets = SdgTargetCodesField()

    class Meta:
        model = Indicator
        fields = [
            "title",
            "description",
            "objective",
            "level",
            "measure_type",
            "unit",
            "baseline_value",
            "baseline_date",
            "target_value",
            "target_date",
            "direction",
            "cumulative",
            "reported_by",
            "sdg_targets",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "baseline_date": DateInput(),
            "target_date": DateInput(),
        }

    def __init__(self, *args, project: CooperationProject, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_version_field()
        _offer(self, "objective", project.objectives.all())
        for name in ("baseline_value", "target_value"):
            accept_french_decimals(self, name)
        self.helper = form_helper(
            "version",
            Fieldset(_("The indicator"), "title", "description", "objective", "sdg_targets"),
            Fieldset(
                _("How it is measured"),
                "level",
                "measure_type",
                "unit",
                "direction",
                "cumulative",
                "reported_by",
            ),
            Fieldset(
                _("Baseline and target"),
                "baseline_value",
                "baseline_date",
                "target_value",
                "target_date",
            ),
            submit=_("Save the changes") if self.instance.pk else _("Add the indicator"),
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("measure_type") == MeasureType.QUALITATIVE:
            for name in ("baseline_value", "target_value"):
                if data.get(name) is not None:
                    self.add_error(name, _("A qualitative indicator has no numeric value."))
        if data.get("measure_type") == MeasureType.PERCENTAGE:
            for name in ("baseline_value", "target_value"):
                value = data.get(name)
                if value is not None and not 0 <= value <= 100:
                    self.add_error(name, _("A percentage lies between 0 and 100."))
        return data


class MeasurementForm(forms.Form):
    period_start = BoundedDateField(label=_("Period start"), widget=DateInput())
    period_end = BoundedDateField(label=_("Period end"), widget=DateInput())
    value = FrenchDecimalField(label=_("Value"), max_digits=14, decimal_places=3, required=False)
    text_value = forms.CharField(
        label=_("What was observed"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    evidence = forms.FileField(
        label=_("Evidence (optional)"),
        required=False,
        help_text=_("%(formats)s, 10 MB at most.") % {"formats": FORMATS_LABEL},
        validators=[validate_upload],
    )

    def __init__(self, *args, indicator: Indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        if indicator.is_qualitative:
            del self.fields["value"]
        else:
            del self.fields["text_value"]
            if indicator.unit:
                self.fields["value"].label = _("Value (%(unit)s)") % {"unit": indicator.unit}
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        _check_order(
            self, data, "period_start", "period_end", _("The period ends before it starts.")
        )
        value = data.get("value")
        if (
            value is not None
            and self.indicator.measure_type == MeasureType.PERCENTAGE
            and not 0 <= value <= 100
        ):
            self.add_error("value", _("A percentage lies between 0 and 100."))
        return data


class MeasurementReturnForm(forms.Form):
    note = forms.CharField(
        label=_("What needs to be corrected"), widget=forms.Textarea(attrs={"rows": 2})
    )


class ContributorInvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role on the project"), choices=ContributorRole.choices)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), required=False
    )

    def __init__(self, *args, project: CooperationProject, **kwargs):
        super().__init__(*args, **kwargs)
        _offer(self, "organisation", project_partner_organisations(project=project))
        self.helper = form_helper("email", "role", "organisation", submit=_("Send the invitation"))

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()


class ProjectDocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(
        label=_("File"),
        help_text=_("%(formats)s, 10 MB at most.") % {"formats": FORMATS_LABEL},
        validators=[validate_upload],
    )
    is_public = forms.BooleanField(label=_("Show it on the public page"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("title", "file", "is_public", submit=_("Add the document"))


class DelegationForm(forms.ModelForm):
    class Meta:
        model = Delegation
        fields = [
            "origin",
            "arrival_date",
            "departure_date",
            "members",
            "programme",
            "structures",
            "outcomes",
        ]
        widgets = {
            "arrival_date": DateInput(),
            "departure_date": DateInput(),
            "members": forms.Textarea(attrs={"rows": 3}),
            "programme": forms.Textarea(attrs={"rows": 3}),
            "outcomes": forms.Textarea(attrs={"rows": 3}),
            "structures": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, project: CooperationProject, **kwargs):
        super().__init__(*args, **kwargs)
        _offer(self, "origin", PartnerTerritory.objects.order_by("name"))
        _offer(self, "structures", delegation_structure_choices(project=project))
        self.helper = form_helper(*self.Meta.fields, submit=_("Record the delegation"))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        _check_order(
            self,
            data,
            "arrival_date",
            "departure_date",
            _("The delegation leaves before it arrives."),
        )
        return data


class ExchangeForm(forms.ModelForm):
    class Meta:
        model = Exchange
        fields = ["date", "kind", "title", "participants", "notes"]
        widgets = {
            "date": DateInput(),
            "participants": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(*self.Meta.fields, submit=_("Record the exchange"))


class FollowUpActionForm(forms.Form):
    description = forms.CharField(label=_("Action"), max_length=300)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=User.objects.none())
    due_date = BoundedDateField(label=_("Due date"), widget=DateInput())

    def __init__(self, *args, project: CooperationProject, **kwargs):
        super().__init__(*args, **kwargs)
        _offer(self, "owner", follow_up_owner_choices(project=project))
