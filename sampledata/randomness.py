"""Seeded random streams: one independent, reproducible stream per purpose.

Every part of the generator asks for its own stream, named by what it is for (``"usage", day``), so
that the output does not depend on the order in which parts run or on how they are spread over
worker processes. Streams are seeded with a string, which :class:`random.Random` hashes with
SHA-512: the same name gives the same numbers in every process and on every run, independent of
``PYTHONHASHSEED``.
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Sequence


def stream(seed: int, *purpose: object) -> random.Random:
    """A random stream for ``purpose`` (any values with a stable ``str``) under the run's seed."""
    return random.Random(":".join([str(seed), *(str(part) for part in purpose)]))


def uuid4(rng: random.Random) -> str:
    """A version-4 UUID string drawn from ``rng`` instead of the operating system.

    Same text as ``str(uuid.UUID(int=rng.getrandbits(128), version=4))``, several times faster.
    """
    number = rng.getrandbits(128) & _UUID_CLEAR | _UUID_SET
    digits = f"{number:032x}"
    return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"


_UUID_CLEAR = ~((0xF000 << 64) | (0xC000 << 48))  # version nibble and variant bits
_UUID_SET = (4 << 76) | (0x8000 << 48)


def hex_id(rng: random.Random, digits: int = 16) -> str:
    """A lowercase hexadecimal identifier of ``digits`` characters."""
    return f"{rng.getrandbits(4 * digits):0{digits}x}"


class WeightedChoice:
    """Draws from a fixed list of options with fixed weights in O(log n) per draw."""

    def __init__(self, options: Sequence, weights: Sequence[float]):
        if len(options) != len(weights) or not options:
            raise ValueError("WeightedChoice needs one positive weight per option")
        self.options = list(options)
        self.cumulative = list(itertools.accumulate(weights))
        self.total = self.cumulative[-1]
        if self.total <= 0:
            raise ValueError("WeightedChoice needs a positive total weight")

    def draw(self, rng: random.Random):
        """One option, chosen with probability proportional to its weight."""
        index = bisect.bisect_right(self.cumulative, rng.random() * self.total)
        return self.options[min(index, len(self.options) - 1)]


def weighted(pairs: Sequence[tuple[object, float]]) -> WeightedChoice:
    """A :class:`WeightedChoice` from ``(option, weight)`` pairs, as the tables are written."""
    return WeightedChoice([option for option, _ in pairs], [weight for _, weight in pairs])
