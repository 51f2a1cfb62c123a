"""Re-running days gives byte-identical tables (issue 15 item 14): two clean builds of the same two
days, DuckDB on its threads, hold the same rows in every table — equal multisets of rows, compared
by the exact text of every value (what EXCEPT ALL both ways finds), no tolerance.

The input is written here: playback sessions with positions to the millisecond, usage events with
fractional load times and access-log lines with fractional request times, over two days — enough
rows that sums of doubles came out in a different order between builds (daily_video_engagement and
video_retention differed in the last bits on the previous main)."""

from __future__ import annotations

import random
import shutil
from collections import Counter
from datetime import datetime, timedelta

import dagster as dg

from assets.shared.resources import LandingResource
from conftest import Workspace, event, item
from pipelines.definitions import ASSET_MODULES

DAYS = ("2026-11-01", "2026-11-02")
ALL_ASSETS = dg.load_assets_from_modules(ASSET_MODULES)
# Columns that say when a row was written or name a message by a random id, not what was built.
WRITTEN = {"first_seen_at", "sent_at", "created_at", "applied_at", "message_id", "built_at", "run_id"}
VIDEOS = {"v1": 95.5, "v2": 61.25, "v3": 187.0, "a1": 240.75}  # id -> duration (s)
AGENTS = ["Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
          "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          "Version/17.4.1 Mobile/15E148 Safari/604.1"]


def inventory() -> list[dict]:
    rows = [item(m, filename=f"{m}.mp4", path=f"2026/10/{m}.mp4", mime_type="video/mp4", size=5_000_000)
            for m in VIDEOS if m.startswith("v")]
    rows.append(item("a1", filename="a1.mp3", path="2026/10/a1.mp3", mime_type="audio/mpeg", size=3_000_000))
    rows += [item(f"d{n}", filename=f"d{n}.pdf", path=f"2026/10/d{n}.pdf", mime_type="application/pdf",
                  size=200_000 + n) for n in range(3)]
    rows += [item(f"i{n}", size=90_000 + n) for n in range(4)]
    return rows


def sessions(day: str, rng: random.Random) -> list[dict]:
    """Playback sessions of the day: load, play, pauses, a seek, buffering, a quality change, and an
    end; every position and time to the millisecond."""
    events, start = [], datetime.fromisoformat(f"{day}T08:00:00+00:00")
    for n in range(90):
        media = rng.choice(list(VIDEOS))
        duration = VIDEOS[media]
        t = start + timedelta(seconds=rng.randrange(0, 12 * 3600))
        common = {"media_id": media, "duration": duration, "session_id": f"{day}-s{n}",
                  "user_id": f"u{rng.randrange(25)}" if rng.random() < 0.6 else None,
                  "user_agent": rng.choice(AGENTS), "quality": rng.choice(["480p", "720p", "1080p"])}
        position = round(rng.uniform(0, duration / 3), 3)
        steps = [("load", 0.0, position), ("play", round(rng.uniform(0.2, 2.5), 3), position)]
        clock = steps[-1][1]
        for _ in range(rng.randrange(2, 6)):
            watched = round(rng.uniform(0.4, duration / 4), 3)
            clock = round(clock + watched + rng.uniform(0, 0.999), 3)
            position = round(min(position + watched, duration), 3)
            kind = rng.choice(["pause", "seek", "buffer", "quality"])
            if kind == "seek":
                target = round(rng.uniform(0, duration), 3)
                steps.append(("seek", clock, (position, target)))
                position = target
                steps.append(("play", round(clock + 0.137, 3), position))
            elif kind == "buffer":
                steps.append(("buffer_start", clock, position))
                steps.append(("buffer_end", round(clock + rng.uniform(0.05, 3.0), 3), position))
            elif kind == "quality":
                steps.append(("quality_change", clock, position))
            else:
                steps.append(("pause", clock, position))
                steps.append(("play", round(clock + rng.uniform(0.5, 9.0), 3), position))
            clock = steps[-1][1]
        steps.append((rng.choice(["pause", "stop", "ended"]), round(clock + rng.uniform(0.3, 20.0), 3),
                      round(min(position + rng.uniform(0.3, 20.0), duration), 3)))
        for k, (kind, seconds, where) in enumerate(steps):
            row = {"event_id": f"{day}-s{n}-{k}", "event_type": kind,
                   "timestamp": (t + timedelta(seconds=seconds)).isoformat(timespec="milliseconds"), **common}
            if kind == "seek":
                row |= {"from_position": where[0], "to_position": where[1], "position": where[1]}
            else:
                row["position"] = where
            events.append({k: v for k, v in row.items() if v is not None})
    return events


def usage(day: str, rng: random.Random) -> list[dict]:
    ids = [f"i{n}" for n in range(4)] + [f"d{n}" for n in range(3)]
    return [event(f"{day}-e{n}", rng.choice(ids), rng.choice(["impression", "view", "view", "download", "preview"]),
                  f"{day}T{rng.randrange(24):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}Z",
                  session_id=f"w{rng.randrange(60)}", load_time_ms=round(rng.uniform(5, 4000), 3),
                  user_agent=rng.choice(AGENTS))
            for n in range(400)]


def access_log(day: str, rng: random.Random) -> str:
    lines = []
    for n in range(300):
        media = rng.choice(["d0", "d1", "d2", "i0", "i1", "i2", "i3"])
        path, size = (f"/media/2026/10/{media}.pdf", 200_000 + int(media[1])) if media[0] == "d" else \
            (f"/media/2026/10/{media}.jpg", 90_000 + int(media[1]))
        stamp = (datetime.fromisoformat(f"{day}T00:00:00+00:00") + timedelta(seconds=rng.randrange(86400)))
        status, sent = rng.choice([(200, size), (200, size), (206, size // 3), (304, 0)])
        lines.append(f'198.51.100.{rng.randrange(1, 250)} - - [{stamp.strftime("%d/%b/%Y:%H:%M:%S +0000")}] '
                     f'"GET {path} HTTP/1.1" {status} {sent} "-" "{rng.choice(AGENTS)}" '
                     f'{rng.uniform(0.001, 2.5):.3f} {rng.choice(["HIT", "MISS"])}\n')
    return "".join(lines)


def build(workspace: Workspace) -> None:
    resources = workspace.resources()
    resources["landing"] = LandingResource(landing_dir=str(workspace.landing), ip_hash_salt="one salt for both builds")
    for day in DAYS:
        result = dg.materialize(ALL_ASSETS, partition_key=day, resources=resources, raise_on_error=False)
        assert result.success, day


def tables(workspace: Workspace) -> dict[str, Counter]:
    """Every table as a multiset of rows, each value by its exact text (repr of a double is exact)."""
    result = {}
    for (table,) in workspace.query("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' "
                                    "AND database_name = current_database() AND NOT internal ORDER BY 1"):
        columns = [f'"{c}"' for (c,) in workspace.query(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = $t AND schema_name = 'main' "
            "AND database_name = current_database() ORDER BY column_index", {"t": table}) if c not in WRITTEN]
        result[table] = Counter(repr(row) for row in workspace.query(f'SELECT {", ".join(columns)} FROM "{table}"'))
    return result


def test_two_clean_builds_of_the_same_days_hold_identical_tables(tmp_path):
    source = Workspace(tmp_path / "source")
    rng = random.Random(14)
    source.land("inventory", "export.ndjson", inventory())
    for day in DAYS:
        source.land("player_events", f"{day}.ndjson", sessions(day, rng))
        source.land("usage_events", f"{day}.ndjson", usage(day, rng))
        source.land("access_logs", f"access-{day}.log", access_log(day, rng))

    builds = []
    for _ in range(2):
        # the same folder both times (file paths are stored), the same files and modification times
        workspace = Workspace(tmp_path / "build")
        shutil.rmtree(workspace.root, ignore_errors=True)
        shutil.copytree(source.landing, workspace.landing)
        build(workspace)
        builds.append(tables(workspace))
    first, second = builds
    assert first.keys() == second.keys()
    # the comparison compares something: the video tables have rows on both days, with fractions
    assert sum(first["video_retention"].values()) > 50 and sum(first["daily_video_engagement"].values()) >= 8
    assert sum(first["daily_document_access"].values()) >= 6
    for table in first:
        only_first, only_second = first[table] - second[table], second[table] - first[table]
        assert not only_first and not only_second, (table, list(only_first)[:2], list(only_second)[:2])
