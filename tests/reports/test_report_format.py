from datetime import date, datetime, timedelta, timezone

import pytest

from reports.format import (
    exact_bytes,
    exact_datetime,
    exact_percent,
    format_bytes,
    format_count,
    format_date,
    format_datetime,
    format_duration,
    format_number,
    format_percent,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "0 B"),
        (999, "999 B"),
        (1_000, "1.0 kB"),
        (1_234, "1.2 kB"),
        (9_960, "10 kB"),
        (340_000_000, "340 MB"),
        (999_999, "1.0 MB"),
        (2_400_000_000, "2.4 GB"),
        (1_944_894.65, "1.9 MB"),
        (3_500_000_000_000, "3.5 TB"),
    ],
)
def test_bytes_use_decimal_units_with_two_or_three_figures(value, expected):
    assert format_bytes(value) == expected


def test_exact_bytes_are_whole_bytes_with_separators():
    assert exact_bytes(2_400_000_000) == "2,400,000,000 bytes"
    assert exact_bytes(1) == "1 byte"
    assert exact_bytes(1_944_894.65) == "1,944,895 bytes"


@pytest.mark.parametrize(
    ("rate", "expected"),
    [(0.784, "78 %"), (0.034, "3.4 %"), (0.0, "0.0 %"), (0.0004, "< 0.1 %"), (1.15, "115 %")],
)
def test_percent_adapts_precision(rate, expected):
    assert format_percent(rate) == expected


def test_percent_with_fixed_decimals():
    assert format_percent(0.784, 1) == "78.4 %"


def test_exact_percent_keeps_six_significant_figures():
    assert exact_percent(0.7843219) == "78.4322 %"


def test_counts_have_thousands_separators():
    assert format_count(1234) == "1,234"
    assert format_count(1_234_567) == "1,234,567"
    assert format_number(87.26) == "87.3"


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (2.5, "2.5 s"),
        (45, "45 s"),
        (200, "3 min 20 s"),
        (180, "3 min"),
        (7_500, "2 h 5 min"),
        (273_600, "3 d 4 h"),
        (timedelta(minutes=90), "1 h 30 min"),
    ],
)
def test_durations_show_their_two_largest_units(seconds, expected):
    assert format_duration(seconds) == expected


def test_dates_and_times_are_iso_with_zone():
    moment = datetime(2026, 11, 23, 14, 5, 9, tzinfo=timezone.utc)
    assert format_date(date(2026, 11, 23)) == "2026-11-23"
    assert format_datetime(moment) == "2026-11-23 14:05 UTC"
    assert format_datetime(moment.replace(tzinfo=None)) == "2026-11-23 14:05"
    assert exact_datetime(moment) == "2026-11-23T14:05:09+00:00"


@pytest.mark.parametrize(
    "formatter",
    [format_bytes, format_percent, format_count, format_number, format_duration, format_date,
     format_datetime],
)
def test_missing_values_render_as_a_dash(formatter):
    assert formatter(None) == "–"


def test_nan_renders_as_a_dash():
    assert format_percent(float("nan")) == "–"
