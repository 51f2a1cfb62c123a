"""The tracking service's prepared checks give every posted event the verdict the staging SQL gives it
when run as the landing zone runs it (planned afresh, parameters bound), batch after batch of
different sizes and clocks: the prepared plan may not carry anything over from an earlier batch."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import duckdb
import pyarrow as pa
import pytest

from api.events import normalise, with_field
from api.validation import FUTURE_TOLERANCE_MINUTES, Validator, posted_sql
from assets.shared.partitions import first_instant
from assets.shared.sqlfiles import bind, load_sql, schema_sql

SALT = "prepared-test"
MAX_AGE_HOURS = 48


def reference(source: str, raws: list[str], now: datetime) -> list[tuple[str | None, str | None]]:
    """The verdicts of the posted SQL run once, unprepared, on a fresh connection."""
    con = duckdb.connect(":memory:")
    con.execute("SET TimeZone = 'UTC'")
    for statements in schema_sql():
        con.execute(statements)
    con.execute(load_sql("macros"))
    con.register("lines", pa.table({"line": pa.array(range(1, len(raws) + 1), pa.int64()),
                                    "raw": pa.array(raws, pa.string())}))
    sql = posted_sql(source)
    params = {"file_sha256": "posted", "salt": SALT, "tz": "UTC", "now": now, "first_instant": first_instant(),
              "max_age_hours": MAX_AGE_HOURS, "future_minutes": FUTURE_TOLERANCE_MINUTES}
    rows = con.execute(sql, bind(sql, params)).fetchall()
    con.close()
    return [(reason, client) for _, reason, client in rows]


def usage_events(now: datetime, rng: random.Random) -> list[dict | list | str | int]:
    at = lambda hours: (now - timedelta(hours=hours)).isoformat().replace("+00:00", "Z")  # noqa: E731
    events = []
    for n in range(400):
        event = {"event_id": f"u{n}", "media_id": f"m{rng.randrange(50):06d}",
                 "event_type": rng.choice(["view", "click", "download", "impression", "like", ""]),
                 "timestamp": rng.choice([at(1), at(47), at(49), at(-1), at(-0.05), "yesterday", at(24)[:-1]]),
                 "usage": rng.choice(["inline", "hero", None]),
                 "load_time_ms": rng.choice([12, 3_600_001, "fast", None, -5, 1e308]),
                 "bytes": rng.choice([100, -1, 2**62, None])}
        if rng.random() < 0.1:
            del event["media_id"]
            event["media_url"] = rng.choice(["https://cdn.example.org/media/a.jpg", "/media/b.pdf", ""])
        events.append({k: v for k, v in event.items() if v is not None})
    return events + [[1, 2], "text", 7, {}, {"event_id": "x" * 5000, "media_id": "m1", "event_type": "view"}]


def player_events(now: datetime, rng: random.Random) -> list[dict]:
    at = lambda hours: (now - timedelta(hours=hours)).isoformat().replace("+00:00", "Z")  # noqa: E731
    return [{"event_id": f"p{n}", "media_id": f"v{rng.randrange(5)}", "session_id": rng.choice(["s1", "s2", None]),
             "event_type": rng.choice(["play", "pause", "seek", "ended", "rewind", "load", "buffer_start"]),
             "timestamp": rng.choice([at(2), at(60), at(-2)]), "position": rng.choice([0, 5.5, -2, 1e9, "x"]),
             "from_position": rng.choice([None, 3, 5.5]), "duration": rng.choice([None, 120, "long", 0])}
            for n in range(300)]


@pytest.mark.parametrize("source", ["usage_events", "player_events"])
def test_prepared_checks_equal_the_staging_sql_run_afresh(source):
    rng = random.Random(7)
    validator = Validator(SALT, MAX_AGE_HOURS)
    start = datetime(2026, 12, 6, 12, tzinfo=timezone.utc)
    make = usage_events if source == "usage_events" else player_events
    texts = [normalise(source, event, "Agent/1.0", start.isoformat()) for event in make(start, rng)]
    if source == "usage_events":  # the client address, added as the collector adds it
        texts = [with_field(text, "ip", rng.choice(["203.0.113.9", "2001:db8::1", "not an address", None]))
                 for text in texts]
    offset = 0
    # Batches of growing, shrinking and repeated sizes, the clock moving on: a plan fitted to one
    # batch's statistics or time would give a later batch wrong verdicts.
    for size, hours_later in [(1, 0), (7, 0), (250, 1), (3, 1), (400, 30), (1, 30), (40, 30)]:
        batch = [texts[(offset + k) % len(texts)] for k in range(size)]
        offset += size
        now = start + timedelta(hours=hours_later)
        assert validator.check(source, batch, now) == reference(source, batch, now)
    validator.close()


def test_the_clock_of_each_batch_decides_what_is_too_old():
    validator = Validator(SALT, MAX_AGE_HOURS)
    at = datetime(2026, 12, 6, 12, tzinfo=timezone.utc)
    text = normalise("usage_events", {"media_id": "m1", "event_type": "view",
                                      "timestamp": at.isoformat().replace("+00:00", "Z")}, None, "")
    assert validator.check("usage_events", [text], at + timedelta(hours=1)) == [(None, None)]
    reason, _ = validator.check("usage_events", [text], at + timedelta(hours=49))[0]
    assert reason == "timestamp older than 48 hours (TRACKING_MAX_AGE_HOURS)"
    reason, _ = validator.check("usage_events", [text], at - timedelta(minutes=6))[0]
    assert reason == "timestamp more than 5 minutes in the future"
    validator.close()
