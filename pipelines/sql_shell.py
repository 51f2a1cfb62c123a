"""`media-analytics sql`: the warehouse for analysts and for checks run from outside the repo.

`sql -c "SELECT ..." [--format table|csv|json]` runs one statement and prints its rows (JSON: a
list of objects); without `-c` it is an interactive shell (statements end with `;`, `.quit` or
end of input leaves). The session is read-only: it attaches the lake READ_ONLY, so a build runs
undisturbed beside it and nothing here can change a table.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import TextIO

import duckdb

FORMATS = ("table", "csv", "json")


def _plain(value):
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (bytes, bytearray)):
        return value.hex()
    return str(value)


def write_rows(columns: Sequence[str], rows: Sequence[tuple], fmt: str, out: TextIO) -> None:
    if fmt == "json":
        json.dump([dict(zip(columns, row)) for row in rows], out, default=_plain, ensure_ascii=False)
        out.write("\n")
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([["" if v is None else (v if isinstance(v, (int, float, str)) else _plain(v))
                           for v in row] for row in rows])
    else:
        texts = [[("NULL" if v is None else str(v)) for v in row] for row in rows]
        widths = [max([len(c)] + [len(r[i]) for r in texts]) for i, c in enumerate(columns)]
        out.write(" | ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip() + "\n")
        out.write("-+-".join("-" * w for w in widths) + "\n")
        for r in texts:
            out.write(" | ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() + "\n")
        out.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")


def run_statement(con: duckdb.DuckDBPyConnection, sql: str, fmt: str, out: TextIO) -> None:
    cursor = con.execute(sql)
    if cursor.description is None:
        return
    write_rows([d[0] for d in cursor.description], cursor.fetchall(), fmt, out)


def shell(con: duckdb.DuckDBPyConnection, fmt: str, inp: TextIO, out: TextIO, err: TextIO) -> int:
    """Read statements (ending with `;`) and print each one's rows; an error is printed and the
    shell goes on. Returns 1 if any statement failed (useful when input is piped)."""
    interactive = inp.isatty()
    if interactive:
        try:
            import readline  # noqa: F401 (line editing and history for input())
        except ImportError:
            pass
        out.write("Media Analytics warehouse (read-only). End statements with ';', .quit to leave.\n")
    failed, buffer = 0, []
    while True:
        try:
            line = input("sql> " if not buffer else "...> ") if interactive else inp.readline()
        except EOFError:
            line = ""
            if interactive:
                out.write("\n")
                break
        if not interactive and line == "":
            break
        if not buffer and line.strip() in (".quit", ".exit", "\\q"):
            break
        buffer.append(line.rstrip("\n"))
        text = "\n".join(buffer).strip()
        if not text:
            buffer = []
            continue
        if not text.endswith(";"):
            continue
        buffer = []
        try:
            run_statement(con, text, fmt, out)
        except duckdb.Error as error:
            failed = 1
            err.write(f"error: {error}\n")
        out.flush()
    if buffer and "\n".join(buffer).strip():
        try:
            run_statement(con, "\n".join(buffer), fmt, out)
        except duckdb.Error as error:
            failed = 1
            err.write(f"error: {error}\n")
    return failed
