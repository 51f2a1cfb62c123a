"""Writes one day of player events: ``player_events/YYYY-MM-DD.ndjson.gz``, in timestamp order.

Sessions start through the day along the daily curve, on video and audio items picked by popularity.
A share of events (``--malformed-share``) is damaged the way broken players damage them: a negative
``position``, an unknown ``event_type``, or a ``seek`` without ``from_position``/``to_position``.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date

from sampledata import player
from sampledata.context import DayResult, RunContext
from sampledata.randomness import stream
from sampledata.sinks import NdjsonSink
from sampledata.timestamps import SECONDS_PER_DAY, day_start
from sampledata.traffic import MediaPicker, day_volume, timed_stream
from sampledata.visitors import new_visitor

UNKNOWN_PLAYER_TYPES = ("fullscreen", "volumechange", "playing", "progress")


def write_player_day(context: RunContext, day: date) -> DayResult:
    """Write ``day``'s player events; return what was written."""
    start = day_start(day)
    picker = MediaPicker(list(context.items), start, start + SECONDS_PER_DAY,
                         lambda item: item.popularity, kinds=("video", "audio"))
    users = context.signed_in_users

    def make_session(rng: random.Random, moment: float) -> list[tuple[float, dict]]:
        item = picker.pick(rng, moment)
        if item is None or not item.published_locations:
            return []
        return player.session_events(rng, item, new_visitor(rng, users, bot_share=0.0), moment)

    sink = NdjsonSink(context.landing_dir / "player_events" / f"{day.isoformat()}.ndjson.gz")
    defect_rng = stream(context.seed, "player-defects", day.isoformat())
    counts: Counter[str] = Counter()
    volume = day_volume(context.seed, "player", day, context.player_sessions_per_day)
    sessions = timed_stream(stream(context.seed, "player", day.isoformat()), start, volume,
                            make_session, count_groups=True)
    for _, record in sessions:
        if context.malformed_share > 0 and defect_rng.random() < context.malformed_share:
            record = _damage(defect_rng, record, counts)
        sink.write(record)
    sink.close()
    return DayResult("player_events", day, ((sink.path, sink.rows),), sink.rows,
                     tuple(sorted(counts.items())))


def _damage(rng: random.Random, record: dict, counts: Counter) -> dict:
    defects = ["negative_position", "unknown_event_type"]
    if record["event_type"] == "seek":
        defects.append("seek_without_positions")
    defect = rng.choice(defects)
    counts[defect] += 1
    broken = dict(record)
    if defect == "negative_position":
        broken["position"] = -round(rng.uniform(0.5, 30), 3)
    elif defect == "unknown_event_type":
        broken["event_type"] = rng.choice(UNKNOWN_PLAYER_TYPES)
    else:
        del broken["from_position"], broken["to_position"]
    return broken
