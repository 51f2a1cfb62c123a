"""GET /api/analytics/media/videos and /audio — the seed's VideoAnalytics over the video (or audio)
items: the library, playback engagement, playback performance and the encoding and delivery advice.
One builder serves both: the media type is a bound parameter of every query."""

from __future__ import annotations

from api.read.definitions import defined, described
from api.read.model import AS_OF, RATIO, RECOUNTED, SUMMED, Model, PeriodInfo
from api.read.period import Period, Query
from api.read.store import Store
from assets.video.report import CURVES_N, DROPOFF_MIN_VIEWS, MOST_WATCHED_N, rank_dropoffs

PERCENT = "percentage is percent of the item's views (0–100, as the seed's name says; rates elsewhere are 0–1)."


class PlaybackOverview(Model):
    """The live items of the type as of the range's last built day, and their playback over the range."""

    total_videos: int = defined("Files", "Live items of the type (videos at /videos, audio at /audio). " + AS_OF)
    total_duration: float = described("Seconds of media of those items' original files, as read from the "
                                      "files (media_file_facts; a file that could not be read adds none). "
                                      + AS_OF)
    files_with_duration: int = described("Of those items, the ones whose duration was read (added: says how "
                                         "complete totalDuration is). " + AS_OF)
    total_size: int = defined("Files", "totalSize is the originals' bytes (renditions apart). " + AS_OF)
    average_size: float | None = defined("Average size", AS_OF)
    sessions: int = described("Playback sessions (item × viewer × session) that started in the range, "
                              "played or not (added). " + SUMMED)
    total_views: int = defined("Playback views", SUMMED)
    unique_viewers: int = defined("Playback views", "Distinct viewers among the views. " + RECOUNTED)
    total_watch_time: float = defined("Watch time", "Seconds. " + SUMMED)


class DropOffPoint(Model):
    """A stretch of an item's timeline where views ended without finishing (the seed's DropOffPoint)."""

    time: float = defined("Drop-off", "time: where the stretch starts, seconds into the media.")
    end_time: float = defined("Drop-off", "endTime: where it ends, seconds (the duration for the last one).")
    count: int = defined("Drop-off", "count: views that left in the stretch. " + SUMMED)
    percentage: float = defined("Drop-off", PERCENT + " " + RATIO)


class ItemDropOff(Model):
    """An item's largest drop-off, as the report's "where viewers left" lists it (a DropOffPoint with
    the item it belongs to)."""

    id: str = described("The media item's id.")
    filename: str = described("Its file name (the id when the inventory has none).")
    time: float = defined("Drop-off", "time: where the stretch starts, seconds into the media.")
    end_time: float = defined("Drop-off", "endTime: where it ends, seconds (the duration for the last one).")
    count: int = defined("Drop-off", "count: views that left in the stretch. " + SUMMED)
    percentage: float = defined("Drop-off", PERCENT + " " + RATIO)


class RetentionCurve(Model):
    """The share of an item's views that watched each stretch of its timeline, from 0 s."""

    id: str = described("The media item's id.")
    filename: str = described("Its file name.")
    views: int = defined("Playback views", SUMMED)
    duration: float = described("Media duration used, seconds (the longest of the range's days); the last "
                                "stretch ends here.")
    bucket_seconds: int = described("Length of each stretch (RETENTION_BUCKET_SECONDS, default 10 s).")
    retention: list[float] = defined("Retention", "One value (0–1) per stretch. Over a range: the views that "
                                     "watched the stretch summed over the days / the range's views (a view "
                                     "belongs to one day: the share of all the range's views). " + RATIO)


class VideoEngagementData(Model):
    """One of the most watched items (the seed's VideoEngagementData; the report's "most watched")."""

    id: str = described("The media item's id.")
    filename: str = described("Its file name (the id when the inventory has none).")
    type: str = described("Media type: video or audio.")
    duration: float | None = described("Media duration used, seconds, of the range's last day with views.")
    duration_inferred: bool = described("No player event reported a duration: it is the furthest position "
                                        "seen.")
    views: int = defined("Playback views", SUMMED)
    unique_viewers: int = defined("Playback views", "Distinct viewers. " + RECOUNTED)
    watch_time: float = defined("Watch time", "Seconds. " + SUMMED)
    average_view_duration: float | None = defined("Average view", "Seconds. " + RATIO)
    completion_rate: float | None = defined("Completion rate", RATIO)
    finish_rate: float | None = defined("Finish rate", RATIO)


class PlaybackEngagement(Model):
    """How the type's items were watched over the range."""

    NOT_COMPUTED = {"engagementHeatmap": "a heatmap is per item (see /{id}/engagement): summed over items "
                                         "of different lengths it would mix their timelines"}

    average_view_duration: float | None = defined("Average view", "Seconds. " + RATIO)
    completion_rate: float | None = defined("Completion rate", RATIO)
    finish_rate: float | None = defined("Finish rate", "Added by this product. " + RATIO)
    drop_off_points: list[ItemDropOff] = defined("Drop-off", f"Each retention curve's largest drop-off, items "
                                                 f"with at least {DROPOFF_MIN_VIEWS} views, most views lost first.")
    retention_curves: list[RetentionCurve] = defined("Retention", f"The {CURVES_N} items with the most views "
                                                     "whose timeline has two stretches or more (added).")
    most_watched_videos: list[VideoEngagementData] = defined("Playback views", f"The {MOST_WATCHED_N} items "
                                                             "with the most views, then watch time.")


class DevicePerformance(Model):
    """Playback on one device type (the session's first User-Agent)."""

    device: str = described("desktop, mobile, tablet, bot or unknown.")
    views: int = defined("Playback views", SUMMED)
    watch_time: float = defined("Watch time", "Seconds. " + SUMMED)
    average_view_duration: float | None = defined("Average view", "Seconds. " + RATIO)
    completion_rate: float | None = defined("Completion rate", RATIO)
    buffering_rate: float | None = defined("Buffering rate", RATIO)
    average_load_time: float | None = described("Mean startup time, ms: load to first play, over the "
                                                "sessions that have both. " + RECOUNTED)


class PlaybackPerformance(Model):
    """Playback performance over the range, from the players' events."""

    average_load_time: float | None = described("Mean startup time, ms: from the player's load event to its "
                                                "first play, over the sessions that have both (played or "
                                                "not). Over a range: the mean over all its sessions.")
    buffering_rate: float | None = defined("Buffering rate", RATIO)
    quality_distribution: dict[str, float] = described(
        "Each quality's (rendition's) share of the seconds the views played with a known quality, 0–1, "
        "largest first; empty for audio (players name no quality). " + RATIO)
    device_performance: list[DevicePerformance] = described("Per device type, most views first.")


class EncodingEfficiency(Model):
    """A video whose encoding wastes bits: re-encode advice of the range's last built day."""

    id: str = described("The media item's id.")
    filename: str = described("Its file name.")
    codec: str = described("Codec of the video stream.")
    width: int = described("Coded width, pixels.")
    height: int = described("Coded height, pixels.")
    bits_per_pixel: float | None = defined("Bits per pixel", AS_OF)
    reference_bits_per_pixel: float = defined("Bits per pixel", "The codec's reference.")
    current_size: int = described("Bytes of the file. " + AS_OF)
    expected_size: int | None = defined("Bits per pixel", "Bytes of the file re-encoded at the reference "
                                        "(estimated).")
    bytes_saved: int | None = defined("Bits per pixel", "currentSize − expectedSize.")
    daily_bytes_saved: int | None = described("The last built day's bytes sent for the video × bytesSaved / "
                                              "currentSize: bandwidth a re-encode would have saved that day.")
    recommendation: str = described("What to do, the figure that triggered it and the improvement.")


class StorageOptimization(Model):
    """What re-encoding the type's videos would save in storage, as of the range's last built day."""

    reencode_candidates: int = defined("Bits per pixel", "Videos advised to be re-encoded. " + AS_OF)
    bytes_saved: int = defined("Bits per pixel", "Their bytes saved, summed. " + AS_OF)
    share_of_size: float | None = described("bytesSaved / the originals' bytes of the type (overview."
                                            "totalSize), 0–1. " + AS_OF)


class DeliveryAdvice(Model):
    """Adaptive-streaming or caching advice for one video, from the range's last built day."""

    id: str = described("The media item's id.")
    filename: str = described("Its file name.")
    kind: str = defined("Adaptive streaming", "adaptive_streaming, or caching (see Caching).")
    trigger_metric: str = described("The measured figure that triggered it: buffering_rate or cache_hit_rate.")
    trigger_value: float = described("Its value for the video on the last built day.")
    trigger_threshold: float = described("The value it crossed.")
    daily_bytes_saved: int | None = defined("Caching", "Bytes; null for adaptive streaming.")
    recommendation: str = described("What to do, the figure that triggered it and the improvement.")


class DeliveryOptimization(Model):
    """Delivery advice of the range's last built day."""

    advice: list[DeliveryAdvice] = described("Largest daily saving first. " + AS_OF)
    daily_bytes_saved: int = defined("Caching", "Summed over the caching advice. " + AS_OF)


class PlaybackOptimization(Model):
    """The video advice of the range's last built day (video_optimization_opportunities); empty for audio,
    which gets no advice."""

    encoding_efficiency: list[EncodingEfficiency] = defined("Bits per pixel", "Largest daily saving first. "
                                                            + AS_OF)
    storage_optimization: StorageOptimization
    delivery_optimization: DeliveryOptimization


class VideoAnalytics(Model):
    """The seed's VideoAnalytics over the period, for videos (/videos) or audio (/audio)."""

    period: PeriodInfo
    media_type: str = described("video or audio: the items the figures are over.")
    overview: PlaybackOverview
    engagement: PlaybackEngagement
    performance: PlaybackPerformance
    optimization: PlaybackOptimization


def ms(seconds: float | None) -> float | None:
    return None if seconds is None else seconds * 1000


def video_analytics(store: Store, period: Period, query: Query, media_type: str) -> VideoAnalytics:
    params = {**period.params(), "media_type": media_type, "media_id": None}
    library = store.one("playback_library", params)
    totals = store.one("playback_summary", params)
    curves = store.rows("playback_curves", {**params, "limit": CURVES_N})
    advice = store.rows("playback_advice", params)
    return VideoAnalytics(
        period=PeriodInfo.of(period), media_type=media_type,
        overview=PlaybackOverview(
            total_videos=library["files"], total_duration=library["duration_seconds"],
            files_with_duration=library["files_with_duration"], total_size=library["original_bytes"],
            average_size=library["avg_file_bytes"], sessions=totals["sessions"], total_views=totals["views"],
            unique_viewers=totals["unique_viewers"], total_watch_time=totals["watch_seconds"]),
        engagement=PlaybackEngagement(
            average_view_duration=totals["avg_view_seconds"], completion_rate=totals["completion_rate"],
            finish_rate=totals["finish_rate"],
            drop_off_points=[ItemDropOff(id=d.media_id, filename=d.filename, time=d.start, end_time=d.end,
                                         count=d.dropoffs, percentage=d.share * 100) for d in rank_dropoffs(curves)],
            retention_curves=[RetentionCurve(id=c["media_id"], filename=c["filename"], views=c["views"],
                                             duration=c["duration"], bucket_seconds=c["bucket_seconds"],
                                             retention=c["retention"]) for c in curves],
            most_watched_videos=[VideoEngagementData(
                id=r["media_id"], filename=r["filename"], type=r["media_type"], duration=r["duration"],
                duration_inferred=r["duration_inferred"], views=r["views"], unique_viewers=r["unique_viewers"],
                watch_time=r["watch_seconds"], average_view_duration=r["avg_view_seconds"],
                completion_rate=r["completion_rate"], finish_rate=r["finish_rate"])
                for r in store.rows("playback_most_watched", {**params, "limit": MOST_WATCHED_N})]),
        performance=PlaybackPerformance(
            average_load_time=ms(totals["avg_startup_seconds"]), buffering_rate=totals["buffering_rate"],
            quality_distribution={r["quality"]: r["share"] for r in store.rows("playback_quality", params)},
            device_performance=[DevicePerformance(
                device=r["device_type"], views=r["views"], watch_time=r["watch_seconds"],
                average_view_duration=r["avg_view_seconds"], completion_rate=r["completion_rate"],
                buffering_rate=r["buffering_rate"], average_load_time=ms(r["avg_startup_seconds"]))
                for r in store.rows("playback_devices", params)]),
        optimization=optimization(advice, library["original_bytes"]),
    )


def optimization(advice: list[dict], original_bytes: int) -> PlaybackOptimization:
    reencode = [a for a in advice if a["kind"] == "reencode"]
    delivery = [a for a in advice if a["kind"] != "reencode"]
    saved = sum(a["bytes_saved"] or 0 for a in reencode)
    return PlaybackOptimization(
        encoding_efficiency=[EncodingEfficiency(
            id=a["media_id"], filename=a["filename"], codec=a["video_codec"], width=a["width"], height=a["height"],
            bits_per_pixel=a["bits_per_pixel"], reference_bits_per_pixel=a["reference_bits_per_pixel"],
            current_size=a["current_bytes"], expected_size=a["expected_bytes"], bytes_saved=a["bytes_saved"],
            daily_bytes_saved=a["daily_bytes_saved"], recommendation=a["recommendation"]) for a in reencode],
        storage_optimization=StorageOptimization(
            reencode_candidates=len(reencode), bytes_saved=saved,
            share_of_size=saved / original_bytes if original_bytes else None),
        delivery_optimization=DeliveryOptimization(
            advice=[DeliveryAdvice(id=a["media_id"], filename=a["filename"], kind=a["kind"],
                                   trigger_metric=a["trigger_metric"], trigger_value=a["trigger_value"],
                                   trigger_threshold=a["trigger_threshold"], daily_bytes_saved=a["daily_bytes_saved"],
                                   recommendation=a["recommendation"]) for a in delivery],
            daily_bytes_saved=sum(a["daily_bytes_saved"] or 0 for a in delivery if a["kind"] == "caching")),
    )
