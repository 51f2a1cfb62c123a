"""Where event records go: NDJSON (gzip), CSV with a header row, or Parquet.

All three take the same records (dicts in contract field order, optional fields possibly absent) and
also accept an already broken line (a ``str``), written as is. NDJSON and CSV stream
line by line; Parquet is written in row groups of :data:`PARQUET_ROW_GROUP` rows through a Polars
frame, so memory stays bounded whatever the volume.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq

from sampledata.output import LineWriter

PARQUET_ROW_GROUP = 50_000


def to_json(record: dict) -> str:
    """One NDJSON line (compact, UTF-8 kept as is)."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


class NdjsonSink:
    """Records as JSON lines."""

    def __init__(self, path: Path):
        self.path = path
        self._writer = LineWriter(path)

    @property
    def rows(self) -> int:
        return self._writer.lines_written

    def write(self, record: dict | str) -> None:
        self._writer.write(record if isinstance(record, str) else to_json(record))

    def close(self) -> None:
        self._writer.close()


class CsvSink:
    """Records as CSV rows under a header row; absent and null fields are empty cells."""

    def __init__(self, path: Path, fields: tuple[str, ...]):
        self.path, self.fields, self.rows = path, fields, 0
        self._writer = LineWriter(path)
        self._writer.write(self.row(dict(zip(fields, fields))))

    def write(self, record: dict | str) -> None:
        self.rows += 1
        self._writer.write(record if isinstance(record, str) else self.row(record))

    def close(self) -> None:
        self._writer.close()

    def short_row(self, rng, record: dict) -> str:
        """``record`` with its last few cells missing: a row the CSV reader must reject."""
        return self._cells(record, rng.randrange(3, len(self.fields) - 1))

    def row(self, record: dict) -> str:
        """One CSV line for ``record``."""
        return self._cells(record, len(self.fields))

    def _cells(self, record: dict, count: int) -> str:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="").writerow(
            ["" if record.get(field) is None else record[field] for field in self.fields[:count]])
        return buffer.getvalue()


class ParquetSink:
    """Records as Parquet rows; timestamps stay ISO 8601 strings so offsets survive."""

    def __init__(self, path: Path, schema: dict[str, pl.DataType]):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path, self.schema, self.rows = path, schema, 0
        self._pending: list[dict] = []
        self._writer: pq.ParquetWriter | None = None

    def write(self, record: dict) -> None:
        self._pending.append(record)
        self.rows += 1
        if len(self._pending) >= PARQUET_ROW_GROUP:
            self._flush()

    def close(self) -> None:
        self._flush()
        if self._writer is None:  # no rows at all: still a valid, empty file
            empty = pl.DataFrame(schema=self.schema).to_arrow()
            self._writer = pq.ParquetWriter(self.path, empty.schema)
        self._writer.close()

    def _flush(self) -> None:
        if not self._pending:
            return
        columns = {field: [record.get(field) for record in self._pending] for field in self.schema}
        table = pl.DataFrame(columns, schema=self.schema).to_arrow()
        if self._writer is None:
            self._writer = pq.ParquetWriter(self.path, table.schema, compression="zstd")
        self._writer.write_table(table)
        self._pending.clear()
