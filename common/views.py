"""The one way a view runs a service: its refusal lands where the person looks.

A ``ValidationError`` that names fields goes next to them; one that names none goes to
the top of the form (or, for a button without a form, into the page's messages); a
``ConcurrentUpdateError`` becomes the standard sentence. Views never write
``except ValidationError`` themselves."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from common.forms import VersionedFormMixin
from common.versioning import ConcurrentUpdateError

T = TypeVar("T")


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What a service gave back (``value``), or that it refused (``ok`` false)."""

    ok: bool
    # When the service refused (``ok`` false), there is no value: read it only after
    # checking ``ok``.
    value: T

    def __bool__(self) -> bool:
        return self.ok


def concurrent_update_message(error: ConcurrentUpdateError) -> str:
    if error.editor is not None:
        return _(
            "%(name)s changed this record after you opened it. Your changes are not saved: "
            "copy them, reload the page and apply them again."
        ) % {"name": error.editor}
    return _(
        "Someone changed this record after you opened it. Your changes are not saved: "
        "copy them, reload the page and apply them again."
    )


def form_add_service_error(
    form: BaseForm, error: ValidationError, *, field: str | None = None
) -> None:
    """A service's refusal shown on the form: next to the fields it names (or to
    ``field`` when it names none and one is given), else at the top of the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(field if field in form.fields else None, error)


def run_service(
    service: Callable[..., T],
    /,
    *,
    form: BaseForm | None = None,
    request: HttpRequest | None = None,
    field: str | None = None,
    **kwargs: Any,
) -> Outcome[T]:
    """Runs ``service(**kwargs)``. On a refusal, the errors go on ``form`` when one is
    given (see ``form_add_service_error``), else into ``request``'s messages; the
    outcome says whether it ran."""
    if (form is None) == (request is None):
        raise TypeError("run_service needs a form or a request, not both.")
    try:
        value = service(**kwargs)
    except ConcurrentUpdateError as error:
        if form is not None:
            form.add_error(None, concurrent_update_message(error))
        else:
            messages.error(request, concurrent_update_message(error))  # type: ignore[arg-type]
        return Outcome(ok=False, value=cast(T, None))
    except ValidationError as error:
        if form is not None:
            form_add_service_error(form, error, field=field)
        else:
            messages.error(request, " ".join(error.messages))  # type: ignore[arg-type]
        return Outcome(ok=False, value=cast(T, None))
    return Outcome(ok=True, value=value)


def found_or_404(value: T | None) -> T:
    """``value``, or a 404 when it is None: what a view does with the ``…_get`` selector
    (or the ``.first()``) that looks up the object its URL names."""
    if value is None:
        raise Http404
    return value


def versioned_edit_saved(
    request: HttpRequest,
    form: BaseForm,
    service: Callable[..., object],
    /,
    **kwargs: Any,
) -> bool:
    """A posted edit of a versioned record (``form`` has ``common.forms.VersionedFormMixin``):
    when the form is valid, ``service`` saves it on the version the form was opened on,
    through ``run_service`` (an edit of an older version is refused, naming who changed it;
    what was typed stays in the form), and the page says it is saved. Says whether it was."""
    if not (request.method == "POST" and form.is_valid()):
        return False
    versioned = cast(VersionedFormMixin, form)
    if not run_service(
        service,
        form=form,
        expected_version=form.cleaned_data["version"] or 0,
        **versioned.service_fields(),
        **kwargs,
    ):
        return False
    messages.success(request, _("Changes saved."))
    return True
