"""Review: assigning a reviewer, declaring a conflict, scoring."""

from decimal import Decimal
from typing import cast

from crispy_forms.layout import Fieldset
from django import forms
from django.utils.translation import gettext_lazy as _

from calls.services import NOT_APPLICABLE
from common.formats import decimal_label
from common.forms import form_helper
from partners.models import User


class ReviewerChoiceField(forms.ModelChoiceField):
    """Reviewers, by their full name and e-mail."""

    def label_from_instance(self, obj: User) -> str:
        return f"{obj.get_full_name()} ({obj.email})"


class AssignReviewerForm(forms.Form):
    reviewer = ReviewerChoiceField(
        label=_("Reviewer"), queryset=User.objects.none(), empty_label=_("Choose a reviewer")
    )

    def __init__(self, *args, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        cast(ReviewerChoiceField, self.fields["reviewer"]).queryset = reviewers
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
        super().clean()
        data = self.cleaned_data
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
