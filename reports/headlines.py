"""The day's headline numbers with their changes as a Markdown table (the report asset's metadata
in the Dagster UI)."""

from __future__ import annotations

from reports import format as fmt
from reports.model import DailyReport

HEADLINES = [
    ("Files", "files"), ("Storage", "bytes"), ("Uploads", "uploads"), ("Deletions", "deletions"),
    ("Page views", "views"), ("Downloads", "downloads"), ("Unique visitors", "unique_users"),
    ("Click-through rate", "click_through_rate"), ("Requests", "requests"), ("Bandwidth", "bytes_sent"),
    ("Cache hit rate", "cache_hit_rate"), ("Error rate", "error_rate"), ("Playback views", "video_views"),
    ("Watch time", "watch_seconds"), ("Cleanup candidates", "cleanup_files"),
]


def headline_markdown(report: DailyReport) -> str:
    """Return a Markdown table: each headline number of the whole library on the report's day,
    its change against the day before and against the previous 7-day average."""
    lines = ["| Metric | Value | vs previous day | vs 7-day average |", "|---|---:|---:|---:|"]
    for label, metric in HEADLINES:
        c = report.comparison("all", metric)
        if c is None or c.value is None:
            continue
        lines.append(f"| {label} | {fmt.format_value(c.value, c.unit)} | "
                     f"{fmt.format_change(c.change_from(c.previous), c.unit)} | "
                     f"{fmt.format_change(c.change_from(c.week_average), c.unit)} |")
    return "\n".join(lines)
