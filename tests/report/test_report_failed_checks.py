"""A day whose data checks failed says so first (issue 16 item 14): a real daily build where a third of
the day's usage rows are rejected (1 of 3, over the 5 % threshold), so raw_usage_events' reject-ratio
check fails in the run; the overview and the email's first line name it instead of presenting the
numbers as if nothing happened. The same graph on clean data says nothing of the kind.

A build of several days runs each day in two (pipelines/build.py): the checks fail in the day's
first run and the report is written in its second, so the report reads each check's latest
evaluation for its day, whichever run made it (issue 15/16); `media-analytics build` names them on
the day's line."""

import email
import email.policy

import dagster as dg

from cli_process import finish, start
from conftest import event, item
from pipelines.definitions import ASSET_MODULES

DAY = "2026-11-02"
REJECT_RATIO = "raw_usage_events_reject_ratio_below_threshold"


def land_a_third_rejected(workspace, day=DAY):
    workspace.land("usage_events", f"{day}.ndjson", [
        event(f"{day}-1", "m1", "view", f"{day}T09:00:00Z", session_id="a"),
        event(f"{day}-2", "m1", "view", f"{day}T09:05:00Z", session_id="b"),
        event(f"{day}-3", "m1", "teleport", f"{day}T09:10:00Z", session_id="c"),  # not an event type
    ])


def land_clean(workspace, day=DAY):
    workspace.land("usage_events", f"{day}.ndjson", [
        event(f"{day}-1", "m1", "view", f"{day}T09:00:00Z", session_id="a"),
    ])


def land_inventory(workspace):
    workspace.land("inventory", "export.ndjson", [item("m1", filename="hero.jpg", size=250_000)])


def page_and_email(workspace, day=DAY):
    """The day's overview page and its email's plain text, as written."""
    page = (workspace.root / "reports" / day / "index.html").read_text()
    eml = workspace.root / "outbox" / f"{day}-media-analytics.eml"
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    return page, message.get_body(("plain",)).get_content()


def build(workspace):
    land_inventory(workspace)
    result = dg.materialize(dg.load_assets_from_modules(ASSET_MODULES), partition_key=DAY,
                            resources=workspace.resources())
    assert result.success
    return result, *page_and_email(workspace)


def test_a_failed_reject_ratio_is_named_first_on_the_page_and_in_the_email(workspace):
    land_a_third_rejected(workspace)
    result, page, text = build(workspace)
    failed = [e.check_name for e in result.get_asset_check_evaluations() if not e.passed
              and e.severity == dg.AssetCheckSeverity.ERROR]
    assert failed == [REJECT_RATIO]
    assert text.splitlines()[:2] == [f"DATA CHECKS FAILED for {DAY}: the figures below may be wrong.",
                                     f"Failed: {REJECT_RATIO}."]
    assert page.index(f"Data checks failed for {DAY}") < page.index('<section id="storage">')


def test_a_clean_day_says_nothing_of_failed_checks(workspace):
    land_clean(workspace)
    result, page, text = build(workspace)
    assert all(e.passed for e in result.get_asset_check_evaluations()
               if e.severity == dg.AssetCheckSeverity.ERROR)
    assert "DATA CHECKS FAILED" not in text
    assert "Data checks failed" not in page


def test_a_range_build_names_the_failed_check_of_its_day_on_the_page_in_the_email_and_on_the_line(workspace):
    clean, failing = "2026-11-01", DAY
    land_inventory(workspace)
    land_clean(workspace, clean)
    land_a_third_rejected(workspace, failing)
    status, out, err = finish(start("build", clean, failing, home=workspace.root,
                                    REPORT_EMAIL_MAX_AGE_DAYS="100000"), timeout=900)
    assert status == 0, err  # a failed check is not a failed step: the day is built
    page, text = page_and_email(workspace, failing)
    assert text.splitlines()[:2] == [f"DATA CHECKS FAILED for {failing}: the figures below may be wrong.",
                                     f"Failed: {REJECT_RATIO}."]
    assert page.index(f"Data checks failed for {failing}") < page.index('<section id="storage">')
    page, text = page_and_email(workspace, clean)
    assert "DATA CHECKS FAILED" not in text
    assert "Data checks failed" not in page
    lines = dict(line.split(None, 1) for line in out.splitlines())
    assert lines[clean].startswith("ok  (")
    assert lines[failing].startswith(f"ok, data checks failed: {REJECT_RATIO} (see the report)  (")
