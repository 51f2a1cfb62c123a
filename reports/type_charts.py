"""PNG charts of one media type's page: its 30-day trend and its format distribution."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from reports.charts import (
    _BLUE, _GRID, _ORANGE, _TEXT, DATE_LABELS, Chart, _chart, _date_axis, _style_axes, headroom, plain_text,
    retention_chart, size_bars_chart,
)
from reports.format import format_bytes, format_count, format_date
from reports.model import DailyReport, DayMetrics, FormatShare, TypePage

_PANELS = [
    # (field, title, bytes?, bars?)
    ("bytes", "Storage", True, False),
    ("uploads", "Uploads", False, True),
    ("views", "Page views", False, True),
    ("bytes_sent", "Bandwidth", True, True),
]


def render_type_charts(report: DailyReport) -> list[Chart]:
    """Return the charts of every type page: the type's trend (with two built days or more and a
    value other than zero) and its formats."""
    charts = []
    for page in report.type_pages:
        days = [m for m in report.metrics if m.media_type == page.media_type]
        if len(days) >= 2 and any(_shown(days, name) for name, *_ in _PANELS):
            charts.append(type_trend_chart(page, days))
        if page.formats:
            charts.append(formats_chart(page.media_type, page.title, page.formats))
        if page.videos and page.videos.retention_curves:
            # the type's own items: the overview's chart mixes video and audio
            charts.append(retention_chart(page.videos.retention_curves, f"video_retention_{page.media_type}"))
    return charts


def _shown(days: Sequence[DayMetrics], name: str) -> list[tuple[date, float]]:
    """(day, value) of the days that have a value of `name`; none when every value is 0 or
    unknown (an empty panel is left out)."""
    shown = [(m.day, getattr(m, name)) for m in days if getattr(m, name) is not None]
    return shown if any(v for _, v in shown) else []


@plain_text
def type_trend_chart(page: TypePage, days: Sequence[DayMetrics]) -> Chart:
    """Return small charts of one type over the trend window, two a row: storage, uploads, views
    and bandwidth per day (bandwidth on the days an access log covered). A panel whose every value
    is 0 or unknown is left out and named in the alt text; the day axis runs from the first day
    any panel has a value, labelled from that day."""
    panels = [(panel, _shown(days, panel[0])) for panel in _PANELS]
    drawn = [(panel, shown) for panel, shown in panels if shown]
    first = min(d for _, shown in drawn for d, _ in shown)
    last = max(d for _, shown in drawn for d, _ in shown)
    rows = math.ceil(len(drawn) / 2)
    fig = Figure(figsize=(6.4, 0.4 + 2.1 * rows), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    grid = fig.add_gridspec(rows, 2)
    for n, ((name, title, is_bytes, bars), shown) in enumerate(drawn):
        ax = fig.add_subplot(grid[n // 2, n % 2])
        _style_axes(ax, labelsize=8)
        ax.grid(axis="y", color=_GRID, linewidth=0.8)
        ax.set_title(title, loc="left", fontsize=10, color=_TEXT)
        xs, ys = zip(*shown)
        if bars:
            ax.bar(xs, ys, color=_ORANGE if is_bytes else _BLUE, width=0.7)
        else:
            ax.plot(xs, ys, color=_BLUE, marker="o", markersize=2.5, linewidth=1.4)
        formatter = format_bytes if is_bytes else format_count
        ax.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=not is_bytes))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _pos, f=formatter: f(y)))
        ax.set_ylim(0, headroom(max(ys)))
        # half the width of a full chart: half as many day labels
        _date_axis(ax, first, last, DATE_LABELS // 2)
        # one row of day labels per column: under its lowest panel
        ax.tick_params(axis="x", labelbottom=n + 2 >= len(drawn))
    parts = [_describe(title.lower(), shown, format_bytes if is_bytes else format_count, total=bars)
             for (_name, title, is_bytes, bars), shown in panels]
    alt = (f"{'Charts' if len(drawn) > 1 else 'A chart'} of {page.title.lower()} per day from "
           f"{format_date(first)} to {format_date(last)}: " + "; ".join(parts) + ".")
    return _chart(f"trend_{page.media_type}", fig, alt)


def _describe(label: str, shown, formatter, total: bool) -> str:
    if not shown:
        return f"{label}: none (not charted)"
    if total:
        return f"{label} {formatter(sum(v for _, v in shown))} in total"
    return f"{label} from {formatter(shown[0][1])} to {formatter(shown[-1][1])}"


@plain_text
def formats_chart(media_type: str, title: str, formats: Sequence[FormatShare]) -> Chart:
    """Return a horizontal bar chart of bytes per format of one type, each bar labelled."""
    return size_bars_chart(
        f"formats_{media_type}", f"{title} by format",
        [(f.format, f.bytes, f.files) for f in formats],
        f"Horizontal bar chart of {title.lower()} storage by format",
    )
