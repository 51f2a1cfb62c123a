"""The report folder is published (README): no address, token, user id or raw IP may reach it,
whatever the landing files hold (issue 15, item 11)."""

import gzip
import json

import dagster as dg
import polars as pl

from assets.shared.resources import ReportingResource
from conftest import event, item
from pipelines.definitions import ASSET_MODULES

DAY = "2026-11-02"
ALL_ASSETS = dg.load_assets_from_modules(ASSET_MODULES)
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0"
SECRETS = ["alice@example.com", "bob%40example.com", "carol@example.com", "dave@example.com", "erin@example.com",
           "frank@example.org", "203.0.113.77", "198.51.100.23", "tok_SECRET", "sess_SECRET", "u_SECRET"]


def land_private_data(workspace):
    workspace.land("inventory", "export.ndjson", [
        item("m1", usage_locations=[{"type": "post", "id": "1", "status": "draft",
                                     "url": "https://site.example/?p=1&preview_nonce=tok_SECRET_0"}]),
        item("v1", path="2026/10/v1.mp4", mime_type="video/mp4"),
        item("d1", path="2026/10/d1.pdf", mime_type="application/pdf"),
    ])
    workspace.land("usage_events", "day.ndjson", [
        event("e1", "m1", "view", "2026-11-02T09:00:00Z", user_id="alice@example.com", ip="203.0.113.77",
              page_url="https://site.example/p?token=tok_SECRET_1",
              referrer="https://bob%40example.com:pw@mail.example/inbox?token=tok_SECRET_2"),
        event("e2", "d1", "download", "2026-11-02T09:05:00Z", user_id="u_SECRET_7", session_id="sess_SECRET_8"),
        {"event_id": "e3", "media_id": "m1", "event_type": "wink", "timestamp": "2026-11-02T09:00:00Z",
         "user_id": "alice@example.com", "ip": "203.0.113.77", "page_url": "/?token=tok_SECRET_6"},
    ])
    play = {"media_id": "v1", "user_id": "carol@example.com", "session_id": "sess_SECRET_3", "duration": 60}
    workspace.land("player_events", "player.ndjson", [
        {"event_id": "p1", "event_type": "play", "timestamp": "2026-11-02T10:00:00Z", "position": 0, **play},
        {"event_id": "p2", "event_type": "pause", "timestamp": "2026-11-02T10:00:30Z", "position": 30, **play},
    ])
    line = '{ip} - alice@example.com [02/Nov/2026:10:00:00 +0000] "GET {path} HTTP/1.1" 200 500 "{ref}" "{FIREFOX}" 0.1 HIT\n'
    workspace.land("access_logs", "access.log.gz", gzip.compress("".join([
        line.format(ip="198.51.100.23", path="/media/2026/10/d1.pdf?token=tok_SECRET_5",
                    ref="http://dave@example.com@evil.example/?token=tok_SECRET_4", FIREFOX=FIREFOX),
        line.format(ip="198.51.100.23", path="/media/unknown/erin@example.com.jpg", ref="-", FIREFOX=FIREFOX),
        "198.51.100.23 garbage tok_SECRET_9 erin@example.com\n",
    ]).encode()))


def published_text(folder) -> dict[str, str]:
    """Every file under the published folder as text: Parquet files read back as JSON rows."""
    texts = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if path.suffix == ".parquet":
            texts[str(path)] = json.dumps(pl.read_parquet(path).to_dicts(), default=str)
        else:
            texts[str(path)] = path.read_bytes().decode("utf-8", errors="replace")
    return texts


def test_no_address_token_or_raw_ip_reaches_the_published_report_folder(workspace):
    land_private_data(workspace)
    resources = workspace.resources()
    resources["reporting"] = ReportingResource(
        reports_dir=str(workspace.root / "reports"), outbox_dir=str(workspace.root / "outbox"),
        recipients=["frank@example.org"], sender="ma@example.org", email_max_age_days=100000)
    result = dg.materialize(ALL_ASSETS, partition_key=DAY, resources=resources, raise_on_error=False)
    assert result.success, [e.message for e in result.all_events if e.is_failure]

    # The warehouse does hold them (so this test can fail): the ledger, per-viewer rows, quarantine.
    assert workspace.query("SELECT recipient FROM email_ledger") == [("frank@example.org",)]
    assert workspace.query("SELECT DISTINCT viewer_id FROM video_views") == [("u:carol@example.com",)]
    assert workspace.query("SELECT count(*) FROM rejected_rows WHERE raw LIKE '%tok_SECRET%'")[0][0] >= 2
    assert workspace.query("SELECT count(*) FROM unmatched_requests WHERE path LIKE '%erin@example.com%'") == [(1,)]

    texts = published_text(workspace.root / "reports")
    exports = workspace.root / "reports" / DAY / "exports"
    assert {p.split("/")[-1] for p in texts if p.startswith(str(exports))} >= {
        "daily_media_usage.csv", "daily_document_access.parquet", "daily_video_engagement.csv"}
    leaks = {(path, secret) for path, text in texts.items() for secret in SECRETS if secret in text}
    assert not leaks
    # The referring host is published without the user name before its @.
    documents = pl.read_csv(exports / "daily_document_access.csv")
    assert json.loads(documents.filter(pl.col("media_id") == "d1")["top_referrers"][0]) == [{"referrer": "evil.example", "requests": 1}]


def test_a_table_no_longer_exported_leaves_the_folder(workspace):
    land_private_data(workspace)
    stale = workspace.root / "reports" / DAY / "exports" / "email_ledger.csv"
    stale.parent.mkdir(parents=True)
    stale.write_text("recipient\nfrank@example.org\n")  # written by an earlier version
    assert dg.materialize(ALL_ASSETS, partition_key=DAY, resources=workspace.resources(), raise_on_error=False).success
    assert not stale.exists()
