"""Forms of the calls app: they validate and normalise what people type; services write.

The applicant's forms accept incomplete sections (a draft is saved as it is); only a
malformed value (a date that is not one, a negative amount) is refused next to its field.
Completeness is checked on submission by `calls.completeness.application_submission_problems`.
"""

from calls.forms.application import (
    BudgetForm,
    BudgetLineForm,
    BudgetLineFormSet,
    CarrierForm,
    DeclarationForm,
    DocumentUploadForm,
    ProjectSectionForm,
    TeamMemberForm,
    TeamMemberFormSet,
)
from calls.forms.base import FORMAT_MIME, DateTimeInput, VersionedFormMixin
from calls.forms.call import CallForm, CriterionForm, RequiredDocumentForm, RequirementRule
from calls.forms.committee import (
    CommitteeDecisionForm,
    CommitteeSessionForm,
    FinalReportForm,
    InstalmentPaidForm,
)
from calls.forms.instruction import MessageForm, TransitionForm, staff_transition_forms
from calls.forms.review import AssignReviewerForm, ConflictForm, ReviewScoresForm

__all__ = [
    "FORMAT_MIME",
    "AssignReviewerForm",
    "BudgetForm",
    "BudgetLineForm",
    "BudgetLineFormSet",
    "CallForm",
    "CarrierForm",
    "CommitteeDecisionForm",
    "CommitteeSessionForm",
    "ConflictForm",
    "CriterionForm",
    "DateTimeInput",
    "DeclarationForm",
    "DocumentUploadForm",
    "FinalReportForm",
    "InstalmentPaidForm",
    "MessageForm",
    "ProjectSectionForm",
    "RequiredDocumentForm",
    "RequirementRule",
    "ReviewScoresForm",
    "TeamMemberForm",
    "TeamMemberFormSet",
    "TransitionForm",
    "VersionedFormMixin",
    "staff_transition_forms",
]
