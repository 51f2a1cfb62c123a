"""The lakehouse's weekly housekeeping: small files merged, replaced days' files and old snapshots
gone, every table's rows unchanged."""

from datetime import date, datetime, timedelta, timezone

import dagster as dg

from assets.maintenance.assets import older_than, warehouse_maintenance
from assets.shared.warehouse import write
from pipelines.definitions import defs

STORAGE_ROWS = ("INSERT INTO daily_storage (day, media_type, files, bytes, original_bytes, rendition_bytes, "
                "uploads, deletions) SELECT $day, 'type' || i, i, $n, i, 0, 0, 0 FROM range(20) t(i)")
ENCODINGS = ("INSERT INTO image_encodings (sha256, kind, target_width, settings, encoded_bytes, measured_on) "
             "SELECT $batch || '-' || i, 'format', 100, 'webp q80', 1000 + i, DATE '2026-11-01' FROM range(15) t(i)")


def all_rows(con) -> dict[str, list]:
    tables = [r[0] for r in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() ORDER BY 1").fetchall()]
    return {t: sorted(map(repr, con.execute(f"SELECT * FROM {t}").fetchall())) for t in tables}


def parquet_files(workspace) -> set:
    return {p for p in (workspace.warehouse_dir / "data").rglob("*.parquet")}


def test_maintenance_merges_small_files_and_deletes_unneeded_ones_keeping_every_row(workspace):
    with workspace.connect(read_only=False) as con:
        for n in range(3):  # three days, then day 1 replaced twice more
            write(con, [(STORAGE_ROWS, {"day": date(2026, 11, 1) + timedelta(days=n), "n": 0})])
        for n in (1, 2):
            write(con, [("DELETE FROM daily_storage WHERE day = $day", {"day": date(2026, 11, 1)}),
                        (STORAGE_ROWS, {"day": date(2026, 11, 1), "n": n})])
        for batch in "abcd":  # four small appends to an unpartitioned table
            write(con, [(ENCODINGS, {"batch": batch})])
        before = all_rows(con)
    files_before = parquet_files(workspace)
    assert len(files_before) == 3 + 2 + 4

    result = dg.materialize([warehouse_maintenance], resources={"warehouse": workspace.warehouse()},
                            run_config={"ops": {"warehouse_maintenance": {"config": {
                                "keep_snapshots_days": 0, "file_grace_hours": 0}}}})
    facts = {k: v.value for k, v in result.asset_materializations_for_node("warehouse_maintenance")[0].metadata.items()}

    with workspace.connect() as con:
        assert all_rows(con) == before
        listed = con.execute(
            "SELECT count(*) FROM ducklake_list_files(current_database(), 'image_encodings')").fetchone()[0]
    files_after = parquet_files(workspace)
    assert listed == 1  # the four appends merged into one file
    # 3 day files + 1 merged file remain; the 2 replaced files of day 1 and the 4 small ones are gone
    assert len(files_after) == 3 + 1
    assert facts["data_files_before"] == 3 + 4 and facts["data_files_after"] == 3 + 1
    assert facts["files_merged"] == 4 and facts["files_written_by_merge"] == 1
    assert facts["old_files_deleted"] == 2 + 4
    assert facts["snapshots_after"] < facts["snapshots_before"]


def test_maintenance_runs_weekly_as_its_own_job():
    schedule = defs.resolve_schedule_def("warehouse_maintenance_schedule")
    assert schedule.cron_schedule == "0 4 * * 0"
    assert schedule.job_name == "warehouse_maintenance_job"
    daily = defs.resolve_job_def("daily_analytics_job")
    assert "warehouse_maintenance" not in {k.to_user_string() for k in daily.asset_layer.executable_asset_keys}


def test_files_merged_away_stay_for_the_grace_period(workspace):
    """A reader may still be scanning the files a merge replaced: with the default grace (an hour)
    they stay on disk. DuckLake on SQLite compares the cutoff by date and deleted them at once."""
    with workspace.connect(read_only=False) as con:
        for batch in "abcd":
            write(con, [(ENCODINGS, {"batch": batch})])
        before = all_rows(con)
    files_before = parquet_files(workspace)
    result = dg.materialize([warehouse_maintenance], resources={"warehouse": workspace.warehouse()})
    facts = {k: v.value for k, v in result.asset_materializations_for_node("warehouse_maintenance")[0].metadata.items()}
    assert facts["files_merged"] == 4 and facts["data_files_after"] == 1
    assert facts["old_files_deleted"] == 0
    assert files_before < parquet_files(workspace)  # the four merged-away files are still there
    with workspace.connect() as con:
        assert all_rows(con) == before


def test_a_cutoff_is_never_later_than_asked_and_at_most_a_day_earlier():
    now = datetime(2026, 12, 6, 4, 38, tzinfo=timezone.utc)
    assert older_than(now, timedelta(0)) == now
    assert older_than(now, timedelta(hours=1)) == datetime(2026, 12, 5, 23, 59, 59, 999999, tzinfo=timezone.utc)
    assert older_than(now, timedelta(hours=5)) == datetime(2026, 12, 4, 23, 59, 59, 999999, tzinfo=timezone.utc)
    for hours in range(1, 24 * 9):
        cutoff = older_than(now, timedelta(hours=hours))
        assert now - timedelta(hours=hours) - timedelta(days=1) <= cutoff < now - timedelta(hours=hours)
