"""The dashboard's Export button: the day's analytic tables as CSV and Parquet files.

The exports sit in the report folder, which is published: only the tables a reader of the report
should see are written, named in EXPORTED_TABLES (an allow-list, so that a new table is private until
someone decides otherwise). Left out on purpose: inputs and bookkeeping (raw_*, staged_*,
media_inventory, media_file_facts, landing_files), the quarantine (rejected_rows: raw input lines),
the email ledger (recipients' addresses), per-viewer tables (video_views, video_watch_segments,
video_session_events: user and session ids) and unmatched_requests (request paths as clients sent
them). Nested columns (lists, structs) are JSON text in the CSV and keep their types in the Parquet
file.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from reports.model import ExportFile

EXPORTED_TABLES = (
    "daily_delivery_totals", "daily_document_access", "daily_media_delivery", "daily_media_usage",
    "daily_storage", "daily_video_engagement", "document_searchability", "image_optimization_opportunities",
    "media_duplicates", "unused_media", "video_optimization_opportunities", "video_retention",
)
NESTED_TYPE_MARKERS = ("[]", "STRUCT", "MAP", "UNION")


def export_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The tables exported for a day that the warehouse has, in name order."""
    tables = con.execute(
        "SELECT DISTINCT table_name FROM duckdb_columns() WHERE column_name = 'day' AND NOT internal "
        "AND database_name = current_database() AND list_contains($allowed, table_name) ORDER BY table_name",
        {"allowed": list(EXPORTED_TABLES)},
    ).fetchall()
    return [t for (t,) in tables]


def write_exports(con: duckdb.DuckDBPyConnection, day: date, folder: Path) -> list[ExportFile]:
    """Write `<folder>/<table>.csv` and `.parquet` with `day`'s rows of every exported table; any
    other file there (written by an earlier version, or a table no longer exported) is removed."""
    folder.mkdir(parents=True, exist_ok=True)
    exports = []
    written = {f"{table}.{suffix}" for table in export_tables(con) for suffix in ("csv", "parquet")}
    for stale in folder.iterdir():
        if stale.is_file() and stale.name not in written:
            stale.unlink()
    for table in export_tables(con):
        columns = con.execute(
            "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = $t "
            "AND database_name = current_database() ORDER BY column_index",
            {"t": table},
        ).fetchall()
        as_text = ", ".join(
            f'CAST(to_json("{name}") AS VARCHAR) AS "{name}"' if any(m in kind for m in NESTED_TYPE_MARKERS)
            else f'"{name}"'
            for name, kind in columns
        )
        rows = con.execute(f"SELECT * FROM {table} WHERE day = $day", {"day": day}).pl()
        rows.write_parquet(folder / f"{table}.parquet")
        con.execute(f"SELECT {as_text} FROM {table} WHERE day = $day", {"day": day}).pl().write_csv(
            folder / f"{table}.csv")
        exports.append(ExportFile(table=table, rows=rows.height, csv=f"{folder.name}/{table}.csv",
                                  parquet=f"{folder.name}/{table}.parquet"))
    return exports
