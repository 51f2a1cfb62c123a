"""GET /api/analytics/media — the seed's MediaAnalytics: overview, usage, performance, types."""

from __future__ import annotations

from datetime import date, datetime

from api.read.definitions import defined, described
from api.read.model import AS_OF, RATIO, RECOUNTED, SUMMED, Model, PeriodInfo
from api.read.period import Period, Query
from api.read.store import Store

TOP_N = 10


class Overview(Model):
    """The library as of the range's last built day, with the uploads and deletions of the range."""

    total_files: int = defined("Files", AS_OF)
    total_size: int = defined("Files", "totalSize is the originals' bytes (renditions apart). " + AS_OF)
    average_file_size: float | None = defined("Average size", AS_OF)
    storage_used: int = defined("Storage", "storageUsed: originals and all their renditions, bytes. " + AS_OF)
    storage_quota: int | None = described("STORAGE_QUOTA_BYTES: the storage quota in bytes; null when not set.")
    quota_used: float | None = described("storageUsed / storageQuota (0–1); null without a quota. Added by "
                                         "this product.")
    files_uploaded: int = defined("Uploads", SUMMED)
    files_deleted: int = defined("Deletions", SUMMED)


class UsageLocation(Model):
    """A place the item is used (the CMS export's usage_locations): the seed's MediaUsageLocation."""

    type: str | None = described("post | page | widget | theme | email.")
    id: str | None = described("The location's id in the CMS.")
    title: str | None = described("Its title.")
    url: str | None = described("Its URL.")
    usage: str | None = described("featured | inline | gallery | background | attachment.")
    status: str | None = described("publish | draft | scheduled | private | trash (added: trash is no "
                                   "reference).")


class Engagement(Model):
    """The seed's MediaEngagement: the item's events over the range."""

    NOT_COMPUTED = {"averageViewTime": "for videos and audio, see /{id}/engagement (averageViewDuration, "
                                       "from playback sessions, not page events)"}
    views: int = defined("Page views", SUMMED)
    clicks: int = defined("Usage events", SUMMED)
    shares: int = defined("Usage events", SUMMED)
    downloads: int = defined("Usage events", SUMMED)
    interaction_rate: float | None = defined("Engagement rate", "interactionRate: engaged visits / visits "
                                             "(0–1). " + RATIO)


class MediaUsage(Model):
    """The seed's MediaUsageData: an item and its use over the range."""

    id: str = described("The media item's id (the CMS export's id).")
    filename: str = described("Its file name (the id when the inventory has none).")
    type: str = described("Media type: image, video, audio, document or other.")
    size: int | None = defined("Size", "Bytes of the file and its renditions. " + AS_OF)
    usage_count: int = defined("Referenced", "usageCount: live usage locations pointing at it. " + AS_OF)
    last_used: date | None = defined("Delivered", "lastUsed: the last day a request or event reached it "
                                     "in the look-back window. " + AS_OF)
    used_in: list[UsageLocation] = described("Where it is used (every location in the export, trash "
                                             "included, with its status). " + AS_OF)
    views: int = defined("Page views", SUMMED)
    downloads: int = defined("Usage events", SUMMED)
    engagement: Engagement


class UnusedMedia(Model):
    """The seed's UnusedMediaData: a cleanup candidate (neither referenced nor delivered)."""

    id: str = described("The media item's id.")
    filename: str = described("Its file name.")
    type: str = described("Media type.")
    size: int = defined("Potential savings", AS_OF)
    uploaded_at: datetime = described("When it was created in the CMS (created_at).")
    last_used: date | None = defined("Delivered", "lastUsed: the last day delivered, null when never in "
                                     "the look-back window.")
    potential_savings: int = defined("Potential savings", AS_OF)
    risk_level: str = defined("Deletion risk", AS_OF)


class RecentUpload(Model):
    """An item created within the range and still live (the seed's RecentUploadData)."""

    id: str = described("The media item's id.")
    filename: str = described("Its file name.")
    type: str = described("Media type.")
    size: int = described("Bytes of the original file.")
    uploaded_at: datetime = described("When it was created in the CMS (created_at).")


class DownloadStats(Model):
    """Downloads over the range, from the events and from the access logs (the seed's DownloadStats)."""

    downloads: int = defined("Usage events", "Download events sent by the site. " + SUMMED)
    downloads_attempted: int = defined("Download success", "Requests that asked for a whole file. " + SUMMED)
    downloads_completed: int = defined("Download success", "Of those, the ones that sent it whole. " + SUMMED)
    download_success_rate: float | None = defined("Download success", RATIO)


class EventCounts(Model):
    """Usage events counted over the range, with their rates."""

    impressions: int = defined("Impressions", SUMMED)
    views: int = defined("Page views", SUMMED)
    clicks: int = defined("Clicks", SUMMED)
    downloads: int = defined("Downloads", SUMMED)
    shares: int = defined("Shares", SUMMED)
    previews: int = defined("Previews", SUMMED)
    click_through_rate: float | None = defined("Click-through rate", RATIO)
    engagement_rate: float | None = defined("Engagement rate", RATIO)


class UsageTotals(EventCounts):
    """Usage of the whole library (or of one media type) over the range. Added by this product: the
    report's headline usage."""

    unique_users: int = defined("Unique visitors", RECOUNTED)
    signed_in_users: int = described("Of the unique visitors, distinct signed-in user ids (the rest are "
                                     "anonymous sessions). " + RECOUNTED)


class Playback(Model):
    """Video and audio playback over the range, from the players' events. Added by this product."""

    views: int = defined("Playback views", SUMMED)
    unique_viewers: int = defined("Playback views", "Distinct viewers. " + RECOUNTED)
    watch_time: float = defined("Watch time", "Seconds. " + SUMMED)
    completion_rate: float | None = defined("Completion rate", RATIO)


class EvidenceClass(Model):
    """Live items of one evidence class (in_use, stale, hot_linked, cleanup_candidate)."""

    evidence_class: str = defined("Evidence classes")
    files: int = described("Live items in the class. " + AS_OF)
    bytes: int = defined("Potential savings", "Their bytes with renditions. " + AS_OF)


class UsageSection(Model):
    """The seed's MediaAnalytics.usage, with the range's totals, playback and unused media by class."""

    most_used_files: list[MediaUsage] = defined("Page views", f"The {TOP_N} items with the most page "
                                                "views (then downloads, clicks); all of them at /usage.")
    unused_files: list[UnusedMedia] = defined("Evidence classes", f"The {TOP_N} cleanup candidates with the "
                                              "largest savings; all of them at /optimization.")
    recent_uploads: list[RecentUpload] = described(f"The {TOP_N} newest items created within the range.")
    download_stats: DownloadStats
    totals: UsageTotals
    playback: Playback | None = described("Null when no playback session was a view in the range.")
    unused_by_class: list[EvidenceClass] = defined("Evidence classes", AS_OF)


class LoadTime(Model):
    """Load time of one media type (the seed's MediaLoadTime)."""

    type: str = described("Media type, or all.")
    average_load_time: float | None = defined("Average load time", "ms. Over a range: the mean of every "
                                              "tracked load time of the range.")
    server_time: float | None = defined("Server time", "ms. Over a range: the mean of every logged request.")


class BandwidthByType(Model):
    type: str = described("Media type, all, or unmatched (paths no media item has).")
    bytes_sent: int = defined("Bandwidth", SUMMED)
    requests: int = defined("Requests", SUMMED)


class Bandwidth(Model):
    """The seed's BandwidthData."""

    bytes_sent: int = defined("Bandwidth", SUMMED)
    requests: int = defined("Requests", SUMMED)
    bot_requests: int = described("Of those, requests by bots (by User-Agent). " + SUMMED)
    by_type: list[BandwidthByType] = described("Bandwidth and requests per media type.")


class Performance(Model):
    """The seed's MediaAnalytics.performance; null figures when no access log covered the range."""

    NOT_COMPUTED = {"loadTimes (per item)": "the per-item load times are in /performance's items"}

    load_times: list[LoadTime]
    bandwidth_usage: Bandwidth | None = described("Null when no access log covered the range.")
    cache_hit_rate: float | None = defined("Cache hit rate", RECOUNTED)
    compression_savings: int = defined("Compression savings", "Bytes. " + SUMMED)
    error_rate: float | None = defined("Media error rate", RATIO)
    web_p_adoption: float | None = defined("Modern-format share", "webPAdoption: WebP and AVIF. " + RECOUNTED)
    mobile_share: float | None = defined("Mobile share", RECOUNTED)


class TypeSummary(Model):
    """One media type's headline figures; the type's full analytics at /images, /videos, /documents, /audio."""

    total_files: int = defined("Files", AS_OF)
    storage_used: int = defined("Storage", AS_OF)
    views: int = defined("Page views", SUMMED)
    requests: int = defined("Requests", SUMMED)
    bytes_sent: int = defined("Bandwidth", SUMMED)


class Types(Model):
    """The seed's MediaAnalytics.types, each summarised (the full ImageAnalytics etc. have endpoints of
    their own: embedding four of them would make the overview slow for little use)."""

    images: TypeSummary | None = described("Images; null when the library has none. Full: /images.", default=None)
    videos: TypeSummary | None = described("Videos; null when none. Full: /videos.", default=None)
    documents: TypeSummary | None = described("Documents; null when none. Full: /documents.", default=None)
    audio: TypeSummary | None = described("Audio; null when none. Full: /audio.", default=None)


class MediaAnalytics(Model):
    """The seed's MediaAnalytics, over the period."""

    period: PeriodInfo
    overview: Overview
    usage: UsageSection
    performance: Performance
    types: Types


TYPE_KEYS = {"image": "images", "video": "videos", "document": "documents", "audio": "audio"}


def media_analytics(store: Store, period: Period, query: Query, tz: str) -> MediaAnalytics:
    params = {**period.params(), "media_type": query.media_type, "media_id": None, "tz": tz, "limit": TOP_N,
              "offset": 0}
    storage = {r["media_type"]: r for r in store.rows("storage", params)}
    usage = {r["media_type"]: r for r in store.rows("usage_totals", params)}
    delivery = {r["media_type"]: r for r in store.rows("delivery_totals", params)}
    media = {r["media_type"]: r for r in store.rows("media_delivery_totals", params)}
    total = storage["all"]
    events = usage.get("all", {})
    return MediaAnalytics(
        period=PeriodInfo.of(period),
        overview=Overview(
            total_files=total["files"], total_size=total["original_bytes"], average_file_size=total["avg_file_bytes"],
            storage_used=total["bytes"], storage_quota=total["quota_bytes"], quota_used=total["quota_used"],
            files_uploaded=total["uploads"], files_deleted=total["deletions"]),
        usage=UsageSection(
            most_used_files=[media_usage(r) for r in store.rows("most_used", params)],
            unused_files=[unused_media(r) for r in store.rows("cleanup_candidates", params)],
            recent_uploads=[RecentUpload(id=r["media_id"], filename=r["filename"], type=r["media_type"],
                                         size=r["bytes"], uploaded_at=r["created_at"])
                            for r in store.rows("recent_uploads", params)],
            download_stats=download_stats(events, media.get("all", {})),
            totals=usage_totals(events),
            playback=playback(store.rows("playback_totals", params), "all"),
            unused_by_class=unused_by_class(store.rows("unused_classes", params))),
        performance=performance(usage, delivery, media.get("all", {})),
        types=Types(**{key: TypeSummary(
            total_files=storage[t]["files"], storage_used=storage[t]["bytes"],
            views=usage.get(t, {}).get("views", 0), requests=delivery.get(t, {}).get("requests", 0),
            bytes_sent=delivery.get(t, {}).get("bytes_sent") or 0)
            for t, key in TYPE_KEYS.items() if t in storage}),
    )


EVIDENCE_CLASSES = ("in_use", "stale", "hot_linked", "cleanup_candidate")


def usage_totals(r: dict) -> UsageTotals:
    return UsageTotals(**{name: r.get(name, 0) for name in (
        "impressions", "views", "clicks", "downloads", "shares", "previews", "unique_users", "signed_in_users")},
        click_through_rate=r.get("click_through_rate"), engagement_rate=r.get("engagement_rate"))


def playback(rows: list[dict], media_type: str) -> Playback | None:
    r = next((r for r in rows if r["media_type"] == media_type), None)
    return Playback(views=r["views"], unique_viewers=r["unique_viewers"], watch_time=r["watch_seconds"],
                    completion_rate=r["completion_rate"]) if r else None


def unused_by_class(rows: list[dict]) -> list[EvidenceClass]:
    found = {r["evidence_class"]: r for r in rows}
    return [EvidenceClass(evidence_class=c, files=found[c]["files"] if c in found else 0,
                          bytes=int(found[c]["bytes"]) if c in found else 0) for c in EVIDENCE_CLASSES]


def media_usage(r: dict) -> MediaUsage:
    return MediaUsage(
        id=r["media_id"], filename=r["filename"], type=r["media_type"], size=r["bytes"],
        usage_count=r["usage_count"], last_used=r["last_delivered_day"],
        used_in=[UsageLocation(**location) for location in r["usage_locations"] or []],
        views=r["views"], downloads=r["downloads"],
        engagement=Engagement(views=r["views"], clicks=r["clicks"], shares=r["shares"], downloads=r["downloads"],
                              interaction_rate=r["engaged_visits"] / r["visits"] if r["visits"] else None))


def unused_media(r: dict) -> UnusedMedia:
    return UnusedMedia(id=r["media_id"], filename=r["filename"], type=r["media_type"],
                       size=r["potential_savings_bytes"], uploaded_at=r["created_at"],
                       last_used=r["last_delivered_day"], potential_savings=r["potential_savings_bytes"],
                       risk_level=r["deletion_risk"])


def download_stats(events: dict, media: dict) -> DownloadStats:
    return DownloadStats(downloads=events.get("downloads", 0), downloads_attempted=media.get("downloads_attempted", 0),
                         downloads_completed=media.get("downloads_completed", 0),
                         download_success_rate=media.get("download_success_rate"))


def performance(usage: dict, delivery: dict, media: dict) -> Performance:
    sent = delivery.get("all")
    types = ["all"] + sorted(t for t in usage if t != "all")
    return Performance(
        load_times=[LoadTime(type=t, average_load_time=usage.get(t, {}).get("load_time_mean_ms"),
                             server_time=delivery.get(t, {}).get("server_time_mean_ms")) for t in types],
        bandwidth_usage=Bandwidth(
            bytes_sent=sent["bytes_sent"], requests=sent["requests"], bot_requests=sent["bot_requests"],
            by_type=[BandwidthByType(type=t, bytes_sent=r["bytes_sent"], requests=r["requests"])
                     for t, r in delivery.items()]) if sent else None,
        cache_hit_rate=sent["cache_hit_rate"] if sent else None,
        compression_savings=media.get("compression_savings_bytes", 0),
        error_rate=media.get("media_error_rate"),
        web_p_adoption=sent["modern_format_share"] if sent else None,
        mobile_share=sent["mobile_share"] if sent else None,
    )
