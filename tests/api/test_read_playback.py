"""GET /videos, /audio and /{id}/engagement against the built sample, served by `media-analytics serve`:
one day's figures equal the report's and the daily tables', a range's are recomputed over its views."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from datetime import date, timedelta

import pytest

from assets.shared.resources import WarehouseResource
from assets.video.report import load_video_report
from read_sample import FIRST, LAST, home, service  # noqa: F401 - fixtures

API = "/api/analytics/media"
DAY = date.fromisoformat(LAST)


@pytest.fixture(scope="module")
def con(home):
    with WarehouseResource.in_folder(home / "warehouse", threads=1).connect(read_only=True) as opened:
        yield opened


def rows(con, sql: str, *params) -> list[dict]:
    cursor = con.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r)) for r in cursor.fetchall()]


def read(service, path: str) -> dict:
    status, body, _ = service.read(path)
    assert status == 200, body
    return body


def near(a, b) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and math.isclose(a, b, rel_tol=1e-9,
                                                                                          abs_tol=1e-9))


@pytest.mark.parametrize("media_type,path", [("video", "videos"), ("audio", "audio")])
def test_one_day_equals_the_report(service, con, media_type, path):
    body = read(service, f"{API}/{path}?from={DAY}&to={DAY}")
    report = load_video_report(con, DAY, media_type)
    assert body["mediaType"] == media_type
    overview, engagement, performance = body["overview"], body["engagement"], body["performance"]
    storage = rows(con, "SELECT files, original_bytes FROM daily_storage WHERE day = ? AND media_type = ?",
                   DAY, media_type)
    assert overview["totalVideos"] == (storage[0]["files"] if storage else 0)
    assert overview["totalSize"] == (storage[0]["original_bytes"] if storage else 0)
    if report is None:  # the sample plays audio items only: the comparison below runs for /audio
        assert media_type != "audio"
        assert overview["totalViews"] == 0 and engagement["mostWatchedVideos"] == []
        return
    assert engagement["retentionCurves"] and engagement["dropOffPoints"], "the sample has curves and drop-offs"
    assert overview["totalViews"] == report.views > 0
    assert overview["uniqueViewers"] == report.unique_viewers
    assert near(overview["totalWatchTime"], report.watch_seconds)
    assert near(engagement["averageViewDuration"], report.avg_view_seconds)
    assert near(engagement["completionRate"], report.completion_rate)
    assert near(engagement["finishRate"], report.finish_rate)
    assert near(performance["bufferingRate"], report.buffering_rate)
    watched = engagement["mostWatchedVideos"]
    assert [(w["id"], w["filename"], w["type"], w["views"], w["uniqueViewers"]) for w in watched] == [
        (m.media_id, m.filename, m.media_type, m.views, m.unique_viewers) for m in report.most_watched]
    for w, m in zip(watched, report.most_watched):
        assert near(w["watchTime"], m.watch_seconds) and near(w["averageViewDuration"], m.avg_view_seconds)
        assert near(w["completionRate"], m.completion_rate) and near(w["finishRate"], m.finish_rate)
    assert [(c["id"], c["views"], c["bucketSeconds"], c["retention"]) for c in engagement["retentionCurves"]] == [
        (c.media_id, c.views, c.bucket_seconds, c.retention) for c in report.retention_curves]
    assert [(d["id"], d["time"], d["endTime"], d["count"]) for d in engagement["dropOffPoints"]] == [
        (d.media_id, d.start, d.end, d.dropoffs) for d in report.dropoffs]
    assert all(near(d["percentage"], r.share * 100) for d, r in zip(engagement["dropOffPoints"], report.dropoffs))


def test_item_engagement_equals_its_daily_rows(service, con):
    day_row = rows(con, "SELECT * FROM daily_video_engagement WHERE day = ? ORDER BY views DESC, media_id LIMIT 1",
                   DAY)[0]
    body = read(service, f"{API}/{day_row['media_id']}/engagement?from={DAY}&to={DAY}")
    assert body["kind"] == "playback" and body["type"] == day_row["media_type"]
    assert body["document"] is None and body["usage"] is None
    p = body["playback"]
    assert (p["sessions"], p["views"], p["uniqueViewers"]) == (day_row["sessions"], day_row["views"],
                                                              day_row["unique_viewers"])
    for field, column in [("watchTime", "watch_seconds"), ("averageViewDuration", "avg_view_seconds"),
                          ("completionRate", "completion_rate"), ("finishRate", "finish_rate"),
                          ("bufferingRate", "buffering_rate")]:
        assert near(p[field], day_row[column]), field
    assert near(p["averageLoadTime"], day_row["avg_startup_seconds"] and day_row["avg_startup_seconds"] * 1000)
    assert p["seekPatterns"]["seeksForward"] == day_row["seeks_forward"]
    assert p["deviceBreakdown"] == dict(day_row["device_views"])
    assert p["geographicDistribution"] == dict(day_row["country_views"])
    buckets = rows(con, "SELECT * FROM video_retention WHERE day = ? AND media_id = ? ORDER BY bucket",
                   DAY, day_row["media_id"])
    assert [(r["startTime"], r["endTime"], r["viewers"], r["retention"]) for r in p["retentionCurve"]] == [
        (b["bucket_start"], b["bucket_end"], b["viewers"], b["retention"]) for b in buckets]
    assert [(d["time"], d["count"]) for d in p["dropOffPoints"]] == [
        (b["bucket_start"], b["dropoffs"]) for b in buckets if b["dropoffs"]]
    assert [(h["intensity"], h["plays"], h["pauses"], h["seeks"], h["rewatches"]) for h in p["engagementHeatmap"]] == [
        (b["intensity"], b["plays"], b["pauses"], b["seeks"], b["rewatches"]) for b in buckets]
    assert all(near(h["engagement"], b["watched_seconds"]) for h, b in zip(p["engagementHeatmap"], buckets))


def test_a_range_is_recomputed_over_its_views(service, con):
    """Two days: totals, viewers and one item's retention and drop-offs recomputed in Python from the
    sessions and their segments, not from the daily tables the API sums."""
    first = DAY - timedelta(days=1)
    views = rows(con, "SELECT * FROM video_views WHERE day BETWEEN ? AND ? AND is_view", first, DAY)
    for media_type, path in (("video", "videos"), ("audio", "audio")):
        body = read(service, f"{API}/{path}?from={first}&to={DAY}")
        mine = [v for v in views if v["media_type"] == media_type]
        assert body["overview"]["totalViews"] == len(mine)
        assert body["overview"]["uniqueViewers"] == len({v["viewer_id"] for v in mine})
        assert near(body["overview"]["totalWatchTime"], sum(v["watched_seconds"] for v in mine))
        assert near(body["engagement"]["completionRate"],
                    sum(v["completed"] for v in mine) / len(mine) if mine else None)

    size = rows(con, "SELECT DISTINCT bucket_seconds FROM video_retention")[0]["bucket_seconds"]
    days_of = defaultdict(set)
    for v in views:
        days_of[v["media_id"]].add(v["day"])
    counts = Counter(v["media_id"] for v in views)
    item = max(counts, key=lambda m: (len(days_of[m]), counts[m], m))  # views on both days, when one has
    its = [v for v in views if v["media_id"] == item]
    segments = defaultdict(list)
    for s in rows(con, "SELECT * FROM video_watch_segments WHERE day BETWEEN ? AND ? AND media_id = ?",
                  first, DAY, item):
        segments[(s["day"], s["viewer_id"], s["session_id"])].append(s)
    buckets = max(max(1, math.ceil(v["duration"] / size)) for v in its)
    watched = Counter()
    left = Counter()
    for v in its:
        mine = segments[(v["day"], v["viewer_id"], v["session_id"])]
        for b in range(buckets):
            if any(min(s["segment_end"], (b + 1) * size) - max(s["segment_start"], b * size) > 0 for s in mine):
                watched[b] += 1
        if not v["finished"]:
            left[min(math.floor(v["furthest_position"] / size), max(1, math.ceil(v["duration"] / size)) - 1)] += 1
    p = read(service, f"{API}/{item}/engagement?from={first}&to={DAY}")["playback"]
    assert p["views"] == len(its) and p["uniqueViewers"] == len({v["viewer_id"] for v in its})
    assert [r["viewers"] for r in p["retentionCurve"]] == [watched[b] for b in range(buckets)]
    assert all(near(r["retention"], watched[b] / len(its)) for b, r in enumerate(p["retentionCurve"]))
    assert {int(d["time"] // size): d["count"] for d in p["dropOffPoints"]} == dict(left)
    assert all(near(d["percentage"], left[int(d["time"] // size)] / len(its) * 100) for d in p["dropOffPoints"])


def test_document_and_image_engagement_equal_their_daily_rows(service, con):
    doc = rows(con, "SELECT * FROM daily_document_access WHERE day = ? ORDER BY downloads DESC, media_id LIMIT 1",
               DAY)[0]
    body = read(service, f"{API}/{doc['media_id']}/engagement?from={DAY}&to={DAY}")
    assert (body["kind"], body["type"], body["playback"], body["usage"]) == ("document", "document", None, None)
    d = body["document"]
    assert (d["views"], d["previews"], d["downloads"], d["uniqueUsers"]) == (
        doc["views"], doc["previews"], doc["downloads"], doc["unique_users"])
    assert d["userTypes"] == {"signedIn": doc["signed_in_users"], "anonymous": doc["anonymous_sessions"]}
    assert d["accessSources"]["search"] == doc["from_search"] and d["accessSources"]["direct"] == doc["from_direct"]
    assert near(d["downloadSuccessRate"], doc["download_success_rate"])
    assert near(d["averageDownloadTime"], doc["avg_download_time_ms"])

    image = rows(con, "SELECT * FROM daily_media_usage WHERE day = ? AND usage_kind = 'all' AND media_type = 'image' "
                      "ORDER BY views DESC, media_id LIMIT 1", DAY)[0]
    body = read(service, f"{API}/{image['media_id']}/engagement?from={DAY}&to={DAY}")
    assert (body["kind"], body["type"], body["playback"], body["document"]) == ("usage", "image", None, None)
    u = body["usage"]
    assert (u["views"], u["clicks"], u["shares"], u["downloads"], u["uniqueUsers"]) == (
        image["views"], image["clicks"], image["shares"], image["downloads"], image["unique_users"])
    assert near(u["clickThroughRate"], image["click_through_rate"])
    assert near(u["engagementRate"], image["engaged_visit_rate"])
    assert near(u["lazyLoadEffectiveness"], image["lazy_load_effectiveness"])


def test_unknown_id_is_404_and_collections_are_not_ids(service):
    status, body, _ = service.read(f"{API}/no-such-item/engagement?from={FIRST}&to={LAST}")
    assert status == 404 and "no media item 'no-such-item'" in body["error"]
    status, body, _ = service.read(f"{API}/videos?type=video")
    assert status == 422  # /videos takes from and to only
    status, _, _ = service.read(f"{API}/audio/engagement")
    assert status == 404  # 'audio' is no media id
