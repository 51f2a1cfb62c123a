"""The data a day's report is rendered from.

The `report` asset fills these records from the warehouse; everything in `reports/` turns them into
HTML, PNG charts and an email. Byte counts are ints, rates are floats in 0..1 or None when their
denominator was zero (rendered as "–", never as 0 or NaN).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from reports.sections import DocumentReport, ImageReport, VideoAdvice, VideoReport


@dataclass(frozen=True)
class TypeStorage:
    """One media type's line of the storage overview (type: image | video | document | audio | other)."""

    media_type: str
    files: int
    bytes: int
    avg_bytes: float | None
    uploads: int
    deletions: int


@dataclass(frozen=True)
class StorageOverview:
    files: int
    bytes: int
    avg_bytes: float | None
    uploads: int
    deletions: int
    quota_bytes: int | None
    quota_used: float | None  # bytes / quota_bytes, None without a quota
    by_type: list[TypeStorage]


@dataclass(frozen=True)
class DayPoint:
    """One day of a 30-day trend."""

    day: date
    files: int
    bytes: int
    uploads: int
    deletions: int
    views: int
    clicks: int
    downloads: int


@dataclass(frozen=True)
class UsageTotals:
    impressions: int
    views: int
    clicks: int
    downloads: int
    shares: int
    previews: int
    unique_users: int
    click_through_rate: float | None
    engagement_rate: float | None


@dataclass(frozen=True)
class MediaUsage:
    """One row of "most used media"."""

    media_id: str
    filename: str
    media_type: str
    views: int
    clicks: int
    downloads: int
    shares: int
    unique_users: int
    click_through_rate: float | None
    engagement_rate: float | None
    popularity_score: float | None
    bytes: int | None = None  # the file and its renditions (None when not in the inventory)


@dataclass(frozen=True)
class UnusedClass:
    """Files and bytes in one evidence class of unused_media."""

    evidence_class: str  # in_use | stale | hot_linked | cleanup_candidate
    files: int
    bytes: int


@dataclass(frozen=True)
class CleanupCandidate:
    media_id: str
    filename: str
    media_type: str
    potential_savings_bytes: int  # the file and its renditions
    deletion_risk: str  # low | medium | high
    created_at: datetime | None


@dataclass(frozen=True)
class Upload:
    media_id: str
    filename: str
    media_type: str
    bytes: int
    created_at: datetime


@dataclass(frozen=True)
class Footnote:
    term: str
    definition: str
    aliases: tuple[str, ...] = ()  # other labels the definition covers ("Files", "Storage")


@dataclass(frozen=True)
class DataQuality:
    rows_loaded: int
    rows_rejected: int
    duplicates_dropped: int


@dataclass(frozen=True)
class DeliveryOverview:
    """The day's access logs over the whole site (the dashboard's Performance Metrics panel)."""

    requests: int
    bot_requests: int
    bytes_sent: int
    cache_hit_rate: float | None
    error_rate: float | None
    server_time_mean_ms: float | None  # request time from the logs
    load_time_mean_ms: float | None  # load_time_ms tracked in browsers (usage events)
    modern_format_share: float | None
    mobile_share: float | None
    compression_savings_bytes: int
    media_error_rate: float | None = None  # 4xx + 5xx / requests that reached a media item
    unmatched_requests: int = 0  # requests whose path matched no media item
    unmatched_errors: int = 0  # of those, answered 4xx or 5xx


@dataclass(frozen=True)
class BrokenLink:
    """A missing media path people requested (4xx), with the pages that link to it."""

    path: str
    requests: int
    referrers: list[tuple[str, int]]  # (referrer, requests), most first; "" = no referrer
    new: bool = False  # no person's request reached the path in the 7 days before


@dataclass(frozen=True)
class MediaDelivery:
    """One row of "most bandwidth-hungry media"."""

    media_id: str
    filename: str
    media_type: str
    requests: int
    bytes_sent: int
    cache_hit_rate: float | None
    error_rate: float | None
    modern_format_share: float | None


@dataclass(frozen=True)
class BandwidthPoint:
    """Bytes sent for one media type on one day of the trend window."""

    day: date
    media_type: str
    bytes_sent: int


@dataclass(frozen=True)
class ExportFile:
    """One table of the day exported as CSV and Parquet; paths relative to the day's page."""

    table: str
    rows: int
    csv: str
    parquet: str


@dataclass(frozen=True)
class DayMetrics:
    """The headline numbers of one media type (or "all") on one built day of the 30-day window.

    Counts of events are 0 on a built day without events; delivery figures are None when no access
    log covered the day, playback figures None when no playback session started, unique users None
    for types and for days more than 7 days back."""

    day: date
    media_type: str
    files: int
    bytes: int
    uploads: int
    deletions: int
    impressions: int
    views: int
    clicks: int
    downloads: int
    shares: int
    previews: int
    unique_users: int | None
    click_through_rate: float | None
    engagement_rate: float | None
    requests: int | None
    bytes_sent: int | None
    cache_hit_rate: float | None
    error_rate: float | None
    video_views: int | None
    watch_seconds: float | None
    completion_rate: float | None
    cleanup_files: int
    cleanup_bytes: int


# How each headline number is shown and compared: sizes, counts and durations by their relative
# change, rates (0..1) by the difference in percentage points.
METRIC_UNITS = {
    "files": "count", "bytes": "bytes", "uploads": "count", "deletions": "count",
    "impressions": "count", "views": "count", "clicks": "count", "downloads": "count",
    "shares": "count", "previews": "count", "unique_users": "count",
    "click_through_rate": "rate", "engagement_rate": "rate",
    "requests": "count", "bytes_sent": "bytes", "cache_hit_rate": "rate", "error_rate": "rate",
    "video_views": "count", "watch_seconds": "seconds", "completion_rate": "rate",
    "cleanup_files": "count", "cleanup_bytes": "bytes",
}


@dataclass(frozen=True)
class Comparison:
    """A headline number of the day beside the day before and the mean of the 7 days before it."""

    unit: str  # count | bytes | seconds | rate (see METRIC_UNITS)
    value: float | None
    previous: float | None  # None when the day before was not built or had no value
    week_average: float | None  # mean over those of the 7 previous days with a value; None if none
    week_days: int  # how many of the 7 previous days had a value

    def change_from(self, base: float | None) -> float | None:
        """The change from `base`: a difference in percentage points for rates, else a relative
        change (0.12 = +12 %). None when either side is missing, or the base is 0 and the value not."""
        if self.value is None or base is None:
            return None
        if self.unit == "rate":
            return (self.value - base) * 100
        if base == 0:
            return 0.0 if self.value == 0 else None
        return (self.value - base) / base


def compare(metrics: list[DayMetrics], day: date, media_type: str, metric: str) -> Comparison | None:
    """Compare `metric` of `media_type` on `day` with the day before and the 7-day average before it.

    None when `day` itself has no row for the type."""
    by_day = {m.day: getattr(m, metric) for m in metrics if m.media_type == media_type}
    if day not in by_day:
        return None
    week = [by_day[d] for d in (day - timedelta(days=n) for n in range(1, 8))
            if by_day.get(d) is not None]
    return Comparison(
        unit=METRIC_UNITS[metric],
        value=by_day[day],
        previous=by_day.get(day - timedelta(days=1)),
        week_average=sum(week) / len(week) if week else None,
        week_days=len(week),
    )


@dataclass(frozen=True)
class FormatShare:
    """Live items of one format within a media type ("jpeg" images, "pdf" documents)."""

    format: str
    files: int
    bytes: int


# The media types that have a page of their own, with its file name beside the overview and title.
TYPE_PAGES = {
    "image": ("images.html", "Images"),
    "video": ("videos.html", "Videos"),
    "audio": ("audio.html", "Audio"),
    "document": ("documents.html", "Documents"),
}


@dataclass(frozen=True)
class TypePage:
    """What one media type's page shows: its storage and formats, its most used, most
    bandwidth-hungry and largest unused items, and its playback (video and audio)."""

    media_type: str  # image | video | audio | document
    storage: TypeStorage
    formats: list[FormatShare]  # most bytes first
    most_used: list[MediaUsage]
    bandwidth_hungry: list[MediaDelivery]
    cleanup_candidates: list[CleanupCandidate]
    videos: VideoReport | None = None  # playback of this type; None when none started on the day

    @property
    def filename(self) -> str:
        return TYPE_PAGES[self.media_type][0]

    @property
    def title(self) -> str:
        return TYPE_PAGES[self.media_type][1]


@dataclass(frozen=True)
class DailyReport:
    day: date
    generated_at: datetime
    storage: StorageOverview
    usage: UsageTotals
    most_used: list[MediaUsage]
    unused_classes: list[UnusedClass]
    cleanup_candidates: list[CleanupCandidate]  # largest savings first, at most 20
    lookback_days: int
    recent_uploads: list[Upload]
    trend: list[DayPoint]  # the last 30 days up to and including `day`, oldest first
    data_quality: DataQuality
    footnotes: list[Footnote] = field(default_factory=list)
    delivery: DeliveryOverview | None = None  # None when no access log covers the day
    bandwidth_hungry: list[MediaDelivery] = field(default_factory=list)
    bandwidth_trend: list[BandwidthPoint] = field(default_factory=list)
    exports: list[ExportFile] = field(default_factory=list)  # the page's download links
    videos: VideoReport | None = None  # None when no playback session started on the day
    images: ImageReport | None = None  # None when no image file was read for the day (no MEDIA_ROOT)
    documents: DocumentReport | None = None  # None when the day's inventory has no live document
    metrics: list[DayMetrics] = field(default_factory=list)  # headline numbers, 30 days × types
    type_pages: list[TypePage] = field(default_factory=list)  # the types with files on the day
    video_advice: list[VideoAdvice] = field(default_factory=list)  # video_optimization_opportunities, by rank
    broken_links: list[BrokenLink] = field(default_factory=list)  # most requested missing media paths
    # the day's data checks whose latest evaluation failed, whichever run of the day made it
    failed_checks: list[str] = field(default_factory=list)

    def day_metrics(self, media_type: str) -> DayMetrics | None:
        """The headline numbers of `media_type` ("all" for the library) on the report's day."""
        return next((m for m in self.metrics if m.day == self.day and m.media_type == media_type), None)

    def comparison(self, media_type: str, metric: str) -> Comparison | None:
        """`metric` of `media_type` on the report's day against the day before and the 7-day average."""
        return compare(self.metrics, self.day, media_type, metric)

    @property
    def has_trend(self) -> bool:
        """A trend needs two days at least: one day is already the day's own figures."""
        return len(self.trend) >= 2
