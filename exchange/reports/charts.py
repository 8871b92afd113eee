"""Bar charts drawn on the server as SVG geometry (templates/includes/report_chart.html).

Coordinates are floats: they place shapes on the screen, they are not money. The
figures in the bars' titles are the report's own (rounded) values.

A chart may also draw a line on the same scale (the running balance, which may go
below zero: the scale then runs below the baseline) and mark some categories as
partial (a year still under way): their bars hatched and dashed, their label marked.
"""

import math
from dataclasses import dataclass, field
from decimal import Decimal

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 64, 12, 12, 40


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    css: str
    title: str
    partial: bool = False


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class Label:
    x: float
    text: str
    note: str = ""


@dataclass(frozen=True)
class Series:
    label: str
    css: str
    values: list


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    title: str


@dataclass(frozen=True)
class Line:
    label: str
    css: str
    points: list[Point]

    @property
    def path(self) -> str:
        return " ".join(f"{point.x},{point.y}" for point in self.points)


@dataclass(frozen=True)
class Chart:
    title: str
    width: int
    height: int
    left: int
    right: float
    baseline: float
    tick_x: int
    label_y: float
    bars: list[Bar]
    ticks: list[Tick]
    labels: list[Label]
    legend: list[Series]
    lines: list[Line] = field(default_factory=list)
    partial_note: str = ""

    @property
    def note_y(self) -> float:
        return self.label_y + 12


def _nice_step(largest: float, count: int = 4) -> float:
    """A round tick step (1, 2 or 5 × 10ⁿ) that covers `largest` in about `count` steps."""
    raw = largest / count
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def _format(number: float) -> str:
    if number < 0:
        return "−" + _format(-number)
    return f"{number:,.0f}" if number >= 1 or number == 0 else f"{number:g}"


def _figure(value) -> str:
    """A figure in a title, grouped by three with a comma as the application writes
    numbers in both languages (docs/i18n.md); values with their 2 decimals."""
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _scale(values: list[float]) -> tuple[float, float, float]:
    """The step and the lowest and highest ticks: from zero (or below, for negative
    values) up, in round steps."""
    highest, lowest = max([0.0, *values]), min([0.0, *values])
    span = highest - lowest
    step = _nice_step(span) if span > 0 else 1.0
    top = step * max(1, math.ceil(highest / step)) if highest > 0 else 0.0
    bottom = step * math.floor(lowest / step) if lowest < 0 else 0.0
    if top == bottom:
        top = step
    return step, bottom, top


def bar_chart(
    title: str,
    categories: list,
    series: list[Series],
    *,
    line: Series | None = None,
    partial: frozenset = frozenset(),
    partial_label: str = "",
    partial_note: str = "",
) -> Chart:
    """Grouped bars: one group per category, one bar per series, from zero; `line`, on
    the same scale, through the middle of each group; the categories in `partial`
    (indexes) hatched, their axis label over `partial_label`."""
    values = [float(value) for s in series for value in s.values]
    if line is not None:
        values += [float(value) for value in line.values]
    step, bottom, top = _scale(values)
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM

    def y_of(value) -> float:
        return TOP + plot_height * (top - float(value)) / (top - bottom)

    zero = y_of(0)
    group_width = plot_width / max(1, len(categories))
    bar_width = group_width * 0.8 / max(1, len(series))
    bars, labels = [], []
    label_every = max(1, math.ceil(len(categories) / 16))
    for index, category in enumerate(categories):
        group_left = LEFT + index * group_width + group_width * 0.1
        is_partial = index in partial
        for number, current in enumerate(series):
            value = current.values[index]
            y = y_of(value)
            bars.append(
                Bar(
                    x=round(group_left + number * bar_width, 2),
                    y=round(min(y, zero), 2),
                    width=round(bar_width, 2),
                    height=round(abs(zero - y), 2),
                    css=current.css,
                    title=f"{category} · {current.label}: {_figure(value)}",
                    partial=is_partial,
                )
            )
        if index % label_every == 0 or is_partial:
            labels.append(
                Label(
                    x=round(LEFT + (index + 0.5) * group_width, 2),
                    text=category,
                    note=partial_label if is_partial else "",
                )
            )
    lines = []
    if line is not None:
        points = [
            Point(
                x=round(LEFT + (index + 0.5) * group_width, 2),
                y=round(y_of(value), 2),
                title=f"{category} · {line.label}: {_figure(value)}",
            )
            for index, (category, value) in enumerate(zip(categories, line.values, strict=True))
        ]
        lines.append(Line(line.label, line.css, points))
    count = int(round((top - bottom) / step))
    ticks = [
        Tick(y=round(y_of(bottom + n * step), 2), label=_format(bottom + n * step))
        for n in range(count + 1)
    ]
    return Chart(
        title=title,
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=WIDTH - RIGHT,
        baseline=round(zero, 2),
        tick_x=LEFT - 6,
        label_y=TOP + plot_height + 16,
        bars=bars,
        ticks=ticks,
        labels=labels,
        legend=series,
        lines=lines,
        partial_note=partial_note if partial else "",
    )
