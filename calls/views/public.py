"""Public pages of the calls: /appels/ and /appels/<slug>/. A draft call does not exist
for the public (404)."""

from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from calls import figures, opendata, selectors
from calls.views.lookups import public_call
from common.pagination import paginate
from common.uploads import private_file_response
from common.views import found_or_404


def call_list(request: HttpRequest) -> HttpResponse:
    """The open calls, then the past ones with their results (paginated)."""
    return render(
        request,
        "calls/public/call_list.html",
        {
            "open_calls": list(selectors.public_open_call_list()[:50]),
            "page": paginate(request, selectors.public_past_call_list()),
        },
    )


def call_detail(request: HttpRequest, slug: str) -> HttpResponse:
    call = public_call(slug)
    return render(
        request,
        "calls/public/call_detail.html",
        {
            "call": call,
            "closes_at_label": selectors.datetime_label(call.closes_at),
            "opens_at_label": selectors.datetime_label(call.opens_at),
            # The results, once the call is closed.
            "call_figures": figures.call_figures(call=call) if call.phase == "past" else None,
            "draft": (
                selectors.applicant_draft_for_call(user=request.user, call=call)
                if request.user.is_authenticated
                else None
            ),
        },
    )


def call_document_template(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    """The template of a required document, for anyone who reads a public call."""
    call = public_call(slug)
    document = found_or_404(call.required_documents.filter(pk=pk).exclude(template="").first())
    return private_file_response(document.template, request=None)  # public


@require_safe
def grants_scdl(request: HttpRequest) -> StreamingHttpResponse:
    """The grants decided on the calls, in the SCDL "subventions" format (open data)."""
    return opendata.grants_scdl_response()
