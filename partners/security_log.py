"""What the accounts write to the security log (``common.security``): sign-ins and their
failures, sign-outs, passwords, e-mail addresses, second factors, and the requests to the
Django admin. Receivers of Django's and allauth's signals, connected in
``PartnersConfig.ready``; they only log, they decide nothing.

A failed login writes what was typed as the login, never the password (Django hands the
receivers the credentials with the password already masked; only ``email`` is read).
The throttled logins are written by the account adapter (``login_throttled``)."""

import logging
from typing import Any

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from django.contrib.auth import signals as auth_signals
from django.http import HttpRequest

from common.security import security_event
from partners import selectors


def _login(
    sender: Any, *, request: HttpRequest | None = None, user: Any = None, **kwargs: Any
) -> None:
    details: dict[str, Any] = {}
    if user.is_superuser:
        details["superuser"] = "yes"
    departments = [m.department.code for m in selectors.user_department_memberships(user=user)]
    if departments:
        details["departments"] = ",".join(departments)
    details["mfa"] = "yes" if selectors.user_has_two_factor(user=user) else "no"
    security_event("login", request=request, user=user, **details)


def _login_failed(
    sender: Any, *, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    login = credentials.get("email", credentials.get("username", ""))
    security_event("login_failed", request=request, level=logging.WARNING, login=login)


def _logout(
    sender: Any, *, request: HttpRequest | None = None, user: Any = None, **kwargs: Any
) -> None:
    security_event("logout", request=request, user=user)


def _account_event(event: str) -> Any:
    def receiver(sender: Any, *, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
        security_event(event, request=request, user=user)

    return receiver


def _email_changed(
    sender: Any,
    *,
    request: HttpRequest | None,
    user: Any,
    from_email_address: Any,
    to_email_address: Any,
    **kwargs: Any,
) -> None:
    security_event(
        "email_changed",
        request=request,
        user=user,
        old=getattr(from_email_address, "email", "-"),
        new=to_email_address.email,
    )


def _email_event(event: str) -> Any:
    def receiver(
        sender: Any, *, request: HttpRequest | None, user: Any, email_address: Any, **kwargs: Any
    ) -> None:
        security_event(event, request=request, user=user, email=email_address.email)

    return receiver


def _email_confirmed(
    sender: Any, *, request: HttpRequest | None, email_address: Any, **kwargs: Any
) -> None:
    security_event(
        "email_confirmed", request=request, user=email_address.user, email=email_address.email
    )


def _mfa_event(event: str, *, level: int = logging.INFO) -> Any:
    def receiver(
        sender: Any, *, request: HttpRequest | None, user: Any, authenticator: Any, **kwargs: Any
    ) -> None:
        security_event(event, request=request, user=user, level=level, type=authenticator.type)

    return receiver


# Module-level names: signals hold their receivers weakly.
_password_changed = _account_event("password_changed")
_password_set = _account_event("password_set")
_password_reset = _account_event("password_reset")
_signed_up = _account_event("signup")
_email_added = _email_event("email_added")
_email_removed = _email_event("email_removed")
_mfa_added = _mfa_event("mfa_activated")
_mfa_removed = _mfa_event("mfa_deactivated", level=logging.WARNING)
_mfa_reset = _mfa_event("mfa_recovery_codes_regenerated")
_mfa_failed = _mfa_event("mfa_failed", level=logging.WARNING)

_RECEIVERS = [
    (auth_signals.user_logged_in, _login),
    (auth_signals.user_login_failed, _login_failed),
    (auth_signals.user_logged_out, _logout),
    (account_signals.password_changed, _password_changed),
    (account_signals.password_set, _password_set),
    (account_signals.password_reset, _password_reset),
    (account_signals.user_signed_up, _signed_up),
    (account_signals.email_changed, _email_changed),
    (account_signals.email_added, _email_added),
    (account_signals.email_removed, _email_removed),
    (account_signals.email_confirmed, _email_confirmed),
    (mfa_signals.authenticator_added, _mfa_added),
    (mfa_signals.authenticator_removed, _mfa_removed),
    (mfa_signals.authenticator_reset, _mfa_reset),
    (mfa_signals.authentication_failed, _mfa_failed),
]


def connect() -> None:
    """Connects the receivers, once each (a ``dispatch_uid`` is unique per signal)."""
    for signal, receiver in _RECEIVERS:
        signal.connect(receiver, dispatch_uid="partners.security_log")


def admin_request_logged(request: HttpRequest, *, allowed: bool) -> bool:
    """Writes a request to the Django admin once (``admin_access``: method and path, so
    every record read or written there is traced), or a signed-in person's refused attempt
    (``admin_refused``); anonymous visitors are only sent to the login. Returns
    ``allowed``, so that the admin's permission check can end with it."""
    if getattr(request, "_security_admin_logged", False):
        return allowed
    request._security_admin_logged = True  # type: ignore[attr-defined]
    if allowed:
        security_event(
            "admin_access", request=request, method=request.method, path=request.get_full_path()
        )
    elif request.user.is_authenticated:
        security_event(
            "admin_refused", request=request, level=logging.WARNING, path=request.get_full_path()
        )
    return allowed
