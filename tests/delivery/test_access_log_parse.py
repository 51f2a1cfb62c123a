"""The access-log parse (`assets/delivery/sql/staged_access_log.sql`) row by row against the rows it gave
before it was made faster (bench/RESULTS.md "Access-log parsing"): the real Apache log, the
CloudFront examples, and hand-made lines that probe what the time parse, the quote split and its
regular-expression fallback, the blank and directive filters and a W3C header mid-file do.

The expected rows are `tests/data/expected/staged_access_log.csv.gz`. When the parse is meant to
change, rewrite it with `.venv/bin/python tests/delivery/test_access_log_parse.py --write` and review the diff
of its rows (`zcat` both versions)."""

import csv
import gzip
import io
import sys
from datetime import datetime, timezone
from pathlib import Path


sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # conftest, when run as a script

from assets.ingest.landing import sync_folder  # noqa: E402
from conftest import DATA, Workspace  # noqa: E402

EXPECTED = DATA / "expected" / "staged_access_log.csv.gz"
EARLIEST = datetime(1, 1, 1, tzinfo=timezone.utc)
REQUEST = '"GET /media/a.jpg HTTP/1.1" 200 100 "-" "Mozilla"'
EDGE_CASES = "".join(f"192.0.2.10 - - [{time}] {REQUEST}\n" for time in [
    "02/Nov/2026:10:00:00 +0000",    # the layout every server writes
    "2/Nov/2026:10:00:00 +0000",     # one-digit day
    "02/nov/2026:10:00:00 +0000", "02/NOV/2026:10:00:00 +0000", "02/November/2026:10:00:00 +0000",
    "31/Feb/2026:10:00:00 +0000", "29/Feb/2024:10:00:00 +0000", "29/Feb/2023:10:00:00 +0000",
    "00/Feb/2023:10:00:00 +0000", "02/Nov/2026:24:00:00 +0000", "02/Nov/2026:23:60:00 +0000",
    "02/Nov/2026:23:59:60 +0000",    # a leap second
    "02/Nov/2026:23:59:59 +0530", "02/Nov/2026:23:59:59 -0800", "02/Nov/2026:23:59:59 +05:30",
    "02/Nov/2026:23:59:59 +2400", "02/Nov/2026:23:59:59 +1399", "02/Nov/2026:23:59:59 +0099",
    "02/Nov/2026:23:59:59 Z", "02/Nov/2026:23:59:59", "02/Nov/2026:23:59:59 +0000 ",
    " 02/Nov/2026:23:59:59 +0000", "02/Nov/2026:23:59:59.123 +0000", "02/Nov/0026:23:59:59 +0000",
    "02/Nov/99999:23:59:59 +0000", "0a/Nov/2026:23:59:59 +0000", "02-Nov-2026:23:59:59 +0000",
    "02/Nov/2026 23:59:59 +0000", "02/Nov/2026:1:2:3 +0000", "02/Nov/2026:+1:02:03 +0000",
    "02/Xyz/2026:10:00:00 +0000",
]) + "".join(line + "\n" for line in [
    '192.0.2.10 - - [02/Nov/2026:10:00:00 +0000] "GET /media/a%20b.jpg?x=1 HTTP/1.1" 200 100 "-" "Mozilla"',
    '192.0.2.10 - - [02/Nov/2026:10:00:00 +0000] "GET /media/caf%E9.jpg HTTP/1.1" 200 100 "-" "Mozilla"',
    '192.0.2.10 - - [02/Nov/2026:10:00:00 +0000] "GET /a.jpg HTTP/1.1" 200 100 "-" "Mozilla \\"quoted\\" agent" 0.1 HIT',
    '192.0.2.10 - - [02/Nov/2026:10:00:00 +0000] "GET /media/a.jpg HTTP/1.1" 200 -',
    f' 192.0.2.11 - - [02/Nov/2026:10:00:00 +0000] {REQUEST}',
    f'- - - [02/Nov/2026:10:00:00 +0000] {REQUEST}',
    f'\u00a0- - - [02/Nov/2026:10:00:00 +0000] {REQUEST}',
    '2001:db8::1 - - [02/Nov/2026:10:00:00 +0000] "GET https://cdn.example.org/media/a.jpg HTTP/2.0" 200 100 "-" "-" - -',
    '192.0.2.10 - - [02/Nov/2026:10:00:00 +0000] "get /media/a.jpg HTTP/1.1" 200 100 "-" "Mozilla"',
    '192.0.2.10 - - [02/Nov/2026:10:00:00 +0000] "PROPFIND /media/a.jpg HTTP/1.1" 200 100 "-" "Mozilla"',
    '192.0.2.10 - - [02/Nov/2026:10:00:00 +0000] "-" 400 0 "-" "-"',
    '192.0.2.10 - - [02/Nov/2026:10:00:00 +0000] "GET /media/a.jpg HTTP/1.1" 999 100 "-" "Mozilla"',
    '192.0.2.10 - - [02/Nov/2026:10:00:00 +0000] "GET /media/a.jpg HTTP/1.1" 200 -5 "-" "Mozilla"',
    '192.0.2.10 - - [02/Nov/2026:10:00:00 +0000] "GET /media/a.jpg HTTP/1.1" 200 100 "-" "Mozilla" abc HIT',
    '192.0.2.10 - - [02/Nov/2026:10:00:00 +0000] "GET /media/a.jpg HTTP/1.1" 200 100 "-" "Mozilla" -1 HIT',
    '192.0.2.10 - - [02/Nov/2026:10:00:00 +0000] "GET /media/a.jpg HTTP/1.1"  200  100  "-" "Mozilla"  0.1  HIT ',
    '192.0.2.10 - - [02/Nov/2026:10:00:00 +0000] "GET /media/a.jpg HTTP/1.1" 200 100 "-" "Mozilla" 0.1 HIT extra',
    f'192.0.2.10\t- - [02/Nov/2026:10:00:00 +0000] {REQUEST}',
    f'192.0.2.10 [02/Nov/2026:10:00:00 +0000] {REQUEST}',
    f'192.0.2.10 - - 02/Nov/2026:10:00:00 +0000 {REQUEST}',
    '192.0.2.10 - - [02/Nov/2026:10:00:00 +0000] "GET /media/a.jpg HTTP/1.1" 200 100',
    '#Version: 1.0', '# a comment', '', '   ', '\u3000', '\t', 'this is not a log line',
    f'192.0.2.10 - - [02/Nov/2026:10:00:00 +0000] "GET /media/crlf.jpg HTTP/1.1" 200 100 "-" "Mozilla"\r',
])
NOT_UTF8 = b'192.0.2.10 - - [02/Nov/2026:10:00:00 +0000] "GET /media/x\xff.jpg HTTP/1.1" 200 100 "-" "M"\n'
# Combined lines, then a W3C header: the lines after it are W3C, a combined one is then malformed.
MIXED = (f"192.0.2.10 - - [02/Nov/2026:10:00:00 +0000] {REQUEST}\n"
         "#Fields: date time c-ip cs-method cs-uri-stem sc-status sc-bytes time-taken cs(User-Agent)\n"
         "2026-11-02 10:00:00 192.0.2.1 GET /media/a.png 200 100 31 Mozilla/5.0+(Windows)\n"
         f"192.0.2.10 - - [02/Nov/2026:10:00:00 +0000] {REQUEST}\n")
COLUMNS = ("file, line, raw, reject_reason, log_format, strftime(ts AT TIME ZONE 'UTC', '%Y-%m-%d %H:%M:%S'), "
           "client_id, http_method, host, path, query, protocol, status, bytes_sent, referrer, user_agent, "
           "request_time_ms, cache_status")


def staged_rows(workspace: Workspace) -> list[tuple[str, ...]]:
    """Every staged row of the test logs, as text (NULL as None), in file and line order."""
    logs = DATA / "access_logs"
    for path in [logs / "elastic_apache_logs.log", *sorted((logs / "cloudfront").glob("*.txt"))]:
        workspace.land("access_logs", path.name, path.read_bytes())
    workspace.land("access_logs", "edge_cases.log", EDGE_CASES.encode() + NOT_UTF8)
    workspace.land("access_logs", "mixed.log", MIXED)
    with workspace.resources()["warehouse"].connect() as con:
        # The reference logs are from 2010 on: no day a build reads (PARTITIONS_START) is imposed here.
        sync_folder(con, "access_logs", workspace.landing / "access_logs", "staged_access_log",
                    detect_format=lambda path: "lines", params={"salt": "test", "tz": "UTC", "first_instant": EARLIEST})
        rows = con.execute(
            f"SELECT {COLUMNS} FROM (SELECT regexp_extract(f.path, '[^/]+$') AS file, s.* "
            "FROM staged_access_log AS s JOIN landing_files AS f ON f.sha256 = s.file_sha256) ORDER BY file, line"
        ).fetchall()
    return [tuple(None if value is None else str(value) for value in row) for row in rows]


def expected_rows() -> list[tuple[str, ...]]:
    with gzip.open(EXPECTED, "rt", encoding="utf-8", newline="") as handle:
        return [tuple(None if value == "\\N" else value for value in row) for row in csv.reader(handle)]


def test_the_staged_rows_are_those_of_the_reference_parse(workspace):
    rows, expected = staged_rows(workspace), expected_rows()
    assert len(expected) > 10_000
    differing = [(got, want) for got, want in zip(rows, expected) if got != want]
    assert not differing[:3], "first rows that differ (got, expected)"
    assert len(rows) == len(expected)


def test_the_edge_cases_cover_both_parses_and_every_reason():
    # So that the file above keeps testing something: lines that go through the regular expression,
    # times strptime accepts and refuses, and each reason a combined line can be rejected for.
    rows = [row for row in expected_rows() if row[0] in ("edge_cases.log", "mixed.log")]
    reasons = {row[3] for row in rows}
    assert {None, "not a combined-format log line", "unparseable time", "malformed request line",
            "invalid status '999'", "invalid bytes sent '-5'", "invalid request time 'abc'",
            "field count differs from the #Fields: header"} <= reasons
    agents = {row[15] for row in rows}
    assert 'Mozilla \\"quoted\\" agent' in agents  # the regular-expression fallback


def _write() -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        rows = staged_rows(Workspace(Path(scratch)))
    EXPECTED.parent.mkdir(parents=True, exist_ok=True)
    text = io.StringIO(newline="")
    csv.writer(text, lineterminator="\n").writerows(
        ["\\N" if value is None else value for value in row] for row in rows)
    EXPECTED.write_bytes(gzip.compress(text.getvalue().encode("utf-8"), mtime=0))
    print(f"{len(rows)} rows → {EXPECTED}")


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    _write()
