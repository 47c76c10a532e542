"""The portal's allauth adapter: how logins are throttled, and what is logged of them."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ValidationError
from django.http import HttpRequest

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
