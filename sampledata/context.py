"""Everything a per-day writer needs, in one picklable record handed to worker processes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sampledata.model import MediaItem


@dataclass(frozen=True)
class RunContext:
    """The finished library and the run's settings."""

    items: tuple[MediaItem, ...]
    landing_dir: Path
    seed: int
    first_day: date
    last_day: date
    events_per_day: int
    player_sessions_per_day: int
    access_lines_per_day: int
    malformed_share: float

    @property
    def signed_in_users(self) -> int:
        """Size of the signed-in user base, in proportion to traffic."""
        return max(50, self.events_per_day // 20)


@dataclass(frozen=True)
class DayResult:
    """What one source wrote for one day: files with their row counts, records and defects."""

    source: str
    day: date
    files: tuple[tuple[Path, int], ...]
    records: int
    defects: tuple[tuple[str, int], ...]
