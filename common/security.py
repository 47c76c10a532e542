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


# A typed value (a login, a file name) is cut to this many characters: it cannot flood the log.
MAX_VALUE_LENGTH = 200


def _quoted(value: Any) -> str:
    """One value of a line: control and invisible characters (CR, LF, escape, bidi
    overrides…) become spaces, runs of spaces one, so that nothing typed can forge another
    line or hide a part of one; quoted (``"``, ``\\`` escaped) when it holds a space, a
    ``=`` or a quote, or is empty."""
    text = "".join(char if char.isprintable() else " " for char in str(value))
    text = " ".join(text.split())
    if len(text) > MAX_VALUE_LENGTH:
        text = text[: MAX_VALUE_LENGTH - 1] + "…"
    if text and not any(char in text for char in ' ="\\'):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


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


def export_logged(request: HttpRequest, *, data: str, file_format: str, **details: Any) -> None:
    """Writes a download of a list of non-public data (``export``: what, in which format,
    with the filters of the query string that chose its rows)."""
    security_event(
        "export",
        request=request,
        data=data,
        format=file_format,
        query=request.GET.urlencode(),
        **details,
    )
