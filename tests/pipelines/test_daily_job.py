"""The whole day end to end: landing files → every asset → warehouse, HTML page and email,
sent through a real SMTP server on loopback."""

import email
import json
import email.policy
import re

import dagster as dg
import pytest
from aiosmtpd.controller import Controller

from pipelines.definitions import ASSET_MODULES
from assets.shared.resources import ReportingResource
from conftest import Workspace, free_port, land_small_sample

DAY = "2026-11-02"
ALL_ASSETS = dg.load_assets_from_modules(ASSET_MODULES)
DAILY_TABLES = ["raw_usage_events", "media_inventory", "daily_media_usage", "daily_storage", "unused_media",
                "rejected_rows"]


class Inbox:
    def __init__(self, reply: str = "250 OK"):
        self.messages = []
        self.reply = reply

    async def handle_DATA(self, server, session, envelope):
        if not self.reply.startswith("250"):
            return self.reply
        self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 OK"


@pytest.fixture
def smtp_server():
    servers = []

    def start(reply="250 OK"):
        inbox = Inbox(reply)
        port = free_port()
        controller = Controller(inbox, hostname="127.0.0.1", port=port)
        controller.start()
        servers.append(controller)
        return inbox, port

    yield start
    for controller in servers:
        controller.stop()


def run_day(workspace, port=None, **reporting):
    resources = workspace.resources()
    if port is not None:
        resources["reporting"] = ReportingResource(
            reports_dir=str(workspace.root / "reports"), outbox_dir=str(workspace.root / "outbox"),
            recipients=["editor@example.org", "owner@example.org"], sender="Media Analytics <ma@example.org>",
            email_max_age_days=100000, smtp_host="127.0.0.1", smtp_port=port, smtp_security="none", **reporting,
        )
    return dg.materialize(ALL_ASSETS, partition_key=DAY, resources=resources, raise_on_error=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The `landed` files built once with the default resources (no SMTP, no base URL), and the run's
    result: the tests that only read what that one build wrote share it instead of each building
    the same day again."""
    workspace = land_small_sample(Workspace(tmp_path_factory.mktemp("built")))
    return workspace, run_day(workspace)


def snapshot(workspace):
    return {table: workspace.query(f"SELECT * FROM {table} ORDER BY ALL") for table in DAILY_TABLES}


def test_the_day_is_emailed_once_with_text_html_and_inline_charts(landed, smtp_server):
    inbox, port = smtp_server()
    assert run_day(landed, port).success
    assert len(inbox.messages) == 1
    recipients, content = inbox.messages[0]
    assert recipients == ["editor@example.org", "owner@example.org"]
    message = email.message_from_bytes(content, policy=email.policy.default)
    assert message.get_content_type() == "multipart/alternative"
    assert message["Subject"].startswith("Media analytics — 2026-11-02: 3 files")
    text = message.get_body(("plain",)).get_content()
    assert "2026-11-02" in text
    related = next(p for p in message.iter_parts() if p.get_content_type() == "multipart/related")
    html = related.get_body(("html",)).get_content()
    images = {p["Content-ID"].strip("<>"): p for p in related.iter_parts() if p.get_content_maintype() == "image"}
    cids = set(re.findall(r'src="cid:([^"]+)"', html))
    assert cids and cids <= set(images)
    assert all(p.get_content_disposition() == "inline" for p in images.values())
    assert "<script>alert" not in html and "&lt;script&gt;" in html

    # The same day again: the ledger says everyone has it, nothing is sent.
    again = run_day(landed, port)
    assert again.success
    assert len(inbox.messages) == 1
    metadata = again.asset_materializations_for_node("report_email")[0].metadata
    assert metadata["sent"].value is False


def test_forcing_a_resend_sends_again(landed, smtp_server):
    inbox, port = smtp_server()
    run_day(landed, port)
    config = dg.RunConfig(ops={"report_email": {"config": {"force": True}}})
    resources = landed.resources()
    resources["reporting"] = ReportingResource(
        reports_dir=str(landed.root / "reports"), outbox_dir=str(landed.root / "outbox"),
        recipients=["editor@example.org"], sender="ma@example.org", email_max_age_days=100000,
        smtp_host="127.0.0.1", smtp_port=port,
    )
    assert dg.materialize(ALL_ASSETS, partition_key=DAY, resources=resources, run_config=config).success
    assert len(inbox.messages) == 2


def test_a_refusing_smtp_server_fails_the_email_asset_clearly(landed, smtp_server):
    _, port = smtp_server("550 5.7.1 relaying denied")
    result = run_day(landed, port)
    assert not result.success
    failure = next(e for e in result.all_events if e.is_step_failure)
    assert failure.step_key == "report_email"
    assert "550" in failure.event_specific_data.error.message
    assert f"127.0.0.1:{port}" in failure.event_specific_data.error.message
    assert landed.query("SELECT count(*) FROM email_ledger") == [(0,)]


def test_without_smtp_the_email_lands_in_the_outbox_and_the_page_is_written(built):
    landed, result = built
    assert result.success
    eml = landed.root / "outbox" / f"{DAY}-media-analytics.eml"
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert message["To"] == "team@example.org"
    page = (landed.root / "reports" / DAY / "index.html").read_text()
    assert "hero.jpg" in page and "<script>alert" not in page
    assert (landed.root / "reports" / "index.html").read_text().count(f"{DAY}/index.html") == 1


def test_a_backfilled_old_day_is_not_emailed(landed):
    resources = landed.resources()
    resources["reporting"] = ReportingResource(
        reports_dir=str(landed.root / "reports"), outbox_dir=str(landed.root / "outbox"),
        recipients=["team@example.org"], sender="ma@example.org", email_max_age_days=1,
    )
    result = dg.materialize(ALL_ASSETS, partition_key=DAY, resources=resources)
    assert result.asset_materializations_for_node("report_email")[0].metadata["sent"].value is False
    assert not (landed.root / "outbox").exists()


def test_rerunning_a_day_leaves_every_table_identical(landed):
    assert run_day(landed).success
    first = snapshot(landed)
    assert first["raw_usage_events"] and first["daily_media_usage"]
    assert run_day(landed).success
    assert snapshot(landed) == first


def test_every_daily_table_is_exported_as_csv_and_parquet_and_linked(built):
    import polars as pl

    landed, result = built
    assert result.success
    folder = landed.root / "reports" / DAY / "exports"
    for table in ("daily_media_usage", "daily_storage", "unused_media", "daily_media_delivery"):
        rows = landed.query(f"SELECT count(*) FROM {table} WHERE day = DATE '{DAY}'")[0][0]
        assert pl.read_csv(folder / f"{table}.csv").height == rows, table
        assert pl.read_parquet(folder / f"{table}.parquet").height == rows, table
    assert not (folder / "raw_usage_events.csv").exists()
    # nested columns: JSON text in the CSV, typed in the Parquet file
    documents = pl.read_csv(folder / "daily_document_access.csv")
    assert json.loads(documents.filter(pl.col("media_id") == "m3")["top_referrers"][0]) == [
        {"referrer": "(direct)", "requests": 1}]
    assert pl.read_parquet(folder / "daily_document_access.parquet").schema["top_referrers"].is_nested()
    page = (landed.root / "reports" / DAY / "index.html").read_text()
    assert 'href="exports/daily_media_usage.csv"' in page and 'href="exports/unused_media.parquet"' in page


def test_with_a_base_url_the_email_links_to_the_full_report(landed):
    resources = landed.resources()
    resources["reporting"] = ReportingResource(
        reports_dir=str(landed.root / "reports"), outbox_dir=str(landed.root / "outbox"),
        recipients=["team@example.org"], sender="ma@example.org", email_max_age_days=100000,
        base_url="https://reports.example.org/media",
    )
    assert dg.materialize(ALL_ASSETS, partition_key=DAY, resources=resources).success
    eml = landed.root / "outbox" / f"{DAY}-media-analytics.eml"
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    url = f"https://reports.example.org/media/{DAY}/index.html"
    text, html = message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content()
    assert f"Full report: {url}" in text
    assert f'href="{url}"' in html
    # and to the pages of the library's media types, images and documents
    for title, name in (("Images", "images"), ("Documents", "documents")):
        page_url = f"https://reports.example.org/media/{DAY}/{name}.html"
        assert f"{title + ':':<13}{page_url}" in text
        assert f'<a href="{page_url}">{title}</a>' in html


def test_without_a_base_url_there_is_no_link(built):
    landed, result = built
    assert result.success
    eml = landed.root / "outbox" / f"{DAY}-media-analytics.eml"
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert "Full report" not in message.get_body(("plain",)).get_content()
    assert "Open the full report" not in message.get_body(("html",)).get_content()
