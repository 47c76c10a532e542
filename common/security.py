"""The security log: who did what sensitive thing, from where, when.

One line per event on the ``security`` logger (the server's log, see settings LOGGING),
``key=value`` pairs that a log shipper or ``grep`` can read: the event, the user (id and
e-mail), the client's address as the rate limits see it (behind the trusted proxies, see
settings ALLAUTH_TRUSTED_PROXY_COUNT) and what the event concerns. The time is the log
record's own. Passwords, tokens and file contents are never written.
"""

import logging
from typing import Any

from django.http import HttpRequest

logger = logging.getLogger("security")


def client_address(request: HttpRequest | None) -> str:
    """The client's address, read the way the rate limits read it; ``-`` when unknown."""
    if request is None:
        return "-"
    from allauth.account.adapter import get_adapter

    try:
        return get_adapter().get_client_ip(request)
    except Exception:  # a log line must never fail the request
        return request.META.get("REMOTE_ADDR") or "-"


def _quoted(value: Any) -> str:
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    text = " ".join(text.split())  # no line break can forge another log line
    return f'"{text}"' if (" " in text or not text) else text


def security_event(
    event: str,
    *,
    request: HttpRequest | None = None,
    user: Any = None,
    level: int = logging.INFO,
    **details: Any,
) -> None:
    """Writes one event of the security log (``event`` in snake case, e.g. ``login_failed``).

    ``user`` defaults to the request's signed-in user."""
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        who = {"user_id": user.pk, "user": getattr(user, "email", "") or "-"}
    else:
        who = {"user_id": "-", "user": "-"}
    fields = {"event": event, **who, "ip": client_address(request), **details}
    logger.log(
        level,
        " ".join(f"{key}={_quoted(value)}" for key, value in fields.items()),
        extra={"security_event": event},
    )
