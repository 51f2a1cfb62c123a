"""Hostile input, end to end (issue 15, "Done when"): one landing file per bad-input class, each
beside valid rows, then the whole daily job. The run finishes, every valid row is in its table,
every bad row is in rejected_rows with its reason on the built day, and no page or email carries
a raw hostile string. 70 bad-input classes, one file each, hold 72 bad rows (a binary file is 3).
Values shown in pages (file names, titles) carry markup and template syntax, and a video's name
mathtext, that must reach the pages escaped and the charts drawn."""

import email
import email.policy
import gzip
import json
import zlib
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import polars as pl
import pytest

from conftest import Workspace, event, item
from pipelines.definitions import ASSET_MODULES

DAY = "2026-11-02"
TS = "2026-11-02T10:00:00Z"
ALL_ASSETS = dg.load_assets_from_modules(ASSET_MODULES)
BIGINT_MAX = 9223372036854775807
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0"
# Markup and template syntax in values that are shown (valid rows): they must reach pages escaped.
SHOWN_HOSTILE = ['<img src=x onerror=alert("fn")>', "<script>alert('title')</script>", "{{7*7}}{% raw %}"]


@dataclass(frozen=True)
class Bad:
    """One bad input: the file it is landed in, its line there (None: the whole file), the reason's start."""

    source: str
    file: str
    line: int | None
    reason: str


def tag(n: int) -> str:
    """A marker unique to one bad row: none may appear in a page or an email."""
    return f"HOSTILE{n:03d}<b>x</b>"


def usage_file(n: int, bad: dict | str) -> bytes:
    """A valid event, then the bad row (line 2), then another valid event."""
    bad_line = bad if isinstance(bad, str) else json.dumps(bad)
    return "\n".join([json.dumps(event(f"ok{n}a", "m1", "view", TS)), bad_line,
                      json.dumps(event(f"ok{n}b", "m1", "click", TS))]).encode() + b"\n"


def bad_event(n: int, **fields) -> dict:
    row = {**event(f"bad{n}", "m1", "view", TS), "page_url": tag(n)}
    row.update(fields)
    return {k: v for k, v in row.items() if v is not None}


USAGE_ROWS = [  # (fields of the bad row, reason)
    ("{broken " + tag(1), "not a JSON object"),
    (f'["{tag(2)}"]', "not a JSON object"),
    (dict(event_id=None), "missing event_id"),
    (dict(media_id=None), "missing media_id and media_url"),
    (dict(media_id={"id": "m1"}), "media_id is not a single value"),
    (dict(media_id=["m1"]), "media_id is not a single value"),
    (dict(event_type="wink"), "unknown event_type"),
    (dict(timestamp=None), "missing timestamp"),
    (dict(timestamp="yesterday"), "unparseable timestamp"),
    (dict(timestamp="2026-11-02T10:00:00"), "timestamp without UTC offset"),
    (dict(timestamp="0001-01-01T00:00:00Z"), "timestamp before PARTITIONS_START"),
    (dict(timestamp="1970-01-01T00:00:00Z"), "timestamp before PARTITIONS_START"),
    (dict(timestamp="9999-12-31T23:59:59Z"), "timestamp in the future"),
    (dict(timestamp="10000-01-01T00:00:00Z"), "timestamp in the future"),
    (dict(timestamp="2099-01-01T00:00:00+02:00"), "timestamp in the future"),
    (dict(usage="sidebar"), "unknown usage"),
    (dict(load_time_ms="fast"), "invalid load_time_ms"),
    (dict(load_time_ms=-1), "invalid load_time_ms"),
    (dict(load_time_ms=1e308), "implausible load_time_ms"),
    (dict(load_time_ms="NaN"), "invalid load_time_ms"),
    (dict(bytes=-1), "invalid bytes"),
    (dict(bytes=BIGINT_MAX), "invalid bytes"),
    (dict(bytes=1e308), "invalid bytes"),
    (dict(bytes=(1 << 40) + 1), "implausible bytes"),
    (dict(event_id="ok1a"), "duplicate event_id"),  # repeats the first file's first event
]

PLAY = {"media_id": "v1", "session_id": "s-bad", "timestamp": TS}
PLAYER_ROWS = [
    ({"event_type": "play", "position": -1}, "negative position"),
    ({"event_type": "play", "position": "NaN"}, "position not a finite number"),
    ({"event_type": "play", "position": 36001}, "position over 10 h"),
    ({"event_type": "seek", "position": 5}, "seek without from_position (the position left)"),
    ({"event_type": "play", "position": 1, "media_id": {"id": "v1"}}, "media_id is not a single value"),
    ({"event_type": "play", "position": 1, "session_id": None}, "missing session_id and user_id"),
    ({"event_type": "rewind", "position": 1}, "unknown event_type"),
    ({"event_type": "load", "duration": "abc"}, "invalid duration"),
]

LOG = '192.0.2.{n} - - [{time}] "{request}" {status} {size} "-" "{agent}" {rt} HIT'
ACCESS_LINES = [  # (the bad line, reason)
    (f"this is not a log line {tag(300)}", "not a combined-format log line"),
    (LOG.format(n=1, time="32/Nov/2026:10:00:00 +0000", request="GET /media/2026/10/m1.jpg HTTP/1.1", status=200,
                size=10, agent=FIREFOX, rt="0.1"), "unparseable time"),
    (LOG.format(n=1, time="02/Nov/2026:10:00:00 +0000", request="GET /media/2026/10/m1.jpg HTTP/1.1", status=200,
                size=10, agent=FIREFOX, rt="NaN"), "invalid request time"),
    (LOG.format(n=1, time="02/Nov/2026:10:00:00 +0000", request="GET /media/2026/10/m1.jpg HTTP/1.1", status=200,
                size=10, agent=FIREFOX, rt="inf"), "invalid request time"),
    (LOG.format(n=1, time="02/Nov/2026:10:00:00 +0000", request="GET /media/2026/10/m1.jpg HTTP/1.1", status=200,
                size=10, agent=FIREFOX, rt="1e308"), "invalid request time"),
    (LOG.format(n=1, time="02/Nov/2026:10:00:00 +0000", request="GET /media/2026/10/m1.jpg HTTP/1.1", status=200,
                size=10, agent=FIREFOX, rt="7200"), "implausible request time"),
    (LOG.format(n=1, time="02/Nov/2026:10:00:00 +0000", request="GET /media/2026/10/m1.jpg HTTP/1.1", status=999,
                size=10, agent=FIREFOX, rt="0.1"), "invalid status"),
    (LOG.format(n=1, time="02/Nov/2026:10:00:00 +0000", request="GET /media/2026/10/m1.jpg HTTP/1.1", status=200,
                size=-5, agent=FIREFOX, rt="0.1"), "invalid bytes sent"),
    (LOG.format(n=1, time="02/Nov/2026:10:00:00 +0000", request="GET /media/2026/10/m1.jpg HTTP/1.1", status=200,
                size=BIGINT_MAX, agent=FIREFOX, rt="0.1"), "implausible bytes sent"),
    (LOG.format(n=1, time="01/Jan/1970:00:00:00 +0000", request="GET /media/2026/10/m1.jpg HTTP/1.1", status=200,
                size=10, agent=FIREFOX, rt="0.1"), "timestamp before PARTITIONS_START"),
    (LOG.format(n=1, time="02/Nov/2026:10:00:00 +0000", request="-", status=400, size=0, agent="-", rt="0.1"),
     "malformed request line"),
]

RENDITION = {"name": "m", "path": "2026/10/r.jpg", "width": 300, "height": 200, "size": 2000}
INVENTORY_ROWS = [  # (the bad row, reason)
    ("{not json " + tag(400), "not a JSON object"),
    (item(None), "missing id"),
    (item("i2", path=None), "missing path"),
    (item("i3", size=-1), "invalid size"),
    (item("i4", size=BIGINT_MAX), "invalid size"),
    (item("i5", renditions=[{**RENDITION, "size": BIGINT_MAX}]), "invalid rendition"),
    (item("i6", renditions=[{**RENDITION, "size": -1}]), "invalid rendition"),
    (item("i7", renditions=[1, 2, 3]), "invalid rendition"),
    (item("i8", renditions=[{**RENDITION, "size": "big"}]), "invalid rendition"),
    (item("i9", width=-5), "invalid width"),
    (item("i10", display_widths="wide"), "display_widths is not a list"),
    (item("i11", display_widths=[300, "wide"]), "invalid display_widths"),
    (item("i12", renditions="x"), "renditions is not a list"),
    (item("i13", usage_locations={"a": 1}), "usage_locations is not a list"),
    (item("i14", created_at=None), "missing created_at"),
    (item("i15", created_at="2026-10-01T10:00:00"), "created_at without UTC offset"),
    (item("i16", created_at="2026-10-05T10:00:00Z", deleted_at="2026-10-01T10:00:00Z"), "deleted_at before created_at"),
    (item("ok-inv-dup", size=1), "id 'ok-inv-dup' repeated in the same export"),  # the later row (size 2) is kept
]


def land_everything(workspace: Workspace) -> tuple[list[Bad], dict[str, set]]:
    """Land the valid files and one file per bad-input class. Returns the bad inputs and the valid
    keys expected in each raw table."""
    bad: list[Bad] = []
    valid = {"usage": set(), "player": set(), "inventory": set(), "access_lines": 0}

    # Valid inventory, with hostile-looking names that the pages must escape.
    workspace.land("inventory", "valid/export.ndjson", [
        item("m1", filename=SHOWN_HOSTILE[0] + ".jpg", title=SHOWN_HOSTILE[1], size=250_000,
             usage_locations=[{"type": "post", "id": "1", "status": "publish", "title": SHOWN_HOSTILE[2]}]),
        item("v1", filename="tour $\\frac{$ 2026.mp4", path="2026/10/v1.mp4", mime_type="video/mp4", size=9_000_000),
        item("d1", filename="report.pdf", path="2026/10/d1.pdf", mime_type="application/pdf", size=50_000),
    ])
    valid["inventory"] |= {"m1", "v1", "d1"}
    for n, (row, reason) in enumerate(INVENTORY_ROWS):
        name = f"inventory/bad-{n:02d}.ndjson"
        lines = [json.dumps(item(f"ok-inv-{n}")), row if isinstance(row, str) else json.dumps(row)]
        if reason.startswith("id 'ok-inv-dup'"):
            lines = [json.dumps(row), json.dumps(item("ok-inv-dup", size=2))]
            valid["inventory"].add("ok-inv-dup")
            bad.append(Bad("inventory", name, 1, reason))
        else:
            valid["inventory"].add(f"ok-inv-{n}")
            bad.append(Bad("inventory", name, 2, reason))
        workspace.land("inventory", name.split("/", 1)[1], "\n".join(lines) + "\n")

    # Usage events: one file per bad row, each between two valid events.
    for n, (fields, reason) in enumerate(USAGE_ROWS, start=1):
        name = f"usage_events/bad-{n:02d}.ndjson"
        workspace.land("usage_events", name.split("/", 1)[1],
                       usage_file(n, fields if isinstance(fields, str) else bad_event(n, **fields)))
        valid["usage"] |= {f"ok{n}a", f"ok{n}b"}
        bad.append(Bad("usage_events", name, 2, reason))
    # Non-UTF-8 bytes in a line that is otherwise no JSON: quarantined, not silently changed.
    workspace.land("usage_events", "bad-bytes.ndjson", usage_file(90, "").replace(b"\n\n", b"\n\xff\xfe HOSTILE090\n"))
    valid["usage"] |= {"ok90a", "ok90b"}
    bad.append(Bad("usage_events", "usage_events/bad-bytes.ndjson", 2, "not a JSON object"))
    # Whole files that give no dated row: on the day being built.
    workspace.land("usage_events", "binary.ndjson", b"\x89PNG\r\n\x1a\n\x00\x00HOSTILE091\rIHDR\xff\xd8\xff\n")
    bad += [Bad("usage_events", "usage_events/binary.ndjson", line, "not a JSON object") for line in (1, 2, 3)]
    workspace.land("usage_events", "no-timestamp.csv", f"event_id,media_id,event_type,note\ne1,m1,view,{tag(92)}\n")
    bad.append(Bad("usage_events", "usage_events/no-timestamp.csv", 2, "missing timestamp"))
    workspace.land("usage_events", "short-header.csv", f"event_id,media_id\ne1,m1,view,{TS},{tag(93)}\n")
    bad.append(Bad("usage_events", "usage_events/short-header.csv", 2, "not a JSON object"))
    pl.DataFrame({"event_id": ["p1"], "media_id": ["m1"], "event_type": ["view"], "timestamp": [1793527200]}
                 ).write_parquet(workspace.landing / "usage_events" / "int-timestamps.parquet")
    bad.append(Bad("usage_events", "usage_events/int-timestamps.parquet", 1, "unparseable timestamp"))
    workspace.land("usage_events", "corrupt.ndjson.gz", b"\x1f\x8b\x08\x00HOSTILE094garbage")
    bad.append(Bad("usage_events", "usage_events/corrupt.ndjson.gz", None, "cannot read corrupt.ndjson.gz"))
    workspace.land("usage_events", "notes.txt", tag(95))
    bad.append(Bad("usage_events", "usage_events/notes.txt", None, "unsupported file type"))
    rows = [event(f"cut{n:03d}", "m1", "view", TS) for n in range(300)]
    whole = gzip.compress("".join(json.dumps(r) + "\n" for r in rows).encode())
    cut = workspace.land("usage_events", "cut.ndjson.gz", whole[: len(whole) * 2 // 3])
    readable = zlib.decompressobj(wbits=31).decompress(cut.read_bytes()).count(b"\n")
    valid["usage"] |= {f"cut{n:03d}" for n in range(readable)}
    bad.append(Bad("usage_events", "usage_events/cut.ndjson.gz", readable + 1, "file cut short"))

    # Player events: a valid session of v1 (so the videos page and its chart are drawn), then one file
    # per bad row beside a valid load event.
    session = {"media_id": "v1", "session_id": "s1", "user_id": "viewer-1", "duration": 60}
    workspace.land("player_events", "valid.ndjson", [
        {"event_id": "pv1", "event_type": "play", "timestamp": "2026-11-02T10:00:00Z", "position": 0, **session},
        {"event_id": "pv2", "event_type": "pause", "timestamp": "2026-11-02T10:00:40Z", "position": 40, **session},
    ])
    valid["player"] |= {"pv1", "pv2"}
    for n, (fields, reason) in enumerate(PLAYER_ROWS):
        name = f"player_events/bad-{n:02d}.ndjson"
        row = {**PLAY, "event_id": f"pbad{n}", "quality": tag(200 + n), **fields}
        workspace.land("player_events", name.split("/", 1)[1], [
            {**PLAY, "event_id": f"pok{n}", "event_type": "load"}, {k: v for k, v in row.items() if v is not None}])
        valid["player"].add(f"pok{n}")
        bad.append(Bad("player_events", name, 2, reason))

    # Access logs: one file per bad line, after a valid line.
    good = LOG.format(n=9, time="02/Nov/2026:09:00:00 +0000", request="GET /media/2026/10/m1.jpg HTTP/1.1",
                      status=200, size=250_000, agent=FIREFOX, rt="0.05")
    for n, (line, reason) in enumerate(ACCESS_LINES):
        name = f"access_logs/bad-{n:02d}.log"
        workspace.land("access_logs", name.split("/", 1)[1], f"{good}\n{line} {tag(310 + n)}\n")
        valid["access_lines"] += 1
        bad.append(Bad("access_logs", name, 2, reason))
    return bad, valid


def html_of(eml: Path) -> str:
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    return message.get_body(preferencelist=("html",)).get_content()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    workspace = Workspace(tmp_path_factory.mktemp("hostile"))
    bad, valid = land_everything(workspace)
    result = dg.materialize(ALL_ASSETS, partition_key=DAY, resources=workspace.resources(), raise_on_error=False)
    return workspace, result, bad, valid


def test_the_run_finishes(built):
    _, result, bad, _ = built
    assert result.success, [e.message for e in result.all_events if e.is_failure]
    assert len(bad) == 72 and len({b.file for b in bad}) == 70


def test_every_valid_row_is_present(built):
    workspace, _, _, valid = built
    assert {r[0] for r in workspace.query("SELECT event_id FROM raw_usage_events WHERE day = $d", {"d": DAY})} \
        == valid["usage"]
    assert {r[0] for r in workspace.query("SELECT event_id FROM raw_player_events WHERE day = $d", {"d": DAY})} \
        == valid["player"]
    assert {r[0] for r in workspace.query("SELECT media_id FROM media_inventory WHERE day = $d", {"d": DAY})} \
        == valid["inventory"]
    assert workspace.query("SELECT size_bytes FROM media_inventory WHERE media_id = 'ok-inv-dup'") == [(2,)]
    assert workspace.query("SELECT count(*) FROM raw_access_log WHERE day = $d", {"d": DAY}) == [
        (valid["access_lines"],)]


def test_every_bad_row_is_quarantined_with_its_reason_on_the_built_day(built):
    workspace, _, bad, _ = built
    rows = workspace.query("SELECT source, file, line, reason, CAST(day AS VARCHAR) FROM rejected_rows")
    root = str(workspace.landing) + "/"
    found = {(source, file.removeprefix(root), line): (reason, day) for source, file, line, reason, day in rows}
    missing = [b for b in bad if (b.source, b.file, b.line) not in found]
    assert not missing
    wrong = [(b, found[(b.source, b.file, b.line)]) for b in bad
             if not found[(b.source, b.file, b.line)][0].startswith(b.reason) or found[(b.source, b.file, b.line)][1] != DAY]
    assert not wrong
    # nothing else was rejected: every rejected row is one of the bad inputs
    assert len(found) == len(bad)


def test_no_page_or_email_carries_a_raw_hostile_string(built):
    workspace, _, bad, _ = built
    pages = sorted((workspace.root / "reports" / DAY).glob("*.html"))
    emails = sorted((workspace.root / "outbox").glob("*.eml"))
    assert len(pages) >= 3 and len(emails) == 1
    texts = {str(p): p.read_text(encoding="utf-8") for p in pages}
    texts[str(emails[0])] = html_of(emails[0])
    for name, text in texts.items():
        for hostile in SHOWN_HOSTILE[:2]:
            assert hostile not in text, (name, hostile)
        assert "HOSTILE" not in text, name  # no bad row's text is shown anywhere
    overview = texts[str(workspace.root / "reports" / DAY / "index.html")]
    assert "&lt;img src=x onerror=alert(" in overview  # shown, escaped
