"""What the calls' forms share: accepted formats, the upload size, the date-time input,
the version a form was opened on."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from calls.models import (
    DocumentFormat,
)
from common.uploads import ALLOWED_FORMATS, FORMATS_LABEL, max_upload_size
from common.validators import FIRST_DAY, LAST_DAY

# A document format of a call → the content type its files must have.
FORMAT_MIME = {
    DocumentFormat.PDF: ALLOWED_FORMATS["pdf"],
    DocumentFormat.JPEG: ALLOWED_FORMATS["jpeg"],
    DocumentFormat.PNG: ALLOWED_FORMATS["png"],
    DocumentFormat.ODT: ALLOWED_FORMATS["odt"],
    DocumentFormat.DOCX: ALLOWED_FORMATS["docx"],
    DocumentFormat.XLSX: ALLOWED_FORMATS["xlsx"],
    DocumentFormat.ODS: ALLOWED_FORMATS["ods"],
}


def _size_help() -> str:
    return _("%(formats)s, %(size)s MB at most.") % {
        "formats": FORMATS_LABEL,
        "size": max_upload_size() // (1024 * 1024),
    }


class DateTimeInput(forms.DateTimeInput):
    """A date-time picker within the bounds of ``common.validators`` (1900–2100)."""

    input_type = "datetime-local"

    def __init__(self, **kwargs):
        attrs = {"min": f"{FIRST_DAY.isoformat()}T00:00", "max": f"{LAST_DAY.isoformat()}T23:59"}
        attrs.update(kwargs.pop("attrs", None) or {})
        super().__init__(format="%Y-%m-%dT%H:%M", attrs=attrs, **kwargs)


class VersionedFormMixin:
    """A hidden `version` that lets the service refuse an edit of an older version."""

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def add_version_field(self, instance) -> None:
        self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, required=False)
        if instance is not None and instance.pk:
            self.fields["version"].initial = instance.version

    def service_fields(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}
