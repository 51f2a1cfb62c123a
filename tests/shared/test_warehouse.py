"""The one way into the warehouse: a DuckLake lakehouse (SQLite catalog + Parquet files) that a new
state folder gets with no setup, day-partitioned, readable while written."""

import sqlite3
from datetime import date

import duckdb
import pytest

from assets.shared.migrations import LATEST
from assets.shared.resources import WarehouseResource
from assets.shared.sqlfiles import replace_day
from assets.shared.warehouse import Location, WarehouseError, write

D1, D2 = date(2026, 11, 1), date(2026, 11, 2)


def test_a_new_state_folder_gets_a_lakehouse_at_the_latest_schema(tmp_path):
    warehouse = WarehouseResource.in_folder(tmp_path / "warehouse")
    with warehouse.connect() as con:
        assert con.execute("SELECT max(version) FROM warehouse_migrations").fetchone()[0] == LATEST
        tables = {r[0] for r in con.execute(  # tables and views (raw_usage_events: a view over staged rows)
            "SELECT table_name FROM information_schema.tables WHERE table_catalog = current_database()").fetchall()}
    assert {"raw_usage_events", "daily_media_usage", "email_ledger", "privacy_salt", "image_encodings"} <= tables
    assert (tmp_path / "warehouse" / "catalog.sqlite").is_file()
    assert (tmp_path / "warehouse" / "data").is_dir()
    # WAL: a reader's open transaction never blocks a writer's commit
    with sqlite3.connect(tmp_path / "warehouse" / "catalog.sqlite") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        recorded = dict(db.execute("SELECT key, value FROM ducklake_metadata WHERE scope IS NULL").fetchall())
    assert recorded["data_path"] == str(tmp_path / "warehouse" / "data") + "/"


def test_a_read_only_connection_cannot_write(tmp_path):
    warehouse = WarehouseResource.in_folder(tmp_path / "warehouse")
    with warehouse.connect():
        pass
    with warehouse.connect(read_only=True) as con:
        with pytest.raises(duckdb.Error, match="read-only"):
            con.execute("DELETE FROM email_ledger")


def test_reading_a_warehouse_that_does_not_exist_says_so(tmp_path):
    with pytest.raises(WarehouseError, match="no warehouse at .* yet"):
        with WarehouseResource.in_folder(tmp_path / "nothing").connect(read_only=True):
            pass
    assert not (tmp_path / "nothing").exists()


def test_a_memory_limit_duckdb_cannot_read_is_a_clear_error(tmp_path):
    warehouse = WarehouseResource.in_folder(tmp_path / "warehouse", memory_limit="lots")
    with pytest.raises(WarehouseError, match="DUCKDB_MEMORY_LIMIT='lots'"):
        with warehouse.connect():
            pass


@pytest.mark.parametrize("catalog, kind, target", [
    ("/srv/lake/catalog.sqlite", "sqlite", "/srv/lake/catalog.sqlite"),
    ("sqlite:/srv/lake/catalog.sqlite", "sqlite", "/srv/lake/catalog.sqlite"),
    ("postgres:host=db.internal dbname=lake", "postgres", "host=db.internal dbname=lake"),
    ("ducklake:postgres:dbname=lake", "postgres", "dbname=lake"),
])
def test_the_catalog_setting_names_a_sqlite_file_or_a_postgres_database(catalog, kind, target):
    location = Location.parse(catalog, "s3://bucket/media-analytics")
    assert (location.kind, location.target, location.data_path) == (kind, target, "s3://bucket/media-analytics/")


def test_a_day_is_stored_in_files_of_its_own_and_replacing_it_leaves_other_days_files(tmp_path):
    warehouse = WarehouseResource.in_folder(tmp_path / "warehouse")
    insert = ("INSERT INTO daily_storage (day, media_type, files, bytes, original_bytes, rendition_bytes, uploads, "
              "deletions) SELECT $day, 'type' || i, i, i, i, 0, 0, 0 FROM range(20) t(i)")
    with warehouse.connect() as con:
        for day in (D1, D2):  # over the inlining limit: Parquet files
            write(con, [(insert, {"day": day})])
        files = dict(con.execute("SELECT data_file, 1 FROM ducklake_list_files(current_database(), 'daily_storage')").fetchall())
        assert len(files) == 2 and all(("/day=" in f) for f in files)
        d2_files = {f for f in files if "day=2026-11-02" in f}
        write(con, [("DELETE FROM daily_storage WHERE day = $day", {"day": D1}), (insert, {"day": D1})])
        after = {r[0] for r in con.execute(
            "SELECT data_file FROM ducklake_list_files(current_database(), 'daily_storage')").fetchall()}
        assert d2_files <= after  # day 2's file untouched
        assert len(after - d2_files) == 1 and not (after - d2_files) & set(files)  # day 1: a new file
        assert con.execute("SELECT day, count(*) FROM daily_storage GROUP BY day ORDER BY day").fetchall() == [
            (D1, 20), (D2, 20)]


def test_replace_day_writes_the_day_in_one_transaction_a_reader_sees_whole(tmp_path, monkeypatch):
    warehouse = WarehouseResource.in_folder(tmp_path / "warehouse")
    with warehouse.connect() as con:
        write(con, ["INSERT INTO email_ledger VALUES ('2026-11-01', 'a@example.org', now(), 'outbox', 'm1')"])
        reader_saw = []

        def failing_select(name):
            # the replacement's SELECT fails after the DELETE ran inside the transaction
            return "SELECT error('the SELECT failed') AS day"

        monkeypatch.setattr("assets.shared.sqlfiles.load_sql", failing_select)
        with pytest.raises(duckdb.Error):
            replace_day(con, "email_ledger", D1, {})
        with warehouse.connect(read_only=True) as reader:
            reader_saw = reader.execute("SELECT recipient FROM email_ledger").fetchall()
    assert reader_saw == [("a@example.org",)]  # the DELETE was rolled back with the failed INSERT


def test_duckdb_threads_come_from_the_setting_and_build_workers_share_the_cores(tmp_path, monkeypatch):
    from pipelines.build import worker_environment
    from pipelines.resources import build_resources
    from assets.shared.settings import load_settings

    for threads in (1, 3):
        warehouse = build_resources(load_settings({"MEDIA_ANALYTICS_HOME": str(tmp_path / str(threads)),
                                                   "DUCKDB_THREADS": str(threads)}))["warehouse"]
        with warehouse.connect() as con:
            assert con.execute("SELECT current_setting('threads')").fetchone() == (threads,)
    monkeypatch.delenv("DUCKDB_THREADS", raising=False)
    monkeypatch.setattr("os.cpu_count", lambda: 8)
    assert [worker_environment(jobs)["DUCKDB_THREADS"] for jobs in (1, 2, 3, 16)] == ["8", "4", "2", "1"]
    monkeypatch.setenv("DUCKDB_THREADS", "5")
    assert worker_environment(2)["DUCKDB_THREADS"] == "5"
