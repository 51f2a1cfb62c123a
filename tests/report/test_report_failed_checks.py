"""A day whose data checks failed says so first (issue 16 item 14): a real daily build where a third of
the day's usage rows are rejected (1 of 3, over the 5 % threshold), so raw_usage_events' reject-ratio
check fails in the run; the overview and the email's first line name it instead of presenting the
numbers as if nothing happened. The same graph on clean data says nothing of the kind."""

import email
import email.policy

import dagster as dg

from conftest import event, item
from pipelines.definitions import ASSET_MODULES

DAY = "2026-11-02"


def build(workspace):
    workspace.land("inventory", "export.ndjson", [item("m1", filename="hero.jpg", size=250_000)])
    result = dg.materialize(dg.load_assets_from_modules(ASSET_MODULES), partition_key=DAY,
                            resources=workspace.resources())
    assert result.success
    page = (workspace.root / "reports" / DAY / "index.html").read_text()
    [eml] = (workspace.root / "outbox").glob("*.eml")
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    return result, page, message.get_body(("plain",)).get_content()


def test_a_failed_reject_ratio_is_named_first_on_the_page_and_in_the_email(workspace):
    workspace.land("usage_events", "day.ndjson", [
        event("1", "m1", "view", "2026-11-02T09:00:00Z", session_id="a"),
        event("2", "m1", "view", "2026-11-02T09:05:00Z", session_id="b"),
        event("3", "m1", "teleport", "2026-11-02T09:10:00Z", session_id="c"),  # not an event type
    ])
    result, page, text = build(workspace)
    failed = [e.check_name for e in result.get_asset_check_evaluations() if not e.passed
              and e.severity == dg.AssetCheckSeverity.ERROR]
    assert failed == ["raw_usage_events_reject_ratio_below_threshold"]
    assert text.splitlines()[:2] == [f"DATA CHECKS FAILED for {DAY}: the figures below may be wrong.",
                                     "Failed: raw_usage_events_reject_ratio_below_threshold."]
    assert page.index(f"Data checks failed for {DAY}") < page.index('<section id="storage">')


def test_a_clean_day_says_nothing_of_failed_checks(workspace):
    workspace.land("usage_events", "day.ndjson", [event("1", "m1", "view", "2026-11-02T09:00:00Z", session_id="a")])
    result, page, text = build(workspace)
    assert all(e.passed for e in result.get_asset_check_evaluations()
               if e.severity == dg.AssetCheckSeverity.ERROR)
    assert "DATA CHECKS FAILED" not in text
    assert "Data checks failed" not in page
