"""The persistent Dagster instance under the state folder, so runs show in the UI.

Its settings are the repository's `dagster.yaml` — the file plain `dg dev` reads when started in the
repository — copied into the instance folder, so the CLI, `media-analytics ui` and plain `dg dev`
run with the same run queue, pools and run monitoring.
"""

from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path

import dagster as dg

SHIPPED = Path(__file__).resolve().parent.parent / "dagster.yaml"
OURS = "# Written by media-analytics"  # also the first words of files older versions wrote
HEADER = "# Written by media-analytics from the repository's dagster.yaml: edit that file instead.\n"


# Dagster's runs, events and schedules in PostgreSQL instead of SQLite files under the instance
# folder: what several machines need to share one instance (dagster-postgres). Read when the CLI
# starts; the URL itself stays in the environment, never in the file.
POSTGRES_URL = "DAGSTER_POSTGRES_URL"
POSTGRES_STORAGE = f"""
storage:
  postgres:
    postgres_url:
      env: {POSTGRES_URL}
"""


def instance_config() -> str:
    storage = POSTGRES_STORAGE if os.environ.get(POSTGRES_URL) else ""
    return HEADER + SHIPPED.read_text() + storage


def ensure_dagster_home(path: Path) -> Path:
    """Create `path` with the shipped settings and return it as an absolute path. A dagster.yaml that
    media-analytics wrote is brought up to date; one written by hand (without our first line) is kept."""
    path = path.absolute()
    path.mkdir(parents=True, exist_ok=True)
    with _locked(path):
        config = path / "dagster.yaml"
        wanted = instance_config()
        if not config.exists() or (config.read_text() != wanted and config.read_text().startswith(OURS)):
            partial = config.with_name(".dagster.yaml.partial")
            partial.write_text(wanted)
            partial.replace(config)
    return path


def open_instance(path: Path) -> dg.DagsterInstance:
    """The instance in `path`, created by one process at a time: two builds started at once on a fresh
    state folder would otherwise both create its SQLite tables ("table runs already exists")."""
    path = ensure_dagster_home(path)
    with _locked(path):
        return dg.DagsterInstance.from_config(str(path))


@contextmanager
def _locked(path: Path):
    with (path / ".instance.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
