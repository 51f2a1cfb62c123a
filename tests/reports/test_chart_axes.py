"""Charts read right (issue 16 item 16): day labels start on the first day with data and never run
into each other, the highest line or bar stays off the top edge, a chart or panel with nothing to
show is left out, and no page repeats a heading. Each chart is looked into through the figure it
was drawn from: its tick labels, their drawn boxes (in pixels), its axis limits and its data."""

import dataclasses
import re
from datetime import date, timedelta

import pytest
from matplotlib.dates import date2num

from reports.charts import render_charts
from reports.model import BandwidthPoint, DayPoint
from reports.render import render_type_page_html
from reports.type_charts import render_type_charts
from sample_report import DAY, sample_report
from test_report_comparisons import day_metrics
from test_report_documents import DOCUMENTS as DOCUMENT_REPORT
from test_report_images import IMAGES as IMAGE_REPORT
from test_report_type_pages import DOCUMENTS, IMAGES

FIRST = date(2026, 10, 25)  # sample_report's trend: 30 days, 2026-10-25 … 2026-11-23


def drawn(chart):
    """(axes, renderer) of a chart, drawn."""
    chart.figure.canvas.draw()
    return chart.figure.axes, chart.figure.canvas.get_renderer()


def labels(ax) -> list[str]:
    return [t.get_text() for t in ax.get_xticklabels() if t.get_visible() and t.get_text()]


def label_gaps(ax, renderer) -> list[float]:
    """Pixels between one day label's right edge and the next one's left edge."""
    boxes = sorted((t.get_window_extent(renderer) for t in ax.get_xticklabels() if t.get_text()),
                   key=lambda b: b.x0)
    return [b.x0 - a.x1 for a, b in zip(boxes, boxes[1:])]


def image_metrics(days: int, **values):
    """`days` days of image metrics ending on the report's day, oldest first."""
    return [day_metrics(DAY - timedelta(days=n), "image", **{name: v(n) if callable(v) else v
                                                             for name, v in values.items()})
            for n in reversed(range(days))]


def type_trend(metrics):
    report = dataclasses.replace(sample_report(), type_pages=[IMAGES], metrics=metrics)
    return {c.name: c for c in render_type_charts(report)}.get("trend_image")


def test_day_labels_start_on_the_first_day_with_data():
    charts = {c.name: c for c in render_charts(sample_report())}
    (ax,), _ = drawn(charts["usage_trend"])
    # 30 days, at most 8 labels: every ceil(29 / 7) = 5 days from the first day
    assert labels(ax) == ["Oct 25", "Oct 30", "Nov 4", "Nov 9", "Nov 14", "Nov 19"]
    first_point = min(line.get_xdata()[0] for line in ax.lines if len(line.get_xdata()) > 1)
    assert min(t for t in ax.get_xticks() if ax.get_xlim()[0] <= t <= ax.get_xlim()[1]) == date2num(FIRST)
    assert date2num(first_point) == date2num(FIRST)


@pytest.mark.parametrize("days", [2, 7, 13, 14, 22, 29, 31])  # the labels of 7 … 31 ran into each other
def test_day_labels_of_a_type_trend_never_collide(days):
    chart = type_trend(image_metrics(days, views=lambda n: 100 + n, uploads=1, requests=50, bytes_sent=1_000_000))
    axes, renderer = drawn(chart)
    for ax in axes:
        assert all(gap >= 4 for gap in label_gaps(ax, renderer)), (days, labels(ax))
    # a 2-by-2 grid: the day labels once a column, under its lower panel, from the first day
    first = DAY - timedelta(days=days - 1)
    assert [bool(labels(ax)) for ax in axes] == [False, False, True, True]
    assert labels(axes[2])[0] == labels(axes[3])[0] == f"{first:%b} {first.day}"


def test_thirty_days_on_a_half_width_panel_are_labelled_every_ten_days():
    chart = type_trend(image_metrics(30, views=1, uploads=1, requests=50, bytes_sent=1_000_000))
    axes, _ = drawn(chart)
    # 2026-10-25 … 2026-11-23, at most 4 labels: every ceil(29 / 3) = 10 days
    assert labels(axes[2]) == labels(axes[3]) == ["Oct 25", "Nov 4", "Nov 14"]


def test_a_line_near_its_highest_value_gets_headroom():
    # storage grows by 1 MB a day from 400 MB to 429 MB: the line's last point is its highest
    chart = type_trend(image_metrics(30, bytes=lambda n: 429_000_000 - n * 1_000_000, views=5))
    storage = chart.figure.axes[0]
    assert storage.get_title(loc="left") == "Storage"
    assert max(storage.lines[0].get_ydata()) == 429_000_000
    bottom, top = storage.get_ylim()
    assert bottom == 0 and top >= 1.1 * 429_000_000  # was 430,450,000: the line ran along the top edge
    (usage,), _ = drawn({c.name: c for c in render_charts(sample_report())}["usage_trend"])
    # the sample's views run 100 … 129
    assert usage.get_ylim()[0] == 0 and usage.get_ylim()[1] >= 1.1 * 129


def test_charts_with_nothing_to_show_are_left_out():
    quiet = [DayPoint(FIRST + timedelta(days=n), 1200, 2_000_000_000, 0, 0, 100 + n, 10, 1) for n in range(30)]
    bandwidth = [BandwidthPoint(FIRST + timedelta(days=n), "image", 0) for n in range(3)]
    report = dataclasses.replace(sample_report(), trend=quiet, bandwidth_trend=bandwidth)
    assert [c.name for c in render_charts(report)] == ["storage_by_type", "usage_trend"]
    # images with no upload and no access log in the window: storage and page views only
    chart = type_trend(image_metrics(10, views=lambda n: 10 + n))
    assert [ax.get_title(loc="left") for ax in chart.figure.axes] == ["Storage", "Page views"]
    assert "uploads: none (not charted)" in chart.alt and "bandwidth: none (not charted)" in chart.alt
    # nothing but zeros and unknowns: no trend chart at all
    assert type_trend(image_metrics(10, bytes=0)) is None


def headings(html: str) -> list[str]:
    """The page's h1-h3 as a reader tells them apart: without footnote numbers, the day, "on", dashes
    and parenthesised asides ("Images — 2026-11-23" and "Images on 2026-11-23" are one heading)."""
    texts = [re.sub(r"<sup.*?</sup>|<[^>]+>", "", h) for h in re.findall(r"<h[1-3][^>]*>(.*?)</h[1-3]>", html)]
    return [re.sub(r"\(.*?\)|\d{4}-\d{2}-\d{2}|\bon\b|—|\s+", " ", t).strip().casefold() for t in texts]


@pytest.mark.parametrize("page", [IMAGES, DOCUMENTS], ids=["images", "documents"])
def test_a_type_page_repeats_no_heading_and_has_one_definitions_section(page):
    report = dataclasses.replace(sample_report(), type_pages=[IMAGES, DOCUMENTS], images=IMAGE_REPORT,
                                 documents=DOCUMENT_REPORT,
                                 metrics=image_metrics(3, views=5) + [day_metrics(DAY, "document")])
    shown = headings(render_type_page_html(report, page, []))
    assert len(shown) == len(set(shown)), shown
    assert shown.count("definitions") == 1
