"""Events that name their item by URL (`media_url`) instead of `media_id` (issue 17): each is mapped
to the day's inventory by the access logs' own mapping, and one that maps to nothing is quarantined
with its URL in the reason. The access log of the same paths is the independent route: its
`raw_access_log.media_id` must be the one the events get."""

from __future__ import annotations

import json
from urllib.parse import quote

import dagster as dg

from assets.delivery.assets import raw_access_log
from assets.ingest.assets import media_inventory, raw_usage_events
from assets.shared.resources import LandingResource
from assets.video.assets import raw_player_events
from conftest import event, item

DAY = "2026-11-02"
ETE = "/media/2026/10/" + quote("été.jpg")  # /media/2026/10/%C3%A9t%C3%A9.jpg, as a browser sends it

INVENTORY = [
    item("m1", filename="hero.jpg", path="2026/10/hero.jpg", renditions=[
        {"name": "thumbnail", "path": "2026/10/hero-150x150.jpg", "width": 150, "height": 150, "size": 5000}]),
    item("m2", filename="photo.png", path="2026/10/photo.png", mime_type="image/png"),
    item("m3", filename="été.jpg", path="2026/10/été.jpg"),
    item("v1", filename="intro.mp4", path="2026/10/intro.mp4", mime_type="video/mp4"),
]

# (event id, what the event sends, the item a person expects it to count for: None = quarantined)
BY_URL = [
    ("u1", {"media_id": "m1"}, "m1"),                                        # the id, as before
    ("u2", {"media_url": "/media/2026/10/hero-150x150.jpg"}, "m1"),          # a rendition
    ("u3", {"media_url": "/media/2026/10/hero.jpg.webp"}, "m1"),             # WebP variant of hero.jpg
    ("u4", {"media_url": "/media/2026/10/photo.webp"}, "m2"),                # WebP of the same stem
    ("u5", {"media_url": f"https://cdn.example.org{ETE}?ver=2#top"}, "m3"),  # host, query, fragment, %-escapes
    ("u6", {"media_id": "m2", "media_url": "/media/2026/10/hero.jpg"}, "m2"),  # both: media_id wins
    ("u7", {"media_url": "/media/2026/10/missing.jpg"}, None),               # no such file that day
    ("u8", {"media_url": "/static/logo.svg"}, None),                         # outside the media prefix
]


def build(workspace, *assets):
    result = dg.materialize([media_inventory, *assets], partition_key=DAY, resources=workspace.resources(),
                            raise_on_error=False)
    assert result.success, [e.message for e in result.all_events if e.is_failure]
    return result


def test_usage_events_sent_by_url_count_for_the_item_the_access_logs_map_that_url_to(workspace):
    workspace.land("inventory", "export.ndjson", INVENTORY)
    rows = [{"event_id": event_id, "event_type": "view", "timestamp": f"{DAY}T10:00:0{n}Z", **sent}
            for n, (event_id, sent, _) in enumerate(BY_URL)]
    rows.append(event("u9", None, "view", f"{DAY}T10:00:09Z"))               # neither: rejected at staging
    rows.append({**event("u10", None, "view", f"{DAY}T10:00:10Z"), "media_url": {"href": "/media/x.jpg"}})
    workspace.land("usage_events", "day.ndjson", rows)
    # The same URLs requested from the web server (a browser sends no fragment): raw_access_log maps
    # their paths by its own route, and must give each URL-only event's answer, unmapped ones included.
    by_url = [(event_id, sent["media_url"], expected) for event_id, sent, expected in BY_URL
              if "media_id" not in sent]
    workspace.land("access_logs", "access.log", "".join(
        f'192.0.2.1 - - [02/Nov/2026:10:00:00 +0000] "GET {url.split("#")[0]} HTTP/1.1" 200 100 "-" "curl/8"\n'
        for _, url, _ in by_url))
    build(workspace, raw_usage_events, raw_access_log)

    kept = dict(workspace.query("SELECT event_id, media_id FROM raw_usage_events WHERE day = $d", {"d": DAY}))
    assert kept == {event_id: expected for event_id, _, expected in BY_URL if expected}
    logged = workspace.query("SELECT media_id FROM raw_access_log WHERE day = $d ORDER BY source_line", {"d": DAY})
    assert len(logged) == len(by_url)
    for (event_id, url, expected), (logged_media,) in zip(by_url, logged):
        assert kept.get(event_id) == logged_media == expected, url
    assert workspace.query("SELECT path FROM raw_access_log WHERE source_line = 4") == [("/media/2026/10/été.jpg",)]

    rejected = workspace.query(
        "SELECT line, reason, raw FROM rejected_rows WHERE source = 'usage_events' AND day = $d ORDER BY line",
        {"d": DAY})
    assert [(line, reason) for line, reason, _ in rejected] == [
        (7, "media_url matching no media item of the day '/media/2026/10/missing.jpg'"),
        (8, "media_url matching no media item of the day '/static/logo.svg'"),
        (9, "missing media_id and media_url"),
        (10, "media_url is not a single value"),
    ]
    quarantined = json.loads(rejected[0][2])  # the row as it can be read back (valid rows keep no raw text)
    assert (quarantined["event_id"], quarantined["media_url"], quarantined["event_type"]) == (
        "u7", "/media/2026/10/missing.jpg", "view")
    # Every landed row is kept or quarantined, none twice: 10 lines = 6 kept + 4 rejected.
    assert len(kept) + len(rejected) == len(rows)


def test_player_events_sent_by_url_are_played_items_and_an_unknown_url_is_quarantined(workspace):
    workspace.land("inventory", "export.ndjson", INVENTORY)
    workspace.land("player_events", "player.ndjson", [
        {"event_id": "p1", "media_url": "/media/2026/10/intro.mp4", "event_type": "play", "position": 0,
         "timestamp": f"{DAY}T10:00:00Z", "session_id": "s"},
        {"event_id": "p2", "media_url": "/media/2026/10/intro.mp4?t=5", "event_type": "pause", "position": 5,
         "timestamp": f"{DAY}T10:00:05Z", "session_id": "s"},
        {"event_id": "p3", "media_url": "/media/2026/10/outro.mp4", "event_type": "play", "position": 0,
         "timestamp": f"{DAY}T10:00:06Z", "session_id": "s"},
        {"event_id": "p4", "event_type": "play", "position": 0, "timestamp": f"{DAY}T10:00:07Z", "session_id": "s"},
    ])
    build(workspace, raw_player_events)
    assert workspace.query("SELECT event_id, media_id FROM raw_player_events ORDER BY event_id") == [
        ("p1", "v1"), ("p2", "v1")]
    assert workspace.query(
        "SELECT line, reason FROM rejected_rows WHERE source = 'player_events' ORDER BY line") == [
        (3, "media_url matching no media item of the day '/media/2026/10/outro.mp4'"),
        (4, "missing media_id and media_url"),
    ]


def test_the_url_prefixes_are_media_url_prefixes_for_events_as_for_access_logs(workspace):
    workspace.land("inventory", "export.ndjson", INVENTORY)
    workspace.land("usage_events", "day.ndjson", [
        {"event_id": "w1", "media_url": "/wp-content/uploads/2026/10/hero.jpg", "event_type": "view",
         "timestamp": f"{DAY}T10:00:00Z"},
        {"event_id": "w2", "media_url": "/media/2026/10/hero.jpg", "event_type": "view",
         "timestamp": f"{DAY}T10:00:01Z"},
    ])
    resources = {**workspace.resources(),
                 "landing": LandingResource(landing_dir=str(workspace.landing),
                                            media_url_prefixes=["/wp-content/uploads/"])}
    result = dg.materialize([media_inventory, raw_usage_events], partition_key=DAY, resources=resources)
    assert result.success
    assert workspace.query("SELECT event_id, media_id FROM raw_usage_events") == [("w1", "m1")]
    assert workspace.query("SELECT line FROM rejected_rows WHERE source = 'usage_events'") == [(2,)]


def test_a_quarantined_url_counts_once_a_newer_export_names_its_file_and_the_day_is_rebuilt(workspace):
    workspace.land("inventory", "export.ndjson", INVENTORY)
    workspace.land("usage_events", "day.ndjson", [
        {"event_id": "n1", "media_url": "/media/2026/11/new.jpg", "event_type": "view", "timestamp": f"{DAY}T10:00:00Z"}])
    build(workspace, raw_usage_events)
    assert workspace.query("SELECT count(*) FROM raw_usage_events") == [(0,)]
    assert workspace.query("SELECT count(*) FROM rejected_rows WHERE source = 'usage_events'") == [(1,)]

    workspace.land("inventory", "export.ndjson", [*INVENTORY, item("m9", path="2026/11/new.jpg")])
    build(workspace, raw_usage_events)
    assert workspace.query("SELECT event_id, media_id FROM raw_usage_events") == [("n1", "m9")]
    assert workspace.query("SELECT count(*) FROM rejected_rows WHERE source = 'usage_events'") == [(0,)]
