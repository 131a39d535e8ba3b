"""Charts drawn on the server as inline SVG: no JavaScript, nothing fetched from elsewhere.

Functions here turn numbers into geometry (plain frozen dataclasses); the template
``web/includes/weight_chart.html`` turns the geometry into SVG. Every chart is a horizontal bar
chart of match weights, drawn in a fixed 800-unit-wide view box that the page scales to fit.
Each chart carries a one-sentence text equivalent for ``aria-label``; the page shows the same
figures in a table beside it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

WIDTH = 800
LABEL_WIDTH = 300  # room for a detail's name and its agreement on the left
VALUE_WIDTH = 70  # room for the signed weight on the right
ROW_HEIGHT = 40
BAR_HEIGHT = 20
TOP = 40  # room for threshold labels
BOTTOM = 52  # room for the axis labels and the axis title
MAX_LINE_CHARACTERS = 42  # about what fits in LABEL_WIDTH at the charts' text size
CHARACTER_WIDTH = 6.5  # a rough average at 13px, to keep labels inside the view box


@dataclass(frozen=True)
class ChartRow:
    label: str
    detail: str  # a second line under the label
    value_text: str
    kind: str  # "for", "against", "neutral", "prior" or "final": picks the bar's colour
    bar_x: float
    bar_width: float
    y: float  # top of the row
    plain: bool = False  # label in ordinary weight (a wrapped name) rather than bold

    @property
    def bar_y(self) -> float:
        return self.y + (ROW_HEIGHT - BAR_HEIGHT) / 2

    @property
    def label_y(self) -> float:
        return self.y + (15 if self.detail else 25)

    @property
    def detail_y(self) -> float:
        return self.y + 32

    @property
    def value_y(self) -> float:
        return self.y + 25


@dataclass(frozen=True)
class Connector:
    """The dotted line a waterfall draws from one bar's end to the next bar's start."""

    x: float
    y1: float
    y2: float


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Marker:
    """A vertical reference line across the plot, labelled at the top (a threshold)."""

    x: float
    label: str
    label_y: float
    anchor: str
    text_x: float


@dataclass(frozen=True)
class Chart:
    label: str  # the text equivalent, for aria-label
    width: int
    height: int
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    zero_x: float
    rows: tuple[ChartRow, ...]
    ticks: tuple[Tick, ...]
    connectors: tuple[Connector, ...] = ()
    markers: tuple[Marker, ...] = ()

    @property
    def label_x(self) -> float:
        return self.plot_left - 12

    @property
    def value_x(self) -> float:
        return self.width - 4

    @property
    def axis_label_y(self) -> float:
        return self.plot_bottom + 20

    @property
    def axis_title_x(self) -> float:
        return (self.plot_left + self.plot_right) / 2

    @property
    def axis_title_y(self) -> float:
        return self.plot_bottom + 42


def signed(weight: float) -> str:
    """+3.21 or −1.50 with a real minus sign, as the tables show it."""
    if round(weight, 2) == 0:
        return "0.00"
    return f"+{weight:.2f}" if weight > 0 else f"\u2212{abs(weight):.2f}"


def _short(text: str) -> str:
    return text if len(text) <= MAX_LINE_CHARACTERS else text[: MAX_LINE_CHARACTERS - 1] + "…"


def _two_lines(text: str) -> tuple[str, str]:
    """``text`` on one line if it fits, else broken at a space into two (the second shortened
    if it still does not fit). The table beside every chart has the full text."""
    if len(text) <= MAX_LINE_CHARACTERS:
        return text, ""
    cut = text.rfind(" ", 0, MAX_LINE_CHARACTERS + 1)
    if cut <= 0:
        return _short(text), ""
    return text[:cut], _short(text[cut + 1 :])


def _step(span: float) -> float:
    """A round tick step giving about six ticks over ``span``."""
    raw = max(span, 1e-9) / 6
    magnitude = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 5, 10):
        if raw <= multiple * magnitude:
            return multiple * magnitude
    return 10 * magnitude


class _Scale:
    def __init__(self, low: float, high: float):
        low, high = min(low, 0.0), max(high, 0.0)
        if high - low < 1:
            high, low = high + 0.5, low - 0.5
        step = _step(high - low)
        self.low = math.floor(low / step) * step
        self.high = math.ceil(high / step) * step
        self.step = step
        self.left = float(LABEL_WIDTH)
        self.right = float(WIDTH - VALUE_WIDTH)

    def x(self, value: float) -> float:
        return round(
            self.left + (value - self.low) / (self.high - self.low) * (self.right - self.left), 2
        )

    def ticks(self) -> tuple[Tick, ...]:
        count = round((self.high - self.low) / self.step)
        values = (self.low + i * self.step for i in range(count + 1))
        return tuple(Tick(x=self.x(v), label=_tick_label(v)) for v in values)


def _tick_label(value: float) -> str:
    text = f"{value:g}"
    return text.replace("-", "\u2212")


def _kind(weight: float) -> str:
    if round(weight, 2) > 0:
        return "for"
    if round(weight, 2) < 0:
        return "against"
    return "neutral"


def _bar(scale: _Scale, start: float, end: float) -> dict[str, float]:
    left, right = sorted((scale.x(start), scale.x(end)))
    # A zero weight still shows a hairline, so the row does not look forgotten.
    return {"bar_x": left, "bar_width": max(right - left, 1.5)}


@dataclass(frozen=True)
class WaterfallStep:
    label: str
    detail: str
    weight: float


def waterfall_chart(
    *,
    prior_weight: float,
    prior_detail: str,
    steps: Sequence[WaterfallStep],
    final_detail: str,
    thresholds: Sequence[tuple[str, float]] = (),
) -> Chart:
    """Prior, then each detail's weight added in turn, then the final weight from zero."""
    running = [prior_weight]
    for step in steps:
        running.append(running[-1] + step.weight)
    final = running[-1]
    scale = _Scale(
        min([*running, *(w for _, w in thresholds)]), max([*running, *(w for _, w in thresholds)])
    )
    rows = [
        ChartRow(
            label="Starting point",
            detail=_short(prior_detail),
            value_text=signed(prior_weight),
            kind="prior",
            **_bar(scale, 0, prior_weight),
            y=TOP,
        )
    ]
    connectors = []
    for index, step in enumerate(steps, start=1):
        y = TOP + index * ROW_HEIGHT
        rows.append(
            ChartRow(
                label=step.label,
                detail=_short(step.detail),
                value_text=signed(step.weight),
                kind=_kind(step.weight),
                **_bar(scale, running[index - 1], running[index]),
                y=y,
            )
        )
        connectors.append(
            Connector(
                x=scale.x(running[index - 1]),
                y1=y - ROW_HEIGHT + (ROW_HEIGHT + BAR_HEIGHT) / 2,
                y2=y + (ROW_HEIGHT - BAR_HEIGHT) / 2,
            )
        )
    final_y = TOP + (len(steps) + 1) * ROW_HEIGHT
    rows.append(
        ChartRow(
            label="Final match weight",
            detail=_short(final_detail),
            value_text=signed(final),
            kind="final",
            **_bar(scale, 0, final),
            y=final_y,
        )
    )
    connectors.append(
        Connector(
            x=scale.x(final),
            y1=final_y - ROW_HEIGHT + (ROW_HEIGHT + BAR_HEIGHT) / 2,
            y2=final_y + (ROW_HEIGHT - BAR_HEIGHT) / 2,
        )
    )
    plot_bottom = final_y + ROW_HEIGHT
    # Threshold labels sit on two lines so that close thresholds do not overlap, each on the
    # side of its line where it fits (the lower one to the left, the higher one to the right).
    markers = []
    for i, (label, weight) in enumerate(sorted(thresholds, key=lambda t: t[1])):
        x = scale.x(weight)
        room = len(label) * CHARACTER_WIDTH + 4
        left_fits, right_fits = x - room >= 0, x + room <= WIDTH
        anchor = "end" if (i == 0 and left_fits) or not right_fits else "start"
        markers.append(
            Marker(
                x=x,
                label=label,
                label_y=14 if i % 2 == 0 else 30,
                anchor=anchor,
                text_x=x - 4 if anchor == "end" else x + 4,
            )
        )
    parts = [f"starting point {signed(prior_weight)}"]
    parts += [f"{s.label.lower()} {s.detail} {signed(s.weight)}" for s in steps]
    parts.append(f"final match weight {signed(final)}, {final_detail}")
    return Chart(
        label="Waterfall chart of match weights: " + "; ".join(parts) + ".",
        width=WIDTH,
        height=int(plot_bottom + BOTTOM),
        plot_left=scale.left,
        plot_right=scale.right,
        plot_top=TOP - 4,
        plot_bottom=plot_bottom,
        zero_x=scale.x(0),
        rows=tuple(rows),
        ticks=scale.ticks(),
        connectors=tuple(connectors),
        markers=tuple(markers),
    )


def weight_bars_chart(
    *,
    title: str,
    rows: Sequence[tuple[str, float]],
    weight_range: tuple[float, float],
) -> Chart:
    """One bar per (label, weight) from zero, on a scale shared by every chart on the page so
    that bars in different charts compare."""
    scale = _Scale(*weight_range)
    chart_rows = tuple(
        ChartRow(
            label=_two_lines(label)[0],
            detail=_two_lines(label)[1],
            value_text=signed(weight),
            kind=_kind(weight),
            **_bar(scale, 0, weight),
            y=TOP / 2 + index * ROW_HEIGHT,
            plain=True,
        )
        for index, (label, weight) in enumerate(rows)
    )
    plot_bottom = TOP / 2 + len(rows) * ROW_HEIGHT
    return Chart(
        label=f"Bar chart of match weights for {title}: "
        + "; ".join(f"{label} {signed(weight)}" for label, weight in rows)
        + ".",
        width=WIDTH,
        height=int(plot_bottom + BOTTOM),
        plot_left=scale.left,
        plot_right=scale.right,
        plot_top=TOP / 2 - 4,
        plot_bottom=plot_bottom,
        zero_x=scale.x(0),
        rows=chart_rows,
        ticks=scale.ticks(),
    )


# --- line charts over time (a child's wellbeing scores) -------------------------------------
#
# Drawn by ``web/includes/line_chart.html`` in the same 800-unit view box: the plot on the left,
# a legend on the right. Each series has its own line style and point shape as well as its
# colour, and the page shows the same figures in a table.

LINE_PLOT_LEFT = 56  # room for the value axis labels
LINE_LEGEND_WIDTH = 200
LINE_TOP = 28  # room for the benchmark's label above the plot
LINE_PLOT_HEIGHT = 240
LINE_BOTTOM = 56  # room for the date labels and the axis title
LINE_EDGE = 24  # the first and last dates sit this far inside the plot, clear of the axis
LEGEND_ROW_HEIGHT = 28
DATE_LABEL_ROOM = 84  # a date label is about this wide at the charts' text size
MAX_DATE_TICKS = 6


@dataclass(frozen=True)
class LinePoint:
    x: float
    y: float
    value: float
    day: date

    @property
    def square_x(self) -> float:
        return self.x - 5

    @property
    def square_y(self) -> float:
        return self.y - 5

    @property
    def diamond(self) -> str:
        return f"{self.x},{self.y - 6} {self.x + 6},{self.y} {self.x},{self.y + 6} {self.x - 6},{self.y}"


SHAPES = ("circle", "square", "diamond")


@dataclass(frozen=True)
class LineSeries:
    key: str  # picks the line's colour and dash (for example "child")
    label: str
    shape: str  # one of SHAPES, by the series' place: the points' shape, also in the legend
    points: tuple[LinePoint, ...]
    legend_point: LinePoint  # where the legend draws this series' sample point
    legend_line_start: float
    legend_line_end: float
    legend_text_x: float

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x},{p.y}" for p in self.points)

    @property
    def legend_text_y(self) -> float:
        return self.legend_point.y + 5


@dataclass(frozen=True)
class ValueTick:
    y: float
    label: str

    @property
    def label_y(self) -> float:
        return self.y + 4


@dataclass(frozen=True)
class Benchmark:
    """A horizontal reference line across the plot (the charity's 7 out of 10), labelled."""

    y: float
    label: str

    @property
    def label_y(self) -> float:
        return self.y - 6


@dataclass(frozen=True)
class LineChart:
    label: str  # the text equivalent, for aria-label
    width: int
    height: int
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    series: tuple[LineSeries, ...]
    value_ticks: tuple[ValueTick, ...]
    date_ticks: tuple[Tick, ...]
    axis_title: str
    benchmark: Benchmark | None = None

    @property
    def value_label_x(self) -> float:
        return self.plot_left - 8

    @property
    def date_label_y(self) -> float:
        return self.plot_bottom + 20

    @property
    def axis_title_x(self) -> float:
        return (self.plot_left + self.plot_right) / 2

    @property
    def axis_title_y(self) -> float:
        return self.plot_bottom + 44

    @property
    def date_tick_end(self) -> float:
        return self.plot_bottom + 5

    @property
    def benchmark_label_x(self) -> float:
        return self.plot_right - 4


def _day_text(day: date) -> str:
    return f"{day:%-d %b %Y}"


def line_chart(
    *,
    title: str,
    series: Sequence[tuple[str, str, Sequence[tuple[date, float]]]],
    maximum: float,
    step: float,
    axis_title: str,
    benchmark: tuple[str, float] | None = None,
) -> LineChart:
    """Values from 0 to ``maximum`` over time, one line per (key, label, [(day, value)…]) in
    the order given, on a shared time axis from the first day to the last."""
    left, right = float(LINE_PLOT_LEFT), float(WIDTH - LINE_LEGEND_WIDTH)
    top, bottom = float(LINE_TOP), float(LINE_TOP + LINE_PLOT_HEIGHT)
    days = sorted({day for _, _, values in series for day, _ in values})

    def x(day: date) -> float:
        if len(days) < 2:
            return round((left + right) / 2, 2)
        span = (days[-1] - days[0]).days
        inner = right - left - 2 * LINE_EDGE
        return round(left + LINE_EDGE + (day - days[0]).days / span * inner, 2)

    def y(value: float) -> float:
        return round(bottom - value / maximum * (bottom - top), 2)

    legend_x = right + 12
    drawn = tuple(
        LineSeries(
            key=key,
            label=label,
            shape=SHAPES[index % len(SHAPES)],
            points=tuple(
                LinePoint(x=x(day), y=y(value), value=value, day=day)
                for day, value in sorted(values, key=lambda pair: pair[0])
            ),
            legend_point=LinePoint(
                x=legend_x + 12, y=top + 10 + index * LEGEND_ROW_HEIGHT, value=0, day=days[0]
            ),
            legend_line_start=legend_x,
            legend_line_end=legend_x + 24,
            legend_text_x=legend_x + 32,
        )
        for index, (key, label, values) in enumerate(s for s in series if s[2])
    )
    # At most six dates along the bottom, spread out, none overlapping the one before.
    if len(days) > MAX_DATE_TICKS:
        picks = sorted(
            {round(i * (len(days) - 1) / (MAX_DATE_TICKS - 1)) for i in range(MAX_DATE_TICKS)}
        )
        candidates = [days[i] for i in picks]
    else:
        candidates = days
    date_ticks: list[Tick] = []
    for day in candidates:
        if not date_ticks or x(day) - date_ticks[-1].x >= DATE_LABEL_ROOM:
            date_ticks.append(Tick(x=x(day), label=_day_text(day)))
    count = round(maximum / step)
    value_ticks = tuple(ValueTick(y=y(i * step), label=f"{i * step:g}") for i in range(count + 1))
    parts = [
        f"{s.label}: " + ", ".join(f"{p.value:g} on {p.day:%-d %B %Y}" for p in s.points)
        for s in drawn
    ]
    text = f"Line chart of {title}, {axis_title.lower()} from 0 to {maximum:g}"
    if benchmark is not None:
        text += f", with {benchmark[0]} marked at {benchmark[1]:g}"
    text += (": " + "; ".join(parts) + ".") if parts else ": nothing recorded yet."
    return LineChart(
        label=text,
        width=WIDTH,
        height=int(bottom + LINE_BOTTOM),
        plot_left=left,
        plot_right=right,
        plot_top=top,
        plot_bottom=bottom,
        series=drawn,
        value_ticks=value_ticks,
        date_ticks=tuple(date_ticks),
        axis_title=axis_title,
        benchmark=Benchmark(y=y(benchmark[1]), label=benchmark[0]) if benchmark else None,
    )
