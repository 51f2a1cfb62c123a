"""Days built side by side give the tables days built one after another give (issue 14, outcomes 2
and 3): `media-analytics build FIRST LAST --jobs 2` and `--jobs 1` on the same 3 days of sample
files, every table compared row for row, and the instance shows that runs of different days
overlapped; then worker processes that share nothing but a PostgreSQL catalog, a data folder and a
Dagster instance in PostgreSQL (as two machines would) build days side by side, with the same tables."""

import shutil
from pathlib import Path

import dagster as dg
import pytest

from assets.shared.resources import WarehouseResource
from cli_process import finish, start
from postgres_cluster import postgres  # noqa: F401 - the fixture
from sampledata.generate import generate
from warehouse_tables import tables

FIRST, LAST = "2026-11-01", "2026-11-03"  # 3 days: a first day alone, then two side by side


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("sample")
    # Video sessions cross midnight, files land for every day, malformed rows on purpose.
    generate(root / "landing", root / "media", days=3, end=LAST, seed=5, events_per_day=400,
             player_sessions_per_day=12, access_lines_per_day=400, library_scale=0.01, workers=1)
    return root


def build(sample: Path, home: Path, jobs: int, **env) -> str:
    shutil.copytree(sample, home)
    code, out, err = finish(start("build", FIRST, LAST, "--jobs", str(jobs), home=home,
                                  MEDIA_ROOT=str(home / "media"), PARTITIONS_START=FIRST, **env), timeout=1800)
    assert code == 0, err[-3000:]
    return out


def overlapping_runs(home: Path) -> list[tuple[str, str]]:
    """Pairs of runs of different days that were running at the same moment."""
    with dg.DagsterInstance.from_config(str(home / "dagster")) as instance:
        runs = [(r.dagster_run.tags["dagster/partition"], r.start_time, r.end_time)
                for r in instance.get_run_records()]
    return [(a[0], b[0]) for i, a in enumerate(runs) for b in runs[i + 1:]
            if a[0] != b[0] and a[1] < b[2] and b[1] < a[2]]


@pytest.fixture(scope="module")
def serial(sample, tmp_path_factory) -> tuple[str, dict[str, list[str]], Path]:
    """The 3 days built one after another: the build's output, its tables and its state folder."""
    home = tmp_path_factory.mktemp("one-by-one") / "home"
    out = build(sample, home, jobs=1)
    return out, tables(home), home


def test_days_built_side_by_side_equal_days_built_one_after_another(sample, serial, tmp_path):
    serial, one_by_one, serial_home = serial
    parallel = build(sample, tmp_path / "parallel", jobs=2)
    days = [line.split()[0] for line in parallel.splitlines() if line.strip()]
    assert days == [f"2026-11-0{n}" for n in range(1, 4)]  # one line per day, in day order
    assert all(line.split()[1] == "ok" for line in serial.splitlines() + parallel.splitlines() if line.strip())
    assert overlapping_runs(tmp_path / "parallel"), "no two runs of different days ran at the same time"
    assert not overlapping_runs(serial_home)

    side_by_side = tables(tmp_path / "parallel")
    assert one_by_one.keys() == side_by_side.keys()
    for table in one_by_one:
        assert side_by_side[table] == one_by_one[table], table
    # Nothing staged twice: each landed file's rows once (staged tables compared above, and here).
    assert len(one_by_one["landing_files"]) == len(list((sample / "landing").rglob("*.*")))
    assert one_by_one["raw_usage_events"] and one_by_one["video_watch_segments"]


def test_worker_processes_sharing_a_postgresql_catalog_build_the_tables_of_a_serial_build(
        sample, serial, postgres, tmp_path, monkeypatch):  # noqa: F811
    serial, one_by_one, _ = serial
    postgres.create_database("lake")
    postgres.create_database("dagster")
    instance_url = postgres.url("dagster", scheme="postgresql+psycopg2")
    lake = WarehouseResource(catalog=f"postgres:host={postgres.host} port={postgres.port} dbname=lake "
                                     f"user={postgres.user}", data_path=str(tmp_path / "shared-data"))
    home = tmp_path / "machines"
    parallel = build(sample, home, jobs=2, WAREHOUSE_CATALOG=lake.catalog, WAREHOUSE_DATA_PATH=lake.data_path,
                     DAGSTER_POSTGRES_URL=instance_url)
    assert [line.split()[:2] for line in parallel.splitlines()] == [line.split()[:2] for line in serial.splitlines()]
    assert not (home / "warehouse").exists()  # nothing in the embedded default: all in PostgreSQL + the folder
    assert list((tmp_path / "shared-data").rglob("*.parquet"))
    monkeypatch.setenv("DAGSTER_POSTGRES_URL", instance_url)
    assert overlapping_runs(home), "no two worker processes built days at the same time"
    on_postgres = tables(lake, home)
    assert one_by_one.keys() == on_postgres.keys()
    for table in one_by_one:
        assert on_postgres[table] == one_by_one[table], table
