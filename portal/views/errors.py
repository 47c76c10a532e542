"""Error pages rendered by views of the portal's own (the others are plain templates)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent with a missing or stale security token (``CSRF_FAILURE_VIEW``): nothing
    was saved; the page says so in the visitor's language and links back to the form (the
    referring page of this site only) and to the home page."""
    referer = request.META.get("HTTP_REFERER", "")
    back_url = (
        referer
        if referer
        and url_has_allowed_host_and_scheme(
            referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        else None
    )
    return render(request, "403_csrf.html", {"back_url": back_url}, status=403)
