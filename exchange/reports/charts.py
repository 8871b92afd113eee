"""Bar charts drawn on the server as SVG geometry (templates/includes/report_chart.html).

Coordinates are floats: they place shapes on the screen, they are not money. The
figures in the bars' titles are the report's own (rounded) values.
"""

import math
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class Label:
    x: float
    text: str


@dataclass(frozen=True)
class Series:
    label: str
    css: str
    values: list


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


def _nice_step(largest: float, count: int = 4) -> float:
    """A round tick step (1, 2 or 5 × 10ⁿ) that covers `largest` in about `count` steps."""
    raw = largest / count
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def _format(number: float) -> str:
    return f"{number:,.0f}" if number >= 1 or number == 0 else f"{number:g}"


def bar_chart(title: str, categories: list, series: list[Series]) -> Chart:
    """Grouped bars: one group per category, one bar per series, from zero up."""
    largest = max((float(value) for s in series for value in s.values), default=0.0)
    step = _nice_step(largest) if largest > 0 else 1.0
    top_value = step * max(1, math.ceil(largest / step))
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    baseline = TOP + plot_height
    group_width = plot_width / max(1, len(categories))
    bar_width = group_width * 0.8 / max(1, len(series))
    bars, labels = [], []
    label_every = max(1, math.ceil(len(categories) / 16))
    for index, category in enumerate(categories):
        group_left = LEFT + index * group_width + group_width * 0.1
        for number, current in enumerate(series):
            value = current.values[index]
            height = plot_height * float(value) / top_value
            bars.append(
                Bar(
                    x=round(group_left + number * bar_width, 2),
                    y=round(baseline - height, 2),
                    width=round(bar_width, 2),
                    height=round(height, 2),
                    css=current.css,
                    title=f"{category} · {current.label}: {value}",
                )
            )
        if index % label_every == 0:
            labels.append(Label(x=round(LEFT + (index + 0.5) * group_width, 2), text=category))
    ticks = [
        Tick(y=round(baseline - plot_height * (n * step) / top_value, 2), label=_format(n * step))
        for n in range(int(round(top_value / step)) + 1)
    ]
    return Chart(
        title=title,
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=WIDTH - RIGHT,
        baseline=baseline,
        tick_x=LEFT - 6,
        label_y=baseline + 16,
        bars=bars,
        ticks=ticks,
        labels=labels,
        legend=series,
    )
