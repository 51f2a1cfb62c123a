"""Each event is stored once: its staged row. raw_usage_events is a view over the staged rows and
what each built day records (the contents it read, the repeats it left out, the URLs it mapped), so
a built day keeps what its files said when it was built until it is rebuilt."""

import os
from datetime import date

from conftest import event
from test_ingest import ingest

DAY, NEXT = "2026-11-02", "2026-11-03"


def raw(workspace, day=DAY):
    return workspace.query("SELECT event_id, event_type, source_file LIKE '%a.ndjson' FROM raw_usage_events "
                           "WHERE day = $day ORDER BY event_id", {"day": day})


def test_the_raw_table_is_a_view_over_the_staged_rows_that_holds_no_row_of_its_own(workspace):
    workspace.land("usage_events", "a.ndjson", [event("e1", "m1", "view", "2026-11-02T10:00:00Z"),
                                                event("e1", "m1", "view", "2026-11-02T11:00:00Z"),
                                                event("e2", "m1", "click", "2026-11-02T12:00:00Z")])
    ingest(workspace)
    assert workspace.query("SELECT table_type FROM information_schema.tables WHERE table_name = 'raw_usage_events' "
                           "AND table_catalog = current_database()") \
        == [("VIEW",)]
    assert raw(workspace) == [("e1", "view", True), ("e2", "click", True)]
    # three staged rows, each stored once; the repeat of e1 is recorded by its line
    assert workspace.query("SELECT count(*) FROM staged_usage_events") == [(3,)]
    assert workspace.query("SELECT line FROM event_day_repeats") == [(2,)]


def test_a_file_landed_after_a_day_was_built_shows_in_it_once_it_is_rebuilt(workspace):
    workspace.land("usage_events", "a.ndjson", [event("e1", "m1", "view", "2026-11-02T10:00:00Z")])
    ingest(workspace)
    workspace.land("usage_events", "b.ndjson", [event("e2", "m1", "view", "2026-11-02T10:00:00Z"),
                                                event("e3", "m1", "view", "2026-11-03T10:00:00Z")])
    ingest(workspace, day=NEXT)  # stages b.ndjson: its row of Nov 2 waits for Nov 2's rebuild
    assert raw(workspace) == [("e1", "view", True)]
    assert raw(workspace, NEXT) == [("e3", "view", False)]
    ingest(workspace)
    assert raw(workspace) == [("e1", "view", True), ("e2", "view", False)]


def test_a_replaced_file_keeps_its_rows_in_the_day_built_from_it_until_that_day_is_rebuilt(workspace):
    path = workspace.land("usage_events", "a.ndjson", [event("e1", "m1", "view", "2026-11-02T10:00:00Z")])
    ingest(workspace)
    workspace.land("usage_events", "a.ndjson", [event("e1", "m1", "click", "2026-11-02T10:00:00Z"),
                                                event("e9", "m1", "view", "2026-11-03T10:00:00Z")])
    os.utime(path, ns=(1, 1))
    ingest(workspace, day=NEXT)
    assert raw(workspace) == [("e1", "view", True)]  # the old content, still staged for Nov 2
    assert workspace.query("SELECT count(*) FROM staged_usage_events") == [(3,)]
    ingest(workspace)
    assert raw(workspace) == [("e1", "click", True)]
    assert workspace.query("SELECT count(*) FROM staged_usage_events") == [(2,)]  # the old content is gone


def test_a_new_report_time_zone_dates_the_staged_rows_again(workspace):
    # 23:30Z on Nov 2 is Nov 3 in Berlin
    workspace.land("usage_events", "a.ndjson", [event("e1", "m1", "view", "2026-11-02T23:30:00Z"),
                                                event("e2", "m1", "view", "2026-11-02T10:00:00Z")])
    ingest(workspace)
    assert [r[0] for r in raw(workspace)] == ["e1", "e2"]
    ingest(workspace, day=NEXT, timezone="Europe/Berlin")
    assert workspace.query("SELECT event_id, day FROM staged_usage_events ORDER BY 1") == [
        ("e1", date(2026, 11, 3)), ("e2", date(2026, 11, 2))]
    assert [r[0] for r in raw(workspace, NEXT)] == ["e1"]
    ingest(workspace, timezone="Europe/Berlin")
    assert [r[0] for r in raw(workspace)] == ["e2"]
