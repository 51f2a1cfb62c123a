"""The media-type sections of a day's report: video and audio playback with its encoding advice,
images and their optimisation opportunities, documents and their searchability.

Filled by the `report` asset's loaders (assets/video/report.py, assets/images/report.py,
assets/documents/report.py) and held by `reports.model.DailyReport` and `TypePage`; the same conventions
as `reports.model` (ints for bytes, rates in 0..1 or None).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class VideoEngagement:
    """One row of "most watched": a video or audio item's views on the day."""

    media_id: str
    filename: str
    media_type: str  # video | audio (or what the inventory says; unknown when not in it)
    duration: float | None
    duration_inferred: bool  # no event reported a duration: the furthest position seen
    views: int
    unique_viewers: int
    watch_seconds: float
    avg_view_seconds: float | None
    completion_rate: float | None  # edX rule: furthest position >= duration - min(30 s, 5 %)
    finish_rate: float | None  # Matomo rule: furthest position >= duration - 2 s


@dataclass(frozen=True)
class RetentionCurve:
    """Share of an item's views that watched each bucket of its timeline, from 0 s."""

    media_id: str
    filename: str
    views: int
    duration: float  # seconds; the last bucket ends here
    bucket_seconds: int
    retention: list[float]  # one value in 0..1 per bucket


@dataclass(frozen=True)
class DropOff:
    """Where most viewers of an item left: `share` of its views ended between `start` and `end`
    seconds without finishing."""

    media_id: str
    filename: str
    start: float
    end: float
    share: float
    dropoffs: int


@dataclass(frozen=True)
class VideoReport:
    """The day's video and audio engagement (sessions that started on the day)."""

    views: int
    unique_viewers: int
    watch_seconds: float
    avg_view_seconds: float | None
    completion_rate: float | None
    finish_rate: float | None
    buffering_rate: float | None
    most_watched: list[VideoEngagement]
    retention_curves: list[RetentionCurve]  # the most watched items with two buckets or more
    dropoffs: list[DropOff]  # each curve's largest drop-off (items with enough views), most viewers lost first


@dataclass(frozen=True)
class ImageFormat:
    """Original images of one real format (by content) on the day."""

    image_format: str
    files: int
    bytes: int
    compression_ratio: float | None  # bytes / (width × height × 3)


@dataclass(frozen=True)
class ImageOpportunityKind:
    """One kind of optimisation (resize, format, compression, gif_to_video) summed over the day."""

    kind: str
    files: int
    bytes_saved: int
    traffic_weighted_daily_savings: int | None  # None when the day has no delivery data


@dataclass(frozen=True)
class ImageOpportunity:
    """One row of image_optimization_opportunities."""

    media_id: str
    filename: str  # the inventory's file name (the path's last part when the item has none)
    path: str
    kind: str
    current_bytes: int
    expected_bytes: int
    bytes_saved: int
    method: str
    recommendation: str
    traffic_weighted_daily_savings: int | None


@dataclass(frozen=True)
class ImageReport:
    """The report's Images panel, from media_file_facts, image_optimization_opportunities and
    media_duplicates of one day."""

    images: int
    bytes: int
    compression_ratio: float | None  # all original images: bytes / (width × height × 3)
    formats: list[ImageFormat]  # most files first
    kinds: list[ImageOpportunityKind]
    top: list[ImageOpportunity]  # by rank: traffic-weighted savings first
    duplicate_groups: int
    duplicate_reclaimable_bytes: int
    potential_bytes_saved: int = 0  # originals: every file once, with its largest saving (kinds overlap)
    potential_daily_savings: int | None = None  # the same, traffic-weighted; None without delivery data
    unused_renditions: int = 0  # renditions no person requested in the look-back window
    unused_rendition_bytes: int = 0  # their bytes (storage, not bandwidth)
    rendition_bytes: int = 0  # bytes of every rendition of the day's live images: their base
    image_bytes_sent: int | None = None  # the day's image bandwidth: the daily savings' base
    new_oversized: int = 0  # images uploaded on the day with a resize opportunity
    new_oversized_bytes: int = 0  # what resizing them saves


@dataclass(frozen=True)
class DocumentFormat:
    """Live documents of one format (pdf, docx, text, ...) on the day."""

    doc_format: str
    documents: int
    searchable: int
    searchability_known: int  # documents whose file was read
    downloads: int


@dataclass(frozen=True)
class DocumentReason:
    """A reason documents are not searchable (image-only PDF, encrypted PDF, ...) and how many."""

    reason: str
    documents: int


@dataclass(frozen=True)
class DocumentFix:
    """One document to fix, in fix_rank order (the day's traffic first)."""

    media_id: str
    filename: str
    doc_format: str | None
    traffic: int  # views + previews + downloads
    searchable: bool | None
    reason: str
    recommendations: list[str]  # "OCR this scanned PDF", "Add a title", ...


@dataclass(frozen=True)
class DocumentAccess:
    """One row of "most downloaded documents"."""

    media_id: str
    filename: str
    doc_format: str | None
    downloads: int
    previews: int
    views: int
    preview_to_download_rate: float | None
    download_success_rate: float | None  # None without access logs for it
    avg_download_time_ms: float | None
    downloads_change: float | None  # against the mean of the 7 days before
    searchable: bool | None
    # previewers who then downloaded / previewers (0-1); preview_to_download_rate is the seed's ratio
    preview_conversion: float | None = None


@dataclass(frozen=True)
class DocumentReport:
    """The Documents panel and page: document_searchability's aggregate and daily_document_access."""

    documents: int  # live documents
    searchable: int
    searchability_known: int  # documents whose file was read (the rate's denominator)
    searchability_rate: float | None
    indexed: int
    indexing_rate: float | None  # over documents whose indexed flag the CMS gives
    missing_title: int
    missing_description: int
    missing_metadata: int  # no title or no description
    to_fix: int  # documents with at least one recommendation
    views: int
    previews: int
    downloads: int
    preview_to_download_rate: float | None
    download_success_rate: float | None
    avg_download_time_ms: float | None
    from_search: int
    from_social: int
    from_email: int
    from_internal: int
    from_direct: int
    from_other: int
    desktop_requests: int
    mobile_requests: int
    tablet_requests: int
    other_device_requests: int
    formats: list[DocumentFormat]
    reasons: list[DocumentReason]  # why documents are not searchable, most common first
    fixes: list[DocumentFix]  # the top documents to fix
    most_downloaded: list[DocumentAccess]
    # previewers who then downloaded / previewers over the day's documents (0-1)
    preview_conversion: float | None = None


@dataclass(frozen=True)
class VideoAdvice:
    """One row of video_optimization_opportunities, for the videos page."""

    media_id: str
    filename: str  # the inventory's file name (the path's last part when the item has none)
    kind: str  # reencode | adaptive_streaming | caching
    trigger_metric: str  # bits_per_pixel | buffering_rate | cache_hit_rate
    trigger_value: float
    trigger_threshold: float
    bytes_saved: int | None  # reencode: storage saved
    daily_bytes_saved: int | None  # reencode: bandwidth; caching: origin bytes; None otherwise
    recommendation: str
