"""GET /api/analytics/media/{id}/engagement — one item's engagement over the range: playback for a
video or audio item, access for a document, usage events for an image (or other file). `kind` says
which part is filled; the others are null."""

from __future__ import annotations

from api.read.definitions import defined, described
from api.read.model import RATIO, RECOUNTED, SUMMED, Model, PeriodInfo
from api.read.period import BadQuery, Period, Query
from api.read.overview import EventCounts
from api.read.playback import DropOffPoint, ms
from api.read.store import Store
from api.read.usage import AccessSources

CURVE = ("Over a range: summed over the days / the item's views of the range (a view belongs to one day: "
         "the share of all the range's views). ")


class RetentionPoint(Model):
    """One stretch of the item's timeline on its retention curve."""

    start_time: float = defined("Retention", "startTime: where the stretch starts, seconds.")
    end_time: float = defined("Retention", "endTime: where it ends, seconds (the duration for the last one).")
    viewers: int = defined("Retention", "viewers: views that watched any part of the stretch. " + SUMMED)
    retention: float = defined("Retention", "viewers / views, 0–1. " + CURVE + RATIO)


class EngagementHeatmap(Model):
    """One stretch of the item's timeline on its heatmap (the seed's EngagementHeatmap)."""

    start_time: float = described("Where the stretch starts, seconds.")
    end_time: float = described("Where it ends, seconds (the duration for the last one).")
    engagement: float = defined("Watch time", "engagement: seconds of the stretch played, re-watches counted "
                                "again (the heatmap's weight). " + SUMMED)
    intensity: str = described("low, medium or high: the tercile of engagement among the item's stretches "
                               "(equal stretches share a class). Over a range: recomputed from the summed "
                               "engagement.")
    plays: int = described("Plays that opened a segment starting in the stretch (replaced plays not "
                           "counted), over every session. " + SUMMED)
    pauses: int = described("Pauses at a position in the stretch. " + SUMMED)
    seeks: int = described("Seeks leaving from the stretch. " + SUMMED)
    rewatches: int = described("Views that played some part of the stretch more than once. " + SUMMED)


class SeekPatterns(Model):
    """How the views moved along the timeline."""

    seeks_forward: int = described("Forward seeks in the views. " + SUMMED)
    seeks_backward: int = described("Backward seeks in the views. " + SUMMED)
    seconds_skipped: float = described("Media seconds jumped over by forward seeks. " + SUMMED)
    seconds_rewound: float = described("Media seconds jumped back by backward seeks. " + SUMMED)


class ItemPlayback(Model):
    """A video or audio item's playback over the range, from the players' events."""

    duration: float | None = described("Media duration used, seconds, of the range's last day with sessions.")
    bucket_seconds: int | None = described("Length of each stretch of the timeline (RETENTION_BUCKET_SECONDS).")
    sessions: int = described("Playback sessions that started in the range, played or not. " + SUMMED)
    views: int = defined("Playback views", SUMMED)
    unique_viewers: int = defined("Playback views", "Distinct viewers. " + RECOUNTED)
    watch_time: float = defined("Watch time", "Seconds. " + SUMMED)
    average_view_duration: float | None = defined("Average view", "Seconds. " + RATIO)
    completion_rate: float | None = defined("Completion rate", RATIO)
    finish_rate: float | None = defined("Finish rate", RATIO)
    buffering_rate: float | None = defined("Buffering rate", RATIO)
    average_load_time: float | None = described("Mean startup time, ms: load to first play, over the "
                                                "sessions that have both. " + RECOUNTED)
    retention_curve: list[RetentionPoint] = defined("Retention", "One point per stretch, from 0 s.")
    drop_off_points: list[DropOffPoint] = defined("Drop-off", "Every stretch some views left in, in timeline "
                                                  "order. " + CURVE)
    engagement_heatmap: list[EngagementHeatmap] = described("One entry per stretch, from 0 s.")
    seek_patterns: SeekPatterns
    device_breakdown: dict[str, int] = defined("Playback views", "Views per device type (desktop, mobile, "
                                               "tablet, bot, unknown), most first. " + SUMMED)
    geographic_distribution: dict[str, int] = defined("Playback views", "Views per country code (unknown when "
                                                      "not sent), most first. " + SUMMED)


class UserTypes(Model):
    """Who accessed the document."""

    signed_in: int = described("Distinct signed-in user ids among the document's usage events. " + RECOUNTED)
    anonymous: int = described("Distinct session ids of its events without a user id. " + RECOUNTED)


class DocumentAccess(Model):
    """A document's access over the range (daily_document_access)."""

    views: int = defined("Page views", SUMMED)
    previews: int = defined("Previews", SUMMED)
    downloads: int = defined("Downloads", SUMMED)
    unique_users: int = defined("Unique visitors", RECOUNTED)
    previewers: int = defined("Preview → download conversion", "previewers: visitors who previewed it, per "
                              "day. " + SUMMED)
    preview_to_download_conversion: float | None = defined("Preview → download conversion", RATIO)
    requests: int = defined("Requests", "People's requests (bots excluded). " + SUMMED)
    downloads_attempted: int = defined("Download success", "People who requested the file. " + SUMMED)
    downloads_completed: int = defined("Download success", "Of those, people who received it whole. " + SUMMED)
    download_success_rate: float | None = defined("Download success", RATIO)
    average_download_time: float | None = defined("Average download time", "ms. Over a range: the mean of "
                                                  "every timed request of the range.")
    user_types: UserTypes
    access_sources: AccessSources


class UsageEngagement(EventCounts):
    """An image's (or other file's) usage events over the range (daily_media_usage): the seed's
    MediaEngagement."""

    NOT_COMPUTED = {"averageViewTime": "page events carry no viewing time (a video's or audio's is "
                                       "playback.averageViewDuration)"}

    unique_users: int = defined("Unique visitors", RECOUNTED)
    lazy_load_effectiveness: float | None = described("Images only: page views / impressions (an image "
                                                      "loaded lazily and seen); null for other files and "
                                                      "without impressions. " + RATIO)


class ItemEngagement(Model):
    """One media item's engagement over the period."""

    period: PeriodInfo
    id: str = described("The media item's id.")
    filename: str = described("Its file name, as the range's last built day with the item has it.")
    type: str = described("Media type: image, video, audio, document or other.")
    kind: str = described("Which part is filled: playback (video, audio), document, or usage (image, other); "
                          "the other parts are null.")
    playback: ItemPlayback | None = described("Filled for a video or audio item; else null.", default=None)
    document: DocumentAccess | None = described("Filled for a document; else null.", default=None)
    usage: UsageEngagement | None = described("Filled for an image or other file; else null.", default=None)


KINDS = {"video": "playback", "audio": "playback", "document": "document"}


def item_engagement(store: Store, period: Period, query: Query, media_id: str) -> ItemEngagement:
    params = {**period.params(), "media_id": media_id}
    item = store.one("engagement_item", params)
    if item is None:
        raise BadQuery(404, f"no media item {media_id!r} in the inventory of a built day from {period.first} "
                            f"to {period.last}")
    kind = KINDS.get(item["media_type"], "usage")
    parts = {"playback": playback, "document": document, "usage": usage}
    return ItemEngagement(period=PeriodInfo.of(period), id=media_id, filename=item["filename"],
                          type=item["media_type"], kind=kind,
                          **{kind: parts[kind](store, {**params, "media_type": item["media_type"]})})


def playback(store: Store, params: dict) -> ItemPlayback:
    p = store.one("playback_summary", {**params, "media_type": None})
    timeline = store.rows("engagement_timeline", params)
    breakdown = store.rows("engagement_breakdown", params)
    return ItemPlayback(
        duration=p["duration"], bucket_seconds=timeline[0]["bucket_seconds"] if timeline else None,
        sessions=p["sessions"], views=p["views"], unique_viewers=p["unique_viewers"], watch_time=p["watch_seconds"],
        average_view_duration=p["avg_view_seconds"], completion_rate=p["completion_rate"],
        finish_rate=p["finish_rate"], buffering_rate=p["buffering_rate"],
        average_load_time=ms(p["avg_startup_seconds"]),
        retention_curve=[RetentionPoint(start_time=b["bucket_start"], end_time=b["bucket_end"],
                                        viewers=b["viewers"], retention=b["retention"]) for b in timeline],
        drop_off_points=[DropOffPoint(time=b["bucket_start"], end_time=b["bucket_end"], count=b["dropoffs"],
                                      percentage=b["dropoff_share"] * 100) for b in timeline if b["dropoffs"]],
        engagement_heatmap=[EngagementHeatmap(
            start_time=b["bucket_start"], end_time=b["bucket_end"], engagement=b["watched_seconds"],
            intensity=b["intensity"], plays=b["plays"], pauses=b["pauses"], seeks=b["seeks"],
            rewatches=b["rewatches"]) for b in timeline],
        seek_patterns=SeekPatterns(seeks_forward=p["seeks_forward"], seeks_backward=p["seeks_backward"],
                                   seconds_skipped=p["seconds_skipped"], seconds_rewound=p["seconds_rewound"]),
        device_breakdown={r["value"]: r["views"] for r in breakdown if r["dimension"] == "device"},
        geographic_distribution={r["value"]: r["views"] for r in breakdown if r["dimension"] == "country"},
    )


def document(store: Store, params: dict) -> DocumentAccess:
    d = store.one("engagement_document", params)
    return DocumentAccess(
        views=d["views"], previews=d["previews"], downloads=d["downloads"], unique_users=d["unique_users"],
        previewers=d["previewers"], preview_to_download_conversion=d["preview_conversion"],
        requests=d["requests"], downloads_attempted=d["downloads_attempted"],
        downloads_completed=d["downloads_completed"], download_success_rate=d["download_success_rate"],
        average_download_time=d["avg_download_time_ms"],
        user_types=UserTypes(signed_in=d["signed_in_users"], anonymous=d["anonymous_sessions"]),
        access_sources=AccessSources(**{s: d[f"from_{s}"] for s in
                                        ("search", "social", "email", "internal", "direct", "other")}))


def usage(store: Store, params: dict) -> UsageEngagement:
    u = store.one("engagement_usage", params)
    return UsageEngagement(**{name: u[name] for name in (
        "impressions", "views", "clicks", "shares", "downloads", "previews", "unique_users",
        "click_through_rate", "engagement_rate")},
        lazy_load_effectiveness=u["lazy_load_effectiveness"] if params["media_type"] == "image" else None)
