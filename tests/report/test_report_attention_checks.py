"""What needs attention as Dagster asset checks on a real build (issue 16 item 14): a day that crosses
a rule fails that rule's check as a warning, with the text the page lists, and the other rules' checks
pass; the report is written all the same."""

import dagster as dg

from access_log_lines import line
from conftest import item
from pipelines.definitions import ASSET_MODULES
from reports.attention import RULES

DAY = "2026-11-02"
POST = "https://example.org/post/1"


def test_a_new_broken_link_fails_its_warning_check_with_the_pages_text(workspace):
    workspace.land("inventory", "export.ndjson", [item("m1", path="2026/10/m1.jpg")])
    workspace.land("access_logs", "access.log", "".join([
        line("192.0.2.1", "02/Nov/2026:10:00:01 +0000", "GET /media/2026/10/m1.jpg HTTP/1.1", 200, 100),
        # a file removed while a post still links to it, asked for twice by people: new (no day before)
        line("192.0.2.2", "02/Nov/2026:10:00:02 +0000", "GET /media/2026/10/gone.jpg HTTP/1.1", 404, 100,
             referrer=POST),
        line("192.0.2.3", "02/Nov/2026:10:00:03 +0000", "GET /media/2026/10/gone.jpg HTTP/1.1", 404, 100),
    ]))
    result = dg.materialize(dg.load_assets_from_modules(ASSET_MODULES), partition_key=DAY,
                            resources=workspace.resources())
    assert result.success
    checks = {e.check_name: e for e in result.get_asset_check_evaluations()}
    text = "1 new broken media link, the most requested /media/2026/10/gone.jpg (2 requests)"
    broken = checks["daily_report_new_broken_links"]
    assert (broken.passed, broken.severity) == (False, dg.AssetCheckSeverity.WARN)
    assert broken.metadata["attention"].value == text
    assert all(checks[f"daily_report_{rule}"].passed for rule in RULES if rule != "new_broken_links")
    page = (workspace.root / "reports" / DAY / "index.html").read_text()
    assert text in page and "Nothing crossed a rule" not in page
