"""Lookups shared by the staff and contributor views: one place decides what is a 404."""

from django.http import Http404, HttpRequest

from cooperation.models import CooperationProject, ProjectContributor
from cooperation.selectors import contributor_role_get, department_project_get


def staff_project_or_404(request: HttpRequest, slug: str) -> CooperationProject:
    """A project the request's department runs or co-runs (set by `staff_view`)."""
    project = department_project_get(department=request.department, slug=slug)
    if project is None:
        raise Http404
    return project


def contributor_or_404(
    request: HttpRequest, slug: str, *, write: bool = False
) -> ProjectContributor:
    """The request user's role on that project; `write` asks for the contributor role."""
    contributor = contributor_role_get(user=request.user, slug=slug)
    if contributor is None or (write and contributor.role != "contributor"):
        raise Http404
    return contributor
