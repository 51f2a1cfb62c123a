"""One validation: the reasons the service gives for posted events are the reasons the day's ingest
gives for the same events landed as a file (the window on timestamps apart, which is HTTP's own)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import dagster as dg

from assets.ingest.assets import raw_usage_events
from assets.video.assets import raw_player_events
from tracking_service import Service


def test_http_and_file_ingest_reject_the_same_events_for_the_same_reasons(workspace):
    day = (datetime.now(timezone.utc) - timedelta(days=1)).replace(hour=12, minute=0, second=0, microsecond=0)
    at = day.isoformat().replace("+00:00", "Z")
    usage = [
        {"event_id": "u1", "media_id": "m1", "event_type": "view", "timestamp": at},
        {"event_id": "u2", "media_id": "m1", "event_type": "like", "timestamp": at},
        {"event_id": "u3", "event_type": "view", "timestamp": at},
        {"event_id": "u4", "media_id": "m1", "event_type": "view", "timestamp": at[:-1]},
        {"event_id": "u5", "media_id": "m1", "event_type": "view", "timestamp": at, "usage": "hero"},
        {"event_id": "u6", "media_id": "m1", "event_type": "download", "timestamp": at, "load_time_ms": "fast"},
        {"event_id": "u7", "media_id": "m1", "event_type": "download", "timestamp": at, "bytes": -1},
        {"event_id": "u8", "media_id": "m1", "event_type": "view", "timestamp": "yesterday"},
    ]
    player = [
        {"event_id": "p1", "media_id": "v1", "event_type": "play", "timestamp": at, "position": 0, "session_id": "s"},
        {"event_id": "p2", "media_id": "v1", "event_type": "rewind", "timestamp": at, "position": 0, "session_id": "s"},
        {"event_id": "p3", "media_id": "v1", "event_type": "pause", "timestamp": at, "position": -2, "session_id": "s"},
        {"event_id": "p4", "media_id": "v1", "event_type": "pause", "timestamp": at, "position": 5},
        {"event_id": "p5", "media_id": "v1", "event_type": "seek", "timestamp": at, "position": 5,
         "to_position": 5, "session_id": "s"},
        {"event_id": "p6", "media_id": "v1", "event_type": "play", "timestamp": at, "position": 1e9, "session_id": "s"},
        {"event_id": "p7", "media_id": "v1", "event_type": "load", "timestamp": at, "duration": "long", "session_id": "s"},
    ]
    service = Service(workspace.root / "posted")
    answers = {}
    for source, events, post in (("usage_events", usage, service.track), ("player_events", player, service.engagement)):
        status, answer = post(events)
        assert status == 422
        answers[source] = {events[r["index"]]["event_id"]: r["reason"] for r in answer["rejected"]}
        workspace.land(source, "same.ndjson", events)
    service.stop()
    assert len(answers["usage_events"]) == 7 and len(answers["player_events"]) == 6

    assert dg.materialize([raw_usage_events, raw_player_events], partition_key=day.date().isoformat(),
                          resources=workspace.resources()).success
    landed = {}
    for source, raw, reason in workspace.query("SELECT source, raw, reason FROM rejected_rows"):
        landed.setdefault(source, {})[json.loads(raw)["event_id"]] = reason
    assert landed == answers
