"""A 2xx means on disk: `kill -9` of the service under load, restart, and every acknowledged event is
in the landing zone, none twice — counted against the rows the day's ingest stages."""

from __future__ import annotations

import http.client
import json
import signal
import threading
import time
from datetime import datetime, timedelta, timezone

import dagster as dg

from assets.ingest.assets import raw_usage_events
from tracking_service import Service, hidden_files, landed_lines

CLIENTS = 4
BATCH = 20


def load(port: int, client: int, stamp: str, acknowledged: list[str], stop: threading.Event) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    sent = 0
    while not stop.is_set():
        ids = [f"c{client}-{sent + n}" for n in range(BATCH)]
        sent += BATCH
        body = json.dumps([{"eventId": i, "mediaId": "m1", "eventType": "view", "timestamp": stamp,
                            "sessionId": f"s{client}"} for i in ids])
        try:
            connection.request("POST", "/api/analytics/media/track", body, {"Content-Type": "application/json"})
            response = connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            return  # the service is gone: whatever was not answered was not acknowledged
        if response.status == 202:
            acknowledged.extend(ids)


def test_kill_9_under_load_loses_no_acknowledged_event_and_lands_none_twice(workspace):
    yesterday = datetime.now(timezone.utc) - timedelta(days=1)
    stamp = yesterday.isoformat().replace("+00:00", "Z")
    service = Service(workspace.landing, env={"TRACKING_RATE_LIMIT": "0"}, workers=2)
    acknowledged: list[str] = []
    stop = threading.Event()
    threads = [threading.Thread(target=load, args=(service.port, n, stamp, acknowledged, stop)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 60
    while len(acknowledged) < 400 and time.monotonic() < deadline:
        time.sleep(0.05)
    service.stop(signal.SIGKILL)  # mid-load: requests in flight, .part files open
    stop.set()
    for thread in threads:
        thread.join()
    assert len(acknowledged) >= 400, "the load must have been acknowledged for a while before the kill"
    assert hidden_files(workspace.landing, "usage_events"), "the killed service leaves its open .part files"

    restarted = Service(workspace.landing)  # renames the files the dead workers held
    assert hidden_files(workspace.landing, "usage_events") == []
    restarted.stop()

    landed = [row["event_id"] for row in landed_lines(workspace.landing, "usage_events")]
    assert len(landed) == len(set(landed)), "no event twice"
    assert set(acknowledged) <= set(landed), f"{len(set(acknowledged) - set(landed))} acknowledged events lost"

    day = yesterday.date()
    assert dg.materialize([raw_usage_events], partition_key=day.isoformat(),
                          resources=workspace.resources()).success
    staged = {row[0] for row in workspace.query("SELECT event_id FROM raw_usage_events WHERE day = $day", {"day": day})}
    assert set(acknowledged) <= staged
    assert workspace.query("SELECT count(*) FROM rejected_rows WHERE day = $day", {"day": day}) == [(0,)]
    assert len(staged) == len(landed)
