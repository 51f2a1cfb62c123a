"""The read API serves the report's numbers (issue 18): the overview of a built day equals the
report's headline figures for it, an item's figures equal its rows in the daily tables, and a
range's figures equal what an independent count over the raw rows gives."""

from __future__ import annotations

from datetime import date

import pytest

from assets.report.data import load_daily_report
from assets.shared.resources import WarehouseResource
from read_sample import FIRST, LAST, answer as get, home, service  # noqa: F401 - fixtures
from reports.headlines import HEADLINES

MEDIA = "/api/analytics/media"

# each headline metric of the report -> where the overview has it
OVERVIEW_FIELDS = {
    "files": ("overview", "totalFiles"), "bytes": ("overview", "storageUsed"),
    "uploads": ("overview", "filesUploaded"), "deletions": ("overview", "filesDeleted"),
    "views": ("usage", "totals", "views"), "downloads": ("usage", "totals", "downloads"),
    "unique_users": ("usage", "totals", "uniqueUsers"), "click_through_rate": ("usage", "totals", "clickThroughRate"),
    "requests": ("performance", "bandwidthUsage", "requests"), "bytes_sent": ("performance", "bandwidthUsage", "bytesSent"),
    "cache_hit_rate": ("performance", "cacheHitRate"), "error_rate": ("performance", "errorRate"),
    "video_views": ("usage", "playback", "views"), "watch_seconds": ("usage", "playback", "watchTime"),
}


@pytest.fixture(scope="module")
def warehouse(home):
    with WarehouseResource.in_folder(home / "warehouse").connect(read_only=True) as con:
        yield con


def at(body: dict, path: tuple[str, ...]):
    for key in path:
        body = body[key]
    return body


@pytest.mark.parametrize("day", [FIRST, LAST])
def test_the_overview_of_a_day_equals_the_report_headlines(service, warehouse, day):
    report = load_daily_report(warehouse, date.fromisoformat(day), "UTC", 90)
    body = get(service, f"{MEDIA}?from={day}&to={day}")
    compared = 0
    for _, metric in HEADLINES:
        expected = report.comparison("all", metric).value
        if metric == "cleanup_files":
            got = next(c["files"] for c in body["usage"]["unusedByClass"] if c["evidenceClass"] == "cleanup_candidate")
        elif OVERVIEW_FIELDS[metric][1] == "playback" and body["usage"]["playback"] is None:
            got = None  # no playback view in the range: the report has none either
        else:
            got = at(body, OVERVIEW_FIELDS[metric])
        assert got == pytest.approx(expected, rel=1e-12), metric
        compared += expected is not None
    assert compared >= 12
    assert [(m["id"], m["views"], m["downloads"]) for m in body["usage"]["mostUsedFiles"]] == [
        (m.media_id, m.views, m.downloads) for m in report.most_used]
    assert [(u["id"], u["potentialSavings"]) for u in body["usage"]["unusedFiles"]] == [
        (c.media_id, c.potential_savings_bytes) for c in report.cleanup_candidates[:10]]
    delivery = report.delivery
    assert body["performance"]["compressionSavings"] == delivery.compression_savings_bytes
    assert body["performance"]["webPAdoption"] == pytest.approx(delivery.modern_format_share)
    assert body["overview"]["storageQuota"] == report.storage.quota_bytes


def test_an_item_equals_its_rows_in_the_daily_tables(service, warehouse):
    top = get(service, f"{MEDIA}/performance?from={LAST}&to={LAST}&type=image&limit=1")["items"][0]["id"]
    body = get(service, f"{MEDIA}/{top}?from={LAST}&to={LAST}")
    usage = warehouse.execute("SELECT views, clicks, shares, downloads FROM daily_media_usage "
                              "WHERE day = $d AND media_id = $m AND usage_kind = 'all'", {"d": LAST, "m": top}).fetchone()
    assert (body["engagement"]["views"], body["engagement"]["clicks"], body["engagement"]["shares"],
            body["engagement"]["downloads"]) == usage
    delivery = warehouse.execute(
        "SELECT requests, bytes_sent, cache_hit_rate, error_rate, load_time_mean_ms, load_time_p95_ms, "
        "compression_savings_bytes FROM daily_media_delivery WHERE day = $d AND media_id = $m",
        {"d": LAST, "m": top}).fetchone()
    p = body["performance"]
    assert (p["requests"], p["bytesSent"], p["cacheHitRate"], p["errorRate"], p["averageLoadTime"],
            p["loadTimeP95"], p["compressionSavings"]) == pytest.approx(delivery)
    opportunities = warehouse.execute(
        "SELECT kind, bytes_saved FROM image_optimization_opportunities WHERE day = $d AND media_id = $m "
        "ORDER BY kind", {"d": LAST, "m": top}).fetchall()
    assert sorted((o["type"], o["potentialSavings"]) for o in body["optimization"]) == opportunities
    evidence = warehouse.execute("SELECT evidence_class FROM unused_media WHERE day = $d AND media_id = $m",
                                 {"d": LAST, "m": top}).fetchone()[0]
    assert body["recommendations"][0].lower().startswith(evidence.replace("_", " ").replace("hot linked", "hot-linked"))


def test_a_range_sums_counts_recounts_people_and_takes_rates_from_the_raw_rows(service, warehouse):
    whole = get(service, f"{MEDIA}/usage?from={FIRST}&to={LAST}")
    days = [get(service, f"{MEDIA}/usage?from={d}&to={d}") for d in (FIRST, "2026-11-02", LAST)]
    for counted in ("impressions", "views", "clicks", "downloads", "shares", "previews"):
        assert whole["totals"][counted] == sum(d["totals"][counted] for d in days), counted
    events = warehouse.execute("SELECT user_id, session_id FROM raw_usage_events WHERE day BETWEEN $f AND $l",
                               {"f": FIRST, "l": LAST}).fetchall()
    people = {f"u:{u}" if u is not None else f"s:{s}" for u, s in events if u is not None or s is not None}
    assert whole["totals"]["uniqueUsers"] == len(people)
    assert whole["totals"]["uniqueUsers"] < sum(d["totals"]["uniqueUsers"] for d in days)  # not a sum of days

    site = get(service, f"{MEDIA}/performance?from={FIRST}&to={LAST}")["site"]
    results = [r[0] for r in warehouse.execute(
        "SELECT cache_result FROM raw_access_log WHERE day BETWEEN $f AND $l", {"f": FIRST, "l": LAST}).fetchall()]
    assert site["cacheHitRate"] == pytest.approx(results.count("hit") / (results.count("hit") + results.count("miss")))
    assert site["bandwidthUsage"]["requests"] == len(results)

    overview = get(service, f"{MEDIA}?from={FIRST}&to={LAST}")
    storage = warehouse.execute("SELECT files, sum(uploads) OVER () FROM daily_storage WHERE media_type = 'all' "
                                "AND day BETWEEN $f AND $l ORDER BY day DESC LIMIT 1", {"f": FIRST, "l": LAST}).fetchone()
    assert (overview["overview"]["totalFiles"], overview["overview"]["filesUploaded"]) == storage


def test_the_answers_for_every_item_at_once_equal_each_item_asked_alone(home):
    from api.read import items
    from api.read.period import Period, Query
    from api.read.store import Store
    from assets.shared.warehouse import Location

    store = Store(Location.parse(str(home / "warehouse" / "catalog.sqlite"), str(home / "warehouse" / "data")))
    try:
        built = store.built_days()
        period = Period(date.fromisoformat(FIRST), date.fromisoformat(LAST), built)
        every = items.every_media_insights(store, period, Query(None, None))
        assert len(every) > 20
        for media_id in sorted(every)[::max(1, len(every) // 15)]:
            assert every[media_id] == items.media_insights(store, period, Query(None, None), media_id), media_id
        assert any(answer.optimization for answer in every.values())
        assert any(answer.performance for answer in every.values())
    finally:
        store.close()
