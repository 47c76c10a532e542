"""Forms of the partners app: they validate and normalise; services write."""

from collections.abc import Callable
from typing import Any, cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout, Submit
from django import forms
from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from common.forms import VersionedFormMixin, form_helper, https_by_default
from partners.models import (
    Department,
    DepartmentRole,
    LegalForm,
    Organisation,
    OrganisationKind,
    User,
)
from partners.selectors import organisation_siren_taken
from partners.services import user_update_profile
from partners.validators import (
    normalise_identifier,
    validate_rna,
    validate_siren,
    validate_siret,
)

# The record's fieldsets, in the order of its page: the form's fields and its layout.
ORGANISATION_FIELDSETS: list[tuple[str | Promise, list[str]]] = [
    (_("Identity"), ["name", "kind", "legal_form", "esus_approved", "themes", "description"]),
    (_("Official identifiers"), ["siren", "siret", "rna", "local_register_number"]),
    (
        _("Location"),
        ["address", "postal_code", "city", "country", "department", "latitude", "longitude"],
    ),
    (_("Public contact"), ["website", "public_email", "public_phone"]),
]
ORGANISATION_FIELDS = [name for _legend, names in ORGANISATION_FIELDSETS for name in names]


class IdentifierField(forms.CharField):
    """An official identifier (SIREN, SIRET, RNA) as people type it, with spaces, dots and
    dashes: normalised, then checked by ``check``; its stored length is checked after
    normalisation, not on what was typed."""

    def __init__(self, *, check: Callable[[str], None], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.check = check
        self.widget.attrs["maxlength"] = "30"

    def clean(self, value: Any) -> str:
        identifier = normalise_identifier(super().clean(value))
        if identifier:
            self.check(identifier)
        return identifier


def accept_typed_identifiers(
    form: forms.BaseForm, checks: dict[str, Callable[[str], None]]
) -> None:
    """Replaces the model form's fields named in ``checks`` by ``IdentifierField``s."""
    for name, check in checks.items():
        typed = form.fields[name]
        form.fields[name] = IdentifierField(
            check=check, label=typed.label, required=typed.required, help_text=typed.help_text
        )


class VersionedModelForm(VersionedFormMixin, forms.ModelForm):
    """A record's form whose services refuse an edit made on an older version."""


class OrganisationForm(VersionedModelForm):
    """An organisation's record. Staff choose its kind; ESS actors register a structure
    of their own department choice. `version` guards against silent overwrites."""

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
            "description": _(
                "What the structure does, for whom, where: shown in the public directory."
            ),
            "latitude": _("Decimal degrees, for example 48.79 (used by the map)."),
            "longitude": _("Decimal degrees, for example 2.45."),
        }

    def __init__(
        self,
        *args: Any,
        department: Department | None = None,
        actor: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fixed_department = department
        if department is not None:
            del self.fields["department"]
        else:
            department_field = cast(forms.ModelChoiceField, self.fields["department"])
            department_field.required = True
            department_field.queryset = Department.objects.order_by("code")
        if actor:
            del self.fields["kind"]
        self.add_version_field()
        accept_typed_identifiers(
            self, {"siren": validate_siren, "siret": validate_siret, "rna": validate_rna}
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "version",
            *(
                Fieldset(legend, *(name for name in names if name in self.fields))
                for legend, names in ORGANISATION_FIELDSETS
            ),
        )

    @property
    def kind(self) -> str:
        if "kind" in self.fields:
            return self.cleaned_data.get("kind") or ""
        return OrganisationKind.ESS_STRUCTURE

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

    def service_fields(self) -> dict[str, Any]:
        """The cleaned data as the services expect it."""
        data = super().service_fields()
        if self.fixed_department is not None:
            data["department"] = self.fixed_department
        return data


class DepartmentSettingsForm(VersionedModelForm):
    """What a department says of itself on its public page."""

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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_version_field()
        accept_typed_identifiers(self, {"siret": validate_siret})
        self.helper = FormHelper()
        self.helper.form_tag = False


class FullNameForm(forms.Form):
    """The name a person is shown by: asked at sign-up, edited on the profile page."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        required=False,
        help_text=_("Shown to the department's staff and in the history of your changes."),
    )

    def clean_full_name(self) -> str:
        return " ".join(self.cleaned_data["full_name"].split())


class SignupDetailsForm(FullNameForm):
    """What allauth's sign-up form asks besides the e-mail and the password."""

    def signup(self, request: HttpRequest, user: User) -> None:
        user_update_profile(user=user, full_name=self.cleaned_data["full_name"])


class ProfileForm(FullNameForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout("full_name", Submit("save", _("Save")))


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


class RevisionRefuseForm(forms.Form):
    """Why the department refuses a structure's proposed changes (sent to its managers)."""

    reason = forms.CharField(
        label=_("Reason of the refusal"),
        help_text=_("Sent to the structure's managers by e-mail."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = form_helper("reason", form_tag=False)
