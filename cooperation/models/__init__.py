"""What departments do together with their partners: cooperation projects, their shared
diagnostic, objectives, action plan, indicators, delegations and exchanges; the SDGs.

One module per sub-domain; every model is importable from ``cooperation.models``."""

from cooperation.models.contributors import (
    ContributorRole,
    ProjectContributor,
    ProjectInvitation,
)
from cooperation.models.diagnostic import (
    Diagnostic,
    DiagnosticComment,
    DiagnosticContribution,
    DiagnosticSection,
)
from cooperation.models.exchanges import (
    Delegation,
    Exchange,
    ExchangeKind,
    FollowUpAction,
)
from cooperation.models.indicators import (
    Direction,
    Indicator,
    IndicatorLevel,
    Measurement,
    MeasurementStatus,
    MeasureType,
    measurement_evidence_path,
)
from cooperation.models.planning import (
    Activity,
    ActivityStatus,
    Milestone,
    Objective,
)
from cooperation.models.projects import (
    CooperationProject,
    PartnerRole,
    ProjectDocument,
    ProjectKind,
    ProjectPartner,
    ProjectStatus,
    TerritorySide,
    project_document_path,
)
from cooperation.models.sdgs import (
    SdgTarget,
    SustainableDevelopmentGoal,
)

__all__ = [
    "Activity",
    "ActivityStatus",
    "ContributorRole",
    "CooperationProject",
    "Delegation",
    "Diagnostic",
    "DiagnosticComment",
    "DiagnosticContribution",
    "DiagnosticSection",
    "Direction",
    "Exchange",
    "ExchangeKind",
    "FollowUpAction",
    "Indicator",
    "IndicatorLevel",
    "MeasureType",
    "Measurement",
    "MeasurementStatus",
    "Milestone",
    "Objective",
    "PartnerRole",
    "ProjectContributor",
    "ProjectDocument",
    "ProjectInvitation",
    "ProjectKind",
    "ProjectPartner",
    "ProjectStatus",
    "SdgTarget",
    "SustainableDevelopmentGoal",
    "TerritorySide",
    "measurement_evidence_path",
    "project_document_path",
]
