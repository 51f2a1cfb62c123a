"""Write the static report site: one folder per day and an index of every day."""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from reports.charts import Chart
from reports.model import DailyReport
from reports.render import render_index_html, render_report_html, render_type_page_html


def _write(path: Path, content: bytes) -> None:
    """Write through a temporary file so a reader never sees half a page."""
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(content)
    os.replace(partial, path)


def write_report_site(reports_dir: Path, report: DailyReport, charts: Sequence[Chart],
                      type_charts: Sequence[Chart] = ()) -> Path:
    """Write `<reports_dir>/<day>/index.html` (the overview), a page per media type beside it
    (images.html, videos.html, audio.html, documents.html) and their charts, refresh
    `<reports_dir>/index.html`, and return the overview page."""
    folder = reports_dir / report.day.isoformat()
    folder.mkdir(parents=True, exist_ok=True)
    for chart in [*charts, *type_charts]:
        _write(folder / chart.filename, chart.png)
    every_chart = [*charts, *type_charts]
    for type_page in report.type_pages:
        html = render_type_page_html(report, type_page, every_chart, index_href="../index.html")
        _write(folder / type_page.filename, html.encode("utf-8"))
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
