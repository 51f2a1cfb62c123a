"""The dashboard's Export button: every daily table of a day as CSV and Parquet files.

A table is exported when it has a `day` column and is a result table (not raw_*/staged_*:
those are inputs, kept in the warehouse). Nested columns (lists, structs) are JSON text in the
CSV and keep their types in the Parquet file.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from reports.model import ExportFile

NOT_EXPORTED_PREFIXES = ("raw_", "staged_")
NESTED_TYPE_MARKERS = ("[]", "STRUCT", "MAP", "UNION")


def export_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The tables exported for a day, in name order."""
    tables = con.execute(
        "SELECT DISTINCT table_name FROM duckdb_columns() WHERE column_name = 'day' AND NOT internal "
        "AND database_name = current_database() ORDER BY table_name"
    ).fetchall()
    return [t for (t,) in tables if not t.startswith(NOT_EXPORTED_PREFIXES)]


def write_exports(con: duckdb.DuckDBPyConnection, day: date, folder: Path) -> list[ExportFile]:
    """Write `<folder>/<table>.csv` and `.parquet` with `day`'s rows of every exported table."""
    folder.mkdir(parents=True, exist_ok=True)
    exports = []
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
