"""The generator's entry point: plan the library, write the files, then every day's landing files.

Days are independent (each draws from its own named random streams), so they run on worker processes
in any order and the output is byte-identical whatever the number of workers. The one day with a
Parquet file is written by the main process, which keeps Polars out of forked workers.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from sampledata.access_files import write_access_day
from sampledata.context import DayResult, RunContext
from sampledata.inventory import write_inventory
from sampledata.library import plan_library
from sampledata.media_files import write_media_files
from sampledata.parallel import default_workers, run_all
from sampledata.player_files import write_player_day
from sampledata.summary import GenerationSummary
from sampledata.timestamps import SECONDS_PER_DAY, day_start, days_between
from sampledata.usage_files import parquet_day, write_usage_day

LANDING_SOURCES = ("inventory", "usage_events", "player_events", "access_logs")
# Heaviest first, so that the worker processes finish together.
_WRITERS = {"access_logs": write_access_day, "usage_events": write_usage_day,
            "player_events": write_player_day}
_context: RunContext | None = None  # set once per worker process by _share_context


def generate(landing_dir: Path | str, media_root: Path | str, *, days: int = 30,
             end: date | str | None = None, seed: int = 42, events_per_day: int = 20_000,
             player_sessions_per_day: int = 600, access_lines_per_day: int = 30_000,
             malformed_share: float = 0.01, library_scale: float = 1.0,
             workers: int | None = None) -> GenerationSummary:
    """Write a sample media library under ``media_root`` and ``days`` days of landing files ending
    on ``end`` (default: yesterday, UTC) under ``landing_dir``; return what was written.

    The same arguments always give byte-identical output (``workers`` does not matter).
    """
    landing_dir, media_root = Path(landing_dir), Path(media_root)
    last_day = _resolve_end(end)
    _check(days, events_per_day, player_sessions_per_day, access_lines_per_day, malformed_share,
           library_scale)
    first_day = last_day - timedelta(days=days - 1)
    workers = workers or default_workers()
    window_end = day_start(last_day) + SECONDS_PER_DAY
    items = plan_library(seed, day_start(first_day), window_end, library_scale)
    items = write_media_files(items, media_root, seed, workers)
    inventory_path, inventory_rows = write_inventory(items, landing_dir)
    context = RunContext(tuple(items), landing_dir, seed, first_day, last_day, events_per_day,
                         player_sessions_per_day, access_lines_per_day, malformed_share)
    tasks = [(source, day) for source in _WRITERS for day in days_between(first_day, last_day)]
    in_main = ("usage_events", parquet_day(context))  # Polars stays out of worker processes
    tasks.remove(in_main)
    results: list[DayResult] = run_all(_write_day, tasks, workers, _share_context, (context,),
                                       in_this_process=[in_main])
    return _summarise(context, media_root, items, inventory_path, inventory_rows, results)


def _share_context(context: RunContext) -> None:
    global _context
    _context = context


def _write_day(task: tuple[str, date]) -> DayResult:
    source, day = task
    return _WRITERS[source](_context, day)


def _resolve_end(end: date | str | None) -> date:
    if end is None:
        return datetime.now(timezone.utc).date() - timedelta(days=1)
    return date.fromisoformat(end) if isinstance(end, str) else end


def _check(days, events_per_day, player_sessions_per_day, access_lines_per_day, malformed_share,
           library_scale) -> None:
    if days < 1:
        raise ValueError("days must be at least 1")
    if min(events_per_day, player_sessions_per_day, access_lines_per_day) < 0:
        raise ValueError("volumes per day cannot be negative")
    if not 0 <= malformed_share <= 0.5:
        raise ValueError("malformed_share must be between 0 and 0.5")
    if library_scale <= 0:
        raise ValueError("library_scale must be positive")


def _summarise(context, media_root, items, inventory_path, inventory_rows, results
               ) -> GenerationSummary:
    rows: Counter[str] = Counter({"inventory": inventory_rows})
    defects: dict[str, Counter[str]] = {}
    written = [inventory_path]
    for result in results:
        rows[result.source] += result.records
        defects.setdefault(result.source, Counter()).update(dict(result.defects))
        written.extend(path for path, _ in result.files)
    kinds = Counter(item.kind for item in items)
    return GenerationSummary(
        landing_dir=context.landing_dir, media_root=media_root, first_day=context.first_day,
        last_day=context.last_day, seed=context.seed,
        media_items={kind: kinds[kind] for kind in ("image", "video", "document", "audio")},
        media_files=sum(1 + len(item.renditions) for item in items),
        media_bytes=sum(item.size + sum(r.size for r in item.renditions) for item in items),
        landing_files=tuple(sorted(written)),
        landing_bytes=sum(path.stat().st_size for path in written),
        rows={source: rows[source] for source in LANDING_SOURCES},
        defects={source: dict(sorted(counts.items()))
                 for source, counts in sorted(defects.items())},
        stray_files=_stray_files(context.landing_dir, set(written)),
    )


def _stray_files(landing_dir: Path, written: set[Path]) -> tuple[Path, ...]:
    """Files in the landing folders this run did not write (left over from an earlier run)."""
    stray = []
    for source in LANDING_SOURCES:
        folder = landing_dir / source
        if folder.is_dir():
            stray.extend(path for path in folder.rglob("*")
                         if path.is_file() and path not in written)
    return tuple(sorted(stray))
