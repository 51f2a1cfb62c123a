"""The report's video and audio section, read from the video tables of one day."""

from __future__ import annotations

from datetime import date

import duckdb

from assets.shared.sqlfiles import fetch_dicts as _dicts
from reports.model import Footnote
from reports.sections import DropOff, RetentionCurve, VideoEngagement, VideoReport

MOST_WATCHED_N = 10
CURVES_N = 5
DROPOFF_MIN_VIEWS = 10  # fewer views make a share of one or two people read like a finding

VIDEO_FOOTNOTES = [
    Footnote("Playback views", "Playback sessions (video or audio) with at least 1 s watched [Matomo], "
             "from the player's events, counted on the day the session started; viewers are distinct "
             "signed-in users, else sessions. Not page views (the player shown on a page).",
             aliases=("Plays", "Video views")),
    Footnote("Watch time", "Sum of the watched segments: a play up to the pause, seek, stop or end that "
             "closed it, or the last known position when the tab was closed; re-watched parts count again."),
    Footnote("Average view", "Watch time / views."),
    Footnote("Completion rate", "Views whose furthest position reached duration − min(30 s, 5 % of the "
             "duration) / views [edX]."),
    Footnote("Finish rate", "Views whose furthest position reached duration − 2 s / views [Matomo]."),
    Footnote("Buffering rate", "Time spent buffering / watch time [Mux]."),
    Footnote("Retention", "For each stretch of the timeline (RETENTION_BUCKET_SECONDS, 10 s by default), "
             f"the share of views that watched any part of it. Charted for the {CURVES_N} most viewed items "
             "whose timeline has two stretches or more: a shorter item, or one whose duration is unknown, "
             "has no curve."),
    Footnote("Drop-off", "Views whose furthest position lies in a stretch of the timeline, without "
             "finishing, as a share of all views of the item. \"Where viewers left\" lists each charted "
             f"item's largest drop-off for items with at least {DROPOFF_MIN_VIEWS} playback views, most "
             "viewers lost first."),
]


def rank_dropoffs(timeline: list[dict], min_views: int = DROPOFF_MIN_VIEWS) -> list[DropOff]:
    """Each item's largest drop-off, for items with at least `min_views` playback views, most
    viewers lost first (then the larger share)."""
    dropoffs = [
        DropOff(t["media_id"], t["filename"], t["dropoff_start"], t["dropoff_end"], t["dropoff_share"],
                t["dropoffs"])
        for t in timeline if t["dropoff_share"] is not None and t["views"] >= min_views
    ]
    return sorted(dropoffs, key=lambda d: (-d.dropoffs, -d.share, d.media_id))


def load_video_report(con: duckdb.DuckDBPyConnection, day: date, media_type: str = "all") -> VideoReport | None:
    """The day's playback of `media_type` ("all": video and audio together); None when no view of
    it started on the day."""
    totals = _dicts(con, "report_video_totals", {"day": day, "media_type": media_type})[0]
    if not totals["views"]:
        return None
    timeline = _dicts(con, "report_video_timeline", {"day": day, "media_type": media_type, "limit": CURVES_N})
    return VideoReport(
        **totals,
        most_watched=[VideoEngagement(**r)
                      for r in _dicts(con, "report_video_most_watched",
                                      {"day": day, "media_type": media_type, "limit": MOST_WATCHED_N})],
        retention_curves=[RetentionCurve(t["media_id"], t["filename"], t["views"], t["duration"],
                                         t["bucket_seconds"], t["retention"]) for t in timeline],
        dropoffs=rank_dropoffs(timeline),
    )
