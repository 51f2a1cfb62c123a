import dataclasses
import struct
import subprocess
import sys

import pytest
from sample_report import sample_report

from reports.charts import Chart, render_charts, storage_by_type_chart
from reports.model import DailyReport
from conftest import ROOT



@pytest.fixture(scope="module")
def report() -> DailyReport:
    return sample_report()


@pytest.fixture(scope="module")
def charts(report: DailyReport) -> list[Chart]:
    return render_charts(report)


def png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", png[16:24])


def test_three_charts_with_file_names_and_fixed_pixel_sizes(charts):
    assert [(c.name, c.filename) for c in charts] == [
        ("storage_by_type", "storage_by_type.png"),
        ("usage_trend", "usage_trend.png"),
        ("uploads_deletions", "uploads_deletions.png"),
    ]
    # drawn at twice the 640 px display width
    assert [png_size(c.png) for c in charts] == [(1280, 520), (1280, 600), (1280, 520)]
    assert [(c.width, c.height) for c in charts] == [(640, 260), (640, 300), (640, 260)]


def test_rendering_twice_gives_identical_bytes(report):
    first = storage_by_type_chart(report.storage.by_type)
    second = storage_by_type_chart(report.storage.by_type)
    assert first.png == second.png


def test_storage_alt_text_lists_types_largest_first(charts):
    assert charts[0].alt == (
        "Horizontal bar chart of storage by media type: video 1.9 GB (34 files); "
        "image 400 MB (1,000 files); document 100 MB (200 files)."
    )


def test_trend_alt_texts_carry_the_window_totals(charts):
    # views 100..129 sum to 3,435; clicks 10 a day; downloads alternate 0/1
    assert "3,435 page views, 300 clicks, 15 downloads in total" in charts[1].alt
    assert "views peaked at 129 on 2026-11-23" in charts[1].alt
    # uploads cycle 0,1,2,3 (7 cycles + 0 + 1); deletions cycle 0,1,2 (10 cycles)
    assert "43 uploads and 30 deletions in total" in charts[2].alt


def test_charts_without_data_are_left_out(report):
    no_trend = dataclasses.replace(report, trend=[])
    assert [c.name for c in render_charts(no_trend)] == ["storage_by_type"]
    empty = dataclasses.replace(
        no_trend, storage=dataclasses.replace(report.storage, by_type=[])
    )
    assert render_charts(empty) == []


def test_charts_do_not_touch_pyplot():
    code = (
        "import sys, dataclasses\n"
        "from reports.charts import storage_by_type_chart\n"
        "from reports.model import TypeStorage\n"
        "storage_by_type_chart([TypeStorage('image', 1, 10, 10.0, 0, 0)])\n"
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=60)
