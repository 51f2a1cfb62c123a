"""The media error rate (requests that reached an item) apart from broken links (paths no item
has), and the broken links as a list a site operator can fix — against figures worked out by hand."""

from datetime import date

import dagster as dg

from assets.delivery.assets import daily_delivery_totals, daily_media_delivery, raw_access_log, unmatched_requests
from assets.ingest.assets import media_inventory, raw_usage_events
from assets.shared.sqlfiles import fetch_dicts
from conftest import item

CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"
BOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
POST = "https://example.org/post/1"


def line(n, path, status, referrer="-", agent=CHROME):
    return (f'192.0.2.{n} - - [02/Nov/2026:10:00:{n:02d} +0000] "GET {path} HTTP/1.1" {status} 100 '
            f'"{referrer}" "{agent}" 0.010 HIT\n')


def build_and_read(workspace) -> tuple[dict, list[dict]]:
    """Build 2026-11-02's delivery tables; its performance panel and broken links as the report reads them."""
    result = dg.materialize([media_inventory, raw_usage_events, raw_access_log, daily_media_delivery,
                             daily_delivery_totals, unmatched_requests], partition_key="2026-11-02",
                            resources=workspace.resources())
    assert result.success
    with workspace.connect() as con:
        panel = fetch_dicts(con, "report_delivery", {"day": date(2026, 11, 2)})[0]
        links = fetch_dicts(con, "report_broken_links", {"day": date(2026, 11, 2), "limit": 10, "referrers": 3})
    return panel, links


def test_broken_links_are_listed_apart_from_the_media_error_rate(workspace):
    workspace.land("inventory", "export.ndjson", [item("m1", path="2026/10/m1.jpg")])
    workspace.land("access_logs", "access.log", "".join([
        # m1: three answered, one 503 — the library's own error rate is 1 of 4
        line(1, "/media/2026/10/m1.jpg", 200), line(2, "/media/2026/10/m1.jpg", 200),
        line(3, "/media/2026/10/m1.jpg", 200), line(4, "/media/2026/10/m1.jpg", 503),
        # a deleted file still linked from a post (twice) and typed in once; a bot asks too
        line(5, "/media/2026/10/gone.jpg", 404, POST), line(6, "/media/2026/10/gone.jpg", 404, POST),
        line(7, "/media/2026/10/gone.jpg", 404), line(8, "/media/2026/10/gone.jpg", 404, agent=BOT),
        # not under the media prefix: not a broken media link
        line(9, "/favicon.ico", 404),
    ]))
    panel, links = build_and_read(workspace)
    # the site: 6 errors in 9 requests; the library: 1 in 4; 5 requests, all errors, matched nothing
    assert panel["error_rate"] == 6 / 9
    assert panel["media_error_rate"] == 1 / 4
    assert (panel["unmatched_requests"], panel["unmatched_errors"]) == (5, 5)
    assert links == [{"path": "/media/2026/10/gone.jpg", "requests": 3,
                      "referrers": [{"referrer": POST, "requests": 2}, {"referrer": "", "requests": 1}],
                      "new": True}]  # no earlier day has it: a new broken link (What needs attention)


def test_path_traversal_probes_are_counted_but_not_listed_as_broken_links(workspace):
    """A request for `/media/../../etc/passwd` is someone probing the server, not a link to a missing
    file: it counts among the unmatched requests and errors, but a site operator has no page to fix."""
    workspace.land("inventory", "export.ndjson", [item("m1", path="2026/10/m1.jpg")])
    workspace.land("access_logs", "access.log", "".join([
        line(1, "/media/../../etc/passwd", 404), line(2, "/media/2026/../../../etc/passwd", 404),
        line(3, "/media/%2E%2E/%2e%2e/etc/passwd", 400), line(4, "/media/./wp-config.php", 404),
        line(5, "/media/2026/10/gone.jpg", 404, POST), line(6, "/media/2026/10/..gone.jpg", 404, POST),
    ]))
    panel, links = build_and_read(workspace)
    assert (panel["unmatched_requests"], panel["unmatched_errors"]) == (6, 6)
    # a name that merely starts with two dots is a file name, not a path segment
    assert [link["path"] for link in links] == ["/media/2026/10/..gone.jpg", "/media/2026/10/gone.jpg"]
