"""Reads of the shared diagnostic."""

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cooperation.models import (
    CooperationProject,
    Diagnostic,
    DiagnosticContribution,
    DiagnosticSection,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass
class DiagnosticView:
    diagnostic: Diagnostic | None
    sections: list[tuple[str, "StrOrPromise", list[DiagnosticContribution]]]
    versions: list[Diagnostic]

    @property
    def is_open(self) -> bool:
        return self.diagnostic is None or not self.diagnostic.is_validated


def project_diagnostic(*, project: CooperationProject, number: int | None = None) -> DiagnosticView:
    """The open version (or the latest validated one), its contributions by section."""
    versions = list(project.diagnostics.select_related("validated_by").order_by("-number"))
    if number is not None:
        diagnostic = next((d for d in versions if d.number == number), None)
    else:
        diagnostic = versions[0] if versions else None
    by_section: dict[str, list[DiagnosticContribution]] = defaultdict(list)
    if diagnostic is not None:
        for contribution in diagnostic.contributions.select_related(
            "author", "organisation"
        ).prefetch_related("comments__author"):
            by_section[contribution.section].append(contribution)
    sections: list[tuple[str, StrOrPromise, list[DiagnosticContribution]]] = [
        (value, label, by_section[value]) for value, label in DiagnosticSection.choices
    ]
    return DiagnosticView(diagnostic=diagnostic, sections=sections, versions=versions)


def project_contribution_get(
    *, project: CooperationProject, pk: int
) -> DiagnosticContribution | None:
    """A contribution to any version of the project's diagnostic, with its version."""
    return (
        DiagnosticContribution.objects.select_related("diagnostic", "author")
        .filter(diagnostic__project=project, pk=pk)
        .first()
    )
