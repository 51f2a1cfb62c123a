"""Writes one day of usage events to the landing zone.

``usage_events/YYYY/MM/YYYY-MM-DD.ndjson.gz`` holds the day's events in timestamp order, preceded by
the previous day's late arrivals (about 1.5 % of that day's volume, flushed from a client queue
after midnight: their timestamps belong to the previous day). On two days of the window a share of
the events comes from a second collector instead, written as ``YYYY-MM-DD.app-export.csv`` (header
row) on one day and ``YYYY-MM-DD.app-export.parquet`` on another; those events are not in the NDJSON
file. Each file gets its own defects (see ``defects``), duplicates included, so a duplicate never
crosses files.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import polars as pl

from sampledata import defects, usage
from sampledata.context import DayResult, RunContext
from sampledata.randomness import stream
from sampledata.sinks import CsvSink, NdjsonSink, ParquetSink, to_json
from sampledata.timestamps import SECONDS_PER_DAY, day_start
from sampledata.traffic import MediaPicker, day_volume, timed_stream

LATE_SHARE = 0.015
SECOND_COLLECTOR_SHARE = 0.15
PARQUET_SCHEMA = {
    "event_id": pl.String, "media_id": pl.String, "event_type": pl.String, "timestamp": pl.String,
    "user_id": pl.String, "session_id": pl.String, "referrer": pl.String, "user_agent": pl.String,
    "ip": pl.String, "country": pl.String, "page_url": pl.String, "usage": pl.String,
    "load_time_ms": pl.Int64, "bytes": pl.Int64,
}


def folder(landing_dir: Path, day: date) -> Path:
    """``usage_events/YYYY/MM`` for ``day``."""
    return landing_dir / "usage_events" / f"{day:%Y}" / f"{day:%m}"


def csv_day(context: RunContext) -> date:
    """The day whose second-collector events are written as CSV."""
    return context.first_day + timedelta(days=(context.last_day - context.first_day).days // 3)


def parquet_day(context: RunContext) -> date:
    """The day whose second-collector events are written as Parquet (the CSV day's if only one)."""
    span = (context.last_day - context.first_day).days
    return context.first_day + timedelta(days=max(span * 2 // 3, min(span, span // 3 + 1)))


class _Output:
    """One file of the day with its own defect injector and way of breaking a line."""

    def __init__(self, sink, injector: defects.DefectInjector, breaker):
        self.sink, self.injector, self.breaker = sink, injector, breaker

    def emit(self, record: dict) -> None:
        for output in self.injector.feed(record, self.breaker):
            self.sink.write(output)

    def close(self) -> None:
        for record in self.injector.flush():
            self.sink.write(record)
        self.sink.close()


def write_usage_day(context: RunContext, day: date) -> DayResult:
    """Write ``day``'s usage files; return what was written."""
    seed, share = context.seed, context.malformed_share
    main = _Output(NdjsonSink(folder(context.landing_dir, day) / f"{day.isoformat()}.ndjson.gz"),
                   defects.DefectInjector(stream(seed, "usage-defects", day.isoformat()), share),
                   _broken_json)
    second = _second_collector(context, day)
    route = stream(seed, "usage-route", day.isoformat())
    previous = day - timedelta(days=1)
    late_volume = round(day_volume(seed, "usage", previous, context.events_per_day) * LATE_SHARE)
    for _, record in _events(context, previous, late_volume, "usage-late"):
        main.emit(record)
    volume = day_volume(seed, "usage", day, context.events_per_day)
    for _, record in _events(context, day, volume, "usage"):
        roll = route.random() if second else 1.0
        if roll < SECOND_COLLECTOR_SHARE:
            second[int(roll / SECOND_COLLECTOR_SHARE * len(second))].emit(record)
        else:
            main.emit(record)
    outputs = [main, *second]
    counts: Counter[str] = Counter()
    for output in outputs:
        output.close()
        counts.update(output.injector.counts)
    return DayResult("usage_events", day,
                     tuple((output.sink.path, output.sink.rows) for output in outputs),
                     sum(output.sink.rows for output in outputs), tuple(sorted(counts.items())))


def _events(context: RunContext, day: date, volume: int, purpose: str):
    start = day_start(day)
    picker = MediaPicker(list(context.items), start, start + SECONDS_PER_DAY,
                         lambda item: item.popularity)
    make_session = usage.session_maker(picker, context.signed_in_users)
    return timed_stream(stream(context.seed, purpose, day.isoformat()), start, volume, make_session)


def _second_collector(context: RunContext, day: date) -> list[_Output]:
    name = str(folder(context.landing_dir, day) / f"{day.isoformat()}.app-export")
    outputs = []
    if day == csv_day(context):
        sink = CsvSink(Path(name + ".csv"), usage.FIELDS)
        rng = stream(context.seed, "usage-csv-defects", day.isoformat())
        outputs.append(_Output(sink, defects.DefectInjector(rng, context.malformed_share),
                               sink.short_row))
    if day == parquet_day(context):
        rng = stream(context.seed, "usage-parquet-defects", day.isoformat())
        without_json = tuple(kind for kind in defects.USAGE_DEFECTS if kind != "invalid_json")
        outputs.append(_Output(ParquetSink(Path(name + ".parquet"), PARQUET_SCHEMA),
                               defects.DefectInjector(rng, context.malformed_share, without_json),
                               None))
    return outputs


def _broken_json(rng, record: dict) -> str:
    return defects.cut_line(rng, to_json(record))
