"""The private files of an application, served to those who may see them (404 for
anyone else): its documents and the attachments of its thread."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from calls import selectors
from calls.models import ApplicationDocument, Message
from common.uploads import private_file_response


@login_required
def application_document_file(request: HttpRequest, pk: int) -> HttpResponse:
    """A file of an application: for its applicant, the staff of the call's department and
    the reviewers assigned to it (without a conflict of interest); 404 for anyone else."""
    document = ApplicationDocument.objects.select_related("application__call").filter(pk=pk).first()
    if document is None or not selectors.document_viewer_may_see(
        user=request.user, application=document.application
    ):
        raise Http404
    return private_file_response(document.file)


@login_required
def message_attachment_file(request: HttpRequest, pk: int) -> HttpResponse:
    """An attachment of the thread: for the applicant (never of a private note) and the
    staff of the call's department."""
    message = (
        Message.objects.select_related("application__call")
        .filter(pk=pk)
        .exclude(attachment="")
        .first()
    )
    if message is None:
        raise Http404
    if not selectors.attachment_viewer_may_see(user=request.user, message=message):
        raise Http404
    return private_file_response(message.attachment)
