"""PNG charts for the report page and the email, drawn with matplotlib's Agg canvas.

Figures are built from `matplotlib.figure.Figure` and rendered by `FigureCanvasAgg` directly, so no
pyplot state is created or leaked and the backend does not depend on the environment. Each chart is
drawn at 2x its display size (for sharp images on high-density screens) with a fixed pixel size.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import date2num, num2date
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator, MultipleLocator

from reports.format import format_bytes, format_clock, format_count, format_date, format_percent
from reports.model import BandwidthPoint, DailyReport, DayPoint, TypeStorage
from reports.sections import RetentionCurve

DISPLAY_WIDTH = 640
SCALE = 2
CONTENT_ID_DOMAIN = "media-analytics"
HEADROOM = 1.12  # the axis reaches 12 % above the highest value: no line or bar runs along the top edge
DATE_LABELS = 8  # at most this many day labels on a full-width axis (half as many on a panel)

_TEXT = "#1f2933"
_MUTED = "#616e7c"
_GRID = "#e4e7eb"
_BLUE = "#2f5d8a"
_ORANGE = "#c9792b"
_GREEN = "#4d8b5f"
# Every string a chart draws is plain text: names come from users ("tour $\frac{$ 2026.mp4"), and
# matplotlib would otherwise parse a pair of dollar signs as mathtext (and fail on a broken one).
# Text objects read this when they are made, tick labels when they are drawn: each chart function
# runs whole inside it.
plain_text = matplotlib.rc_context({"text.parse_math": False, "text.usetex": False})


@dataclass(frozen=True)
class Chart:
    """One rendered chart: `png` is `width`x`height` CSS pixels drawn at 2x."""

    name: str
    filename: str
    png: bytes
    alt: str
    width: int
    height: int
    # what was drawn, for looking into (its axes, ticks and lines): not part of the chart's value
    figure: Figure | None = field(default=None, repr=False, compare=False)

    @property
    def cid(self) -> str:
        """Return the Content-ID (without angle brackets) the email uses for this image."""
        return f"{self.name}@{CONTENT_ID_DOMAIN}"


def render_charts(report: DailyReport) -> list[Chart]:
    """Return the charts the report has data for, in page order (storage, trend, uploads). A chart
    whose every value is zero is left out: an empty axis tells nothing the page's text does not."""
    charts = []
    if report.storage.by_type:
        charts.append(storage_by_type_chart(report.storage.by_type))
    if report.has_trend:
        if any(p.views or p.clicks or p.downloads for p in report.trend):
            charts.append(usage_trend_chart(report.trend))
        if any(p.uploads or p.deletions for p in report.trend):
            charts.append(uploads_deletions_chart(report.trend))
    if len({p.day for p in report.bandwidth_trend}) >= 2 and any(p.bytes_sent for p in report.bandwidth_trend):
        charts.append(bandwidth_trend_chart(report.bandwidth_trend))
    if report.videos and report.videos.retention_curves:
        charts.append(retention_chart(report.videos.retention_curves))
    return charts


@plain_text
def storage_by_type_chart(by_type: Sequence[TypeStorage]) -> Chart:
    """Return a horizontal bar chart of bytes per media type, largest on top, each bar labelled
    with its size and file count."""
    return size_bars_chart(
        "storage_by_type", "Storage by media type",
        [(t.media_type.capitalize(), t.bytes, t.files) for t in by_type],
        "Horizontal bar chart of storage by media type",
    )


@plain_text
def size_bars_chart(name: str, title: str, rows: Sequence[tuple[str, int, int]], alt_lead: str) -> Chart:
    """Return a horizontal bar chart of (label, bytes, files) rows, largest on top, each bar
    labelled with its size and file count; `alt_lead` starts the alt text."""
    rows = sorted(rows, key=lambda r: (-r[1], r[0]))
    fig, ax = _figure(height=max(260, 60 + 34 * len(rows)))
    positions = range(len(rows))
    ax.barh(positions, [size for _, size, _ in rows], color=_BLUE, height=0.6)
    ax.set_yticks(list(positions), [label for label, _, _ in rows])
    ax.invert_yaxis()
    largest = max((size for _, size, _ in rows), default=0)
    ax.set_xlim(0, max(largest, 1) * 1.3)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=5))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: format_bytes(x)))
    ax.grid(axis="x", color=_GRID, linewidth=0.8)
    ax.tick_params(axis="y", length=0)
    for pos, (_, size, files) in zip(positions, rows, strict=True):
        ax.annotate(
            f"{format_bytes(size)} · {format_count(files)} file{'' if files == 1 else 's'}",
            xy=(size, pos),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=9,
            color=_TEXT,
        )
    ax.set_title(title, loc="left", fontsize=11, color=_TEXT)
    parts = [f"{label.lower()} {format_bytes(size)} ({format_count(files)} file{'' if files == 1 else 's'})"
             for label, size, files in rows]
    return _chart(name, fig, f"{alt_lead}: " + "; ".join(parts) + ".")


@plain_text
def usage_trend_chart(trend: Sequence[DayPoint]) -> Chart:
    """Return a line chart of views, clicks and downloads per day over the trend window."""
    fig, ax = _figure(height=300)
    days = [p.day for p in trend]
    series = [
        ("Page views", [p.views for p in trend], _BLUE, "o", "-"),
        ("Clicks", [p.clicks for p in trend], _ORANGE, "s", "--"),
        ("Downloads", [p.downloads for p in trend], _GREEN, "^", ":"),
    ]
    for label, values, color, marker, style in series:
        ax.plot(days, values, label=label, color=color, marker=marker, markersize=3,
                linestyle=style, linewidth=1.6)
    _date_axis(ax, days[0], days[-1])
    _count_axis(ax, highest=max(max(values) for _, values, *_ in series))
    _legend(ax, columns=3)
    ax.set_title("Usage per day", loc="left", fontsize=11, color=_TEXT)
    peak = max(trend, key=lambda p: (p.views, p.day))
    totals = ", ".join(f"{format_count(sum(v))} {label.lower()}" for label, v, *_ in series)
    alt = (
        f"Line chart of page views, clicks and downloads per day from {format_date(days[0])} to "
        f"{format_date(days[-1])}: {totals} in total; page views peaked at {format_count(peak.views)} "
        f"on {format_date(peak.day)}."
    )
    return _chart("usage_trend", fig, alt)


@plain_text
def uploads_deletions_chart(trend: Sequence[DayPoint]) -> Chart:
    """Return a bar chart of uploads (up) and deletions (down) per day over the trend window."""
    fig, ax = _figure(height=260)
    days = [p.day for p in trend]
    uploads = [p.uploads for p in trend]
    deletions = [p.deletions for p in trend]
    ax.bar(days, uploads, color=_BLUE, width=0.7, label="Uploads")
    ax.bar(days, [-d for d in deletions], color=_ORANGE, width=0.7, label="Deletions")
    ax.axhline(0, color=_MUTED, linewidth=0.8)
    _date_axis(ax, days[0], days[-1])
    top = max([*uploads, *deletions, 1])
    _count_axis(ax, highest=top, absolute=True)
    ax.set_ylim(-top * HEADROOM, top * HEADROOM)
    _legend(ax, columns=2)
    ax.set_title("Uploads and deletions per day", loc="left", fontsize=11, color=_TEXT)
    alt = (
        f"Bar chart of uploads (above the axis) and deletions (below) per day from "
        f"{format_date(days[0])} to {format_date(days[-1])}: {format_count(sum(uploads))} uploads "
        f"and {format_count(sum(deletions))} deletions in total."
    )
    return _chart("uploads_deletions", fig, alt)


_TYPE_COLOURS = {"image": _BLUE, "video": _ORANGE, "document": _GREEN, "audio": "#7c5e99",
                 "other": "#9aa5b1", "unmatched": "#cbd2d9"}


@plain_text
def bandwidth_trend_chart(points: Sequence[BandwidthPoint]) -> Chart:
    """Return a stacked bar chart of bytes sent per day and media type over the trend window."""
    fig, ax = _figure(height=280)
    days = sorted({p.day for p in points})
    types = sorted({p.media_type for p in points}, key=lambda t: (t == "unmatched", t))
    sent = {(p.day, p.media_type): p.bytes_sent for p in points}
    bottom = [0] * len(days)
    for media_type in types:
        heights = [sent.get((day, media_type), 0) for day in days]
        ax.bar(days, heights, bottom=bottom, width=0.7, label=media_type.capitalize(),
               color=_TYPE_COLOURS.get(media_type, _MUTED))
        bottom = [b + h for b, h in zip(bottom, heights)]
    _date_axis(ax, days[0], days[-1])
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _pos: format_bytes(y)))
    ax.grid(axis="y", color=_GRID, linewidth=0.8)
    ax.set_ylim(0, headroom(max(bottom)))
    # Up to six types: the legend goes under the axis, where it cannot cover the title.
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), frameon=False, ncols=min(len(types), 6), fontsize=9)
    ax.set_title("Bandwidth per day", loc="left", fontsize=11, color=_TEXT)
    peak = max(range(len(days)), key=lambda i: bottom[i])
    alt = (
        f"Stacked bar chart of bytes sent per day by media type from {format_date(days[0])} to "
        f"{format_date(days[-1])}: {format_bytes(sum(bottom))} in total, most on {format_date(days[peak])} "
        f"({format_bytes(bottom[peak])})."
    )
    return _chart("bandwidth_trend", fig, alt)


_CURVE_STYLES = [(_BLUE, "-"), (_ORANGE, "--"), (_GREEN, "-."), ("#7c5e99", ":"), (_MUTED, "-")]


@plain_text
def retention_chart(curves: Sequence[RetentionCurve], name: str = "video_retention") -> Chart:
    """Return a step chart of the share of views that watched each stretch of the timeline, one
    line per item (at most five), 0–100 %, positions as the player shows them (m:ss). `name` tells
    the overview's chart (video and audio) from a type page's (`video_retention_video`)."""
    fig, ax = _figure(height=320)
    for curve, (color, style) in zip(curves, _CURVE_STYLES):
        starts = [i * curve.bucket_seconds for i in range(len(curve.retention))] + [curve.duration]
        shares = [100 * r for r in curve.retention]
        label = curve.filename if len(curve.filename) <= 32 else curve.filename[:31] + "…"
        ax.step(starts, [*shares, shares[-1]], where="post", color=color, linestyle=style, linewidth=1.6,
                label=label)
    ax.set_ylim(0, headroom(100))  # a curve at 100 % stays off the top edge
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _pos: f"{y:.0f} %"))
    longest = max(c.duration for c in curves[:len(_CURVE_STYLES)])
    ax.xaxis.set_major_locator(MultipleLocator(_clock_step(longest, curves[0].bucket_seconds)))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: format_clock(x)))
    ax.set_xlim(left=0)
    ax.grid(axis="y", color=_GRID, linewidth=0.8)
    # below the plot: file names are long, and a curve can run along any edge of it
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.12), frameon=False, ncols=2, fontsize=9)
    ax.set_title("Retention: share of views that watched each part", loc="left", fontsize=11, color=_TEXT)
    parts = [
        f"{c.filename} ({format_count(c.views)} views) {format_percent(c.retention[0])} at 0:00, "
        f"{format_percent(c.retention[-1])} at {format_clock((len(c.retention) - 1) * c.bucket_seconds)}"
        for c in curves[:len(_CURVE_STYLES)]
    ]
    alt = "Step chart of the share of views that watched each part of the timeline: " + "; ".join(parts) + "."
    return _chart(name, fig, alt)


def _clock_step(seconds: float, bucket: int) -> int:
    """Return a tick spacing for a timeline of `seconds`: the bucket size, or a round number of
    seconds or minutes, giving at most eight intervals."""
    for step in (bucket, 2 * bucket, 30, 60, 120, 300, 600, 900, 1800, 3600):
        if step >= bucket and seconds / step <= 8:
            return step
    return 7200


def _figure(height: int) -> tuple[Figure, Axes]:
    fig = Figure(figsize=(DISPLAY_WIDTH / 100, height / 100), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    _style_axes(ax, labelsize=9)
    return fig, ax


def _style_axes(ax: Axes, labelsize: int) -> None:
    """The house style of an axes: no top or right frame, light left and bottom, muted ticks, the
    grid behind the data."""
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(_GRID)
    ax.tick_params(colors=_MUTED, labelsize=labelsize)
    ax.set_axisbelow(True)


def date_ticks(first: date, last: date, labels: int = DATE_LABELS) -> list[date]:
    """Return the days to label on an axis from `first` to `last`: `first` itself (no tick stands
    before the data starts) and every `step` days after it, the step the smallest whole number of
    days that gives at most `labels` of them (so the labels never crowd into each other)."""
    span = (last - first).days
    step = max(1, math.ceil(span / max(labels - 1, 1)))
    return [first + timedelta(days=n) for n in range(0, span + 1, step)]


def _date_axis(ax: Axes, first: date, last: date, labels: int = DATE_LABELS) -> None:
    """A day axis from `first` to `last` (half a day either side: room for a bar), labelled by
    `date_ticks`: whole days only, from the first day with data."""
    ax.set_xlim(date2num(first) - 0.5, date2num(last) + 0.5)
    ax.set_xticks([date2num(d) for d in date_ticks(first, last, labels)])
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: _day_label(num2date(x))))


def _day_label(moment: datetime) -> str:
    return f"{moment:%b} {moment.day}"


def _legend(ax: Axes, columns: int) -> None:
    ax.legend(loc="lower right", bbox_to_anchor=(1, 1), frameon=False, ncols=columns, fontsize=9,
              borderaxespad=0.2)


def headroom(highest: float) -> float:
    """Return the top of a value axis from 0 whose highest value is `highest`: `HEADROOM` times
    it (1 when there is nothing above 0)."""
    return highest * HEADROOM if highest > 0 else 1


def _count_axis(ax: Axes, highest: float, absolute: bool = False) -> None:
    """A count axis from 0 (counts are never negative) with headroom above `highest`."""
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
    shown = abs if absolute else (lambda v: v)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _pos: format_count(shown(y))))
    ax.grid(axis="y", color=_GRID, linewidth=0.8)
    ax.set_ylim(0, headroom(highest))


def _chart(name: str, fig: Figure, alt: str) -> Chart:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100 * SCALE, facecolor="white",
                metadata={"Software": None})
    width, height = (round(v) for v in fig.get_size_inches() * 100)
    return Chart(name=name, filename=f"{name}.png", png=buffer.getvalue(), alt=alt,
                 width=width, height=height, figure=fig)
