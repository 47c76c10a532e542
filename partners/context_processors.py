from django.http import HttpRequest

from partners.selectors import user_department_memberships


def portal(request: HttpRequest) -> dict:
    """The departments whose workspace the visitor may open (for the header)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"staff_memberships": []}
    # Read once per request by the staff security middleware (partners/staff_security.py).
    memberships = getattr(request, "staff_memberships", None)
    if memberships is None:
        memberships = user_department_memberships(user=user)
    return {"staff_memberships": memberships}
