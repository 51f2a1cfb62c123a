"""Which days a landing file touches, read cheaply for the landing sensor: the file is streamed in
blocks (gunzipped on the fly), so memory stays flat however large it is, and only timestamps are
looked at. Access-log times are cut to the minute and made unique before they are parsed: a day
boundary in any time zone falls on a whole minute, and a day's million lines hold at most a few
thousand distinct minutes.

A row's day is its timestamp's day in the report time zone, as in the assets; a line whose time
cannot be read is skipped here (the assets quarantine it). Inventory exports are not dated by
row: they change the library as it is now, so they touch the latest day only.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import polars as pl

from assets.ingest.readers import FileCutShort, UnreadableFile, iter_rows, read_bytes, tabular_format

EVENT_TIMESTAMP = r'"timestamp"\s*:\s*"([^"]+)"'
# [02/Nov/2026:09:00:01 +0100] -> the minute and the offset (the seconds never move a day)
COMBINED_MINUTE = r"\[(\d{2}/[A-Za-z]{3}/\d{4}:\d{2}:\d{2}):\d{2} ([+-]\d{4})\]"
W3C_MINUTE = r"^(\d{4}-\d{2}-\d{2})\s+(\d{2}:\d{2}):\d{2}"  # W3C/CloudFront: date and time in UTC
BLOCK_BYTES = 16 << 20  # text read at a time


def days_in_file(path: Path, source: str, tz: str) -> set[date]:
    """The days (in `tz`) of the rows of one usage-event, player-event or access-log file; an
    empty set for a file that cannot be read (the assets report it), the days of the rows before
    the cut for a file that breaks off (those rows land)."""
    days: set[date] = set()
    try:
        for stamps in _timestamps(path, source):
            days |= set(stamps.drop_nulls().dt.convert_time_zone(tz).dt.date().unique().to_list())
    except (FileCutShort, UnreadableFile, pl.exceptions.PolarsError, OSError):
        pass
    return days


def _timestamps(path: Path, source: str) -> Iterator[pl.Series]:
    """The file's timestamps (UTC), a block at a time."""
    if source == "access_logs":
        for frame in iter_rows(path, "lines", BLOCK_BYTES):
            yield _access_log_minutes(frame["raw"])
        return
    fmt = tabular_format(path)
    if fmt == "ndjson":
        for frame in iter_rows(path, "ndjson", BLOCK_BYTES):
            yield frame["raw"].str.extract(EVENT_TIMESTAMP, 1).unique().str.to_datetime(time_zone="UTC", strict=False)
    elif fmt == "csv":
        column = pl.read_csv(read_bytes(path), columns=["timestamp"], infer_schema=False)["timestamp"]
        yield column.unique().str.to_datetime(time_zone="UTC", strict=False)
    elif fmt == "parquet":
        column = pl.read_parquet(path, columns=["timestamp"])["timestamp"]
        if isinstance(column.dtype, pl.Datetime):
            yield column if column.dtype.time_zone else column.clear()
        else:
            yield column.cast(pl.String).str.to_datetime(time_zone="UTC", strict=False)


def _access_log_minutes(lines: pl.Series) -> pl.Series:
    """The distinct minutes (UTC) of a block of access-log lines, combined or W3C format."""
    combined = lines.str.extract_groups(COMBINED_MINUTE)
    combined = (combined.struct.field("1") + " " + combined.struct.field("2")).drop_nulls().unique()
    w3c = lines.str.extract_groups(W3C_MINUTE)
    w3c = (w3c.struct.field("1") + " " + w3c.struct.field("2")).drop_nulls().unique()
    return pl.concat([
        combined.str.to_datetime("%d/%b/%Y:%H:%M %z", strict=False).dt.convert_time_zone("UTC"),
        w3c.str.to_datetime("%Y-%m-%d %H:%M", strict=False).dt.replace_time_zone("UTC"),
    ])
