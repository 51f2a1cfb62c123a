"""Write the static report site: one folder per day and an index of every day."""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from reports.charts import Chart
from reports.model import DailyReport
from reports.render import render_index_html, render_report_html


def _write(path: Path, content: bytes) -> None:
    """Write through a temporary file so a reader never sees half a page."""
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(content)
    os.replace(partial, path)


def write_report_site(reports_dir: Path, report: DailyReport, charts: Sequence[Chart]) -> Path:
    """Write `<reports_dir>/<day>/index.html` and its charts, refresh `<reports_dir>/index.html`,
    and return the day's page."""
    folder = reports_dir / report.day.isoformat()
    folder.mkdir(parents=True, exist_ok=True)
    for chart in charts:
        _write(folder / chart.filename, chart.png)
    page = folder / "index.html"
    _write(page, render_report_html(report, charts, index_href="../index.html").encode("utf-8"))
    days = sorted(
        (date.fromisoformat(p.parent.name) for p in reports_dir.glob("*/index.html") if _is_day(p.parent.name)),
        reverse=True,
    )
    _write(reports_dir / "index.html", render_index_html(days).encode("utf-8"))
    return page


def _is_day(name: str) -> bool:
    try:
        date.fromisoformat(name)
    except ValueError:
        return False
    return True
