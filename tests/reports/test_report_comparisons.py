"""Headline numbers against the previous day and the previous 7-day average: the arithmetic on
hand-worked values, the way changes are written, and what the page and the email show."""

import dataclasses
from datetime import date, timedelta

import pytest

from reports.charts import render_charts
from reports.format import format_change, format_value
from reports.model import Comparison, DayMetrics, compare
from reports.render import render_email_html, render_email_text, render_report_html
from sample_report import DAY, sample_report


def day_metrics(day: date, media_type: str = "all", **values) -> DayMetrics:
    base = dict(files=100, bytes=1_000_000, uploads=0, deletions=0, impressions=0, views=0, clicks=0,
                downloads=0, shares=0, previews=0, unique_users=None, click_through_rate=None,
                engagement_rate=None, requests=None, bytes_sent=None, cache_hit_rate=None, error_rate=None,
                video_views=None, watch_seconds=None, completion_rate=None, cleanup_files=0, cleanup_bytes=0)
    return DayMetrics(day=day, media_type=media_type, **{**base, **values})


def back(n: int) -> date:
    return DAY - timedelta(days=n)


def test_the_week_average_is_the_mean_of_the_seven_days_before_with_a_value():
    # views: the day 120; the day before 100; 2..7 days back 90, 80, 70, 60, 50, 40; 8 days back 1000
    # (outside the window). Mean of 100..40 = 490 / 7 = 70.
    views = {0: 120, 1: 100, 2: 90, 3: 80, 4: 70, 5: 60, 6: 50, 7: 40, 8: 1000}
    metrics = [day_metrics(back(n), views=v) for n, v in views.items()]
    c = compare(metrics, DAY, "all", "views")
    assert (c.value, c.previous, c.week_average, c.week_days) == (120, 100, 70, 7)
    assert c.change_from(c.previous) == pytest.approx(0.2)  # 120 / 100 − 1
    assert c.change_from(c.week_average) == pytest.approx(50 / 70)


def test_days_not_built_or_without_a_value_are_left_out_of_the_average():
    # 3 days back was never built; 1 and 4 days back had no access log (requests None).
    metrics = [
        day_metrics(DAY, requests=300), day_metrics(back(1)), day_metrics(back(2), requests=200),
        day_metrics(back(4)), day_metrics(back(5), requests=100), day_metrics(back(6), requests=0),
    ]
    c = compare(metrics, DAY, "all", "requests")
    assert c.previous is None
    assert (c.week_average, c.week_days) == (100, 3)  # (200 + 100 + 0) / 3
    assert c.change_from(c.previous) is None
    assert c.change_from(c.week_average) == pytest.approx(2.0)


def test_rates_change_in_percentage_points_and_types_are_kept_apart():
    metrics = [day_metrics(DAY, "image", cache_hit_rate=0.85), day_metrics(back(1), "image", cache_hit_rate=0.80),
               day_metrics(back(1), "video", cache_hit_rate=0.10)]
    c = compare(metrics, DAY, "image", "cache_hit_rate")
    assert c.unit == "rate" and c.previous == 0.80 and c.week_average == 0.80
    assert c.change_from(c.previous) == pytest.approx(5.0)
    assert compare(metrics, DAY, "video", "cache_hit_rate") is None  # no row for the day itself


def test_from_zero_a_rise_has_no_relative_change_and_zero_to_zero_is_flat():
    rise = Comparison("count", 5, 0, 0, 1)
    assert rise.change_from(rise.previous) is None
    flat = Comparison("count", 0, 0, 0, 1)
    assert flat.change_from(flat.previous) == 0.0


@pytest.mark.parametrize("change, unit, shown", [
    (0.2, "count", "+20 %"),
    (-0.034, "bytes", "−3.4 %"),
    (0.0004, "count", "±0 %"),
    (1.25, "count", "+125 %"),
    (5.0, "rate", "+5.0 pp"),
    (-12.345, "rate", "−12 pp"),
    (None, "count", "–"),
])
def test_changes_are_written_with_sign_and_unit(change, unit, shown):
    assert format_change(change, unit) == shown


def test_headline_values_are_written_in_their_unit():
    assert format_value(1234, "count") == "1,234"
    assert format_value(2_400_000, "bytes") == "2.4 MB"
    assert format_value(0.784, "rate") == "78 %"
    assert format_value(200, "seconds") == "3 min 20 s"
    assert format_value(None, "bytes") == "–"


@pytest.fixture
def compared_report():
    # Views: 4,000 on the day (as the sample's usage totals), 3,200 the day before, 2,500 on the
    # six days before that: week average (3,200 + 6 × 2,500) / 7 = 2,600.
    views = {0: 4000, 1: 3200, **{n: 2500 for n in range(2, 8)}}
    metrics = [day_metrics(back(n), views=v, click_through_rate=0.05 if n == 0 else 0.04)
               for n, v in views.items()]
    return dataclasses.replace(sample_report(), metrics=metrics)


def test_the_page_shows_each_headline_change_with_the_values_on_hover(compared_report):
    page = render_report_html(compared_report, render_charts(compared_report))
    assert "+25 %</span> vs previous day" in page  # 4,000 / 3,200
    assert "+54 %</span> vs 7-day average" in page  # 4,000 / 2,600 = 1.538
    assert 'title="Previous day: 3,200; 7-day average: 2,600 (of 7 days)"' in page
    assert "+1.0 pp</span> vs previous day" in page  # CTR 5 % against 4 %


def test_the_email_and_its_text_carry_the_changes(compared_report):
    html = render_email_html(compared_report, render_charts(compared_report))
    assert "+25 %</span> vs prev. day" in html
    text = render_email_text(compared_report)
    # the whole comparison on the line, within 78 characters
    [line] = [line for line in text.splitlines() if line.lstrip().startswith("Page views")]
    assert line.endswith("4,000 (+25 % vs day before, +54 % vs 7-day avg)") and len(line) <= 78


def test_without_history_no_change_is_shown():
    page = render_report_html(sample_report(), [])
    assert "vs previous day" not in page
