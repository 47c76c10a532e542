from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache


@never_cache
def health(request: HttpRequest) -> HttpResponse:
    """For load balancers and monitoring: the application answers (no database query).
    Also the floor of `make bench`: the cheapest page this server can serve."""
    return HttpResponse("ok", content_type="text/plain")
