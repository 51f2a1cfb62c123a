"""One day of an event source (usage events, player events): landing files → raw table + quarantine.

Shared by every dated event source: the folder is synced (each file content parsed once), the
day's rows are gathered from every content whose rows fall on it, the first row of each event_id
is kept in the raw table and the rest — invalid rows and repeats — go to `rejected_rows`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import dagster as dg
import duckdb

from assets.landing import SyncSummary, sync_tabular_folder
from assets.metadata import day_bounds, preview, unique_keys_check
from assets.sqlfiles import load_sql, replace_day


@dataclass(frozen=True)
class EventDay:
    """What building one day of an event source gave."""

    rows: int
    rejected: int
    duplicates: int
    reasons: dict[str, int]
    sync: SyncSummary

    @property
    def reject_ratio(self) -> float:
        """Rejected rows over all rows of the day (duplicates counted apart)."""
        return self.rejected / (self.rows + self.rejected) if self.rows + self.rejected else 0.0


def _for_source(name: str, source: str, staged_table: str) -> str:
    # Table and source names are constants of the code, never input: safe to put in the text.
    return load_sql(name).replace("{source}", source).replace("{staged_table}", staged_table)


def build_event_day(
    con: duckdb.DuckDBPyConnection, source: str, folder: Path, staged_table: str, raw_table: str,
    day: date, tz: str, salt: str,
) -> EventDay:
    """Sync `folder` (client IPs hashed with `salt`), then replace `raw_table` and the source's
    `rejected_rows` for `day`."""
    con.execute("BEGIN TRANSACTION")
    sync = sync_tabular_folder(con, source, folder, staged_table, params={"salt": salt})
    con.execute("COMMIT")
    con.execute(f"CREATE OR REPLACE TEMP TABLE events_of_day AS {_for_source('events_of_day', source, staged_table)}",
                day_bounds(day, tz))
    con.execute("BEGIN TRANSACTION")
    con.execute("DELETE FROM rejected_rows WHERE source = $source AND day = $day", {"source": source, "day": day})
    con.execute(f"INSERT INTO rejected_rows BY NAME {_for_source('rejected_events', source, staged_table)}",
                {"day": day})
    con.execute("COMMIT")
    rows = replace_day(con, raw_table, day, {})
    con.execute("DROP TABLE events_of_day")
    rejected, duplicates = con.execute(
        "SELECT count(*) FILTER (NOT starts_with(reason, 'duplicate')), "
        "count(*) FILTER (starts_with(reason, 'duplicate')) "
        "FROM rejected_rows WHERE source = $source AND day = $day",
        {"source": source, "day": day},
    ).fetchone()
    reasons = dict(con.execute(
        "SELECT regexp_replace(reason, ' ''.*$', '') AS reason, count(*) FROM rejected_rows "
        "WHERE source = $source AND day = $day GROUP BY 1 ORDER BY 2 DESC, 1",
        {"source": source, "day": day},
    ).fetchall())
    return EventDay(rows=rows, rejected=rejected, duplicates=duplicates, reasons=reasons, sync=sync)


def reject_ratio_spec(asset: str) -> dg.AssetCheckSpec:
    return dg.AssetCheckSpec(
        f"{asset}_reject_ratio_below_threshold", asset=asset,
        description="Rejected rows / all rows of the day stays under MAX_REJECT_RATIO "
                    "(repeated event ids are counted apart and do not fail it).",
    )


def reject_ratio_check(asset: str, built: EventDay, threshold: float) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        check_name=f"{asset}_reject_ratio_below_threshold",
        passed=built.reject_ratio <= threshold,
        metadata={"reject_ratio": built.reject_ratio, "threshold": threshold,
                  "rejected": built.rejected, "valid": built.rows},
    )


def event_day_metadata(built: EventDay) -> dict:
    return {
        "dagster/row_count": built.rows,
        "rejected_rows": built.rejected,
        "duplicates_dropped": built.duplicates,
        "reject_reasons": dg.MetadataValue.json(built.reasons),
        "landing_files": built.sync.files,
        "files_parsed_now": built.sync.parsed,
        "unreadable_files": built.sync.unreadable,
    }


def event_day_result(
    con: duckdb.DuckDBPyConnection, raw_table: str, keys: tuple[str, ...], day: date, built: EventDay,
    max_reject_ratio: float,
) -> dg.MaterializeResult:
    """What an event source's raw-table asset returns: the event-day metadata, a preview, the key
    check and the reject-ratio check."""
    return dg.MaterializeResult(
        metadata={**event_day_metadata(built), "preview": preview(con, raw_table, day, "ts, event_id")},
        check_results=[unique_keys_check(con, raw_table, keys, day),
                       reject_ratio_check(raw_table, built, max_reject_ratio)],
    )
