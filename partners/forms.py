"""Forms of the partners app: they validate and normalise; services write."""

from typing import Any, cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from common.forms import https_by_default
from partners.models import (
    Department,
    DepartmentRole,
    LegalForm,
    Organisation,
    OrganisationKind,
)
from partners.selectors import organisation_siren_taken
from partners.services import user_update_profile
from partners.validators import (
    normalise_identifier,
    validate_rna,
    validate_siren,
    validate_siret,
)

ORGANISATION_FIELDS = [
    "name",
    "kind",
    "legal_form",
    "siren",
    "siret",
    "rna",
    "local_register_number",
    "esus_approved",
    "themes",
    "description",
    "address",
    "postal_code",
    "city",
    "country",
    "department",
    "latitude",
    "longitude",
    "website",
    "public_email",
    "public_phone",
]


class OrganisationForm(forms.ModelForm):
    """An organisation's record. Staff choose its kind; ESS actors register a structure
    of their own department choice. `version` guards against silent overwrites."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Organisation
        fields = ORGANISATION_FIELDS
        formfield_callback = https_by_default
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "siren": _("9 digits; spaces are ignored."),
            "siret": _("14 digits; spaces are ignored."),
            "rna": _("Required for a 1901-law association: W followed by 9 digits."),
            "latitude": _("Decimal degrees, for example 48.79 (used by the map)."),
            "longitude": _("Decimal degrees, for example 2.45."),
        }

    def __init__(self, *args, department: Department | None = None, actor: bool = False, **kw):
        super().__init__(*args, **kw)
        self.fixed_department = department
        if department is not None:
            del self.fields["department"]
        else:
            department_field = cast(forms.ModelChoiceField, self.fields["department"])
            department_field.required = True
            department_field.queryset = Department.objects.order_by("code")
        if actor:
            del self.fields["kind"]
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        for name in ("siren", "siret", "rna"):
            # People type identifiers with spaces and dots: the stored length is checked
            # after normalisation, not on what was typed.
            field = cast(forms.CharField, self.fields[name])
            field.max_length = 30
            field.widget.attrs["maxlength"] = "30"
            field.validators = [
                v for v in field.validators if not isinstance(v, MaxLengthValidator)
            ]
        self.fields["description"].help_text = _(
            "What the structure does, for whom, where: shown in the public directory."
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        identity = ["name", "legal_form", "esus_approved", "themes", "description"]
        if not actor:
            identity.insert(1, "kind")
        location = ["address", "postal_code", "city", "country", "latitude", "longitude"]
        if department is None:
            location.insert(4, "department")
        self.helper.layout = Layout(
            "version",
            Fieldset(_("Identity"), *identity),
            Fieldset(_("Official identifiers"), "siren", "siret", "rna", "local_register_number"),
            Fieldset(_("Location"), *location),
            Fieldset(_("Public contact"), "website", "public_email", "public_phone"),
        )

    @property
    def kind(self) -> str:
        if "kind" in self.fields:
            return self.cleaned_data.get("kind") or ""
        return OrganisationKind.ESS_STRUCTURE

    def clean_siren(self) -> str:
        value = normalise_identifier(self.cleaned_data["siren"])
        if value:
            validate_siren(value)
        return value

    def clean_siret(self) -> str:
        value = normalise_identifier(self.cleaned_data["siret"])
        if value:
            validate_siret(value)
        return value

    def clean_rna(self) -> str:
        value = normalise_identifier(self.cleaned_data["rna"])
        if value:
            validate_rna(value)
        return value

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        siren, siret = data.get("siren"), data.get("siret")
        if siret and not siren:
            data["siren"] = siret[:9]
        elif siren and siret and not siret.startswith(siren):
            self.add_error("siret", _("The SIRET must start with the structure's SIREN."))
        if data.get("siren") and organisation_siren_taken(
            siren=data["siren"], exclude_pk=self.instance.pk
        ):
            self.add_error(
                "siren" if siren else "siret",
                _(
                    "A structure with this SIREN is already on the portal: ask to join it "
                    "(“Join an existing structure”) rather than registering it again."
                ),
            )
        if self.kind == OrganisationKind.ESS_STRUCTURE:
            legal_form = data.get("legal_form")
            if not legal_form:
                self.add_error("legal_form", _("Choose the legal form of the ESS structure."))
            if legal_form == LegalForm.ASSOCIATION and not data.get("rna"):
                self.add_error(
                    "rna",
                    _(
                        "A 1901-law association has an RNA number (W followed by 9 digits). "
                        "Alsace-Moselle local-law associations choose that legal form instead."
                    ),
                )
        elif data.get("legal_form"):
            self.add_error("legal_form", _("Only ESS structures have one of these legal forms."))
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("longitude", _("Give both the latitude and the longitude, or neither."))
        return data

    def service_fields(self) -> dict:
        """The cleaned data as the services expect it."""
        data = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        if self.fixed_department is not None:
            data["department"] = self.fixed_department
        return data


class DepartmentSettingsForm(forms.ModelForm):
    """What a department says of itself on its public page."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Department
        fields = ["presentation", "contact_email", "contact_phone", "website", "siret"]
        formfield_callback = https_by_default
        widgets = {"presentation": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "presentation": _(
                "The department's international and European cooperation, its ESS policy, "
                "who to contact: shown on its public page."
            ),
            "siret": _(
                "14 digits; spaces are ignored. Published with the department's grants "
                "in the open data (SCDL format)."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        siret = cast(forms.CharField, self.fields["siret"])
        siret.max_length = 30
        siret.widget.attrs["maxlength"] = "30"
        siret.validators = []
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_siret(self) -> str:
        value = normalise_identifier(self.cleaned_data["siret"])
        if value:
            validate_siret(value)
        return value

    def service_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class ProfileForm(forms.Form):
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        required=False,
        help_text=_("Shown to the department's staff and in the history of your changes."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout("full_name", Submit("save", _("Save")))

    def clean_full_name(self) -> str:
        return " ".join(self.cleaned_data["full_name"].split())


class SignupDetailsForm(forms.Form):
    """What allauth's sign-up form asks besides the e-mail and the password."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        required=False,
        help_text=_("Shown to the department's staff and in the history of your changes."),
    )

    def clean_full_name(self) -> str:
        return " ".join(self.cleaned_data["full_name"].split())

    def signup(self, request, user) -> None:
        user_update_profile(user=user, full_name=self.cleaned_data["full_name"])


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    # No role is preselected: giving someone rights is a choice, never a default.
    role = forms.ChoiceField(
        label=_("Role"), choices=[("", _("Choose a role")), *DepartmentRole.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout("email", "role", Submit("invite", _("Send the invitation")))

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()


class MembershipRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=DepartmentRole.choices)


class ClaimForm(forms.Form):
    message = forms.CharField(
        label=_("Your role in the structure"),
        help_text=_("For example: treasurer, employee in charge of partnerships."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout("message", Submit("claim", _("Send my request")))
