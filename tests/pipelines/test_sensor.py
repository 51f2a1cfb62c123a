"""landing_files_sensor: new or changed landing files ask for the days they touch, once."""

import gzip
import json
import os
from datetime import date, timedelta

import dagster as dg

from assets.shared.resources import LandingResource, MetricsResource
from conftest import event, item
from pipelines.definitions import defs
from pipelines.sensors import landing_files_sensor

YESTERDAY = date.today() - timedelta(days=1)
DAY_BEFORE = YESTERDAY - timedelta(days=1)


def evaluate(workspace, cursor=None, tz="UTC"):
    context = dg.build_sensor_context(cursor=cursor, definitions=defs, resources={
        "landing": LandingResource(landing_dir=str(workspace.landing)), "metrics": MetricsResource(timezone=tz)})
    return landing_files_sensor.evaluate_tick(context)


def days(result):
    return sorted(r.partition_key for r in result.run_requests)


def test_new_files_ask_for_the_days_their_rows_fall_on(workspace):
    workspace.land("usage_events", "a.ndjson", [
        event("1", "m", "view", f"{DAY_BEFORE}T23:30:00Z"), event("2", "m", "view", f"{YESTERDAY}T08:00:00Z"),
        event("3", "m", "view", f"{date.today()}T01:00:00Z")])  # today is not complete: not asked for
    workspace.land("access_logs", "x.log.gz", gzip.compress(
        f'192.0.2.1 - - [{DAY_BEFORE:%d/%b/%Y}:10:00:00 +0000] "GET /media/a.jpg HTTP/1.1" 200 5 "-" "-"\n'.encode()))
    result = evaluate(workspace)
    assert days(result) == [DAY_BEFORE.isoformat(), YESTERDAY.isoformat()]
    again = evaluate(workspace, cursor=result.cursor)
    assert again.run_requests == [] and "no new or changed" in again.skip_message


def test_a_changed_file_asks_again_with_a_new_run_key(workspace):
    path = workspace.land("player_events", "p.ndjson", [event("1", "m", "play", f"{YESTERDAY}T08:00:00Z")])
    first = evaluate(workspace)
    os.utime(path, ns=(1, 1))
    second = evaluate(workspace, cursor=first.cursor)
    assert days(second) == [YESTERDAY.isoformat()]
    assert second.run_requests[0].run_key != first.run_requests[0].run_key


def test_the_report_time_zone_decides_the_day(workspace):
    workspace.land("usage_events", "a.ndjson", [event("1", "m", "view", f"{DAY_BEFORE}T23:30:00Z")])
    assert days(evaluate(workspace, tz="Europe/Berlin")) == [YESTERDAY.isoformat()]


def test_an_inventory_export_asks_for_the_latest_day(workspace):
    workspace.land("inventory", "export.ndjson", [item("m1")])
    result = evaluate(workspace)
    assert days(result) == [YESTERDAY.isoformat()]
    assert set(json.loads(result.cursor)) == {str(workspace.landing / "inventory" / "export.ndjson")}


def test_an_unreadable_file_asks_for_nothing_and_is_not_retried(workspace):
    workspace.land("usage_events", "broken.ndjson.gz", b"\x1f\x8b\x08\x00garbage")
    result = evaluate(workspace)
    assert result.run_requests == [] and "no day" in result.skip_message
    assert evaluate(workspace, cursor=result.cursor).run_requests == []
