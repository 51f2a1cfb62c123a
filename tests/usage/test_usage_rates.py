"""Rates that read as percentages stay within 0-100 %: the engagement rate over visits, no
click-through rate for documents, and unique visitors named for what they count (events of any
type) — against figures worked out by hand."""

from datetime import date

import dagster as dg
import pytest

from assets.ingest.assets import media_inventory, raw_usage_events
from assets.report.data import most_used
from assets.shared.sqlfiles import fetch_dicts
from assets.usage import assets as usage_assets
from assets.usage.assets import daily_media_usage, visitors_per_day
from conftest import event, item

DAY = "2026-11-02"
T = "2026-11-02T10:00:00Z"


@pytest.fixture
def built(workspace):
    workspace.land("inventory", "export.ndjson", [item("img"), item("doc", filename="form.pdf",
                                                                     mime_type="application/pdf")])
    workspace.land("usage_events", "day.ndjson", [
        # doc: a views and downloads it, b downloads it without a view, c previews it, d only
        # sees it listed (an impression): 2 downloads over 1 view is the seed's 200 %
        event("1", "doc", "view", T, session_id="a"), event("2", "doc", "download", T, session_id="a"),
        event("3", "doc", "download", T, session_id="b"), event("4", "doc", "preview", T, session_id="c"),
        event("5", "doc", "impression", T, session_id="d"),
        # img: a sees, views and clicks it; e views it
        event("6", "img", "impression", T, session_id="a"), event("7", "img", "view", T, session_id="a"),
        event("8", "img", "click", T, session_id="a"), event("9", "img", "view", T, session_id="e"),
    ])
    result = dg.materialize([raw_usage_events, media_inventory, daily_media_usage], partition_key=DAY,
                            resources=workspace.resources())
    assert result.success
    return workspace


def row(workspace, media_id):
    return dict(zip(("visits", "engaged_visits", "engaged_visit_rate", "engagement_rate", "unique_users"), workspace.query(
        "SELECT visits, engaged_visits, engaged_visit_rate, engagement_rate, unique_users FROM daily_media_usage "
        "WHERE media_id = $m AND usage_kind = 'all'", {"m": media_id})[0]))


def test_the_engagement_rate_is_engaged_visits_over_visits(built):
    # doc: visits a, b, c (d's impression is not a visit); a and b downloaded: 2 of 3
    assert row(built, "doc") == {"visits": 3, "engaged_visits": 2, "engaged_visit_rate": pytest.approx(2 / 3),
                                 "engagement_rate": 2.0, "unique_users": 4}  # the seed's, kept: 200 %
    # img: visits a and e; a clicked: 1 of 2
    assert row(built, "img")["engaged_visit_rate"] == 0.5


def test_the_reports_rates_stay_within_100_percent(built):
    with built.connect() as con:
        rows = {m.media_id: m for m in most_used(con, date(2026, 11, 2), "all", 10)}
        totals = fetch_dicts(con, "report_usage_totals", {"day": date(2026, 11, 2)})[0]
        visitors = visitors_per_day(con, date(2026, 11, 1), date(2026, 11, 2))
    assert rows["doc"].engagement_rate == pytest.approx(2 / 3)
    assert rows["doc"].click_through_rate is None  # documents are never clicked: no 0.0 %
    assert rows["img"].click_through_rate == 0.5  # 1 click / 2 page views
    # the library: (2 + 1) engaged of (3 + 2) visits; 5 visitors of any event beside 3 page views
    assert (totals["engaged_visits"], totals["visits"]) == (3, 5)
    assert (visitors, totals["views"]) == ({date(2026, 11, 2): 5}, 3)


def test_the_librarys_visitors_counted_in_passes_are_the_same(built, monkeypatch):
    # a pass per event: as many passes as events, each over the visitors whose hash falls in it
    monkeypatch.setattr(usage_assets, "EVENTS_PER_VISITOR_PASS", 1)
    with built.connect() as con:
        assert visitors_per_day(con, date(2026, 11, 1), date(2026, 11, 2)) == {date(2026, 11, 2): 5}
