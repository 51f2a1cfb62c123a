"""Without IP_HASH_SALT the service hashes client IPs with the warehouse's own salt: a visitor has
the same client_id in the tracked events as in the access logs."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import dagster as dg

from assets.delivery.assets import raw_access_log
from assets.ingest.assets import media_inventory, raw_usage_events
from conftest import item
from tracking_service import Service


def test_tracked_events_and_access_logs_give_one_visitor_one_client_id(workspace):
    yesterday = datetime.now(timezone.utc) - timedelta(days=1)
    day = yesterday.date()
    workspace.land("inventory", "export.ndjson", [item("m1", path="2026/10/m1.jpg")])
    workspace.land("access_logs", "access.log",
                   f'127.0.0.1 - - [{yesterday:%d/%b/%Y:%H:%M:%S} +0000] "GET /media/2026/10/m1.jpg HTTP/1.1" '
                   '200 1000 "-" "Mozilla/5.0"\n')
    resources = workspace.resources()
    assert dg.materialize([media_inventory, raw_access_log], partition_key=day.isoformat(),
                          resources=resources).success  # makes the warehouse's salt
    service = Service(workspace.landing, env={"IP_HASH_SALT": "", "WAREHOUSE_CATALOG": workspace.warehouse().catalog,
                                                   "WAREHOUSE_DATA_PATH": workspace.warehouse().data_path})
    stamp = yesterday.isoformat().replace("+00:00", "Z")
    assert service.track({"mediaId": "m1", "eventType": "view", "timestamp": stamp})[0] == 202
    service.stop()
    assert dg.materialize([raw_usage_events], partition_key=day.isoformat(), resources=resources).success
    [(logged,)] = workspace.query("SELECT client_id FROM raw_access_log WHERE day = $day", {"day": day})
    [(tracked,)] = workspace.query("SELECT client_id FROM raw_usage_events WHERE day = $day", {"day": day})
    [(salt,)] = workspace.query("SELECT salt FROM privacy_salt")
    assert tracked == logged and len(salt) == 32
