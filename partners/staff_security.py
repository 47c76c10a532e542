"""What a staff account must have: a second factor, and a session that locks when idle.

Staff (every member of a department's team, reviewers included: they read applicants'
files, minors' among them) and superusers see personal data. Two rules, both in one
middleware placed after allauth's:

- **A second factor is required** when settings ``MFA_REQUIRED_FOR_STAFF`` is on (the
  default when ``DEBUG`` is off; ``make run`` and the demo run without it). Until the
  person has activated an authenticator app (TOTP, with recovery codes), every page but
  the account and second-factor pages sends them to the activation page. Once required,
  the last authenticator app cannot be removed (the MFA adapter below).
- **An idle session locks**: after ``STAFF_SESSION_IDLE_MINUTES`` without a request, the
  next request asks for the password again (allauth's re-authentication). A form sent at
  that moment is kept by allauth and sent again once the person has re-authenticated:
  nothing typed is lost. The time of the last request lives in a signed cookie, so that
  checking it costs no database write.

The department memberships read here are kept on the request for the header (context
processor), so a page costs no more queries than before.
"""

import time
from collections.abc import Callable
from typing import Any

from allauth.account.internal.flows.login import get_authentication_records
from allauth.account.internal.flows.reauthentication import suspend_request
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from partners.selectors import user_department_memberships

LAST_SEEN_COOKIE = "staff_seen"
MFA_CHECKED_SESSION_KEY = "partners_mfa_checked"
# The pages a staff member without a second factor, or with an idle session, may still
# open: allauth's account and second-factor pages (no namespace, names account_* / mfa_*).
_OPEN_URL_PREFIXES = ("account_", "mfa_")


def user_is_staff_account(*, user: Any, memberships: list) -> bool:
    return bool(user.is_superuser or user.is_staff or memberships)


def user_has_second_factor(*, user: Any) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def _is_open_page(request: HttpRequest) -> bool:
    if request.path_info.startswith(settings.STATIC_URL):
        return True
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return True
    return not match.namespace and (match.url_name or "").startswith(_OPEN_URL_PREFIXES)


def _last_activity(request: HttpRequest) -> float | None:
    """The latest of the last request seen and the last (re-)authentication."""
    seen = None
    try:
        signed = request.get_signed_cookie(LAST_SEEN_COOKIE, salt=LAST_SEEN_COOKIE) or ""
        owner, _, moment = signed.partition(":")
        seen = float(moment) if owner == str(request.user.pk) else None
    except (KeyError, signing.BadSignature, ValueError):
        seen = None
    records = get_authentication_records(request, request.user)
    authenticated = max((float(record.get("at", 0)) for record in records), default=None)
    known = [moment for moment in (seen, authenticated) if moment is not None]
    return max(known) if known else None


def _idle_too_long(request: HttpRequest, now: float) -> bool:
    """Every login through allauth records its time in the session; a session without any
    record nor cookie (opened before this rule, or by ``force_login`` in a test) starts
    being watched now."""
    last = _last_activity(request)
    return last is not None and now - last > settings.STAFF_SESSION_IDLE_MINUTES * 60


class StaffSecurityMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        memberships = list(user_department_memberships(user=user))
        request.staff_memberships = memberships  # type: ignore[attr-defined]
        if not user_is_staff_account(user=user, memberships=memberships):
            return self.get_response(request)

        now = time.time()
        if not _is_open_page(request):
            if _idle_too_long(request, now):
                return suspend_request(request, reverse("account_reauthenticate"))
            if settings.MFA_REQUIRED_FOR_STAFF and not self._has_second_factor(request):
                messages.warning(
                    request,
                    _(
                        "Staff accounts need a second factor: activate an authenticator "
                        "app to continue."
                    ),
                )
                query = urlencode({"next": request.get_full_path()})
                return HttpResponseRedirect(f"{reverse('mfa_activate_totp')}?{query}")
        response = self.get_response(request)
        response.set_signed_cookie(
            LAST_SEEN_COOKIE,
            f"{user.pk}:{now:.0f}",
            salt=LAST_SEEN_COOKIE,
            max_age=settings.STAFF_SESSION_IDLE_MINUTES * 60,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
        return response

    @staticmethod
    def _has_second_factor(request: HttpRequest) -> bool:
        if request.session.get(MFA_CHECKED_SESSION_KEY) == request.user.pk:
            return True
        if not user_has_second_factor(user=request.user):
            return False
        request.session[MFA_CHECKED_SESSION_KEY] = request.user.pk
        return True


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Where a second factor is required, a staff member keeps their authenticator app
        (they may still regenerate recovery codes, or add a new app before)."""
        if not settings.MFA_REQUIRED_FOR_STAFF or authenticator.type != Authenticator.Type.TOTP:
            return True
        user = authenticator.user
        memberships = list(user_department_memberships(user=user))
        return not user_is_staff_account(user=user, memberships=memberships)
