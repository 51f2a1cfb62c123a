"""daily_document_access from usage events and access logs, against figures worked out by hand."""

import dagster as dg
import pytest

from conftest import Workspace, event, item
from access_log_lines import BOT, CHROME, IPHONE, line
from test_documents import DOCUMENT_ASSETS

GUIDE = "GET /media/2026/10/guide.pdf HTTP/1.1"
SITE = "https://www.example.org/visit"


@pytest.fixture(scope="module")
def access(tmp_path_factory):
    workspace = Workspace(tmp_path_factory.mktemp("access"))
    workspace.land("inventory", "export.ndjson", [
        item("guide", path="2026/10/guide.pdf", filename="guide.pdf", mime_type="application/pdf", size=50_000),
        item("sheet", path="2026/10/sheet.csv", filename="sheet.csv", mime_type="text/csv", size=1_000),
        item("hero", path="2026/10/hero.jpg"),
    ])
    workspace.land("usage_events", "events.ndjson", [
        event("d0", "guide", "download", "2026-11-01T08:00:00Z"),
        event("d1", "guide", "download", "2026-11-01T09:00:00Z"),
        event("p1", "guide", "preview", "2026-11-02T08:00:00Z", user_id="u1"),
        event("p2", "guide", "preview", "2026-11-02T08:05:00Z", session_id="s1"),
        event("d2", "guide", "download", "2026-11-02T08:06:00Z", session_id="s1",
              referrer="https://www.google.com/search?q=guide"),
        event("v1", "guide", "view", "2026-11-02T09:00:00Z", referrer=SITE, page_url="https://www.example.org/a"),
        event("h1", "hero", "view", "2026-11-02T09:00:00Z"),
    ])
    workspace.land("access_logs", "access.log", "".join([
        line("192.0.2.10", "02/Nov/2026:10:00:00 +0000", GUIDE, 200, 50_000, referrer=SITE, request_time="0.200"),
        line("198.51.100.7", "02/Nov/2026:10:01:00 +0000", GUIDE, 200, 20_000, agent=IPHONE, request_time="0.100"),
        line("192.0.2.99", "02/Nov/2026:10:02:00 +0000", GUIDE, 200, 50_000, agent=BOT),
        line("192.0.2.11", "02/Nov/2026:10:03:00 +0000", GUIDE, 200, 50_000, agent=CHROME, referrer=SITE,
             request_time="0.400"),
    ]))
    for day in ["2026-11-01", "2026-11-02"]:
        assert dg.materialize(DOCUMENT_ASSETS, partition_key=day, resources=workspace.resources()).success
    return workspace


def figures(workspace, media_id, columns):
    return workspace.query(f"SELECT {columns} FROM daily_document_access "
                           "WHERE day = DATE '2026-11-02' AND media_id = $m", {"m": media_id})[0]


def test_only_documents_with_accesses_have_rows(access):
    assert access.query("SELECT media_id FROM daily_document_access WHERE day = DATE '2026-11-02'") == [("guide",)]


def test_usage_figures_users_and_sources(access):
    assert figures(access, "guide", "views, previews, downloads, preview_to_download_rate, unique_users, "
                                    "signed_in_users, anonymous_sessions") == (1, 2, 1, 0.5, 2, 1, 1)
    assert figures(access, "guide", "from_search, from_internal, from_direct, from_social") == (1, 1, 2, 0)


def test_download_success_time_and_devices_from_the_access_log(access):
    # three people's clients fetched the PDF, two got all 50,000 bytes in 200 and 400 ms; one bot
    assert figures(access, "guide", "requests, bot_requests, downloads_attempted, downloads_completed, "
                                    "download_success_rate, avg_download_time_ms, download_time_samples") == (
        3, 1, 3, 2, pytest.approx(2 / 3), pytest.approx(300.0), 2)
    assert figures(access, "guide", "desktop_requests, mobile_requests, tablet_requests") == (2, 1, 0)


def test_top_referrers_are_hosts_most_first(access):
    assert figures(access, "guide", "top_referrers")[0] == [
        {"referrer": "www.example.org", "requests": 2}, {"referrer": "(direct)", "requests": 1}]


def test_the_trend_compares_with_the_days_before(access):
    # 2 downloads on the one earlier day with events, 1 today: -50 %
    assert figures(access, "guide", "downloads_prev_7d_avg, downloads_change") == (2.0, -0.5)


def test_document_format_comes_from_the_file_or_the_name(access):
    assert figures(access, "guide", "doc_format") == ("pdf",)
