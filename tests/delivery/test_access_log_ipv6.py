"""A bracketed IPv6 client ([2001:db8::1], as some proxies and CDNs write it) is a request like any
other, not an "unparseable time" (issue 15, item 9)."""

import dagster as dg

from assets.delivery.assets import raw_access_log
from assets.ingest.assets import media_inventory
from conftest import item

REQUEST = '"GET /media/2026/10/m1.jpg HTTP/1.1" 200 100 "-" "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Firefox/125.0"'


def test_a_bracketed_ipv6_client_is_parsed_and_hashed_like_the_bare_address(workspace):
    workspace.land("inventory", "export.ndjson", [item("m1")])
    workspace.land("access_logs", "access.log", "".join([
        f"[2001:db8::1] - - [02/Nov/2026:10:00:00 +0000] {REQUEST}\n",
        f"2001:db8::1 - - [02/Nov/2026:10:00:01 +0000] {REQUEST}\n",
        f'[2001:db8::1] - - [02/Nov/2026:10:00:02 +0000] "GET /media/2026/10/m1.jpg HTTP/1.1" 200 100 "-" "a \\"quoted\\" agent"\n',
    ]))
    result = dg.materialize([media_inventory, raw_access_log], partition_key="2026-11-02",
                            resources=workspace.resources())
    assert result.success
    rows = workspace.query("SELECT source_line, strftime(ts, '%H:%M:%S'), media_id, client_id FROM raw_access_log "
                           "ORDER BY source_line")
    assert [r[:3] for r in rows] == [(1, "10:00:00", "m1"), (2, "10:00:01", "m1"), (3, "10:00:02", "m1")]
    assert len({r[3] for r in rows}) == 1 and rows[0][3] is not None
    assert workspace.query("SELECT count(*) FROM rejected_rows") == [(0,)]
