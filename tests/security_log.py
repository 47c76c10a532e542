"""Reading the security log back in tests (common.security writes it)."""

import shlex


def security_lines(caplog) -> list[dict[str, str]]:
    """The events the ``security`` logger wrote, each read back as a dict (``shlex`` reads
    the quoted values the way a log shipper's logfmt parser would)."""
    return [
        dict(part.split("=", 1) for part in shlex.split(record.getMessage()))
        for record in caplog.records
        if record.name == "security"
    ]


def events_named(caplog, event: str) -> list[dict[str, str]]:
    return [line for line in security_lines(caplog) if line["event"] == event]
