"""Horizontal bar charts drawn as SVG by the server, with the same numbers as a table
(template ``includes/bar_chart.html``): no chart library, no JavaScript."""

from dataclasses import dataclass
from decimal import Decimal


@dataclass
class Bar:
    label: str
    value: int | Decimal
    url: str = ""
    css_class: str = ""
    y: float = 0
    width: float = 0
    value_x: float = 0


@dataclass
class BarChart:
    """A horizontal bar chart and the same numbers as a table (see bar_chart.html)."""

    id: str
    title: str
    description: str
    label_header: str
    value_header: str
    bars: list[Bar]
    # Geometry of the SVG (viewBox units).
    width: int = 600
    label_width: int = 230
    bar_area: int = 300
    row_height: int = 28
    bar_height: int = 18
    height: int = 0
    bar_x: int = 0
    text_y_offset: float = 0

    def __post_init__(self) -> None:
        self.bar_x = self.label_width + 10
        self.height = max(len(self.bars), 1) * self.row_height + 8
        self.text_y_offset = self.bar_height / 2
        top = max((bar.value for bar in self.bars), default=0) or 1
        for index, bar in enumerate(self.bars):
            bar.y = 4 + index * self.row_height
            # A bar of a non-zero value stays visible.
            bar.width = round(max(float(bar.value) / float(top) * self.bar_area, 2), 1)
            if not bar.value:
                bar.width = 0
            bar.value_x = round(self.bar_x + bar.width + 6, 1)

    @property
    def total(self) -> int | Decimal:
        return sum(bar.value for bar in self.bars)
