"""Hand-written player sessions for the video tests: one call per event, times in seconds.

A plain module, not a conftest.py (the top-level conftest keeps that module name).
"""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta, timezone

DAY = "2026-11-02"
TEN_AM = datetime(2026, 11, 2, 10, 0, tzinfo=timezone.utc)
DESKTOP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"
IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          "Version/17.4.1 Mobile/15E148 Safari/604.1")
IPAD = ("Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
        "Version/17.4 Mobile/15E148 Safari/604.1")

_ids = itertools.count(1)


class Session:
    """The events of one playback session. `at(type, t, position, ...)` adds an event `t` seconds
    after `start`; fields given to the constructor are repeated on every event."""

    def __init__(self, media_id: str, start: datetime = TEN_AM, **fields):
        self.media_id = media_id
        self.start = start
        self.fields = {"duration": 60.0, **fields}
        self.events: list[dict] = []

    def at(self, event_type: str, t: float, position: float | None = None, **fields) -> Session:
        timestamp = (self.start + timedelta(seconds=t)).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        row = {"event_id": f"{self.media_id}-{next(_ids)}", "media_id": self.media_id, "event_type": event_type,
               "timestamp": timestamp}
        if position is not None:
            row["position"] = position
        row.update(self.fields)
        row.update(fields)
        self.events.append({k: v for k, v in row.items() if v is not None})
        return self

    def seek(self, t: float, from_position: float, to_position: float, **fields) -> Session:
        return self.at("seek", t, to_position, from_position=from_position, to_position=to_position, **fields)


def player_event(event_id: str, event_type: str, **fields) -> dict:
    """One player event with the required fields filled in (for validation tests)."""
    row = {"event_id": event_id, "media_id": "v1", "event_type": event_type, "timestamp": "2026-11-02T10:00:00Z",
           "position": 1.0, "duration": 60.0, "session_id": "s1"}
    row.update(fields)
    return {k: v for k, v in row.items() if v is not None}
