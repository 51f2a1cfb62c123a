"""Each access-log line is stored once: its staged row. raw_access_log is a view over the staged
lines and what each built day records (the contents it read, its paths' media and its
User-Agents' classes), so a built day keeps what its files said when it was built until rebuilt."""

import os
from datetime import date

import dagster as dg

from access_log_lines import BOT, line
from assets.delivery.assets import raw_access_log
from assets.ingest.assets import media_inventory
from assets.ingest.landing import forget_files
from conftest import item

DAY, NEXT = "2026-11-02", "2026-11-03"


def build(workspace, day=DAY, **metrics):
    result = dg.materialize([media_inventory, raw_access_log], partition_key=day,
                            resources=workspace.resources(**metrics))
    assert result.success


def requests(workspace, day=DAY):
    return workspace.query("SELECT strftime(ts, '%H:%M'), status, media_id, is_bot, "
                           "regexp_extract(source_file, '[^/]+$') FROM raw_access_log "
                           "WHERE day = $day ORDER BY ts", {"day": day})


def land_inventory(workspace):
    workspace.land("inventory", "export.ndjson", [item("hero", path="2026/10/hero.jpg")])


def request(time: str, status: int = 200, path: str = "/media/2026/10/hero.jpg", **fields) -> str:
    """A combined-format line from 192.0.2.1 at `time` (dd/Mon/yyyy:hh:mm:ss, UTC)."""
    return line("192.0.2.1", f"{time} +0000", f"GET {path} HTTP/1.1", status, 10, **fields)


def test_the_raw_table_is_a_view_over_the_staged_lines_and_a_few_records_of_the_day(workspace):
    land_inventory(workspace)
    workspace.land("access_logs", "a.log", "".join([
        request("02/Nov/2026:10:00:00"),
        request("02/Nov/2026:11:00:00", agent=BOT),
        request("02/Nov/2026:12:00:00", path="/about/"),
        "not a request\n",
    ]))
    build(workspace)
    assert workspace.query("SELECT table_type FROM information_schema.tables WHERE table_name = "
                           "'raw_access_log' AND table_catalog = current_database()") == [("VIEW",)]
    assert requests(workspace) == [("10:00", 200, "hero", False, "a.log"),
                                   ("11:00", 200, "hero", True, "a.log"),
                                   ("12:00", 200, None, False, "a.log")]
    # four lines staged, each once; the day records its two paths and two agents
    assert workspace.query("SELECT count(*) FROM staged_access_log") == [(4,)]
    assert workspace.query("SELECT request_path, media_id, served_format FROM access_log_day_paths "
                           "ORDER BY 1") == [("/about/", None, None),
                                             ("/media/2026/10/hero.jpg", "hero", "jpg")]
    assert workspace.query("SELECT device_type, is_bot FROM access_log_day_user_agents "
                           "ORDER BY 1") == [("bot", True), ("desktop", False)]
    assert workspace.query("SELECT source, day FROM event_day_contents") == [
        ("access_logs", date(2026, 11, 2))]


def test_a_log_landed_after_a_day_was_built_shows_in_it_once_it_is_rebuilt(workspace):
    land_inventory(workspace)
    workspace.land("access_logs", "a.log", request("02/Nov/2026:10:00:00"))
    build(workspace)
    workspace.land("access_logs", "b.log", "".join([
        request("02/Nov/2026:11:00:00", 404),
        request("03/Nov/2026:10:00:00"),
    ]))
    build(workspace, day=NEXT)  # stages b.log: its line of Nov 2 waits for Nov 2's rebuild
    assert requests(workspace) == [("10:00", 200, "hero", False, "a.log")]
    assert requests(workspace, NEXT) == [("10:00", 200, "hero", False, "b.log")]
    build(workspace)
    assert requests(workspace) == [("10:00", 200, "hero", False, "a.log"),
                                   ("11:00", 404, "hero", False, "b.log")]


def test_a_replaced_log_keeps_its_lines_in_the_day_built_from_it_until_it_is_rebuilt(workspace):
    land_inventory(workspace)
    path = workspace.land("access_logs", "a.log", request("02/Nov/2026:10:00:00"))
    build(workspace)
    workspace.land("access_logs", "a.log", "".join([
        request("02/Nov/2026:10:00:00", 304),
        request("03/Nov/2026:10:00:00"),
    ]))
    os.utime(path, ns=(1, 1))
    build(workspace, day=NEXT)
    # the old content, still staged for Nov 2
    assert requests(workspace) == [("10:00", 200, "hero", False, "a.log")]
    assert workspace.query("SELECT count(*) FROM staged_access_log") == [(3,)]
    build(workspace)
    assert requests(workspace) == [("10:00", 304, "hero", False, "a.log")]
    assert workspace.query("SELECT count(*) FROM staged_access_log") == [(2,)]  # the old one: gone


def test_a_new_report_time_zone_dates_the_staged_lines_again(workspace):
    land_inventory(workspace)
    # 23:30Z on Nov 2 is Nov 3 in Berlin
    workspace.land("access_logs", "a.log", "".join([
        request("02/Nov/2026:23:30:00"),
        request("02/Nov/2026:10:00:00", 304),
    ]))
    build(workspace)
    assert [r[1] for r in requests(workspace)] == [304, 200]
    build(workspace, day=NEXT, timezone="Europe/Berlin")
    assert workspace.query("SELECT line, day FROM staged_access_log ORDER BY 1") == [
        (1, date(2026, 11, 3)), (2, date(2026, 11, 2))]
    assert [r[1] for r in requests(workspace, NEXT)] == [200]
    build(workspace, timezone="Europe/Berlin")
    assert [r[1] for r in requests(workspace)] == [304]


def test_a_forgotten_log_leaves_the_days_built_from_it(workspace):
    land_inventory(workspace)
    gone = workspace.land("access_logs", "gone.log", request("02/Nov/2026:10:00:00"))
    workspace.land("access_logs", "kept.log", request("02/Nov/2026:11:00:00", 304))
    build(workspace)
    gone.unlink()
    with workspace.connect(read_only=False) as con:
        forgotten = forget_files(con, [str(gone)], "UTC")
    assert forgotten == [{"source": "access_logs", "path": str(gone), "days": [date(2026, 11, 2)]}]
    assert requests(workspace) == [("11:00", 304, "hero", False, "kept.log")]
    assert workspace.query("SELECT count(*) FROM staged_access_log") == [(1,)]
