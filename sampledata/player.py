"""Video and audio player sessions, simulated second by second of the viewer's time.

A session loads the player, starts after a startup delay that depends on the device, then plays
until the viewer's patience runs out or the media ends. Along the way viewers pause and resume, seek
forward and back (a seek is followed by a ``play`` at the new position once playback resumes), stall
while buffering (the position stands still between ``buffer_start`` and ``buffer_end``), switch
quality, and sometimes the player sends a second ``play`` while already playing. Sessions end with
``ended`` (about 45 % reach the end), a ``stop``, or nothing at all when the tab is closed. A few
fail with ``error``.

Between two events the position advances by exactly the wall-clock time spent playing, and never
passes the media's real ``duration``.
"""

from __future__ import annotations

import random

from sampledata.model import MediaItem
from sampledata.randomness import uuid4, weighted
from sampledata.timestamps import iso
from sampledata.visitors import Visitor

QUALITIES = ("240p", "360p", "480p", "720p", "1080p")
_START_QUALITY = {"desktop": "720p", "tablet": "720p", "mobile": "480p", "bot": "360p"}
_ACTIONS = weighted([("pause", 30), ("seek", 25), ("buffer", 18), ("quality", 10),
                     ("repeat_play", 5), ("none", 12)])
WATCH_TO_END_SHARE = 0.45


class _Session:
    """The player's state while one session is simulated."""

    def __init__(self, rng: random.Random, item: MediaItem, visitor: Visitor, start: float):
        self.rng, self.item, self.visitor = rng, item, visitor
        self.now, self.position = start, 0.0
        self.quality = None if item.kind == "audio" else _START_QUALITY[visitor.device]
        self.events: list[tuple[float, dict]] = []

    def emit(self, event_type: str, **seek: float) -> None:
        record = {"event_id": uuid4(self.rng), "media_id": self.item.id, "event_type": event_type,
                  "timestamp": iso(self.now, self.visitor.offset_minutes),
                  "position": round(self.position, 3)}
        record.update({key: round(value, 3) for key, value in seek.items()})
        record["duration"] = self.item.duration
        if self.visitor.user_id is not None:
            record["user_id"] = self.visitor.user_id
        record["session_id"] = self.visitor.session_id
        if self.quality is not None:
            record["quality"] = self.quality
        record.update(user_agent=self.visitor.user_agent, country=self.visitor.country)
        self.events.append((self.now, record))

    def play_for(self, seconds: float) -> None:
        self.now += seconds
        self.position = min(self.item.duration, self.position + seconds)


def session_events(rng: random.Random, item: MediaItem, visitor: Visitor, start: float
                   ) -> list[tuple[float, dict]]:
    """All events of one viewer's session with ``item``, starting at ``start``."""
    session = _Session(rng, item, visitor, start)
    duration = item.duration
    session.emit("load")
    if rng.random() < 0.03:
        session.now += rng.uniform(0.5, 8)
        session.emit("error")
        return session.events
    if rng.random() < 0.07:  # loaded, never played
        return session.events
    session.now += rng.uniform(0.5, 4.0) if visitor.device == "mobile" else rng.uniform(0.2, 1.5)
    if rng.random() < 0.05:  # resumes where this viewer stopped last time
        session.position = rng.uniform(0, duration * 0.7)
    session.emit("play")
    watches_to_end = rng.random() < WATCH_TO_END_SHARE
    patience = float("inf") if watches_to_end else rng.uniform(0.05, 1.0) * duration
    watched = 0.0
    while True:
        step = min(rng.expovariate(1 / max(1.5, duration / 4)), patience - watched)
        if session.position + step >= duration:
            session.play_for(duration - session.position)
            session.emit("ended")
            if rng.random() < 0.06:  # replays from the start
                session.now += rng.uniform(1, 5)
                session.position = 0.0
                session.emit("play")
                patience, watched = rng.uniform(0.1, 1.0) * duration, 0.0
                continue
            return session.events
        session.play_for(step)
        watched += step
        if watched >= patience:
            if rng.random() < 0.5:
                session.emit("stop")
            return session.events  # otherwise the tab was closed: no closing event
        if not _act(rng, session):
            return session.events


def _act(rng: random.Random, session: _Session) -> bool:
    """One viewer or player action while playing; ``False`` when the viewer leaves during it."""
    action, duration = _ACTIONS.draw(rng), session.item.duration
    if action == "pause":
        session.emit("pause")
        if rng.random() < 0.15:
            return False
        session.now += rng.uniform(2, 60)
        session.emit("play")
    elif action == "seek":
        start = session.position
        if rng.random() < 0.65:
            target = min(duration - 0.5, start + rng.uniform(1, max(1.5, duration * 0.4)))
        else:
            target = max(0.0, start - rng.uniform(1, 20))
        target = max(0.0, target)
        session.position = target
        session.emit("seek", from_position=start, to_position=target)
        session.now += rng.uniform(0.1, 1.2)
        session.emit("play")
    elif action == "buffer":
        session.emit("buffer_start")
        session.now += rng.uniform(0.3, 5.0)
        session.emit("buffer_end")
    elif action == "quality" and session.quality is not None:
        index = QUALITIES.index(session.quality) + rng.choice((-1, 1))
        session.quality = QUALITIES[max(0, min(len(QUALITIES) - 1, index))]
        session.emit("quality_change")
    elif action == "repeat_play":
        session.emit("play")
    return True
