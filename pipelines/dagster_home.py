"""The persistent Dagster instance under the state folder, so runs show in the UI."""

from __future__ import annotations

from pathlib import Path

DAGSTER_YAML = """\
# Written by media-analytics. Runs and their events are kept here so the UI shows every run.
telemetry:
  enabled: false
# DuckDB has one writer at a time: queued runs (a backfill) start one after another, and every
# asset that writes the warehouse is in the duckdb_warehouse pool, limited to one step at a time.
concurrency:
  runs:
    max_concurrent_runs: 1
  pools:
    default_limit: 1
"""


def ensure_dagster_home(path: Path) -> Path:
    """Create `path` with the shipped dagster.yaml if it has none; return it as an absolute path."""
    path = path.absolute()
    path.mkdir(parents=True, exist_ok=True)
    config = path / "dagster.yaml"
    if not config.exists():
        config.write_text(DAGSTER_YAML)
    return path
