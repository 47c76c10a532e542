"""What the account and staff pages share: a posted form handed to its service, and the
save of a versioned record's edit."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.forms import BaseForm
from django.http import HttpRequest
from django.utils.translation import gettext as _

from common.views import run_service
from partners.forms import VersionedModelForm


def posted_form_run(
    request: HttpRequest,
    form: BaseForm,
    service: Callable[..., object],
    /,
    *,
    field: str | None = None,
    **kwargs: Any,
) -> bool:
    """A posted ``form``: when it is valid, ``service`` runs through ``run_service`` with
    ``kwargs`` and the form's cleaned data (a refusal lands on the form, next to ``field``
    when it names no field). Says whether it ran."""
    return (
        request.method == "POST"
        and form.is_valid()
        and run_service(service, form=form, field=field, **kwargs, **form.cleaned_data).ok
    )


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
    if not run_service(
        service,
        form=form,
        expected_version=form.cleaned_data["version"] or 0,
        **form.service_fields(),
        **kwargs,
    ):
        return False
    messages.success(request, _("Changes saved."))
    return True
