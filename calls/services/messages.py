"""The thread between an applicant and the department."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from calls.models import (
    Application,
    Message,
)
from calls.services.access import user_manages_calls
from calls.services.notifications import _applicant_url, _staff_recipients, _staff_url
from common.mail import send_templated_mail
from partners.models import User


@transaction.atomic
def message_post(
    *,
    application: Application,
    author: User,
    body: str,
    attachment: UploadedFile | None = None,
    staff_note: bool = False,
) -> Message:
    """A message of the thread (e-mailed to the other side) or a private note of the staff
    (e-mailed to nobody, never shown to the applicant)."""
    from_staff = author.pk != application.applicant_id
    if from_staff and not user_manages_calls(
        user=author, department_id=application.call.department_id
    ):
        raise ValidationError(_("Only the applicant and the department's officers can write here."))
    if staff_note and not from_staff:
        raise ValidationError(_("Only the department can write private notes."))
    if application.submitted_at is None:
        raise ValidationError(_("Messages open once the application is submitted."))
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write a message.")})
    message = Message.objects.create(
        application=application,
        author=author,
        from_staff=from_staff,
        is_staff_note=staff_note,
        body=body,
        attachment=attachment or "",
        attachment_name=Path(attachment.name or "").name[:255] if attachment else "",
    )
    if staff_note:
        return message
    context = {"application": application, "call": application.call, "message": message}
    if from_staff:
        send_templated_mail(
            to=application.applicant.email,
            template="calls/email/message_to_applicant",
            context={**context, "url": _applicant_url(application)},
        )
    else:
        for email in _staff_recipients(application):
            send_templated_mail(
                to=email,
                template="calls/email/message_to_staff",
                context={**context, "url": _staff_url(application)},
            )
    return message
