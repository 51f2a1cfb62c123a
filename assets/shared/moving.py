"""The one-command move of a warehouse made before the lakehouse (one DuckDB file, WAREHOUSE_PATH)
into the lakehouse: `media-analytics import-warehouse [PATH]`.

Every table the two have in common is copied whole — the built days, `email_ledger` (no report is
mailed twice), `privacy_salt` (client ids stay the same), `image_encodings` (nothing is re-encoded),
`landing_files` and the staged rows (no landing file is parsed again) — in one transaction, so the
lakehouse holds either all of it or none. Rows the lakehouse already had in those tables are
replaced. The old file is opened read-only and left as it was.
"""

from __future__ import annotations

from pathlib import Path

from assets.shared.resources import WarehouseResource
from assets.shared.migrations import (
    ACCESS_LOG_DAY_TABLES, DAY_RECORDS, RAW_EVENT_VIEWS, date_staged_access_log, date_staged_events,
    record_access_log_days_built_before, record_days_built_before,
)
from assets.shared.settings import load_settings
from assets.shared.warehouse import _literal, transaction

OLD = "warehouse_before_lakehouse"
NOT_COPIED = {"warehouse_migrations", "warehouse_schema"}  # bookkeeping of the schema itself


def import_duckdb_warehouse(warehouse: WarehouseResource, path: Path) -> dict[str, int]:
    """Copy every table of the DuckDB file at `path` that the lakehouse also has; returns the rows
    copied per table. The old raw event tables and raw_access_log are views here (each event and
    request stored once): their days become records over the staged rows copied with them, dated
    in REPORT_TIMEZONE."""
    with warehouse.connect() as con:
        con.execute(f"ATTACH {_literal(str(Path(path).absolute()))} AS {OLD} (READ_ONLY)")
        try:
            columns = {}
            for database, table, column in con.execute(
                "SELECT database_name, table_name, column_name FROM duckdb_columns() "
                "WHERE database_name IN (current_database(), $old) ORDER BY column_index", {"old": OLD},
            ).fetchall():
                columns.setdefault((database, table), []).append(column)
            current = con.execute("SELECT current_database()").fetchone()[0]
            base_tables = {t for (t,) in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()").fetchall()}
            tables = sorted(t for d, t in columns
                            if d == current and (OLD, t) in columns and t in base_tables and t not in NOT_COPIED)
            copied = {}
            with transaction(con):
                for table in tables:
                    # Names from the two catalogs, not from input; quoted as identifiers all the same.
                    shared = [c for c in columns[(current, table)] if c in columns[(OLD, table)]]
                    names = ", ".join(f'"{c}"' for c in shared)
                    con.execute(f'DELETE FROM "{table}"')
                    copied[table] = con.execute(
                        f'INSERT INTO "{table}" ({names}) SELECT {names} FROM {OLD}.main."{table}"').fetchone()[0]
                # the lakehouse's own days of the views are replaced too
                for table in (*DAY_RECORDS, *ACCESS_LOG_DAY_TABLES):
                    con.execute(f"DELETE FROM {table}")
                tz = load_settings().report_timezone
                date_staged_events(con, tz)
                date_staged_access_log(con, tz)
                old_raw = {view: f"{OLD}.main.{view}" for view in RAW_EVENT_VIEWS if (OLD, view) in columns}
                record_days_built_before(con, old_raw)
                if (OLD, "raw_access_log") in columns:
                    record_access_log_days_built_before(con, f"{OLD}.main.raw_access_log")
                    old_raw["raw_access_log"] = f"{OLD}.main.raw_access_log"
                copied.update({view: con.execute(f"SELECT count(*) FROM {view}").fetchone()[0] for view in old_raw})
        finally:
            con.execute(f"DETACH {OLD}")
    return copied
