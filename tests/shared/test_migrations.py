"""Schema changes are migrations: numbered steps applied in order when a writer opens the
warehouse, each tested from the schema before it."""

import hashlib
from datetime import date

import pytest

from assets.shared.migrations import LATEST, MIGRATIONS, current_version, day_tables, migrate, pending
from assets.shared.resources import WarehouseResource
from assets.shared.sqlfiles import schema_sql
from assets.shared.warehouse import Location, close_connection, open_connection

# The baseline (step 1) is the domains' schema*.sql as they were when the warehouse became a
# lakehouse. Editing them would change what step 1 means for warehouses made since: a table
# change is a new step in assets/shared/migrations.py instead.
BASELINE_SHA256 = "ed15d3923e9b57831ef9aa045833703da9f032f21b699d457c6efe349e6fcd59"


def lake_at(tmp_path, version: int):
    """A raw connection to a new lake migrated up to `version` (no resource: it would go on to LATEST)."""
    location = Location.parse(str(tmp_path / "lake" / "catalog.sqlite"), str(tmp_path / "lake" / "data"))
    con = open_connection(location, False)
    migrate(con, target=version)
    return con


def test_the_steps_are_numbered_one_after_another():
    assert [m.version for m in MIGRATIONS] == list(range(1, LATEST + 1))


def test_the_baseline_schema_files_are_frozen():
    digest = hashlib.sha256("\n".join(schema_sql()).encode()).hexdigest()
    assert digest == BASELINE_SHA256, (
        "a schema*.sql file changed: the baseline is frozen, add a migration step instead")


def test_a_new_warehouse_is_brought_to_the_latest_step_and_records_each(tmp_path):
    with WarehouseResource.in_folder(tmp_path / "w").connect() as con:
        assert con.execute("SELECT version, name FROM warehouse_migrations ORDER BY version").fetchall() == [
            (m.version, m.name) for m in MIGRATIONS]


def test_step_2_from_step_1_keeps_every_row_and_partitions_each_day_table_by_day(tmp_path):
    con = lake_at(tmp_path, 1)
    try:
        assert current_version(con) == 1
        rows = [(date(2026, 11, d), f"u{d}", n) for d in (1, 2) for n in range(15)]
        con.executemany("INSERT INTO email_ledger VALUES ($1, $2 || '-' || $3 || '@example.org', now(), 'outbox', 'm')",
                        [list(r) for r in rows])
        before = sorted(con.execute("SELECT day, recipient FROM email_ledger").fetchall())
        unpartitioned = con.execute(
            "SELECT count(*) FROM ducklake_list_files(current_database(), 'email_ledger') WHERE data_file LIKE '%day=%'"
        ).fetchone()[0]
        assert unpartitioned == 0

        assert migrate(con, target=2) == [2]
        assert sorted(con.execute("SELECT day, recipient FROM email_ledger").fetchall()) == before
        write_day = "INSERT INTO email_ledger SELECT DATE '2026-11-03', 'x' || i || '@example.org', now(), 'outbox', 'm' FROM range(20) t(i)"
        con.execute(write_day)
        new_files = [r[0] for r in con.execute(
            "SELECT data_file FROM ducklake_list_files(current_database(), 'email_ledger') WHERE data_file LIKE '%day=2026-11-03%'"
        ).fetchall()]
        assert len(new_files) == 1
        partitioned = {r[0] for r in con.execute(
            "SELECT DISTINCT table_name FROM duckdb_columns() WHERE database_name = current_database() "
            "AND column_name = 'day'").fetchall()}
        assert set(day_tables(con)) == partitioned
        assert {"raw_usage_events", "daily_media_usage", "rejected_rows", "email_ledger"} <= partitioned
    finally:
        close_connection(con)


def test_a_warehouse_newer_than_the_code_is_refused(tmp_path):
    con = lake_at(tmp_path, LATEST)
    try:
        con.execute("INSERT INTO warehouse_migrations VALUES ($v, 'from the future', now())", {"v": LATEST + 1})
        with pytest.raises(RuntimeError, match="newer than this code knows"):
            pending(con)
    finally:
        close_connection(con)


def test_step_3_from_step_2_keeps_staged_events_and_adds_an_empty_media_url(tmp_path):
    con = lake_at(tmp_path, 2)
    try:
        con.execute("INSERT INTO staged_usage_events (file_sha256, line, event_id, media_id, event_type) "
                    "VALUES ('f', 1, 'e1', 'm1', 'view')")
        con.execute("INSERT INTO staged_player_events (file_sha256, line, event_id, media_id, event_type) "
                    "VALUES ('f', 1, 'p1', 'v1', 'play')")
        assert migrate(con, target=3) == [3]
        for table, event_id in (("staged_usage_events", "e1"), ("staged_player_events", "p1")):
            assert con.execute(f"SELECT event_id, media_url FROM {table}").fetchall() == [(event_id, None)]
            comment = con.execute(
                "SELECT comment FROM duckdb_columns() WHERE database_name = current_database() "
                "AND table_name = $t AND column_name = 'media_url'", {"t": table}).fetchone()[0]
            assert "media_id wins" in comment
    finally:
        close_connection(con)


def test_step_4_from_step_3_records_the_days_already_built_in_built_days(tmp_path):
    con = lake_at(tmp_path, 3)
    try:
        for day in (date(2026, 11, 1), date(2026, 11, 2)):
            for media_type in ("all", "image"):
                con.execute("INSERT INTO daily_storage (day, media_type, files, bytes, original_bytes, "
                            "rendition_bytes, uploads, deletions) VALUES ($d, $t, 1, 1, 1, 0, 0, 0)",
                            {"d": day, "t": media_type})
        assert migrate(con, target=4) == [4]
        rows = con.execute("SELECT day, built_at IS NOT NULL, run_id FROM built_days ORDER BY day").fetchall()
        assert rows == [(date(2026, 11, 1), True, None), (date(2026, 11, 2), True, None)]
        assert "built_days" in day_tables(con)
        # (more rows than DuckLake inlines into the catalog, so that a file is written)
        con.execute("INSERT INTO built_days SELECT DATE '2026-11-03', now(), 'run' || i FROM range(20) t(i)")
        assert con.execute("SELECT count(*) FROM ducklake_list_files(current_database(), 'built_days') "
                           "WHERE data_file LIKE '%day=2026-11-03%'").fetchone()[0] == 1
    finally:
        close_connection(con)


def test_step_5_from_step_4_says_measured_on_is_the_first_day_that_needed_the_encoding(tmp_path):
    con = lake_at(tmp_path, 4)
    try:
        comment = "SELECT comment FROM duckdb_columns() WHERE database_name = current_database() " \
                  "AND table_name = 'image_encodings' AND column_name = 'measured_on'"
        assert con.execute(comment).fetchone()[0] == "The day whose build did the encoding."
        assert migrate(con, target=5) == [5]
        assert con.execute(comment).fetchone()[0].startswith("The first day whose images needed this encoding")
    finally:
        close_connection(con)


def test_step_6_from_step_5_turns_the_raw_event_tables_into_views_with_the_same_rows(tmp_path, monkeypatch):
    # A day built by the code of step 5 (Berlin time): file a.ndjson's e1, a repeat of e1 in b.ndjson,
    # an event sent by URL and mapped, one rejected row; a player event. 23:30Z on Nov 1 is Nov 2 in Berlin.
    monkeypatch.setenv("REPORT_TIMEZONE", "Europe/Berlin")
    con = lake_at(tmp_path, 5)
    try:
        for path, sha in (("/l/usage_events/a.ndjson", "sa"), ("/l/usage_events/b.ndjson", "sb"),
                          ("/l/player_events/p.ndjson", "sp")):
            con.execute("INSERT INTO landing_files (source, path, size_bytes, mtime_ns, sha256, first_seen_at) "
                        "VALUES ($source, $path, 1, 1, $sha, now())",
                        {"source": path.split("/")[2], "path": path, "sha": sha})
        staged = [("sa", 1, None, "e1", "m1", None, "2026-11-01 23:30:00+00"),
                  ("sa", 2, None, "e2", None, "/media/x.jpg", "2026-11-02 09:00:00+00"),
                  ("sa", 3, "unknown event_type 'bad'", "e3", "m1", None, "2026-11-02 09:00:00+00"),
                  ("sb", 1, None, "e1", "m1", None, "2026-11-01 23:30:00+00"),
                  ("sb", 2, None, "e4", "m2", None, "2026-11-03 09:00:00+00")]
        con.executemany("INSERT INTO staged_usage_events (file_sha256, line, reject_reason, event_id, media_id, "
                        "media_url, event_type, ts) VALUES ($1, $2, $3, $4, $5, $6, 'view', $7)",
                        [list(row) for row in staged])
        con.execute("INSERT INTO staged_player_events (file_sha256, line, event_id, media_id, event_type, ts, "
                    "session_id) VALUES ('sp', 1, 'p1', 'v1', 'play', '2026-11-02 10:00:00+00', 's1')")
        con.execute("""INSERT INTO raw_usage_events (day, event_id, media_id, event_type, ts, source_file, source_line)
            VALUES ('2026-11-02', 'e1', 'm1', 'view', '2026-11-01 23:30:00+00', '/l/usage_events/a.ndjson', 1),
                   ('2026-11-02', 'e2', 'm9', 'view', '2026-11-02 09:00:00+00', '/l/usage_events/a.ndjson', 2)""")
        con.execute("""INSERT INTO raw_player_events (day, event_id, media_id, event_type, ts, session_id,
                                                      source_file, source_line)
            VALUES ('2026-11-02', 'p1', 'v1', 'play', '2026-11-02 10:00:00+00', 's1', '/l/player_events/p.ndjson', 1)""")
        before = {table: sorted(con.execute(f"SELECT * FROM {table}").fetchall())
                  for table in ("raw_usage_events", "raw_player_events")}

        assert migrate(con, target=6) == [6]
        views = {row[0] for row in con.execute(
            "SELECT view_name FROM duckdb_views() WHERE database_name = current_database()").fetchall()}
        assert {"raw_usage_events", "raw_player_events"} <= views
        for table, rows in before.items():
            assert sorted(con.execute(f"SELECT * FROM {table}").fetchall()) == rows, table
        # what the day records besides the staged rows: a few bytes
        assert con.execute("SELECT source, day, file_sha256, path FROM event_day_contents ORDER BY 3").fetchall() == [
            ("usage_events", date(2026, 11, 2), "sa", "/l/usage_events/a.ndjson"),
            ("player_events", date(2026, 11, 2), "sp", "/l/player_events/p.ndjson")]
        assert con.execute("SELECT media_url, media_id FROM event_day_media_urls").fetchall() == [("/media/x.jpg", "m9")]
        # the staged rows are dated in REPORT_TIMEZONE
        assert con.execute("SELECT line, day FROM staged_usage_events WHERE file_sha256 = 'sb' ORDER BY 1").fetchall() == [
            (1, date(2026, 11, 2)), (2, date(2026, 11, 3))]
        assert con.execute("SELECT DISTINCT days_timezone FROM landing_files").fetchall() == [("Europe/Berlin",)]
    finally:
        close_connection(con)


def test_step_7_from_step_6_turns_raw_access_log_into_a_view_with_the_same_rows(tmp_path, monkeypatch):
    # A day built by the code of step 6 (Berlin time) from two logs: a.log's request mapped to m1
    # by a bot (23:30Z on Nov 1 is Nov 2 in Berlin), an unmapped one and a rejected line; b.log's
    # request of Nov 3. c.log was replaced since the day was built: its rows are not shown any more.
    monkeypatch.setenv("REPORT_TIMEZONE", "Europe/Berlin")
    con = lake_at(tmp_path, 6)
    try:
        for name, sha in (("a.log", "sa"), ("b.log", "sb"), ("c.log", "sc2")):
            con.execute("INSERT INTO landing_files (source, path, size_bytes, mtime_ns, sha256, "
                        "first_seen_at) VALUES ('access_logs', $path, 1, 1, $sha, now())",
                        {"path": f"/l/access_logs/{name}", "sha": sha})
        staged = [("sa", 1, None, "2026-11-01 23:30:00+00", "/media/x.jpg", "Googlebot/2.1"),
                  ("sa", 2, None, "2026-11-02 09:00:00+00", "/about/", None),
                  ("sa", 3, "not a combined-format log line", None, None, None),
                  ("sb", 1, None, "2026-11-03 09:00:00+00", "/media/x.jpg", "Googlebot/2.1"),
                  ("sc2", 1, None, "2026-11-02 10:00:00+00", "/media/y.jpg", None)]
        con.executemany("INSERT INTO staged_access_log (file_sha256, line, reject_reason, ts, "
                        "path, user_agent, http_method, status, bytes_sent, log_format) "
                        "VALUES ($1, $2, $3, $4, $5, $6, 'GET', 200, 10, 'combined')",
                        [list(row) for row in staged])
        con.execute("""INSERT INTO raw_access_log (day, ts, http_method, path, status, bytes_sent,
                user_agent, cache_result, device_type, is_bot, media_id, media_type, variant,
                served_format, file_bytes, original_bytes, log_format, source_file, source_line)
            VALUES ('2026-11-02', '2026-11-01 23:30:00+00', 'GET', '/media/x.jpg', 200, 10,
                    'Googlebot/2.1', 'unknown', 'bot', true, 'm1', 'image', 'original', 'jpg', 5, 5,
                    'combined', '/l/access_logs/a.log', 1),
                   ('2026-11-02', '2026-11-02 09:00:00+00', 'GET', '/about/', 200, 10,
                    NULL, 'unknown', 'unknown', false, NULL, NULL, NULL, NULL, NULL, NULL,
                    'combined', '/l/access_logs/a.log', 2),
                   ('2026-11-02', '2026-11-02 10:00:00+00', 'GET', '/media/z.jpg', 200, 10,
                    NULL, 'unknown', 'unknown', false, NULL, NULL, NULL, 'jpg', NULL, NULL,
                    'combined', '/l/access_logs/c.log', 1)""")
        before = sorted(con.execute("SELECT * FROM raw_access_log "
                                    "WHERE source_file <> '/l/access_logs/c.log'").fetchall())

        assert migrate(con, target=7) == [7]
        assert con.execute("SELECT count(*) FROM duckdb_views() WHERE view_name = 'raw_access_log' "
                           "AND database_name = current_database()").fetchone()[0] == 1
        assert sorted(con.execute("SELECT * FROM raw_access_log").fetchall()) == before
        # what the day records besides the staged lines: a few rows
        records = {table: sorted(con.execute(f"SELECT * FROM {table}").fetchall()) for table in
                   ("event_day_contents", "access_log_day_paths", "access_log_day_user_agents")}
        assert records == {
            "event_day_contents": [
                ("access_logs", date(2026, 11, 2), "sa", "/l/access_logs/a.log")],
            "access_log_day_paths": [
                (date(2026, 11, 2), "/about/", None, None, None, None, None, None),
                (date(2026, 11, 2), "/media/x.jpg", "m1", "image", "original", "jpg", 5, 5),
                (date(2026, 11, 2), "/media/z.jpg", None, None, None, "jpg", None, None)],
            "access_log_day_user_agents": [(date(2026, 11, 2), "Googlebot/2.1", "bot", True)],
        }
        # the staged lines are dated in REPORT_TIMEZONE
        assert con.execute("SELECT file_sha256, line, day FROM staged_access_log "
                           "WHERE reject_reason IS NULL ORDER BY 1, 2").fetchall() == [
            ("sa", 1, date(2026, 11, 2)), ("sa", 2, date(2026, 11, 2)),
            ("sb", 1, date(2026, 11, 3)), ("sc2", 1, date(2026, 11, 2))]
        assert con.execute("SELECT DISTINCT days_timezone FROM landing_files").fetchall() \
            == [("Europe/Berlin",)]
    finally:
        close_connection(con)
