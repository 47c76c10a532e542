"""The portal's allauth adapter: how logins are throttled, what is logged of them, and how
allauth's e-mails leave (through the task queue, like every e-mail of the portal)."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from common.mail import email_enqueue
from common.security import client_address, security_event


class AccountAdapter(DefaultAccountAdapter):
    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        """Failed logins of an account are counted per account *and* address.

        Counted per account alone, anyone knowing an officer's e-mail could keep them
        locked out (five wrong passwords every five minutes, on a committee day). The
        address's own limit (settings ACCOUNT_RATE_LIMITS, per ip) still bounds how fast
        one address guesses, whatever the accounts it tries; staff have a second factor."""
        account = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{account}:{client_address(request)}"

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            security_event(
                "login_throttled",
                request=request,
                login=credentials.get("email", credentials.get("username", "")),
            )
            raise

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Writes allauth's message now (in the request's language, with its links) and
        queues its sending (common.mail.email_enqueue), instead of talking to the mail
        server inside the request: an outage no longer fails a sign-up or a password
        reset (500, and an account left without its confirmation mail); the worker sends
        the message when the server answers again, with retries."""
        request = allauth_context.request
        message_context = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            **context,
        }
        email_enqueue(message=self.render_mail(template_prefix, email, message_context))
