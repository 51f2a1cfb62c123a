"""The lakehouse's weekly housekeeping, run by `warehouse_maintenance_job` on
`warehouse_maintenance_schedule` (or launched from the UI)."""


from datetime import datetime, time, timedelta, timezone

import dagster as dg
import duckdb

from assets.shared.checks import WAREHOUSE_POOL
from assets.shared.resources import WarehouseResource
from assets.shared.warehouse import writer_lock

# Snapshots younger than this stay (time travel, and any reader still on one); files that were
# dropped or written less than this ago are not deleted (a reader may still be scanning them, a
# writer on another machine may not have committed yet).
KEEP_SNAPSHOTS_DAYS = 7
FILE_GRACE_HOURS = 1


class MaintenanceConfig(dg.Config):
    keep_snapshots_days: int = KEEP_SNAPSHOTS_DAYS
    file_grace_hours: int = FILE_GRACE_HOURS


def older_than(now: datetime, age: timedelta) -> datetime:
    """The `older_than` to give DuckLake for what is at least `age` old. On a SQLite catalog
    DuckLake (1.5.5) compares these times by date: whatever was scheduled or taken on the cutoff's
    own day counts as older, however recent (files merged away a second before were deleted with a
    one-hour grace). So a positive age is rounded down to the end of the day before the cutoff:
    nothing younger than `age` goes, and what is a little older may wait for the next run."""
    if age <= timedelta(0):
        return now
    return datetime.combine((now - age).date(), time.min, tzinfo=timezone.utc) - timedelta(microseconds=1)


def data_files(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """Data files the current snapshot reads (count, bytes), from the catalog."""
    files = bytes_ = 0
    for (table,) in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()"
    ).fetchall():
        count, size = con.execute(
            "SELECT count(*), coalesce(sum(data_file_size_bytes), 0) FROM ducklake_list_files(current_database(), $t)",
            {"t": table},
        ).fetchone()
        files, bytes_ = files + count, bytes_ + size
    return files, bytes_


@dg.asset(group_name="maintenance", kinds={"duckdb"}, pool=WAREHOUSE_POOL)
def warehouse_maintenance(context: dg.AssetExecutionContext, config: MaintenanceConfig,
                          warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Not a table: the lakehouse's housekeeping. Each replaced day leaves its old Parquet files
    and a snapshot behind, and each small write a small file. This merges adjacent small files of a
    table (within a day's partition), expires snapshots older than `keep_snapshots_days`, and
    deletes the files no remaining snapshot reads and the files no snapshot ever recorded (a
    killed build's) once they are `file_grace_hours` old. Counts before and after as metadata."""
    with warehouse.connect() as con:
        files_before, bytes_before = data_files(con)
        snapshots_before = con.execute("SELECT count(*) FROM ducklake_snapshots(current_database())").fetchone()[0]
        now = datetime.now(timezone.utc)
        snapshots = {"cutoff": older_than(now, timedelta(days=config.keep_snapshots_days))}
        grace = {"cutoff": older_than(now, timedelta(hours=config.file_grace_hours))}
        with writer_lock(con).held():  # no write of this machine is half-way while files go
            merged = con.execute("CALL ducklake_merge_adjacent_files(current_database())").fetchall()
            expired = con.execute(
                "CALL ducklake_expire_snapshots(current_database(), older_than => $cutoff)", snapshots,
            ).fetchall()
            cleaned = con.execute(
                "CALL ducklake_cleanup_old_files(current_database(), older_than => $cutoff)", grace,
            ).fetchall()
            orphans = con.execute(
                "CALL ducklake_delete_orphaned_files(current_database(), older_than => $cutoff)", grace,
            ).fetchall()
        files_after, bytes_after = data_files(con)
        snapshots_after = con.execute("SELECT count(*) FROM ducklake_snapshots(current_database())").fetchone()[0]
    context.log.info(f"{files_before} -> {files_after} data files, {snapshots_before} -> {snapshots_after} snapshots")
    return dg.MaterializeResult(metadata={
        "data_files_before": files_before, "data_files_after": files_after,
        "data_bytes_before": dg.MetadataValue.int(int(bytes_before)),
        "data_bytes_after": dg.MetadataValue.int(int(bytes_after)),
        "files_merged": int(sum(row[2] for row in merged)), "files_written_by_merge": int(sum(row[3] for row in merged)),
        "snapshots_before": snapshots_before, "snapshots_after": snapshots_after,
        "snapshots_expired": len(expired), "old_files_deleted": len(cleaned), "orphaned_files_deleted": len(orphans),
    })
