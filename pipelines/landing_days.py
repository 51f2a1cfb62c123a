"""Which days a landing file touches, read cheaply (timestamps only) for the landing sensor.

A row's day is its timestamp's day in the report time zone, as in the assets; a line whose time
cannot be read is skipped here (the assets quarantine it). Inventory exports are not dated by
row: they change the library as it is now, so they touch the latest day only.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl

from assets.ingest.readers import UnreadableFile, line_rows, read_bytes, tabular_format

EVENT_TIMESTAMP = r'"timestamp"\s*:\s*"([^"]+)"'
COMBINED_TIME = r"\[(\d{2}/[A-Za-z]{3}/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4})\]"
W3C_DATE_TIME = r"^(\d{4}-\d{2}-\d{2})\s+(\d{2}:\d{2}:\d{2})"


def days_in_file(path: Path, source: str, tz: str) -> set[date]:
    """The days (in `tz`) of the rows of one usage-event, player-event or access-log file; an
    empty set for a file that cannot be read (the assets report it)."""
    try:
        stamps = _timestamps(path, source)
    except (UnreadableFile, pl.exceptions.PolarsError, OSError):
        return set()
    days = stamps.drop_nulls().dt.convert_time_zone(tz).dt.date().unique()
    return set(days.to_list())


def _timestamps(path: Path, source: str) -> pl.Series:
    if source == "access_logs":
        lines = line_rows(read_bytes(path))["raw"]
        combined = lines.str.extract(COMBINED_TIME, 1).str.to_datetime("%d/%b/%Y:%H:%M:%S %z", strict=False)
        w3c = (lines.str.extract(W3C_DATE_TIME, 1) + " " + lines.str.extract(W3C_DATE_TIME, 2)).str.to_datetime(
            "%Y-%m-%d %H:%M:%S", strict=False).dt.replace_time_zone("UTC")
        return combined.dt.convert_time_zone("UTC").fill_null(w3c)
    fmt = tabular_format(path)
    if fmt == "ndjson":
        text = line_rows(read_bytes(path))["raw"].str.extract(EVENT_TIMESTAMP, 1)
    elif fmt == "csv":
        text = pl.read_csv(read_bytes(path), columns=["timestamp"], infer_schema=False)["timestamp"]
    elif fmt == "parquet":
        column = pl.read_parquet(path, columns=["timestamp"])["timestamp"]
        if isinstance(column.dtype, pl.Datetime):
            return column if column.dtype.time_zone else column.clear()
        text = column.cast(pl.String)
    else:
        return pl.Series([], dtype=pl.Datetime("us", "UTC"))
    return text.str.to_datetime(time_zone="UTC", strict=False)
