"""Deliberately broken records, so the pipeline's quarantine has real work to do.

With probability ``share`` a record is damaged in one of the ways real collectors damage them: the
line is cut off (invalid JSON), ``media_id`` is missing, the event type is unknown, the timestamp
cannot be parsed or has no offset, ``bytes`` is negative, or the record is sent twice (an exact
duplicate line, same ``event_id``, a few lines later). Every damaged record is counted by kind.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable

USAGE_DEFECTS = ("invalid_json", "missing_media_id", "unknown_event_type", "bad_timestamp",
                 "timestamp_without_offset", "negative_bytes", "duplicate")
UNKNOWN_USAGE_TYPES = ("hover", "impresion", "scroll", "like", "VIEW_END")
_DUPLICATE_DELAY = (1, 40)


class DefectInjector:
    """Damages a share of records; ``feed`` says what to write now (maybe an earlier duplicate)."""

    def __init__(self, rng: random.Random, share: float, defects: tuple[str, ...] = USAGE_DEFECTS):
        self.rng, self.share, self.defects = rng, share, defects
        self.counts: Counter[str] = Counter()
        self._delayed: list[list] = []

    def feed(self, record: dict, breaker: Callable[[random.Random, dict], str]
             ) -> list[str | dict]:
        """The outputs for ``record``: usually itself, sometimes damaged, plus due duplicates.

        ``breaker(rng, record)`` returns the record as an unreadable line in the sink's format.
        """
        outputs: list[str | dict] = []
        for held in self._delayed:
            held[0] -= 1
        while self._delayed and self._delayed[0][0] <= 0:
            outputs.append(self._delayed.pop(0)[1])
        if self.share <= 0 or self.rng.random() >= self.share:
            outputs.insert(0, record)
            return outputs
        defect = self.rng.choice(self.defects)
        self.counts[defect] += 1
        if defect == "duplicate":
            outputs.insert(0, record)
            self._delayed.append([self.rng.randrange(*_DUPLICATE_DELAY), dict(record)])
            self._delayed.sort(key=lambda held: held[0])
        elif defect == "invalid_json":
            outputs.insert(0, breaker(self.rng, record))
        else:
            outputs.insert(0, damage(self.rng, record, defect))
        return outputs

    def flush(self) -> list[dict]:
        """Duplicates still waiting at the end of the file."""
        held, self._delayed = [record for _, record in self._delayed], []
        return held


def damage(rng: random.Random, record: dict, defect: str) -> dict:
    """A copy of ``record`` with one field broken as ``defect`` says."""
    broken = dict(record)
    if defect == "missing_media_id":
        if rng.random() < 0.5:
            del broken["media_id"]
        else:
            broken["media_id"] = None
    elif defect == "unknown_event_type":
        broken["event_type"] = rng.choice(UNKNOWN_USAGE_TYPES)
    elif defect == "bad_timestamp":
        broken["timestamp"] = unparseable_timestamp(rng, record["timestamp"])
    elif defect == "timestamp_without_offset":
        broken["timestamp"] = without_offset(record["timestamp"])
    elif defect == "negative_bytes":
        broken["bytes"] = -max(1, record.get("bytes") or rng.randrange(1, 50_000))
    else:
        raise ValueError(f"unknown defect {defect!r}")
    return broken


def unparseable_timestamp(rng: random.Random, timestamp: str) -> str:
    """A timestamp no ISO 8601 parser accepts, built from a good one."""
    day, clock = timestamp[:10], timestamp[11:19]
    return rng.choice((
        f"{day}T25:{clock[3:]}Z", f"{day[:8]}32T{clock}Z", "yesterday", "", "0000-00-00T00:00:00Z",
        f"{day}T{clock}+25:00",
    ))


def without_offset(timestamp: str) -> str:
    """The same local clock reading with its offset (``Z`` or ``±hh:mm``) removed."""
    return timestamp[:-1] if timestamp.endswith("Z") else timestamp[:-6]


def cut_line(rng: random.Random, line: str) -> str:
    """A JSON line cut off mid-way or with its quotes mangled: no longer valid JSON."""
    if rng.random() < 0.7:
        return line[: rng.randrange(1, len(line) - 1)]
    return line.replace('"', "'", 4)
