"""The applicant's sections: carrier, team, project, budget, documents, declaration."""

from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from calls.completeness import carrier_structure_problem
from calls.forms.base import FORMAT_MIME, VersionedFormMixin, _size_help
from calls.models import (
    Application,
    BudgetSide,
    Call,
    CarrierKind,
    Gender,
    RequiredDocument,
)
from common.forms import BoundedDateField, DateInput, FrenchDecimalField, form_helper
from common.uploads import ALLOWED_FORMATS, validate_upload
from cooperation.models import SustainableDevelopmentGoal


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
        cast(forms.ChoiceField, self.fields["carrier_kind"]).choices = [
            (value, label) for value, label in CarrierKind.choices if value in call.applicant_kinds
        ]
        cast(forms.ModelChoiceField, self.fields["carrier_structure"]).queryset = structures
        # A structure still awaiting its validation is kept in the draft, and said so
        # next to the field: it cannot carry the application when it is submitted.
        structure_problem = carrier_structure_problem(self.instance)
        if structure_problem:
            self.fields["carrier_structure"].help_text = structure_problem
        self.helper = form_helper("version", *self.Meta.fields, form_tag=False)


class TeamMemberForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    birth_date = BoundedDateField(label=_("Date of birth"), required=False, widget=DateInput())
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
        sdgs = cast(forms.ModelMultipleChoiceField, self.fields["sdgs"])
        sdgs.queryset = SustainableDevelopmentGoal.objects.all()
        self.helper = form_helper("version", *self.Meta.fields, form_tag=False)

    def clean(self):
        super().clean()
        data = self.cleaned_data
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
        super().clean()
        data = self.cleaned_data
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
        documents = cast(forms.ModelChoiceField, self.fields["required_document"])
        documents.queryset = call.required_documents.all()
        self.fields["file"].help_text = _size_help()
        self.helper = form_helper("required_document", "file", submit=_("Attach the file"))

    def clean(self):
        super().clean()
        data = self.cleaned_data
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
