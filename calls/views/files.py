"""The private files of an application, served to those who may see them (404 for
anyone else): its documents and the attachments of its thread."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404

from calls import selectors
from calls.models import ApplicationDocument, Message
from common.uploads import private_file_response
from common.views import found_or_404
from partners.permissions import AuthenticatedRequest


@login_required
def application_document_file(request: AuthenticatedRequest, pk: int) -> FileResponse:
    """A file of an application: for its applicant, the staff of the call's department and
    the reviewers still on the department's team, assigned to it, who declared no conflict
    of interest; 404 for anyone else."""
    document = ApplicationDocument.objects.select_related("application__call").filter(pk=pk).first()
    if document is None or not selectors.document_viewer_may_see(
        user=request.user, application=document.application
    ):
        raise Http404
    return private_file_response(document.file, request=request)


@login_required
def message_attachment_file(request: AuthenticatedRequest, pk: int) -> FileResponse:
    """An attachment of the thread: for the applicant (never of a private note) and the
    staff of the call's department."""
    message = found_or_404(
        Message.objects.select_related("application__call")
        .filter(pk=pk)
        .exclude(attachment="")
        .first()
    )
    if not selectors.attachment_viewer_may_see(user=request.user, message=message):
        raise Http404
    return private_file_response(message.attachment, request=request)
