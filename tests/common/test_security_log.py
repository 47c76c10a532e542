"""The security log's line (common.security): one line per event, ``key=value`` pairs that
nothing typed can break, whoever types it."""

import logging

from django.test import RequestFactory

from common.security import security_event
from tests.security_log import security_lines


def test_a_line_names_the_event_and_the_client_address(caplog):
    caplog.set_level(logging.INFO, logger="security")
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9")

    security_event("login_failed", request=request, login="someone@example.org")

    assert security_lines(caplog) == [
        {
            "event": "login_failed",
            "user_id": "-",
            "user": "-",
            "ip": "203.0.113.9",
            "login": "someone@example.org",
        }
    ]


def test_a_typed_line_break_cannot_forge_another_line(caplog):
    caplog.set_level(logging.INFO, logger="security")
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9")
    forged = "x@example.org\r\nevent=login user=admin@example.org ip=127.0.0.1\u2028\x1b[2K"

    security_event("login_failed", request=request, login=forged)

    (record,) = [r for r in caplog.records if r.name == "security"]
    message = record.getMessage()
    assert "\r" not in message and "\n" not in message
    assert "\u2028" not in message and "\x1b" not in message
    (line,) = security_lines(caplog)
    assert line["event"] == "login_failed"
    assert line["user"] == "-"
    assert line["ip"] == "203.0.113.9"
    assert line["login"] == "x@example.org event=login user=admin@example.org ip=127.0.0.1 [2K"


def test_a_typed_quote_or_equals_sign_stays_inside_its_value(caplog):
    caplog.set_level(logging.INFO, logger="security")

    security_event("login_failed", login='a"b=c\\', other="user=admin")

    (line,) = security_lines(caplog)
    assert line["login"] == 'a"b=c\\'
    assert line["other"] == "user=admin"
    assert line["user"] == "-"


def test_a_very_long_typed_value_is_cut(caplog):
    caplog.set_level(logging.INFO, logger="security")

    security_event("login_failed", login="a" * 10_000)

    (line,) = security_lines(caplog)
    assert len(line["login"]) == 200


def test_the_security_log_is_written_whatever_the_log_level_and_to_its_own_file(tmp_path):
    """An operator who quiets the server's log (LOG_LEVEL=WARNING) keeps the security log."""
    import os
    import subprocess
    import sys

    from django.conf import settings

    log_file = tmp_path / "security.log"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "false",
        "SECRET_KEY": "x",
        "LOG_LEVEL": "WARNING",
        "SECURITY_LOG_FILE": str(log_file),
    }
    printed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from common.security import security_event; "
            "security_event('login', probe='yes')",
        ],
        env=environment,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )

    assert "event=login" in printed.stderr
    assert "event=login" in log_file.read_text()
    assert log_file.read_text().startswith("time=")
