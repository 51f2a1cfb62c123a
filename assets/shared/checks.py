"""Metadata and check results every asset records: row counts, a preview, key uniqueness."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import dagster as dg
import duckdb

from assets.shared.sqlfiles import run_sql

# Every asset that writes the DuckDB file runs in this pool; the pool's limit (1 in the shipped
# dagster.yaml) keeps two runs of a backfill from writing at the same time.
WAREHOUSE_POOL = "duckdb_warehouse"
# The tag Dagster gives every run of one partition: a day's runs, whichever job or launch made them.
PARTITION_TAG = "dagster/partition"


def partition_day(context: dg.AssetExecutionContext) -> date:
    return date.fromisoformat(context.partition_key)


def day_bounds(day: date, tz: str) -> dict[str, datetime]:
    """`day_start` and `day_end` of `day` in time zone `tz` (23 or 25 hours apart on DST days), as
    aware datetimes: rows with day_start <= ts < day_end are that day's."""
    zone = ZoneInfo(tz)
    return {
        "day_start": datetime.combine(day, time.min, zone),
        "day_end": datetime.combine(day + timedelta(days=1), time.min, zone),
    }


def preview(con: duckdb.DuckDBPyConnection, table: str, day: date, order_by: str, limit: int = 5):
    """The first rows of `table` for `day` as a table (long texts cut to 40 characters), each
    column with its definition (the column's comment) shown in the UI."""
    cursor = con.execute(
        f"SELECT * EXCLUDE (day) FROM {table} WHERE day = $day ORDER BY {order_by} LIMIT {int(limit)}",
        {"day": day},
    )
    columns = [d[0] for d in cursor.description]
    records = [dg.TableRecord(dict(zip(columns, (_cell(value) for value in row)))) for row in cursor.fetchall()]
    schema = column_schema(con, table)
    shown = dg.TableSchema(columns=[c for c in schema.columns if c.name in columns])
    return dg.MetadataValue.table(records=records, schema=shown)


def column_schema(con: duckdb.DuckDBPyConnection, table: str) -> dg.TableSchema:
    """`table`'s columns with their types and definitions (the column comments of the schema files)."""
    return dg.TableSchema(columns=[
        dg.TableColumn(name, data_type.lower(), description=comment or None)
        for name, data_type, comment in run_sql(con, "column_comments", {"table": table}).fetchall()
    ])


def _cell(value: object) -> str | int | float | bool | None:
    if value is None or isinstance(value, (bool, int, float)):
        return value
    text = str(value).replace("\n", " ")
    return text if len(text) <= 40 else text[:39] + "…"


def unique_keys_check(
    con: duckdb.DuckDBPyConnection, table: str, keys: tuple[str, ...], day: date
) -> dg.AssetCheckResult:
    """Passes when no two rows of `table` for `day` share `keys`. The keys are first grouped by
    their 64-bit hash (a day of 50 M event ids grouped as text ran out of a 1 GB memory limit), then
    the rows whose hash repeats are grouped by the keys themselves, so a hash collision is no
    duplicate."""
    columns = ", ".join(keys)
    duplicates = con.execute(
        f"WITH repeated AS (SELECT hash({columns}) AS h FROM {table} WHERE day = $day "
        f"GROUP BY h HAVING count(*) > 1) "
        f"SELECT count(*) FROM (SELECT {columns} FROM {table} WHERE day = $day "
        f"AND hash({columns}) IN (SELECT h FROM repeated) GROUP BY {columns} HAVING count(*) > 1)",
        {"day": day},
    ).fetchone()[0]
    return dg.AssetCheckResult(
        check_name=f"{table}_has_unique_keys",
        passed=duplicates == 0,
        metadata={"keys": columns, "duplicated_keys": duplicates},
    )


def unique_keys_spec(asset: str, keys: tuple[str, ...]) -> dg.AssetCheckSpec:
    return dg.AssetCheckSpec(
        f"{asset}_has_unique_keys", asset=asset,
        description=f"No two rows of a day share ({', '.join(keys)}).",
    )


def daily_table_result(
    con: duckdb.DuckDBPyConnection,
    table: str,
    day: date,
    keys: tuple[str, ...],
    order_by: str,
    rows: int,
    extra_metadata: dict | None = None,
    extra_checks: list[dg.AssetCheckResult] | None = None,
) -> dg.MaterializeResult:
    """The MaterializeResult of a daily table just written: row count, preview, and the key check
    (when `keys` are given) followed by `extra_checks`."""
    key_checks = [unique_keys_check(con, table, keys, day)] if keys else []
    return dg.MaterializeResult(
        metadata={"dagster/row_count": rows, "dagster/column_schema": column_schema(con, table),
                  **(extra_metadata or {}), "preview": preview(con, table, day, order_by)},
        check_results=[*key_checks, *(extra_checks or [])],
    )


def reject_ratio_spec(asset: str, description: str = "") -> dg.AssetCheckSpec:
    return dg.AssetCheckSpec(
        f"{asset}_reject_ratio_below_threshold", asset=asset,
        description=description or "Rejected rows / all rows of the day stays under MAX_REJECT_RATIO "
                                   "(repeated event ids are counted apart and do not fail it), and no "
                                   "file of the day was cut short.",
    )


def reject_ratio_check(
    asset: str, valid: int, rejected: int, threshold: float, cut_short: int = 0,
) -> dg.AssetCheckResult:
    """Passes when rejected / (valid + rejected) is at most `threshold` (0 when there are no rows)
    and no file of the day was cut short (its lost rows cannot be counted, so no ratio covers them)."""
    ratio = rejected / (valid + rejected) if valid + rejected else 0.0
    return dg.AssetCheckResult(
        check_name=f"{asset}_reject_ratio_below_threshold",
        passed=ratio <= threshold and cut_short == 0,
        metadata={"reject_ratio": ratio, "threshold": threshold, "rejected": rejected, "valid": valid,
                  "files_cut_short": cut_short},
    )


def files_cut_short(con: duckdb.DuckDBPyConnection, source: str, day: date) -> int:
    """How many of `source`'s files have their cut (FileCutShort) quarantined on `day`."""
    return con.execute(
        "SELECT count(DISTINCT file) FROM rejected_rows WHERE source = $source AND day = $day "
        "AND starts_with(reason, 'file cut short')",
        {"source": source, "day": day},
    ).fetchone()[0]


def reject_reasons(con: duckdb.DuckDBPyConnection, source: str, day: date) -> dict[str, int]:
    """How many of `source`'s rejected rows on `day` have each reason (quoted values left out)."""
    return dict(con.execute(
        "SELECT regexp_replace(reason, ' ''.*$', '') AS reason, count(*) FROM rejected_rows "
        "WHERE source = $source AND day = $day GROUP BY 1 ORDER BY 2 DESC, 1",
        {"source": source, "day": day},
    ).fetchall())


def failed_data_checks(instance: dg.DagsterInstance, day: str,
                       ignore: Collection[dg.AssetCheckKey] = ()) -> list[str]:
    """The names of `day`'s data checks (severity error) whose latest evaluation failed, whichever
    run of the day made it: a build of several days checks a day's own tables in its first run and
    writes the report in its second, and a rebuild whose check passes replaces the earlier failure.
    `ignore`: checks not to read (the asset's own, about to be evaluated again).

    Read from the runs tagged with the day: Dagster 1.13 records these evaluations without a
    partition (the checks are the asset's specs, not partitioned checks), so its look-ups of a
    check's latest evaluation — the instance's, with no partition, and the event log storage's per
    partition (a private filter class) — would give another day's or none."""
    latest: dict[dg.AssetCheckKey, dg.AssetCheckEvaluation] = {}
    runs = instance.get_run_ids(filters=dg.RunsFilter(tags={PARTITION_TAG: day}))
    records = [record for run_id in runs for record in instance.get_records_for_run(
        run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION).records]
    for record in sorted(records, key=lambda r: r.storage_id):  # storage ids grow with time
        evaluation = record.event_log_entry.dagster_event.event_specific_data
        latest[evaluation.asset_check_key] = evaluation
    return sorted(key.name for key, evaluation in latest.items() if key not in ignore
                  and not evaluation.passed and evaluation.severity == dg.AssetCheckSeverity.ERROR)
