from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


class FrenchFirstMiddleware:
    """French first, whatever the browser asks: English only through the language switcher.

    Django's LocaleMiddleware would follow the browser's Accept-Language header; the
    portal speaks French to everyone until they choose otherwise (the language cookie).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class PrivatePagesMiddleware:
    """What a signed-in person sees is theirs: never stored by a shared cache (a proxy, a
    CDN) nor kept by the browser. Applies to every response to a signed-in person that
    says nothing of its own about caching (downloads of private files already say
    ``private, no-store``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
