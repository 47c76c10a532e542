"""Uploaded files: their type is read from their content, never from their name."""

from pathlib import Path

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from common.security import security_event

# Formats accepted for documents and evidence: extension → what the content must be.
ALLOWED_FORMATS = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMATS_LABEL = "PDF, JPEG, PNG, ODT, DOCX, ODS, XLSX"


def max_upload_size() -> int:
    return getattr(settings, "MAX_UPLOAD_SIZE", 10 * 1024 * 1024)


def validate_upload(file: UploadedFile) -> None:
    """Refuses a file that is too large or whose content is not an accepted format."""
    size = file.size or 0
    if size > max_upload_size():
        raise ValidationError(
            _("The file weighs %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_upload_size())},
            code="file_too_large",
        )
    head = file.read(8192)
    file.seek(0)
    detected = filetype.guess(head)
    if detected is None or detected.mime not in set(ALLOWED_FORMATS.values()):
        raise ValidationError(
            _("This file is not in an accepted format (%(formats)s), whatever its name says.")
            % {"formats": FORMATS_LABEL},
            code="file_type",
        )
    name = file.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ALLOWED_FORMATS.get(extension) != detected.mime:
        raise ValidationError(
            _("The file's name says .%(extension)s but its content is a %(detected)s file.")
            % {"extension": extension or "?", "detected": detected.extension.upper()},
            code="file_extension_mismatch",
        )


def private_file_response(file: FieldFile | None, *, request: HttpRequest | None) -> FileResponse:
    """Sends a stored file as a download; callers check who may see it first.

    Each download is written to the security log (``file_download``: who, from where,
    which file) with the ``request`` it answers; ``request=None`` only for a file that any
    visitor may read (a public call's template, a published project's document)."""
    if not file or not file.name or not file.storage.exists(file.name):
        raise Http404
    if request is not None:
        security_event("file_download", request=request, file=file.name)
    response = FileResponse(file.open("rb"), as_attachment=True, filename=Path(file.name).name)
    response["Cache-Control"] = "private, no-store"
    return response
