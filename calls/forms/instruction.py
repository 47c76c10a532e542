"""The thread's messages and the staff's transitions of an application."""

from django import forms
from django.utils.translation import gettext_lazy as _

from calls.forms.base import _size_help
from calls.workflow import APPLICATION_TRANSITIONS, STAFF
from common.forms import FrenchDecimalField, form_helper
from common.uploads import validate_upload


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
