"""Reads of the indicators: their progress, charts and measured values."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from cooperation.models import (
    CooperationProject,
    Indicator,
    Measurement,
    MeasurementStatus,
    SdgTarget,
)


@dataclass
class ChartPoint:
    when: date
    value: Decimal
    x: float
    y: float


@dataclass
class IndicatorProgress:
    """An indicator's numbers, and the geometry of its chart (an SVG drawn by a template)."""

    indicator: Indicator
    approved: list[Measurement]
    current: Decimal | None
    percent: Decimal | None
    points: list[ChartPoint] = field(default_factory=list)
    baseline_y: float | None = None
    target_y: float | None = None
    y_ticks: list[tuple[float, Decimal]] = field(default_factory=list)
    width: int = 600
    height: int = 260


CHART_LEFT, CHART_RIGHT, CHART_TOP, CHART_BOTTOM = 70, 580, 20, 220


def indicator_progress(indicator: Indicator, measurements: list[Measurement]) -> IndicatorProgress:
    """Value to date and progress towards the target.

    A cumulative indicator counts flows (tonnes sold each year): its value to date is the
    sum of its approved periods, and progress runs from zero to the target. Otherwise the
    latest approved period gives the value, and progress runs from the baseline to the
    target, whichever the direction (lower is better gives a target below the baseline).
    """
    approved = sorted(
        (m for m in measurements if m.status == MeasurementStatus.APPROVED),
        key=lambda m: (m.period_end, m.pk),
    )
    progress = IndicatorProgress(indicator=indicator, approved=approved, current=None, percent=None)
    # A value recorded while the indicator was qualitative has no number: it is not counted.
    values = [(m.period_end, m.value) for m in approved if m.value is not None]
    if indicator.is_qualitative or not values:
        return progress
    series: list[tuple[date, Decimal]] = []
    running = Decimal(0)
    for period_end, value in values:
        running = running + value if indicator.cumulative else value
        series.append((period_end, running))
    progress.current = series[-1][1]
    start = Decimal(0) if indicator.cumulative else indicator.baseline_value
    target = indicator.target_value
    if start is not None and target is not None and target != start:
        progress.percent = ((progress.current - start) / (target - start) * 100).quantize(
            Decimal(1)
        )
    _chart_geometry(progress, series)
    return progress


def _chart_geometry(progress: IndicatorProgress, series: list[tuple[date, Decimal]]) -> None:
    indicator = progress.indicator
    dates = [when for when, _value in series]
    values = [value for _when, value in series]
    if (
        indicator.baseline_date
        and indicator.baseline_value is not None
        and not indicator.cumulative
    ):
        dates.append(indicator.baseline_date)
    if indicator.target_date:
        dates.append(indicator.target_date)
    references = [v for v in (indicator.baseline_value, indicator.target_value) if v is not None]
    low = min([*values, *references, Decimal(0)])
    high = max([*values, *references])
    if high == low:
        high = low + 1
    first, last = min(dates), max(dates)
    span_days = max((last - first).days, 1)

    def x_of(when: date) -> float:
        return round(CHART_LEFT + (when - first).days / span_days * (CHART_RIGHT - CHART_LEFT), 1)

    def y_of(value: Decimal) -> float:
        ratio = float((value - low) / (high - low))
        return round(CHART_BOTTOM - ratio * (CHART_BOTTOM - CHART_TOP), 1)

    progress.points = [ChartPoint(when, value, x_of(when), y_of(value)) for when, value in series]
    if indicator.baseline_value is not None:
        progress.baseline_y = y_of(indicator.baseline_value)
    if indicator.target_value is not None:
        progress.target_y = y_of(indicator.target_value)
    progress.y_ticks = [
        (
            y_of(low + (high - low) * step / 4),
            (low + (high - low) * step / 4).quantize(Decimal("0.01")),
        )
        for step in range(5)
    ]


def project_indicators(
    *, project: CooperationProject, public: bool = False
) -> list[IndicatorProgress]:
    """Every indicator of the project with its progress; the public sees approved values only."""
    measurements = Measurement.objects.select_related("reporter", "reviewed_by").order_by(
        "period_end", "pk"
    )
    if public:
        measurements = measurements.filter(status=MeasurementStatus.APPROVED)
    indicators = project.indicators.select_related("objective").prefetch_related(
        Prefetch("sdg_targets", queryset=SdgTarget.objects.select_related("goal")),
        Prefetch("measurements", queryset=measurements),
    )
    return [
        indicator_progress(indicator, list(indicator.measurements.all()))
        for indicator in indicators
    ]


def project_indicator_get(*, project: CooperationProject, pk: int) -> Indicator | None:
    return project.indicators.filter(pk=pk).first()


def project_measurement_get(*, project: CooperationProject, pk: int) -> Measurement | None:
    return (
        Measurement.objects.select_related("indicator", "reporter")
        .filter(indicator__project=project, pk=pk)
        .first()
    )


def project_measurements_to_review(*, project: CooperationProject) -> QuerySet[Measurement]:
    return (
        Measurement.objects.filter(indicator__project=project, status=MeasurementStatus.SUBMITTED)
        .select_related("indicator", "reporter")
        .order_by("submitted_at")
    )


def indicator_measurements(*, indicator: Indicator) -> list[Measurement]:
    """Every measurement of an indicator, drafts included (staff only), oldest first."""
    return list(
        indicator.measurements.select_related("reporter", "reviewed_by").order_by(
            "period_end", "pk"
        )
    )
