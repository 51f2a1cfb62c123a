"""The account of one generator run: what was written where, and how much is broken on purpose."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path


@dataclass(frozen=True)
class GenerationSummary:
    """Counts and places of everything :func:`sampledata.generate` wrote."""

    landing_dir: Path
    media_root: Path
    first_day: date
    last_day: date
    seed: int
    media_items: dict[str, int]
    media_files: int
    media_bytes: int
    landing_files: tuple[Path, ...]
    landing_bytes: int
    rows: dict[str, int]
    defects: dict[str, dict[str, int]]
    stray_files: tuple[Path, ...]

    @property
    def malformed(self) -> dict[str, int]:
        """Deliberately broken records per source (duplicates included)."""
        return {source: sum(kinds.values()) for source, kinds in self.defects.items()}

    def describe(self) -> str:
        """A short human-readable report, as the command prints it."""
        kinds = ", ".join(f"{count} {kind}" for kind, count in self.media_items.items())
        lines = [
            f"Sample data for {self.first_day} … {self.last_day} (seed {self.seed})",
            f"  media root   {self.media_root}: {sum(self.media_items.values())} items ({kinds}), "
            f"{self.media_files} files incl. renditions, {self.media_bytes / 1e6:.1f} MB",
            f"  landing zone {self.landing_dir}: {len(self.landing_files)} files, "
            f"{self.landing_bytes / 1e6:.1f} MB",
        ]
        for source, count in self.rows.items():
            broken = self.malformed.get(source, 0)
            detail = f" ({broken} malformed on purpose)" if broken else ""
            lines.append(f"    {source:<14} {count:>12,} rows{detail}")
        if self.stray_files:
            lines.append(f"  note: {len(self.stray_files)} older files in the landing zone were "
                         f"not written by this run (e.g. {self.stray_files[0]})")
        return "\n".join(lines)
