from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


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
