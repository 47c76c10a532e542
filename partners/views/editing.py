"""What the account and staff pages share: a posted form handed to its service (the save
of a versioned edit is ``common.views.versioned_edit_saved``)."""

from collections.abc import Callable
from typing import Any

from django.forms import BaseForm
from django.http import HttpRequest

from common.views import run_service


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
