"""Who may do what in a department's staff workspace.

Every staff URL carries the department code. A person without the right role in that
department gets a 404: the workspace of another department does not exist for them.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse

from partners.models import Department, DepartmentMembership, DepartmentRole, User
from partners.selectors import department_membership_get

# Capabilities by role: the single place where roles are given meaning.
VIEW_DASHBOARD = "view_dashboard"
VIEW_STRUCTURES = "view_structures"
MANAGE_STRUCTURES = "manage_structures"
MANAGE_MEMBERS = "manage_members"
MANAGE_SETTINGS = "manage_settings"
VIEW_PROJECTS = "view_projects"
MANAGE_PROJECTS = "manage_projects"
VIEW_CALLS = "view_calls"
MANAGE_CALLS = "manage_calls"
REVIEW_APPLICATIONS = "review_applications"

ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    DepartmentRole.ADMIN: frozenset(
        {
            VIEW_DASHBOARD,
            VIEW_STRUCTURES,
            MANAGE_STRUCTURES,
            MANAGE_MEMBERS,
            MANAGE_SETTINGS,
            VIEW_PROJECTS,
            MANAGE_PROJECTS,
            VIEW_CALLS,
            MANAGE_CALLS,
        }
    ),
    DepartmentRole.OFFICER: frozenset(
        {
            VIEW_DASHBOARD,
            VIEW_STRUCTURES,
            MANAGE_STRUCTURES,
            VIEW_PROJECTS,
            MANAGE_PROJECTS,
            VIEW_CALLS,
            MANAGE_CALLS,
        }
    ),
    DepartmentRole.VIEWER: frozenset({VIEW_DASHBOARD, VIEW_STRUCTURES, VIEW_PROJECTS, VIEW_CALLS}),
    DepartmentRole.REVIEWER: frozenset({VIEW_DASHBOARD, REVIEW_APPLICATIONS}),
}


def role_can(role: str, capability: str) -> bool:
    return capability in ROLE_CAPABILITIES.get(role, frozenset())


# The sections of the staff menu (templates/layouts/staff.html): each staff view says
# which one it belongs to, and the menu marks it as the current page.
STAFF_SECTIONS = ("dashboard", "projects", "calls", "reviews", "structures", "members", "settings")


class AuthenticatedRequest(HttpRequest):
    """A request inside a ``login_required`` view: its user is a person, never anonymous
    (for type checkers; views annotate their ``request`` with it)."""

    user: User


class StaffRequest(AuthenticatedRequest):
    """A request inside a staff view: what ``staff_view`` adds to it (for type checkers;
    views annotate their ``request`` with it)."""

    membership: DepartmentMembership
    department: Department
    capabilities: frozenset[str]
    staff_section: str


def staff_view(capability: str, *, section: str) -> Callable[[Callable], Callable]:
    """Decorates a view taking `code`: sets request.department, request.membership and
    request.staff_section (the menu's current section).

    Anonymous visitors are sent to the login page; everybody else without the
    capability in that department gets a 404.
    """

    if section not in STAFF_SECTIONS:
        raise ValueError(f"Unknown staff section: {section!r}")

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, code: str, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = department_membership_get(user=request.user, code=code)
            if membership is None or not role_can(membership.role, capability):
                raise Http404
            staff_request = cast(StaffRequest, request)
            staff_request.membership = membership
            staff_request.department = membership.department
            staff_request.capabilities = ROLE_CAPABILITIES[membership.role]
            staff_request.staff_section = section
            return view(staff_request, *args, **kwargs)

        wrapper.staff_capability = capability  # type: ignore[attr-defined]
        return wrapper

    return decorator


def require_capability(request: StaffRequest, capability: str) -> None:
    """Inside a staff view: a page that more people may read than may post to it answers
    404 to a post from someone without ``capability`` (never 403, as elsewhere)."""
    if capability not in request.capabilities:
        raise Http404
