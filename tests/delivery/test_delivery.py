"""Access logs → raw_access_log → daily_media_delivery, against figures worked out by hand."""

import gzip
from datetime import datetime, timezone

import dagster as dg
import pytest

from assets.delivery.assets import daily_delivery_totals, daily_media_delivery, raw_access_log, unmatched_requests
from assets.ingest.assets import media_inventory, raw_usage_events
from assets.ingest.landing import sync_folder
from assets.shared.resources import LandingResource
from assets.storage.assets import unused_media
from access_log_lines import BOT, IPHONE, line
from conftest import DATA, event, item

DAY = "2026-11-02"
EARLIEST = datetime(1, 1, 1, tzinfo=timezone.utc)  # the real logs are from 2010 on: no PARTITIONS_START here
REAL_LOGS = DATA / "access_logs"
RENDITIONS = [{"name": "medium", "path": "2026/10/hero-300x200.jpg", "width": 300, "height": 200, "size": 20_000}]


def build(workspace, assets=None, day=DAY, **landing):
    resources = workspace.resources()
    if landing:
        resources["landing"] = LandingResource(landing_dir=str(workspace.landing), **landing)
    result = dg.materialize(assets or [media_inventory, raw_usage_events, raw_access_log, daily_media_delivery,
                                       daily_delivery_totals, unmatched_requests],
                            partition_key=day, resources=resources)
    assert result.success
    return result


@pytest.fixture
def site(workspace):
    workspace.land("inventory", "export.ndjson", [
        item("hero", path="2026/10/hero.jpg", size=100_000, renditions=RENDITIONS),
        item("doc", path="2026/10/report.pdf", mime_type="application/pdf", size=50_000),
    ])
    workspace.land("access_logs", "2026/11/access.log", "".join([
        # hero original: full 200 (miss, 40 ms), a 304 (hit), a 404 from a bot
        line("192.0.2.10", "02/Nov/2026:10:00:00 +0000", "GET /media/2026/10/hero.jpg HTTP/1.1", 200, 100_000,
             request_time="0.040", cache="MISS"),
        line("192.0.2.10", "02/Nov/2026:10:05:00 +0000", "GET /media/2026/10/hero.jpg HTTP/1.1", 304, 0, cache="HIT"),
        line("192.0.2.99", "02/Nov/2026:11:00:00 +0000", "GET /media/2026/10/hero.jpg HTTP/1.1", 404, 150,
             agent=BOT, cache="-", request_time="-"),
        # the medium rendition, URL-encoded and with a query string, from a phone
        line("198.51.100.7", "02/Nov/2026:12:00:00 +0100", "GET /media/2026/10/hero-300x200%2Ejpg?ver=2 HTTP/2.0",
             200, 20_000, agent=IPHONE, request_time="0.020", cache="HIT"),
        # a WebP variant the CDN made, not in the inventory: hero.jpg.webp
        line("198.51.100.7", "02/Nov/2026:13:00:00 +0000", "GET https://cdn.example.org/media/2026/10/hero.jpg.webp HTTP/2.0",
             200, 30_000, agent=IPHONE, request_time="0.030", cache="HIT"),
        # the PDF: one client completes in two ranges, another gets half, a third fails with 500
        line("203.0.113.5", "02/Nov/2026:14:00:00 +0000", "GET /media/2026/10/report.pdf HTTP/1.1", 206, 25_000,
             cache="EXPIRED"),
        line("203.0.113.5", "02/Nov/2026:14:00:01 +0000", "GET /media/2026/10/report.pdf HTTP/1.1", 206, 25_000,
             cache="EXPIRED"),
        line("203.0.113.6", "02/Nov/2026:14:10:00 +0000", "GET /media/2026/10/report.pdf HTTP/1.1", 206, 25_000,
             cache="BYPASS"),
        line("203.0.113.8", "02/Nov/2026:14:20:00 +0000", "GET /media/2026/10/report.pdf HTTP/1.1", 500, 0,
             cache="-", request_time="1.500"),
        # not media
        line("203.0.113.9", "02/Nov/2026:15:00:00 +0000", "GET /about/ HTTP/1.1", 200, 5_000, cache="-"),
        line("203.0.113.9", "02/Nov/2026:15:00:01 +0000", "GET /media/2026/10/gone.jpg HTTP/1.1", 404, 150, cache="-"),
        # not requests
        "this is not a log line\n",
        '192.0.2.10 - - [02/Nov/2026:16:00:00 +0000] "GET /media/x.jpg HTTP/1.1" 200\n',
        # another day
        line("192.0.2.10", "03/Nov/2026:00:00:01 +0000", "GET /media/2026/10/hero.jpg HTTP/1.1", 200, 100_000),
    ]))
    workspace.land("usage_events", "events.ndjson", [
        event("e1", "hero", "view", "2026-11-02T10:00:00Z", load_time_ms=120),
        event("e2", "hero", "view", "2026-11-02T10:01:00Z", load_time_ms=80),
    ])
    return workspace


def delivery(workspace, media_id):
    with workspace.connect() as con:
        cursor = con.execute("SELECT * FROM daily_media_delivery WHERE media_id = $m", {"m": media_id})
        return dict(zip([d[0] for d in cursor.description], cursor.fetchone()))


def test_every_line_is_a_request_or_a_rejected_row(site):
    build(site)
    # 14 lines: 13 on the 2nd (11 requests + 2 rejects), 1 request on the 3rd.
    assert site.query("SELECT count(*) FROM raw_access_log") == [(11,)]
    assert site.query("SELECT line, reason FROM rejected_rows WHERE source = 'access_logs' ORDER BY line") == [
        (12, "not a combined-format log line"), (13, "invalid bytes sent ''")]


def test_requests_map_to_originals_renditions_and_modern_variants(site):
    build(site)
    rows = site.query("SELECT path, media_id, variant, served_format, query, device_type, is_bot FROM raw_access_log "
                      "ORDER BY ts")
    assert rows == [
        ("/media/2026/10/hero.jpg", "hero", "original", "jpg", None, "desktop", False),
        ("/media/2026/10/hero.jpg", "hero", "original", "jpg", None, "desktop", False),
        ("/media/2026/10/hero.jpg", "hero", "original", "jpg", None, "bot", True),
        ("/media/2026/10/hero-300x200.jpg", "hero", "medium", "jpg", "ver=2", "mobile", False),  # 11:00 UTC
        ("/media/2026/10/hero.jpg.webp", "hero", "modern_format", "webp", None, "mobile", False),
        ("/media/2026/10/report.pdf", "doc", "original", "pdf", None, "desktop", False),
        ("/media/2026/10/report.pdf", "doc", "original", "pdf", None, "desktop", False),
        ("/media/2026/10/report.pdf", "doc", "original", "pdf", None, "desktop", False),
        ("/media/2026/10/report.pdf", "doc", "original", "pdf", None, "desktop", False),
        ("/about/", None, None, None, None, "desktop", False),
        ("/media/2026/10/gone.jpg", None, None, "jpg", None, "desktop", False),
    ]


def test_delivery_figures_of_an_image(site):
    build(site)
    hero = delivery(site, "hero")
    assert (hero["requests"], hero["human_requests"], hero["bot_requests"]) == (5, 4, 1)
    assert hero["bytes_sent"] == 100_000 + 0 + 150 + 20_000 + 30_000
    # HIT, HIT, HIT (the rendition, the WebP, the 304) and one MISS; the bot's '-' is unknown
    assert (hero["cache_hits"], hero["cache_misses"], hero["cache_unknown"]) == (3, 1, 1)
    assert hero["cache_hit_rate"] == 3 / 4
    assert (hero["errors_4xx"], hero["errors_5xx"], hero["error_rate"]) == (1, 0, 1 / 5)
    # tracked load times win over the server's request times: (120 + 80) / 2
    assert hero["load_time_source"] == "usage_events"
    assert hero["load_time_mean_ms"] == 100.0 and hero["load_time_samples"] == 2
    assert (hero["image_requests"], hero["modern_format_requests"], hero["rendition_requests"]) == (5, 1, 1)
    assert hero["modern_format_share"] == 1 / 5 and hero["rendition_share"] == 1 / 5
    assert hero["mobile_requests"] == 2
    # 200s served something other than the original: (100,000 - 20,000) + (100,000 - 30,000)
    assert hero["compression_savings_bytes"] == 150_000


def test_downloads_count_ranges_per_client(site):
    build(site)
    doc = delivery(site, "doc")
    # three clients asked for the PDF with 200/206: one got 25,000 + 25,000 = the whole file
    assert (doc["downloads_attempted"], doc["downloads_completed"]) == (2, 1)
    assert doc["download_success_rate"] == 1 / 2
    assert (doc["cache_hits"], doc["cache_misses"], doc["cache_unknown"]) == (0, 3, 1)
    assert doc["cache_hit_rate"] == 0.0
    # no tracked load time: the server's, 10 ms x3 and 1,500 ms
    assert doc["load_time_source"] == "access_log"
    assert doc["load_time_mean_ms"] == pytest.approx((10 + 10 + 10 + 1500) / 4)
    assert doc["error_rate"] == 1 / 4


def test_a_day_without_access_logs_has_no_delivery_rows(site):
    build(site, day="2026-11-04")
    for table in ("raw_access_log", "daily_media_delivery", "daily_delivery_totals", "unmatched_requests"):
        assert site.query(f"SELECT count(*) FROM {table} WHERE day = DATE '2026-11-04'") == [(0,)], table


def test_unmatched_paths_are_counted_not_dropped(site):
    build(site)
    assert site.query("SELECT path, under_media_prefix, requests, bytes_sent, statuses FROM unmatched_requests "
                      "ORDER BY path") == [("/about/", False, 1, 5_000, "200"),
                                           ("/media/2026/10/gone.jpg", True, 1, 150, "404")]
    totals = dict((r[0], r[1:]) for r in site.query(
        "SELECT media_type, requests, bot_requests, bytes_sent FROM daily_delivery_totals"))
    assert totals["all"] == (11, 1, 100_000 + 150 + 20_000 + 30_000 + 75_000 + 5_000 + 150)
    assert totals["unmatched"] == (2, 0, 5_150)
    assert totals["image"][0] == 5 and totals["document"][0] == 4


def test_a_wordpress_prefix_is_configurable(workspace):
    workspace.land("inventory", "export.ndjson", [item("hero", path="2026/10/hero.jpg")])
    workspace.land("access_logs", "a.log", line("192.0.2.1", "02/Nov/2026:10:00:00 +0000",
                                               "GET /wp-content/uploads/2026/10/hero.jpg HTTP/1.1", 200, 1000))
    build(workspace, media_url_prefixes=["/wp-content/uploads/"])
    assert workspace.query("SELECT media_id FROM raw_access_log") == [("hero",)]


def test_no_client_ip_is_stored_anywhere_in_the_warehouse(site):
    build(site)
    with site.connect() as con:
        tables = [r[0] for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() AND database_name = current_database()").fetchall()]
        for table in tables:
            text = con.execute(f"SELECT string_agg(CAST(t AS VARCHAR), ' ') FROM {table} AS t").fetchone()[0] or ""
            for ip in ("192.0.2.10", "198.51.100.7", "203.0.113.5", "192.0.2.99"):
                assert ip not in text, f"{ip} stored in {table}"
    for file in site.warehouse_dir.rglob("*"):  # the catalog (and its WAL) and every data file
        if file.is_file():
            assert file.read_bytes().find(b"192.0.2.10") == -1, file


def test_bot_and_error_requests_are_no_evidence_of_use_but_people_are(workspace):
    workspace.land("inventory", "export.ndjson", [item("hot"), item("crawled"), item("broken")])
    workspace.land("access_logs", "a.log", "".join([
        line("192.0.2.1", "02/Nov/2026:10:00:00 +0000", "GET /media/2026/10/hot.jpg HTTP/1.1", 200, 1000),
        line("192.0.2.2", "02/Nov/2026:10:00:00 +0000", "GET /media/2026/10/crawled.jpg HTTP/1.1", 200, 1000, agent=BOT),
        line("192.0.2.3", "02/Nov/2026:10:00:00 +0000", "GET /media/2026/10/broken.jpg HTTP/1.1", 500, 0),
    ]))
    build(workspace, [media_inventory, raw_usage_events, raw_access_log, unused_media])
    assert workspace.query("SELECT media_id, evidence_class, deletion_risk FROM unused_media ORDER BY 1") == [
        ("broken", "cleanup_candidate", "low"), ("crawled", "cleanup_candidate", "low"), ("hot", "hot_linked", "medium")]


def test_a_w3c_fields_header_that_changes_mid_file(workspace):
    workspace.land("inventory", "export.ndjson", [item("song", path="audio/song.mp3", mime_type="audio/mpeg",
                                                       size=5000)])
    tab = "\t"
    workspace.land("access_logs", "cloudfront.log.gz", gzip.compress("\n".join([
        "#Version: 1.0",
        "#Fields: date time c-ip cs-method cs-uri-stem sc-status sc-bytes time-taken x-edge-result-type cs(User-Agent)",
        tab.join(["2026-11-02", "10:00:00", "192.0.2.1", "GET", "/media/audio/song.mp3", "200", "5000", "0.250",
                  "Miss", "Mozilla/5.0%2520(X11)"]),
        "#Fields: date time c-ip cs-method cs-uri-stem sc-status sc-bytes x-edge-result-type",
        tab.join(["2026-11-02", "11:00:00", "192.0.2.2", "GET", "/media/audio/song.mp3", "200", "5000", "Hit"]),
        tab.join(["2026-11-02", "11:00:01", "192.0.2.2", "GET", "/media/audio/song.mp3", "200"]),
    ]).encode()))
    build(workspace)
    assert workspace.query("SELECT CAST(ts AS VARCHAR), status, bytes_sent, request_time_ms, cache_result, "
                           "user_agent, log_format FROM raw_access_log ORDER BY ts") == [
        ("2026-11-02 10:00:00+00", 200, 5000, 250.0, "miss", "Mozilla/5.0 (X11)", "cloudfront"),
        ("2026-11-02 11:00:00+00", 200, 5000, None, "hit", None, "cloudfront"),
    ]
    assert workspace.query("SELECT line, reason FROM rejected_rows") == [
        (6, "field count differs from the #Fields: header")]


def test_iis_time_taken_is_in_milliseconds(workspace):
    workspace.land("access_logs", "u_ex261102.log", "\n".join([
        "#Software: Microsoft Internet Information Services 10.0",
        "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) "
        "cs(Referer) sc-status sc-substatus sc-win32-status time-taken",
        "2026-11-02 10:00:00 10.0.0.1 GET /media/a.png - 443 - 192.0.2.4 Mozilla/5.0+(Windows+NT+10.0) - 200 0 0 31",
    ]) + "\n")
    build(workspace)
    assert workspace.query("SELECT path, status, request_time_ms, user_agent, log_format FROM raw_access_log") == [
        ("/media/a.png", 200, 31.0, "Mozilla/5.0 (Windows NT 10.0)", "w3c")]


def test_the_real_apache_log_accounts_for_every_line(workspace):
    # May 2015 is before any partition, so this checks the parse itself: every line is a request
    # or a rejected row with a reason.
    source = REAL_LOGS / "elastic_apache_logs.log"
    workspace.land("access_logs", "apache.log", source.read_bytes())
    with workspace.resources()["warehouse"].connect() as con:
        sync_folder(con, "access_logs", workspace.landing / "access_logs", "staged_access_log",
                            detect_format=lambda path: "lines", params={"salt": "test", "tz": "UTC", "first_instant": EARLIEST})
        lines, valid, rejected = con.execute("SELECT lines, rows_valid, rows_rejected FROM landing_files").fetchone()
        reasons = con.execute("SELECT reject_reason, count(*) FROM staged_access_log "
                              "WHERE reject_reason IS NOT NULL GROUP BY 1").fetchall()
        days = con.execute("SELECT CAST(min(ts) AS DATE), CAST(max(ts) AS DATE) FROM staged_access_log").fetchone()
    assert lines == len(source.read_bytes().splitlines()) == 10_000
    assert valid + rejected == lines
    # one line's user agent was cut off before its closing quote
    assert reasons == [("not a combined-format log line", 1)]
    assert [d.isoformat() for d in days] == ["2015-05-17", "2015-05-20"]


def test_the_cloudfront_examples_parse(workspace):
    for path in (REAL_LOGS / "cloudfront").glob("*.txt"):
        workspace.land("access_logs", path.name, path.read_bytes())
    with workspace.resources()["warehouse"].connect() as con:
        sync_folder(con, "access_logs", workspace.landing / "access_logs", "staged_access_log",
                            detect_format=lambda path: "lines", params={"salt": "test", "tz": "UTC", "first_instant": EARLIEST})
        rows = dict(con.execute(
            "SELECT regexp_extract(path, '[^/]+$'), (rows_valid, rows_rejected) FROM landing_files").fetchall())
    assert rows == {
        "claygregory_web-1-0.txt": (2, 0),
        "claygregory_web-1-0-2019-12.txt": (3, 0),
        "claygregory_kinesis-1-0.txt": (1, 0),   # real-time log: epoch timestamp, cs-user-agent
        "claygregory_rtmp-1-0.txt": (0, 6),      # RTMP streaming events have no HTTP method
    }


@pytest.mark.parametrize("files, chunk_bytes", [
    (["cloudfront/*.txt"], 300),  # four W3C files of 1-3 kB: a block of a few lines each
    (["elastic_apache_logs.log"], 100_000),  # 2.4 MB: 24 blocks
])
def test_a_log_staged_in_small_blocks_parses_as_the_whole_file(workspace, monkeypatch, files, chunk_bytes):
    # Large logs are staged block by block (a 5 M-line log read whole ran out of memory); each
    # block must parse as the whole file did, a #Fields: header carried to the blocks after it.
    import functools

    import assets.ingest.landing
    from assets.ingest.readers import iter_rows

    for path in sorted(p for pattern in files for p in REAL_LOGS.glob(pattern)):
        workspace.land("access_logs", path.name, path.read_bytes())
    query = ("SELECT file_sha256, line, reject_reason, CAST(ts AS VARCHAR), path, status, bytes_sent "
             "FROM staged_access_log ORDER BY ALL")

    def staged(chunks):
        if chunks:
            monkeypatch.setattr(assets.ingest.landing, "iter_rows", functools.partial(iter_rows, chunk_bytes=chunks))
        with workspace.resources()["warehouse"].connect() as con:
            con.execute("DELETE FROM staged_access_log; DELETE FROM landing_files")
            sync_folder(con, "access_logs", workspace.landing / "access_logs", "staged_access_log",
                        detect_format=lambda path: "lines", params={"salt": "test", "tz": "UTC", "first_instant": EARLIEST})
            return con.execute(query).fetchall(), con.execute(
                "SELECT path, lines, rows_valid, rows_rejected FROM landing_files ORDER BY path").fetchall()

    whole = staged(None)
    assert len(whole[0]) > 10
    assert staged(chunk_bytes) == whole
