"""What the account and staff pages share: saving the edit of a versioned record."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext as _

from common.views import run_service
from partners.forms import VersionedModelForm


def versioned_edit_saved(
    request: HttpRequest,
    form: VersionedModelForm,
    service: Callable[..., object],
    **kwargs: Any,
) -> bool:
    """A posted edit of a record: when ``form`` is valid, ``service`` saves it on the
    version the form was opened on (a refusal lands on the form) and the page says so.
    Says whether it was saved."""
    if not (request.method == "POST" and form.is_valid()):
        return False
    outcome = run_service(
        service,
        form=form,
        expected_version=form.cleaned_data["version"] or 0,
        **form.service_fields(),
        **kwargs,
    )
    if outcome:
        messages.success(request, _("Changes saved."))
    return outcome.ok
