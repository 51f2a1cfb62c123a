"""When traffic happens and to which media: the daily curve, daily volumes and the popularity
picker.

Traffic follows a European audience's day (quiet at night, peaks late morning and evening, UTC), is
lower at weekends, and goes to media in proportion to their Zipf-like popularity, boosted for a
couple of weeks after upload. Only media that exist at the moment of a request are picked (uploaded
and not yet deleted) unless a caller asks for recently deleted ones too (bots and hot-linkers still
ask). :func:`timed_stream` turns a per-day volume into events in timestamp order while holding only
a few minutes of them in memory.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import math
import random
from collections.abc import Callable, Iterator
from datetime import date

from sampledata.model import MediaItem
from sampledata.randomness import stream

# Relative traffic per UTC hour, 00:00 to 23:00.
HOURLY_CURVE = (0.25, 0.15, 0.10, 0.08, 0.08, 0.12, 0.30, 0.60, 0.90, 1.10, 1.20, 1.25,
                1.30, 1.25, 1.20, 1.15, 1.10, 1.05, 1.10, 1.20, 1.25, 1.00, 0.70, 0.40)
# Monday … Sunday, averaging 1 so that a configured daily volume is the mean over a week.
WEEKDAY_FACTOR = tuple(factor * 7 / 6.5 for factor in (1.0, 1.02, 1.0, 0.98, 0.95, 0.8, 0.75))
RECENT_UPLOAD_BOOST = 4.0
RECENT_UPLOAD_DAYS = 5.0
MINUTES_PER_DAY = 1440


def _minute_weights() -> list[float]:
    weights = []
    for minute in range(MINUTES_PER_DAY):
        hour, fraction = divmod(minute / 60, 1)
        here, there = HOURLY_CURVE[int(hour)], HOURLY_CURVE[(int(hour) + 1) % 24]
        weights.append(here + (there - here) * fraction)
    total = sum(weights)
    return [weight / total for weight in weights]


MINUTE_SHARES = _minute_weights()


def day_volume(seed: int, source: str, day: date, per_day: int) -> int:
    """How many units ``source`` has on ``day``: the configured rate, the weekday and some noise."""
    rng = stream(seed, source, "volume", day.isoformat())
    return round(per_day * WEEKDAY_FACTOR[day.weekday()] * rng.uniform(0.93, 1.07))


def timed_stream(rng: random.Random, start: float, volume: int,
                 make_group: Callable[[random.Random, float], list[tuple[float, object]]],
                 count_groups: bool = False) -> Iterator[tuple[float, object]]:
    """``(timestamp, payload)`` pairs for one day starting at ``start``, in timestamp order.

    ``make_group(rng, t)`` returns what one visit or session starting at ``t`` produces (every
    timestamp ≥ ``t``). Visits start through the day along the daily curve until ``volume`` is
    reached, counted in payloads, or in groups when ``count_groups`` is set.
    """
    pending: list[tuple[float, int, object]] = []
    sequence = itertools.count()
    produced, wanted = 0, 0.0
    for minute, share in enumerate(MINUTE_SHARES):
        minute_start = start + minute * 60
        while pending and pending[0][0] < minute_start:
            moment, _, payload = heapq.heappop(pending)
            yield moment, payload
        wanted += share * volume
        while produced < round(wanted):
            group = make_group(rng, minute_start + rng.random() * 60)
            for moment, payload in group:
                heapq.heappush(pending, (moment, next(sequence), payload))
            produced += 1 if count_groups else max(1, len(group))
    while pending:
        moment, _, payload = heapq.heappop(pending)
        yield moment, payload


class MediaPicker:
    """Draws media for one day by weight (``popularity``, ``hotlink_weight`` or their sum)."""

    def __init__(self, items: list[MediaItem], start: float, end: float,
                 weight: Callable[[MediaItem], float], kinds: tuple[str, ...] | None = None,
                 deleted_grace: float = 0.0):
        self.items, weights = [], []
        for item in items:
            base = weight(item)
            if base <= 0 or item.created_at >= end or (kinds and item.kind not in kinds):
                continue
            if item.deleted_at is not None and item.deleted_at <= start - deleted_grace:
                continue
            age_days = max(0.0, (start - item.created_at) / 86_400)
            boost = 1 + RECENT_UPLOAD_BOOST * math.exp(-age_days / RECENT_UPLOAD_DAYS)
            self.items.append(item)
            weights.append(base * boost)
        self.cumulative = list(itertools.accumulate(weights))

    def __bool__(self) -> bool:
        return bool(self.items)

    def pick(self, rng: random.Random, moment: float, live_only: bool = True) -> MediaItem | None:
        """A media item by weight that exists at ``moment`` (a few tries), or ``None``."""
        if not self.items:
            return None
        for _ in range(8):
            index = bisect.bisect_right(self.cumulative, rng.random() * self.cumulative[-1])
            item = self.items[min(index, len(self.items) - 1)]
            if item.created_at <= moment and (not live_only or item.is_live(moment)):
                return item
        return None
