"""The sample data generator writes what the pipeline's input contracts promise.

One small run (about seventy media items, three days, a few thousand events a day) is shared by the
tests; each test checks one property the pipeline relies on, with its own independent reading of the
files (json, csv, gzip, polars, a regex written from the nginx ``log_format``).
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import json
import re
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import unquote, urlsplit

import polars as pl
import pytest

from sampledata import generate

END = date(2026, 5, 31)
DAYS = 3
MALFORMED_SHARE = 0.02
SETTINGS = dict(days=DAYS, end=END, seed=7, events_per_day=4000, player_sessions_per_day=80,
                access_lines_per_day=3000, malformed_share=MALFORMED_SHARE, library_scale=0.06)
TINY = dict(days=2, end=END, seed=3, events_per_day=500, player_sessions_per_day=10,
            access_lines_per_day=500, library_scale=0.01)
INVENTORY_FIELDS = ["id", "filename", "path", "mime_type", "size", "created_at", "deleted_at",
                    "title", "description", "alt_text", "width", "height", "renditions",
                    "usage_locations", "display_widths", "indexed"]
USAGE_TYPES = {"impression", "view", "click", "download", "share", "preview"}
PLAYER_TYPES = {"load", "play", "pause", "seek", "ended", "stop", "quality_change", "buffer_start",
                "buffer_end", "error"}
# Durations of the bundled audio/video files, read from their containers
# (sampledata/files/SOURCES.md).
REAL_DURATIONS = {7.8, 6.235, 41.038}
# log_format media '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent
#                   "$http_referer" "$http_user_agent" $request_time $upstream_cache_status';
NGINX_MEDIA_LINE = re.compile(
    r'^(\S+) - (\S+) \[(\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d [+-]\d{4})\] "([^"]*)" (\d{3}) (\d+) '
    r'"([^"]*)" "([^"]*)" (\d+\.\d+) (HIT|MISS|EXPIRED|-)$')


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    root = tmp_path_factory.mktemp("sample")
    summary = generate(root / "landing", root / "media", workers=2, **SETTINGS)
    return summary, root / "landing", root / "media"


@pytest.fixture(scope="module")
def inventory(run):
    _, landing, _ = run
    lines = (landing / "inventory" / "cms-export.ndjson").read_text(encoding="utf-8").splitlines()
    return {record["id"]: record for record in map(json.loads, lines)}


@pytest.fixture(scope="module")
def usage_lines(run):
    """``{file: [(raw line, parsed event or None when it is not JSON)]}`` for the NDJSON files."""
    _, landing, _ = run
    return {path: [(line, _json_or_none(line))
                   for line in gzip.open(path, "rt", encoding="utf-8").read().splitlines()]
            for path in sorted((landing / "usage_events").rglob("*.ndjson.gz"))}


def _json_or_none(line: str) -> dict | None:
    try:
        return json.loads(line)
    except json.JSONDecodeError:
        return None


def _events(usage_lines: dict) -> list[dict]:
    return [event for lines in usage_lines.values() for _, event in lines if event is not None]


def _parse_time(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo is not None else None


def _valid_usage(event: dict, inventory: dict) -> bool:
    return (event.get("media_id") in inventory and event.get("event_type") in USAGE_TYPES
            and _parse_time(event.get("timestamp")) is not None and event.get("bytes", 0) >= 0)


def _tree_digest(root: Path) -> dict[str, str]:
    return {path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(root.rglob("*")) if path.is_file()}


def test_same_arguments_give_byte_identical_output_whatever_the_workers(tmp_path):
    generate(tmp_path / "one" / "landing", tmp_path / "one" / "media", workers=1, **TINY)
    generate(tmp_path / "two" / "landing", tmp_path / "two" / "media", workers=2, **TINY)
    first, second = _tree_digest(tmp_path / "one"), _tree_digest(tmp_path / "two")
    assert len(first) > 50 and first == second


def test_inventory_records_have_exactly_the_contract_fields(inventory):
    assert all(list(record) == INVENTORY_FIELDS for record in inventory.values())
    assert all(re.fullmatch(r"m\d{6}", media_id) for media_id in inventory)


def test_every_inventory_file_and_rendition_exists_with_its_size(run, inventory):
    _, _, media = run
    files = [(record["path"], record["size"]) for record in inventory.values()]
    files += [(rendition["path"], rendition["size"])
              for record in inventory.values() for rendition in record["renditions"]]
    assert [(path, size) for path, size in files
            if not (media / path).is_file() or (media / path).stat().st_size != size] == []


def test_summary_counts_the_rows_written(run, usage_lines):
    summary, landing, _ = run
    (csv_path,) = (landing / "usage_events").rglob("*.csv")
    (parquet_path,) = (landing / "usage_events").rglob("*.parquet")
    csv_rows = len(csv_path.read_text(encoding="utf-8").splitlines()) - 1  # header
    ndjson_rows = sum(len(lines) for lines in usage_lines.values())
    parquet_rows = pl.read_parquet(parquet_path).height
    assert summary.rows["usage_events"] == ndjson_rows + csv_rows + parquet_rows
    assert summary.malformed["usage_events"] > 0


def test_library_holds_every_media_kind_and_unused_items(inventory):
    kinds = Counter(record["mime_type"].split("/")[0] for record in inventory.values())
    assert {"image", "video", "audio", "application", "text"} <= set(kinds)
    assert any(not record["usage_locations"] for record in inventory.values())
    assert any(record["deleted_at"] for record in inventory.values())


def test_usage_events_name_inventory_media_and_carry_offsets(usage_lines, inventory):
    events = _events(usage_lines)
    named = [event for event in events if event.get("media_id") is not None]
    assert [event["media_id"] for event in named if event["media_id"] not in inventory] == []
    offsets = Counter(event["timestamp"][23:] for event in events
                      if _valid_usage(event, inventory))
    assert offsets["Z"] > offsets["+01:00"] > 0 and offsets["-05:00"] > 0


def test_event_types_fit_the_media_type(usage_lines, inventory):
    allowed = {"image": {"impression", "view", "click", "share", "download"},
               "video": {"impression", "view", "click"}, "audio": {"impression", "view", "click"},
               "application": {"preview", "download", "view"},
               "text": {"preview", "download", "view"}}
    seen = {(inventory[event["media_id"]]["mime_type"].split("/")[0], event["event_type"])
            for event in _events(usage_lines) if _valid_usage(event, inventory)}
    assert {kind for kind, _ in seen} == set(allowed)
    assert [(kind, event) for kind, event in seen if event not in allowed[kind]] == []


def test_malformed_share_is_roughly_as_asked(usage_lines, inventory):
    total, broken, seen = 0, 0, set()
    for lines in usage_lines.values():
        for _, event in lines:
            total += 1
            if event is None or not _valid_usage(event, inventory) or event["event_id"] in seen:
                broken += 1
            if event is not None:
                seen.add(event.get("event_id"))
    assert 0.5 * MALFORMED_SHARE < broken / total < 1.5 * MALFORMED_SHARE


def test_only_live_media_get_usage_events(usage_lines, inventory):
    def live(event):
        record, moment = inventory[event["media_id"]], _parse_time(event["timestamp"])
        deleted = _parse_time(record["deleted_at"]) if record["deleted_at"] else None
        return _parse_time(record["created_at"]) <= moment and (deleted is None or moment < deleted)

    valid = [event for event in _events(usage_lines) if _valid_usage(event, inventory)]
    assert valid and [event for event in valid if not live(event)] == []


def test_views_are_long_tailed(usage_lines, inventory):
    views = Counter(event["media_id"] for event in _events(usage_lines)
                    if _valid_usage(event, inventory) and event["event_type"] == "view")
    counts = sorted(views.values(), reverse=True)
    top_tenth, top_fifth = (counts[: max(1, round(len(counts) * share))] for share in (0.1, 0.2))
    # Uniform popularity would give them 10 % and 20 %; this small library has ~40 viewed items
    # (the full-size library gives its top tenth about 80 % of views).
    assert sum(top_tenth) > 0.4 * sum(counts) and sum(top_fifth) > 0.6 * sum(counts)


def test_some_events_arrive_in_the_next_days_file(usage_lines):
    late = 0
    for path, lines in usage_lines.items():
        day_before = date.fromisoformat(path.name[:10]) - timedelta(days=1)
        for _, event in lines:
            moment = _parse_time(event.get("timestamp")) if event else None
            late += moment is not None and moment.astimezone(timezone.utc).date() == day_before
    assert late > 0.005 * sum(len(lines) for lines in usage_lines.values())


def test_csv_and_parquet_days_hold_events_the_ndjson_files_do_not(run, usage_lines):
    _, landing, _ = run
    ndjson_ids = {event.get("event_id") for event in _events(usage_lines)}
    (csv_path,) = (landing / "usage_events").rglob("*.csv")
    (parquet_path,) = (landing / "usage_events").rglob("*.parquet")
    with open(csv_path, newline="", encoding="utf-8") as handle:
        csv_ids = {row["event_id"] for row in csv.DictReader(handle)}
    parquet_ids = set(pl.read_parquet(parquet_path)["event_id"].to_list())
    assert csv_ids and parquet_ids
    assert not csv_ids & ndjson_ids and not parquet_ids & ndjson_ids and not csv_ids & parquet_ids


def _player_events(landing: Path) -> list[dict]:
    return [json.loads(line) for path in sorted((landing / "player_events").glob("*.ndjson.gz"))
            for line in gzip.open(path, "rt", encoding="utf-8")]


def _valid_player(event: dict) -> bool:
    seek_ok = event["event_type"] != "seek" or {"from_position", "to_position"} <= set(event)
    return event["event_type"] in PLAYER_TYPES and event["position"] >= 0 and seek_ok


def test_player_positions_stay_within_the_real_duration(run):
    _, landing, _ = run
    valid = [event for event in _player_events(landing) if _valid_player(event)]
    assert valid and {event["duration"] for event in valid} <= REAL_DURATIONS
    assert [event for event in valid if event["position"] > event["duration"]] == []


def test_player_positions_advance_with_the_wall_clock_while_playing(run):
    _, landing, _ = run
    sessions = defaultdict(list)
    for event in _player_events(landing):
        sessions[event["session_id"]].append(event)
    checked = 0
    for events in sessions.values():
        for before, after in zip(events, events[1:]):
            if not (_valid_player(before) and _valid_player(after)):
                continue
            if before["event_type"] == "play" and after["event_type"] in ("pause", "stop", "ended"):
                elapsed = (_parse_time(after["timestamp"]) - _parse_time(before["timestamp"]))
                assert after["position"] - before["position"] == pytest.approx(
                    elapsed.total_seconds(), abs=0.003)
                checked += 1
    assert checked > 20


def test_access_log_lines_match_the_documented_format(run):
    _, landing, _ = run
    lines = [line for path in sorted((landing / "access_logs").rglob("*.log.gz"))
             for line in gzip.open(path, "rt", encoding="utf-8").read().splitlines()]
    unreadable = [line for line in lines if not NGINX_MEDIA_LINE.match(line)]
    assert 0.5 * MALFORMED_SHARE < len(unreadable) / len(lines) < 1.5 * MALFORMED_SHARE


def test_successful_media_requests_map_to_inventory_files(run, inventory):
    _, landing, _ = run
    known = {record["path"] for record in inventory.values()}
    known |= {rendition["path"] for record in inventory.values()
              for rendition in record["renditions"]}
    requested = []
    for path in sorted((landing / "access_logs").rglob("*.log.gz")):
        for line in gzip.open(path, "rt", encoding="utf-8"):
            match = NGINX_MEDIA_LINE.match(line.rstrip("\n"))
            if match and match[5] in ("200", "206") and match[4].startswith("GET /media/"):
                url = unquote(urlsplit(match[4].split(" ")[1]).path)[len("/media/"):]
                requested.append(url.removesuffix(".webp") if url not in known else url)
    assert requested and [url for url in requested if url not in known] == []
