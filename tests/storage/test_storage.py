"""daily_storage and unused_media against figures worked out by hand."""

import dagster as dg

from assets.ingest.assets import media_inventory, raw_usage_events
from assets.storage.assets import daily_storage, unused_media
from conftest import event, item

DAY = "2026-11-02"
RENDITIONS = [{"name": "thumbnail", "path": "t.jpg", "width": 150, "height": 100, "size": 100},
              {"name": "medium", "path": "m.jpg", "width": 300, "height": 200, "size": 400}]
PUBLISHED = [{"type": "post", "id": "1", "status": "publish"}]


def build(workspace, day=DAY, **metrics):
    result = dg.materialize([raw_usage_events, media_inventory, daily_storage, unused_media],
                            partition_key=day, resources=workspace.resources(**metrics))
    assert result.success
    return result


def test_storage_per_type_with_uploads_deletions_and_quota(workspace):
    workspace.land("inventory", "export.ndjson", [
        item("a", size=1000, renditions=RENDITIONS),                      # image, live: 1000 + 500
        item("b", size=3000, created_at="2026-11-02T08:00:00Z"),          # image uploaded today
        item("c", size=7000, mime_type="application/pdf"),                # document
        item("d", size=5000, deleted_at="2026-11-02T12:00:00Z"),          # image deleted today: not counted
        item("e", size=200, mime_type="application/zip"),                 # other
    ])
    build(workspace, storage_quota_bytes=100_000)
    rows = {r[0]: r[1:] for r in workspace.query(
        "SELECT media_type, files, bytes, original_bytes, rendition_bytes, avg_file_bytes, uploads, deletions, "
        "quota_bytes, quota_used FROM daily_storage")}
    assert rows["image"] == (2, 4500, 4000, 500, 2000.0, 1, 1, None, None)
    assert rows["document"] == (1, 7000, 7000, 0, 7000.0, 0, 0, None, None)
    assert rows["other"] == (1, 200, 200, 0, 200.0, 0, 0, None, None)
    assert rows["all"] == (4, 11700, 11200, 500, 2800.0, 1, 1, 100_000, 0.117)


def test_unused_media_evidence_classes_and_risk(workspace):
    workspace.land("inventory", "export.ndjson", [
        item("in-use", usage_locations=PUBLISHED),
        item("stale", usage_locations=[{"type": "post", "id": "2", "status": "draft"}]),
        item("hot", size=2000),
        item("old-hot", size=2000),
        item("candidate", size=5000, renditions=RENDITIONS),
        item("trashed-only", usage_locations=[{"type": "post", "id": "3", "status": "trash"}]),
    ])
    workspace.land("usage_events", "a.ndjson", [
        event("1", "in-use", "view", "2026-11-02T10:00:00Z"),
        event("2", "hot", "impression", "2026-11-01T10:00:00Z"),
        event("3", "old-hot", "view", "2026-09-20T10:00:00Z"),
    ])
    for day in ["2026-09-20", "2026-11-01"]:
        dg.materialize([raw_usage_events], partition_key=day, resources=workspace.resources())
    result = build(workspace)
    rows = {r[0]: r[1:] for r in workspace.query(
        "SELECT media_id, referenced, delivered, evidence_class, deletion_risk, potential_savings_bytes, "
        "CAST(last_delivered_day AS VARCHAR), days_with_delivery_data FROM unused_media")}
    assert rows == {
        "in-use": (True, True, "in_use", "high", 1000, "2026-11-02", 3),
        "stale": (True, False, "stale", "high", 1000, None, 3),
        "hot": (False, True, "hot_linked", "medium", 2000, "2026-11-01", 3),
        # delivered 43 days ago: in the 90-day window, not in the last 30 days; hot-linked keeps it medium
        "old-hot": (False, True, "hot_linked", "medium", 2000, "2026-09-20", 3),
        "candidate": (False, False, "cleanup_candidate", "low", 5500, None, 3),
        "trashed-only": (False, False, "cleanup_candidate", "low", 1000, None, 3),
    }
    metadata = result.asset_materializations_for_node("unused_media")[0].metadata
    assert metadata["cleanup_candidate_files"].value == 2
    assert metadata["cleanup_candidate_bytes"].value == 6500


def test_a_shorter_lookback_drops_old_evidence(workspace):
    workspace.land("inventory", "export.ndjson", [item("old-hot")])
    workspace.land("usage_events", "a.ndjson", [event("3", "old-hot", "view", "2026-09-20T10:00:00Z")])
    dg.materialize([raw_usage_events], partition_key="2026-09-20", resources=workspace.resources())
    build(workspace, unused_lookback_days=30)
    assert workspace.query("SELECT evidence_class, deletion_risk FROM unused_media") == [("cleanup_candidate", "low")]
