"""Access-log parse throughput: lines per second of the combined format through the product's own
staging step (read + split + validate + hash the client IP), on one DuckDB thread and on all.

    nice -n 10 .venv/bin/python bench/access_log_parse.py [--lines 1000000] [--log FILE] [--sql FILE] [--macros FILE]

The log is one day of the sample generator's nginx log (realistic agents, referrers, ~1 % malformed
lines), or `--log` (plain or .gz). `--sql` times another version of `staged_access_log.sql` (an
older one from git, to compare), `--macros` with the `macros.sql` of the same version. Each stage is
timed apart: reading (gunzip), the line split, the hand-over to DuckDB, the parse
(`staged_access_log.sql` into a table), and, on one thread, the parse's pieces alone, the write of
its rows alone, and the whole line split into its fields by compiled code in one call (a regular
expression with capture groups in DuckDB and in Polars, DuckDB's CSV reader with the log's
dialect). "Per core" is lines per CPU-second of the process: on a shared machine wall time counts
other people's work too, CPU time much less so. The load average is printed with every table.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import tempfile
import time
from datetime import date, datetime, timezone
from pathlib import Path

import duckdb

from assets.ingest.readers import line_rows, read_bytes
from assets.shared.partitions import first_instant
from assets.shared.sqlfiles import bind, load_sql, schema_sql
from sampledata import generate

TIME_FORMAT = "'%d/%b/%Y:%H:%M:%S %z'"
CLIENT = "split_part(string_split(raw, '\"')[1], ' ', 1)"
TIME = "split_part(split_part(string_split(raw, '\"')[1], '[', 2), ']', 1)"
# The pieces of the parse alone, each over every line (one thread): what one costs beside the others.
PIECES = [
    ("quote split (string_split on '\"')", "string_split(raw, '\"')"),
    ("client + [time] texts from the split", f"{CLIENT} || {TIME}"),
    ("time parse: try_strptime per line (+ texts)", f"try_strptime({TIME}, {TIME_FORMAT})"),
    ("IP hash: hash_ip (salted sha256) per line (+ texts)", f"hash_ip({CLIENT}, 'bench')"),
    ("url_decode where a '%' is (+ split)",
     "CASE WHEN contains(string_split(raw, '\"')[2], '%') THEN try(url_decode(string_split(raw, '\"')[2])) END"),
    ("blank-line test trim(raw) <> '' (the old filter)", "trim(raw) <> ''"),
    ("regexp fallback, if every line took it",
     "regexp_extract(raw, '^(\\S+) \\S+ \\S+ \\[([^\\]]+)\\] \"((?:[^\"\\\\]|\\\\.)*)\" (\\S+) (\\S+)', 3)"),
]
# The nine fields of a line in one call, as issue 19 proposed (compiled code instead of one string
# function per field): the simplest pattern that takes this log's lines (no escaped quote, every field
# present), so a lower bound of what a regular expression costs here.
FIELDS = ["client", "time", "request", "status", "bytes", "referrer", "agent", "request_time", "cache"]
LINE_PATTERN = (r'^(?P<client>\S+) \S+ \S+ \[(?P<time>[^\]]+)\] "(?P<request>[^"]*)" (?P<status>\S+) '
                r'(?P<bytes>\S+) "(?P<referrer>[^"]*)" "(?P<agent>[^"]*)" (?P<request_time>\S+) (?P<cache>\S+)$')


def sample_log(folder: Path, lines: int) -> Path:
    generate(folder / "landing", folder / "media", days=1, end=date(2026, 11, 23), events_per_day=100,
             player_sessions_per_day=1, access_lines_per_day=lines, library_scale=0.2)
    return next((folder / "landing" / "access_logs").rglob("*.log.gz"))


def connect(threads: int, macros: str | None = None) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(f"SET threads = {threads}")
    con.execute("SET TimeZone = 'UTC'")
    for statements in schema_sql():
        con.execute(statements)
    con.execute(macros or load_sql("macros"))
    return con


def clocked(work) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) of `work()`."""
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def measure(path: Path, threads: int, sql: str, macros: str | None) -> dict[str, float]:
    con = connect(threads, macros)
    data = None
    lines = None

    def read():
        nonlocal data
        data = read_bytes(path)

    def split():
        nonlocal lines
        lines = line_rows(data)

    read_s, _ = clocked(read)
    split_s, _ = clocked(split)
    hand_s, _ = clocked(lambda: con.register("lines", lines.to_arrow()))
    params = bind(sql, {"file_sha256": "bench", "salt": "bench", "tz": "UTC",
                        "first_instant": first_instant(), "now": datetime.now(timezone.utc)})
    parse_s, parse_cpu = clocked(lambda: con.execute(f"CREATE TEMP TABLE staged AS {sql}", params))
    rejected = con.execute("SELECT count(*) FROM staged WHERE reject_reason IS NOT NULL").fetchone()[0]
    # The part of the parse that only writes its 18 columns: a copy of the staged rows.
    _, write_cpu = clocked(lambda: con.execute("CREATE TEMP TABLE staged_copy AS SELECT * FROM staged"))
    con.close()
    return {"lines": lines.height, "read_s": read_s, "split_s": split_s, "hand_s": hand_s,
            "parse_s": parse_s, "parse_cpu": parse_cpu, "write_cpu": write_cpu, "rejected": rejected}


def pieces(path: Path, macros: str | None) -> list[tuple[str, float]]:
    con = connect(1, macros)
    lines = line_rows(read_bytes(path))
    con.register("lines", lines.to_arrow())
    out = []
    for label, expression in PIECES:
        cpu = min(clocked(lambda: con.execute(f"SELECT count({expression}) FROM lines").fetchall())[1]
                  for _ in range(3))
        out.append((label, lines.height / cpu))
    con.close()
    return out


def compiled(path: Path, scratch: Path) -> list[tuple[str, float]]:
    """Lines per CPU-second of the whole line split into its nine fields in one call (best of 3)."""
    con = connect(1)
    lines = line_rows(read_bytes(path))
    con.register("lines", lines.to_arrow())
    text = scratch / "access.log"
    text.write_bytes(read_bytes(path))
    columns = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(12))
    runs = [
        ("DuckDB regexp_extract(raw, pattern, [nine names]): a struct in one call",
         lambda: con.execute("SELECT count(regexp_extract(raw, $pattern, $names)) FROM lines",
                             {"pattern": LINE_PATTERN, "names": FIELDS}).fetchall()),
        ("Polars str.extract_groups(pattern): the same nine groups",
         lambda: lines["raw"].str.extract_groups(LINE_PATTERN)),
        ("DuckDB read_csv of the gunzipped log, space-separated, quote '\"', escape '\\' (no line text, no line number)",
         lambda: con.execute(
             "SELECT count(c0), count(c9) FROM read_csv($path, delim = ' ', quote = '\"', escape = '\\', "
             f"header = false, auto_detect = false, columns = {{{columns}}}, strict_mode = false, null_padding = true, "
             "ignore_errors = true, parallel = false)", {"path": str(text)}).fetchall()),
        ("DuckDB read_csv of the same log as whole lines (for scale)",
         lambda: con.execute(
             "SELECT count(raw) FROM read_csv($path, delim = '\\0', quote = '', header = false, "
             "auto_detect = false, columns = {'raw': 'VARCHAR'})", {"path": str(text)}).fetchall()),
    ]
    out = [(label, lines.height / min(clocked(run)[1] for _ in range(3))) for label, run in runs]
    con.close()
    return out


def load() -> str:
    return " / ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=1_000_000, help="lines of the generated log")
    parser.add_argument("--log", type=Path, help="an access log to parse instead of a generated one")
    parser.add_argument("--keep-log", type=Path, help="copy the generated log here (for --log next time)")
    parser.add_argument("--sql", type=Path, help="another staged_access_log.sql to time")
    parser.add_argument("--macros", type=Path, help="the macros.sql that goes with --sql")
    args = parser.parse_args()
    sql = args.sql.read_text(encoding="utf-8") if args.sql else load_sql("staged_access_log")
    macros = args.macros.read_text(encoding="utf-8") if args.macros else None
    with tempfile.TemporaryDirectory() as scratch:
        path = args.log or sample_log(Path(scratch), args.lines)
        if args.keep_log and not args.log:
            shutil.copyfile(path, args.keep_log)
        cores = os.cpu_count() or 1
        print(f"{platform.node()} · {cores} cores · duckdb {duckdb.__version__} · {path.name} "
              f"{path.stat().st_size:,} bytes · {args.sql or 'assets/delivery/sql/staged_access_log.sql'}")
        print(f"\nload average before: {load()}")
        print("| DuckDB threads | lines | read + gunzip s | line split s | to DuckDB s | parse s (wall) "
              "| parse lines/s (wall) | parse lines/s per core | writing the rows alone (a copy), CPU s "
              "| end to end lines/s | rejected |")
        print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for threads in sorted({1, cores}):
            r = measure(path, threads, sql, macros)
            total = r["read_s"] + r["split_s"] + r["hand_s"] + r["parse_s"]
            print(f"| {threads} | {r['lines']:,} | {r['read_s']:.2f} | {r['split_s']:.2f} | {r['hand_s']:.2f} | "
                  f"{r['parse_s']:.2f} | {r['lines'] / r['parse_s']:,.0f} | {r['lines'] / r['parse_cpu']:,.0f} | "
                  f"{r['write_cpu']:.2f} | {r['lines'] / total:,.0f} | {r['rejected']:,} |")
        print(f"load average after: {load()}")
        print("\n| piece alone (1 thread, best of 3) | lines per CPU-second |\n|---|---:|")
        for label, rate in pieces(path, macros):
            print(f"| {label} | {rate:,.0f} |")
        print(f"load average after: {load()}")
        if not args.sql:
            print("\n| the line split into fields by compiled code, alone (1 thread, best of 3) "
                  "| lines per CPU-second |\n|---|---:|")
            for label, rate in compiled(path, Path(scratch)):
                print(f"| {label} | {rate:,.0f} |")
            print(f"load average after: {load()}")


if __name__ == "__main__":
    main()
