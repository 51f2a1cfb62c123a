"""The benchmark's N× day is N copies of the ×1 day's landing files under new ids
(bench/day_copies.py): on the tiny preset, the 3× day's tables hold exactly three times the ×1
day's rows (no copied event, item or request collapses into another copy's), each copy's requests
map to that copy's items, and each copy is read and dated like its original."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import ROOT

from assets.ingest.readers import tabular_format
from assets.shared.resources import WarehouseResource
from assets.shared.settings import default
from pipelines.landing_days import days_in_file

DAY = date(2026, 11, 23)  # bench/daily_tables.py's day
ROWS_OF_THE_DAY = {
    **{table: f"SELECT count(*) FROM {table} WHERE day = $day"
       for table in ("raw_usage_events", "raw_player_events", "raw_access_log", "media_inventory",
                     "daily_media_usage", "daily_video_engagement", "daily_media_delivery")},
    **{f"rejected_rows of {source}": f"SELECT count(*) FROM rejected_rows WHERE day = $day AND source = '{source}'"
       for source in ("usage_events", "player_events", "access_logs")},
    "raw_access_log mapped to an item":
        "SELECT count(*) FROM raw_access_log WHERE day = $day AND media_id IS NOT NULL",
}
# Which copy a request asked for (its path's folder after /media/) and which copy's item it got
# (the id's suffix); '' for the original.
REQUESTS_BY_COPY = r"""
    SELECT regexp_extract(path, '^/media/(c\d+)/', 1), regexp_extract(media_id, '-(c\d+)$', 1), count(*)
    FROM raw_access_log WHERE day = $day AND media_id IS NOT NULL
    GROUP BY ALL
"""


@pytest.fixture(scope="module")
def days(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("bench")
    done = subprocess.run(
        [sys.executable, "bench/daily_tables.py", "--preset", "tiny", "--scales", "1,3", "--data", str(data),
         "--no-pandas"],
        cwd=ROOT, capture_output=True, text=True, timeout=900, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return data


def warehouse(folder: Path) -> WarehouseResource:
    return WarehouseResource.in_folder(folder / "run" / "warehouse")


def rows(folder: Path) -> dict[str, int]:
    with warehouse(folder).connect(read_only=True) as con:
        return {name: con.execute(sql, {"day": DAY}).fetchone()[0] for name, sql in ROWS_OF_THE_DAY.items()}


def test_three_copies_hold_three_times_the_rows_of_the_day(days):
    one = rows(days / "tiny-x1")
    assert all(one.values()), one  # each count is of something
    assert rows(days / "tiny-x3") == {name: 3 * n for name, n in one.items()}


def test_the_requests_of_each_copy_map_to_the_items_of_that_copy(days):
    mapped = rows(days / "tiny-x1")["raw_access_log mapped to an item"]
    with warehouse(days / "tiny-x3").connect(read_only=True) as con:
        by_copy = {(asked, got): n for asked, got, n in con.execute(REQUESTS_BY_COPY, {"day": DAY}).fetchall()}
    assert by_copy == {("", ""): mapped, ("c1", "c1"): mapped, ("c2", "c2"): mapped}


def test_each_copy_is_read_and_dated_like_its_original(days):
    landing = days / "tiny-x3" / "landing"
    tz = default("report_timezone")
    originals = [p for p in landing.rglob("*") if p.is_file() and ".c1." not in p.name and ".c2." not in p.name]
    assert len(originals) == 7  # the day's usage NDJSON, CSV and Parquet, player events, access log, 2 exports
    for original in originals:
        source = original.relative_to(landing).parts[0]
        first, _, rest = original.name.partition(".")
        for copy in (original.with_name(f"{first}.c1.{rest}"), original.with_name(f"{first}.c2.{rest}")):
            assert copy.is_file() and tabular_format(copy) == tabular_format(original), copy
            if source != "inventory":  # exports are not dated by row
                dated = days_in_file(copy, source, tz)
                assert DAY in dated and dated == days_in_file(original, source, tz), copy
