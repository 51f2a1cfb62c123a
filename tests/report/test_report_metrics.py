"""The report's headline numbers per day and media type (report_daily_metrics.sql) on a real
warehouse, against values worked out from the `landed` fixture by hand, and the changes the built
page shows."""

import re
from datetime import date, timedelta

import dagster as dg
import duckdb
import pytest

from assets.report.data import daily_metrics
from assets.shared.sqlfiles import run_sql, schema_sql
from assets.usage.assets import visitors_per_day
from conftest import Workspace, land_small_sample
from pipelines.definitions import ASSET_MODULES


@pytest.fixture(scope="module")
def two_days(tmp_path_factory):
    """Both days built once for the module (every test here only reads)."""
    landed = land_small_sample(Workspace(tmp_path_factory.mktemp("two_days")))
    assets = dg.load_assets_from_modules(ASSET_MODULES)
    for day in ("2026-11-01", "2026-11-02"):
        result = dg.materialize(assets, partition_key=day, resources=landed.resources())
        assert result.success
    landed.report_metadata = result.asset_materializations_for_node("daily_report")[0].metadata
    landed.check_evaluations = result.get_asset_check_evaluations()
    return landed


def metrics(workspace, day: date) -> dict:
    with workspace.connect() as con:
        rows = daily_metrics(con, day, visitors_per_day(con, day - timedelta(days=7), day))
        return {(row["day"], row["media_type"]): row for row in rows}


def test_headline_numbers_per_day_and_type(two_days):
    rows = metrics(two_days, date(2026, 11, 2))
    assert sorted(rows) == [(date(2026, 11, d), t) for d in (1, 2) for t in ("all", "document", "image")]
    first, second = rows[date(2026, 11, 1), "all"], rows[date(2026, 11, 2), "all"]
    # The library: m1 (250 kB) and m2 (90 kB) images and m3 (1.2 MB) document, since October.
    assert (first["files"], first["bytes"], first["uploads"]) == (3, 1_540_000, 0)
    # 11-01: no usage event (a built day: zeros, not unknown), one request for m1, a cache miss.
    assert (first["views"], first["unique_users"], first["click_through_rate"]) == (0, 0, None)
    assert (first["requests"], first["bytes_sent"], first["cache_hit_rate"]) == (1, 250_000, 0.0)
    # m2 and m3 were neither referenced nor delivered yet: cleanup candidates.
    assert (first["cleanup_files"], first["cleanup_bytes"]) == (2, 1_290_000)
    # 11-02: an impression and a view of m1 (session a), a view of m2 (session b); two cache hits,
    # m1 (250 kB) and m3 (1.2 MB); m2 viewed and m3 requested: no cleanup candidate left.
    assert (second["impressions"], second["views"], second["unique_users"]) == (1, 2, 2)
    assert (second["requests"], second["bytes_sent"], second["cache_hit_rate"]) == (2, 1_450_000, 1.0)
    assert (second["cleanup_files"], second["cleanup_bytes"]) == (0, 0)
    # Per type: no request for the document on 11-01 while the logs cover the day is 0, not unknown.
    assert rows[date(2026, 11, 1), "document"]["requests"] == 0
    assert rows[date(2026, 11, 2), "document"]["bytes_sent"] == 1_200_000
    assert rows[date(2026, 11, 2), "image"]["views"] == 2
    assert rows[date(2026, 11, 2), "image"]["unique_users"] is None  # counted for the whole site only
    # No player events at all: playback is unknown, not zero.
    assert second["video_views"] is None


def test_the_page_shows_changes_against_the_day_before(two_days):
    page = (two_days.root / "reports" / "2026-11-02" / "index.html").read_text()
    # Bandwidth 1.45 MB against 250 kB the day before: +480 %; the only earlier day is the average.
    assert "+480 %</span> vs previous day" in page
    assert 'title="Previous day: 250 kB; 7-day average: 250 kB (of 1 day)"' in page
    # Cache hit rate 100 % against 0 %: +100 percentage points.
    assert "+100 pp</span> vs previous day" in page
    assert "percentage points (pp)" in page  # the Change footnote


def test_the_report_asset_shows_the_headlines_and_links_every_page(two_days):
    metadata = two_days.report_metadata
    folder = two_days.root / "reports" / "2026-11-02"
    assert metadata["report"].value == str(folder / "index.html")
    assert metadata["type_pages"].value == {"Images": str(folder / "images.html"),
                                            "Documents": str(folder / "documents.html")}
    assert (folder / "images.html").exists() and (folder / "documents.html").exists()
    assert not (folder / "videos.html").exists()  # no video in the library
    headlines = metadata["headlines"].value
    assert "| Bandwidth | 1.4 MB | +480 % | +480 % |" in headlines  # 1,450,000 B against 250,000 B
    assert "| Unique visitors | 2 | – | – |" in headlines  # none the day before: no relative change
    assert metadata["storage"].value == "1.5 MB"


def test_every_headline_number_on_every_page_has_a_definition(two_days):
    folder = two_days.root / "reports" / "2026-11-02"
    for name in ("index.html", "images.html", "documents.html"):
        html = (folder / name).read_text()
        labels = re.findall(r'<div class="kpi-label">(.*?)</div>', html, re.S)
        assert labels, name
        undefined = [label for label in labels if 'class="fnref"' not in label]
        assert undefined == [], name


def test_formats_are_named_by_mime_subtype_else_extension():
    con = duckdb.connect()
    for statement in schema_sql():
        con.execute(statement)
    items = [  # (mime_type, filename, bytes, deleted)
        ("image/jpeg", "a.jpg", 100, False), ("image/jpeg", "b.JPG", 50, False), ("image/svg+xml", "logo.svg", 7, False),
        ("audio/mpeg", "talk.mp3", 1000, False), ("audio/x-m4a", "tune.m4a", 300, False),
        ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "plan.docx", 20, False),
        ("text/plain", "notes.txt", 3, False), ("application/octet-stream", "blob", 9, False),
        ("application/pdf", "old.pdf", 500, True),  # deleted by the end of the day: not counted
    ]
    for n, (mime, name, size, deleted) in enumerate(items):
        media_type = mime.split("/")[0] if mime.split("/")[0] in ("image", "audio") else "document"
        con.execute(
            "INSERT INTO media_inventory (day, media_id, filename, path, mime_type, media_type, size_bytes, "
            "rendition_count, rendition_bytes, created_at, is_deleted, live_reference_count, source_file) "
            "VALUES ('2026-11-02', ?, ?, ?, ?, ?, ?, 1, 1, '2026-10-01', ?, 0, 'x')",
            [f"m{n}", name, name, mime, media_type, size, deleted])
    rows = run_sql(con, "report_type_formats", {"day": date(2026, 11, 2)}).fetchall()
    assert rows == [  # bytes include one 1-byte rendition each; most bytes first within a type
        ("audio", "mp3", 1, 1001), ("audio", "m4a", 1, 301),
        ("document", "docx", 1, 21), ("document", "unknown", 1, 10), ("document", "txt", 1, 4),
        ("image", "jpeg", 2, 152), ("image", "svg", 1, 8),
    ]


def test_what_needs_attention_is_a_warning_check_per_rule(two_days):
    from reports.attention import RULES

    checks = {e.check_name: e for e in two_days.check_evaluations if e.check_name.startswith("daily_report_")}
    rules = {f"daily_report_{rule}" for rule in RULES}
    assert rules <= set(checks)
    assert all(checks[name].severity == dg.AssetCheckSeverity.WARN for name in rules)
    # 11-02 against 11-01: cleanup candidates went from 2 to 0, no error, cache hits up: nothing crossed
    assert all(checks[name].passed for name in rules)
    page = (two_days.root / "reports" / "2026-11-02" / "index.html").read_text()
    assert "Nothing crossed a rule on 2026-11-02." in page
