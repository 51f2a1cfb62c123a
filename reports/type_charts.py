"""PNG charts of one media type's page: its 30-day trend and its format distribution."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from reports.charts import (
    _BLUE, _GRID, _ORANGE, _TEXT, Chart, _chart, _date_axis, _style_axes, plain_text, retention_chart,
    size_bars_chart,
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
    """Return the charts of every type page: the type's trend (with two built days or more) and
    its formats."""
    charts = []
    for page in report.type_pages:
        days = [m for m in report.metrics if m.media_type == page.media_type]
        if len(days) >= 2:
            charts.append(type_trend_chart(page, days))
        if page.formats:
            charts.append(formats_chart(page.media_type, page.title, page.formats))
        if page.videos and page.videos.retention_curves:
            # the type's own items: the overview's chart mixes video and audio
            charts.append(retention_chart(page.videos.retention_curves, f"video_retention_{page.media_type}"))
    return charts


@plain_text
def type_trend_chart(page: TypePage, days: Sequence[DayMetrics]) -> Chart:
    """Return four small charts of one type over the trend window: storage, uploads, views and
    bandwidth per day (bandwidth on the days an access log covered)."""
    fig = Figure(figsize=(6.4, 4.6), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(2, 2, sharex=True)
    dates = [m.day for m in days]
    parts = []
    for ax, (name, title, is_bytes, bars) in zip(axes.flat, _PANELS, strict=True):
        values = [getattr(m, name) for m in days]
        shown = [(d, v) for d, v in zip(dates, values) if v is not None]
        _style_axes(ax, labelsize=8)
        ax.grid(axis="y", color=_GRID, linewidth=0.8)
        ax.set_title(title, loc="left", fontsize=10, color=_TEXT)
        if shown:
            xs, ys = zip(*shown)
            if bars:
                ax.bar(xs, ys, color=_ORANGE if is_bytes else _BLUE, width=0.7)
            else:
                ax.plot(xs, ys, color=_BLUE, marker="o", markersize=2.5, linewidth=1.4)
        formatter = format_bytes if is_bytes else format_count
        ax.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=not is_bytes))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _pos, f=formatter: f(y)))
        bottom, top = ax.get_ylim()
        ax.set_ylim(0 if bars or bottom >= 0 else bottom, max(top, 1))
        _date_axis(ax)
        parts.append(_describe(title.lower(), shown, formatter, total=bars))
    alt = (f"Four charts of {page.title.lower()} per day from {format_date(dates[0])} to "
           f"{format_date(dates[-1])}: " + "; ".join(parts) + ".")
    return _chart(f"trend_{page.media_type}", fig, alt)


def _describe(label: str, shown, formatter, total: bool) -> str:
    if not shown:
        return f"{label}: no data"
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
