"""The tables that read earlier days say so in the asset graph (Dagster partition mappings), so the UI
draws those dependencies and a backfill builds the days they read first; the days the graph names
are the days the SQL reads."""

import dagster as dg

from assets.ingest.assets import media_inventory, raw_usage_events
from assets.storage.assets import unused_media
from conftest import event, item
from pipelines.definitions import defs

DAY = "2026-11-10"


def upstream_days(child: str, parent: str, day: str = DAY) -> list[str]:
    graph = defs.resolve_asset_graph()
    result = graph.get_parent_partition_keys_for_child(day, dg.AssetKey(parent), dg.AssetKey(child))
    return sorted(result.partitions_subset.get_partition_keys())


def test_unused_media_and_unused_renditions_depend_on_the_90_days_of_delivery_ending_on_their_day():
    window = upstream_days("unused_media", "raw_usage_events")
    # 2026-11-10 back 89 days: 10 in November, 31 in October, 30 in September, 18 in August -> 08-13
    assert (window[0], window[-1], len(window)) == ("2026-08-13", "2026-11-10", 90)
    assert upstream_days("unused_media", "raw_access_log") == window
    assert upstream_days("image_optimization_opportunities", "raw_access_log") == window
    assert upstream_days("unused_media", "media_inventory") == [DAY]


def test_daily_document_access_depends_on_the_usage_of_the_day_and_the_7_days_before():
    assert upstream_days("daily_document_access", "daily_media_usage") == [
        "2026-11-03", "2026-11-04", "2026-11-05", "2026-11-06", "2026-11-07", "2026-11-08", "2026-11-09", DAY]


def test_daily_report_depends_on_the_30_days_of_its_trends():
    for table in ("daily_storage", "daily_media_usage", "unused_media", "daily_media_delivery",
                  "daily_delivery_totals", "video_views"):
        window = upstream_days("daily_report", table)
        assert (window[0], window[-1], len(window)) == ("2026-10-12", DAY, 30), table  # Nov 10 - 29 days
    for table in ("raw_usage_events", "unmatched_requests"):  # unique visitors; new broken links
        assert upstream_days("daily_report", table) == upstream_days("daily_document_access", "daily_media_usage")
    assert upstream_days("daily_report", "daily_video_engagement") == [DAY]


def test_a_day_near_partitions_start_waits_for_no_day_that_cannot_exist():
    start = defs.resolve_asset_graph().get(dg.AssetKey("unused_media")).partitions_def.get_first_partition_key()
    result = defs.resolve_asset_graph().get_parent_partition_keys_for_child(
        start, dg.AssetKey("raw_usage_events"), dg.AssetKey("unused_media"))
    assert sorted(result.partitions_subset.get_partition_keys()) == [start]
    assert not list(result.required_but_nonexistent_subset.get_partition_keys())


def test_the_days_the_graph_names_are_the_days_unused_media_reads(workspace):
    # One item delivered on the first day of the declared window, one on the day before it: a real
    # build of the day finds the first delivered and not the second.
    window = upstream_days("unused_media", "raw_usage_events")
    before = "2026-08-12"
    assert window[0] == "2026-08-13" and before not in window
    workspace.land("inventory", "export.ndjson", [item("inside"), item("outside"), item("today")])
    workspace.land("usage_events", "a.ndjson", [
        event("1", "inside", "view", f"{window[0]}T12:00:00Z"),
        event("2", "outside", "view", f"{before}T12:00:00Z"),
        event("3", "today", "view", f"{DAY}T12:00:00Z"),
    ])
    for day in (before, window[0]):
        assert dg.materialize([raw_usage_events], partition_key=day, resources=workspace.resources()).success
    assert dg.materialize([raw_usage_events, media_inventory, unused_media], partition_key=DAY,
                          resources=workspace.resources()).success
    rows = dict(workspace.query("SELECT media_id, delivered FROM unused_media WHERE day = $d", {"d": DAY}))
    assert rows == {"inside": True, "outside": False, "today": True}
