"""Moving a warehouse made before the lakehouse into it: one command, every table and built day.

The fixture `tests/data/warehouse_before_lakehouse.duckdb.gz` was made by the code before the
lakehouse (main at 388f7b1): two sample days built end to end (tests/data/SOURCES.md)."""

import gzip
import os
import shutil
import subprocess
import sys

import duckdb
import pytest

from conftest import DATA, ROOT

KEPT = ("email_ledger", "privacy_salt", "image_encodings", "landing_files", "staged_usage_events")


@pytest.fixture(scope="module")
def old_warehouse(tmp_path_factory):
    path = tmp_path_factory.mktemp("old") / "warehouse.duckdb"
    with gzip.open(DATA / "warehouse_before_lakehouse.duckdb.gz") as source, path.open("wb") as target:
        shutil.copyfileobj(source, target)
    return path


def old_tables(path) -> dict[str, list[str]]:
    with duckdb.connect(str(path), read_only=True) as con:
        columns = {}
        for table, column in con.execute(
                "SELECT table_name, column_name FROM duckdb_columns() WHERE database_name = current_database() "
                "ORDER BY table_name, column_index").fetchall():
            columns.setdefault(table, []).append(column)
        return columns


def test_one_command_moves_every_table_and_day_row_for_row(old_warehouse, tmp_path):
    home = tmp_path / "home"
    done = subprocess.run([sys.executable, "-m", "pipelines.cli", "import-warehouse", str(old_warehouse)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "MEDIA_ANALYTICS_HOME": str(home)})
    assert done.returncode == 0, done.stderr
    tables = old_tables(old_warehouse)
    assert set(KEPT) <= set(tables)
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")  # as every warehouse session
    con.execute(f"ATTACH '{old_warehouse}' AS old (READ_ONLY)")
    from conftest import Workspace
    with Workspace(home).connect() as lake:
        days = lake.execute("SELECT DISTINCT day FROM daily_media_usage ORDER BY day").fetchall()
        assert [str(d[0]) for d in days] == ["2026-11-01", "2026-11-02"]
        for table, columns in tables.items():
            if table == "warehouse_schema":  # the old layout's schema fingerprint: migrations replace it
                continue
            names = ", ".join(f'"{c}"' for c in columns)
            moved = lake.execute(f"SELECT {names} FROM {table}").fetchall()
            before = con.execute(f"SELECT {names} FROM old.{table}").fetchall()
            # EXCEPT ALL both ways, done as multisets: the same rows, as often
            assert sorted(map(repr, moved)) == sorted(map(repr, before)), table
        assert lake.execute("SELECT count(*) FROM email_ledger").fetchone()[0] > 0
        assert lake.execute("SELECT count(*) FROM image_encodings").fetchone()[0] > 0
        assert lake.execute("SELECT count(*) FROM privacy_salt").fetchone()[0] == 1
    assert "email_ledger" in done.stdout


def test_a_missing_old_file_is_a_one_line_error(tmp_path):
    done = subprocess.run([sys.executable, "-m", "pipelines.cli", "import-warehouse", str(tmp_path / "nope.duckdb")],
                          cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "MEDIA_ANALYTICS_HOME": str(tmp_path)})
    assert done.returncode == 1
    assert done.stderr.strip().startswith("error: no warehouse file at") and "Traceback" not in done.stderr
