"""Writes of the indicators and of the life of their measured values."""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.mail import send_templated_mail
from common.versioning import update_versioned
from cooperation.models import (
    CooperationProject,
    Indicator,
    Measurement,
    MeasurementStatus,
    SdgTarget,
)
from cooperation.services.planning import _check_same_project, _next_position, _set_sdg_targets
from partners.models import User


@transaction.atomic
def indicator_create(
    *, project: CooperationProject, sdg_targets: Iterable[SdgTarget] = (), **fields
) -> Indicator:
    _check_same_project(project, fields.get("objective"))
    indicator = Indicator.objects.create(
        project=project, position=_next_position(project.indicators), **fields
    )
    _set_sdg_targets(indicator, sdg_targets)
    return indicator


@transaction.atomic
def indicator_update(
    *,
    indicator: Indicator,
    expected_version: int,
    sdg_targets: Iterable[SdgTarget] | None = None,
    **fields,
) -> Indicator:
    """Saves an edit made on `expected_version`; refuses it, naming who changed the
    indicator meanwhile. Its measurements keep their values."""
    _check_same_project(indicator.project, fields.get("objective"))
    update_versioned(record=indicator, expected_version=expected_version, fields=fields)
    _set_sdg_targets(indicator, sdg_targets)
    return indicator


# The measurement's life: who may move it where. The only place these transitions exist.
MEASUREMENT_TRANSITIONS: dict[str, set[str]] = {
    MeasurementStatus.DRAFT: {MeasurementStatus.SUBMITTED},
    MeasurementStatus.SUBMITTED: {MeasurementStatus.APPROVED, MeasurementStatus.RETURNED},
    MeasurementStatus.RETURNED: {MeasurementStatus.SUBMITTED},
    MeasurementStatus.APPROVED: set(),
}


def _move(measurement: Measurement, to: str) -> None:
    if to not in MEASUREMENT_TRANSITIONS[measurement.status]:
        raise ValidationError(
            _("A measurement “%(from)s” cannot become “%(to)s”.")
            % {
                "from": MeasurementStatus(measurement.status).label,
                "to": MeasurementStatus(to).label,
            }
        )
    measurement.status = to


def _check_value(indicator: Indicator, value: Decimal | None, text_value: str) -> None:
    if indicator.is_qualitative:
        if not text_value.strip():
            raise ValidationError({"text_value": _("Describe what was observed.")})
    elif value is None:
        raise ValidationError({"value": _("Give the measured value.")})


@transaction.atomic
def measurement_create(
    *,
    indicator: Indicator,
    reporter: User,
    period_start: date,
    period_end: date,
    value: Decimal | None = None,
    text_value: str = "",
    comment: str = "",
    evidence: UploadedFile | None = None,
    submit: bool = False,
) -> Measurement:
    """Records a value for a period, as a draft or submitted for review at once."""
    if period_end < period_start:
        raise ValidationError({"period_end": _("The period ends before it starts.")})
    if submit:
        _check_value(indicator, value, text_value)
    measurement = Measurement(
        indicator=indicator,
        reporter=reporter,
        period_start=period_start,
        period_end=period_end,
        value=None if indicator.is_qualitative else value,
        text_value=text_value if indicator.is_qualitative else "",
        comment=comment,
    )
    if evidence:
        measurement.evidence = evidence
    if submit:
        _move(measurement, MeasurementStatus.SUBMITTED)
        measurement.submitted_at = timezone.now()
    measurement.save()
    return measurement


@transaction.atomic
def measurement_submit(*, measurement: Measurement) -> Measurement:
    _check_value(measurement.indicator, measurement.value, measurement.text_value)
    _move(measurement, MeasurementStatus.SUBMITTED)
    measurement.submitted_at = timezone.now()
    measurement.save(update_fields=["status", "submitted_at"])
    return measurement


@transaction.atomic
def measurement_approve(*, measurement: Measurement, officer: User) -> Measurement:
    _move(measurement, MeasurementStatus.APPROVED)
    measurement.reviewed_by = officer
    measurement.reviewed_at = timezone.now()
    measurement.review_note = ""
    measurement.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    return measurement


@transaction.atomic
def measurement_return(*, measurement: Measurement, officer: User, note: str) -> Measurement:
    """Sends a measurement back to its reporter with a note saying what to correct."""
    if not note.strip():
        raise ValidationError({"note": _("Say what needs to be corrected.")})
    _move(measurement, MeasurementStatus.RETURNED)
    measurement.reviewed_by = officer
    measurement.reviewed_at = timezone.now()
    measurement.review_note = note
    measurement.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    project = measurement.indicator.project
    # A partner corrects it in their contributor space, an officer in the workspace.
    if project.contributors.filter(user=measurement.reporter).exists():
        path = reverse(
            "cooperation:contributor_measurement_update",
            kwargs={"slug": project.slug, "pk": measurement.pk},
        )
    else:
        path = reverse(
            "cooperation:staff_indicator_detail",
            kwargs={
                "code": project.department.code,
                "slug": project.slug,
                "pk": measurement.indicator_id,
            },
        )
    send_templated_mail(
        to=measurement.reporter.email,
        template="cooperation/email/measurement_returned",
        context={
            "measurement": measurement,
            "project": project,
            "correct_url": settings.SITE_URL + path,
        },
    )
    return measurement


@transaction.atomic
def measurement_correct(
    *,
    measurement: Measurement,
    value: Decimal | None,
    text_value: str,
    comment: str,
    submit: bool,
    evidence: UploadedFile | None = None,
) -> Measurement:
    """The reporter corrects a draft or returned measurement (and may submit it again)."""
    if measurement.status not in (MeasurementStatus.DRAFT, MeasurementStatus.RETURNED):
        raise ValidationError(_("Only a draft or returned measurement can be changed."))
    indicator = measurement.indicator
    measurement.value = None if indicator.is_qualitative else value
    measurement.text_value = text_value if indicator.is_qualitative else ""
    measurement.comment = comment
    if evidence:
        measurement.evidence = evidence
    if submit:
        _check_value(indicator, measurement.value, measurement.text_value)
        _move(measurement, MeasurementStatus.SUBMITTED)
        measurement.submitted_at = timezone.now()
    measurement.save()
    return measurement
