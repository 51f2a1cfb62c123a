"""Read one day's report from the warehouse into `reports.model.DailyReport`."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import duckdb
import polars as pl

from assets.documents.report import DOCUMENT_FOOTNOTES, load_document_report
from assets.images.report import IMAGE_FOOTNOTES, load_image_report
from assets.video.report import VIDEO_FOOTNOTES, load_video_report
from assets.video.report_advice import VIDEO_ADVICE_FOOTNOTES, load_video_advice
from assets.shared.sqlfiles import fetch_dicts as _rows
from assets.usage.assets import visitors_per_day
from reports.attention import ATTENTION_FOOTNOTE
from reports.model import (
    BandwidthPoint,
    BrokenLink,
    CleanupCandidate,
    DailyReport,
    DataQuality,
    DayMetrics,
    DayPoint,
    FormatShare,
    DeliveryOverview,
    Footnote,
    MediaDelivery,
    MediaUsage,
    StorageOverview,
    TYPE_PAGES,
    TypePage,
    TypeStorage,
    UnusedClass,
    Upload,
    UsageTotals,
)

TOP_N = 10
TYPE_PAGE_N = 20
CANDIDATES_N = 20
EVIDENCE_CLASSES = ("in_use", "stale", "hot_linked", "cleanup_candidate")

FOOTNOTES = [
    Footnote("Files and storage", "Media items not deleted by the end of the day; bytes count each "
             "original and all its renditions; average size is original bytes / files. Uploads and "
             "deletions are items whose created_at or deleted_at falls on the day (report time zone).",
             aliases=("Files", "Storage", "Average size", "Uploads", "Deletions", "Size")),
    Footnote("Usage events", "Impressions, page views, clicks, downloads, shares and previews: the day's "
             "usage events of each type sent by the site, each event id counted once.",
             aliases=("Impressions", "Clicks", "Downloads", "Shares", "Previews")),
    Footnote("Page views", "View usage events: the item seen on a page (an image or document entering the "
             "viewport, a video or audio player shown). Not playback: a video's plays are its playback "
             "views, counted from the player's own events, so one item has both and they differ (a "
             "player shown and never played; one page view and several plays).", aliases=("Views",)),
    Footnote("Requests", "Requests in the web-server and CDN access logs, bots included (kept for "
             "bandwidth, not counted as use): on the overview every request of the day, on a media "
             "type's page those that reached its items."),
    Footnote("Unique visitors", "Distinct signed-in user ids, else session ids, among the day's events of "
             "any type — impressions included, so there can be more visitors than page views.",
             aliases=("Unique users",)),
    Footnote("Click-through rate", "Clicks / page views [seed]; – when there were no page views, and for "
             "documents, which are previewed or downloaded, never clicked."),
    Footnote("Engagement rate", "Of the visits to an item — a visitor who viewed, previewed, clicked, shared "
             "or downloaded it that day (an impression alone is not a visit) — the share in which they "
             "clicked, shared or downloaded it; over several items, engaged visits / visits. Always "
             "0–100 %. The seed's (clicks + shares + downloads) / views, kept as engagement_rate in "
             "daily_media_usage, passes 100 % when documents are downloaded without a view event."),
    Footnote("Popularity score", "100 × ln(1 + views + 2·clicks + 3·shares), divided by the same for "
             "the day's most popular item of the same media type (0–100)."),
    Footnote("Referenced", "At least one usage location not in the trash points at the item; drafts "
             "and scheduled posts count."),
    Footnote("Delivered", "At least one usage event, or a request a person made that was answered "
             "without error (access logs), reached the item in the look-back window."),
    Footnote("Evidence classes", "In use: referenced and delivered. Stale: referenced, not delivered. "
             "Hot-linked: not referenced but delivered — used dynamically, do not delete. Cleanup "
             "candidate: neither referenced nor delivered.",
             aliases=("Cleanup candidates",)),
    Footnote("Deletion risk", "High if referenced; medium if delivered in the last 30 days or "
             "hot-linked; else low. The product recommends; it never deletes."),
    Footnote("Potential savings", "Bytes of the file and all its renditions."),
    Footnote("Cache hit rate", "Cache hits / (hits + misses) over requests whose cache status the log "
             "records (nginx $upstream_cache_status, CloudFront x-edge-result-type)."),
    Footnote("Error rate", "Requests answered 4xx or 5xx / requests; on the overview, of the requests that "
             "reached a media item (media error rate): a request for a path no item has is a broken link, "
             "listed apart, not a delivery error.", aliases=("Media error rate",)),
    Footnote("Broken media links", "Paths under the media URL prefixes that matched no media item and were "
             "answered 4xx (a file missing or renamed), requested by people, with the pages that link to "
             "them (their referrers) — fix the page or restore the file. No anchor reports it. A path "
             "with a . or .. segment (/media/../../etc/passwd) is a probe of the server, not a link: "
             "counted among the requests no item has, not listed."),
    Footnote("Average load time", "Mean load_time_ms tracked in browsers (usage events); server time is "
             "the mean request time the web server or CDN logged.",
             aliases=("Server time",)),
    Footnote("Modern-format share", "Image requests answered as WebP or AVIF / image requests."),
    Footnote("Mobile share", "Requests by people (bots excluded) from phones and tablets, by User-Agent."),
    Footnote("Compression savings", "Sum over requests answered with a rendition or a WebP/AVIF variant of "
             "(original size − bytes sent): what optimisation already saves."),
    Footnote("Bandwidth", "Bytes sent, bots included, from the access logs."),
    Footnote("Change", "The day's value against the day before, and against the mean of the 7 days "
             "before it that have a value (days not built, or without access logs or playback for "
             "those figures, are left out); counts and sizes as a relative change, rates in "
             "percentage points (pp). – when there is nothing to compare with."),
    Footnote("Format", "The MIME subtype in the CMS export (jpeg, pdf, mp4); the file name's extension "
             "when the subtype is a vendor or unregistered one (docx, m4a) or missing. Bytes include "
             "renditions."),
    Footnote("Rejected rows", "Input rows that failed validation (kept in the rejected_rows table "
             "with file, line, raw text and reason); duplicates are repeated event ids, dropped."),
]


def load_daily_report(
    con: duckdb.DuckDBPyConnection, day: date, tz: str, lookback_days: int
) -> DailyReport:
    """Everything the report for `day` shows, from the built tables of that day."""
    params = {"day": day, "tz": tz, "media_type": "all"}
    storage_rows = _rows(con, "report_storage", params)
    total = next((r for r in storage_rows if r["media_type"] == "all"), None)
    if total is None:
        raise LookupError(f"daily_storage has no rows for {day}: build that day first")
    by_type = [
        TypeStorage(r["media_type"], r["files"], r["bytes"], r["avg_file_bytes"], r["uploads"], r["deletions"])
        for r in storage_rows if r["media_type"] != "all"
    ]
    storage = StorageOverview(
        files=total["files"], bytes=total["bytes"], avg_bytes=total["avg_file_bytes"],
        uploads=total["uploads"], deletions=total["deletions"], quota_bytes=total["quota_bytes"],
        quota_used=total["quota_used"], by_type=by_type,
    )
    visitors = visitors_per_day(con, day - timedelta(days=7), day)
    u = _rows(con, "report_usage_totals", params)[0]
    usage = UsageTotals(
        impressions=u["impressions"], views=u["views"], clicks=u["clicks"], downloads=u["downloads"],
        shares=u["shares"], previews=u["previews"], unique_users=visitors.get(day, 0),
        click_through_rate=u["clicks"] / u["views"] if u["views"] else None,
        engagement_rate=u["engaged_visits"] / u["visits"] if u["visits"] else None,
    )
    classes = {r["evidence_class"]: r for r in _rows(con, "report_unused_classes", params)}
    quality = _rows(con, "report_data_quality", params)[0]
    metrics = [DayMetrics(**r) for r in daily_metrics(con, day, visitors)]
    videos = load_video_report(con, day, "all")
    images = load_image_report(con, day, tz)
    documents = load_document_report(con, day)
    video_advice = load_video_advice(con, day)
    return DailyReport(
        day=day,
        generated_at=datetime.now(timezone.utc),
        storage=storage,
        usage=usage,
        most_used=most_used(con, day, "all", TOP_N),
        unused_classes=[
            UnusedClass(name, classes[name]["files"] if name in classes else 0,
                        int(classes[name]["bytes"]) if name in classes else 0)
            for name in EVIDENCE_CLASSES
        ],
        cleanup_candidates=cleanup_candidates(con, day, "all", CANDIDATES_N),
        lookback_days=lookback_days,
        recent_uploads=[Upload(**r) for r in _rows(con, "report_recent_uploads", {**params, "limit": TOP_N})],
        trend=[DayPoint(m.day, m.files, m.bytes, m.uploads, m.deletions, m.views, m.clicks, m.downloads)
               for m in metrics if m.media_type == "all"],
        data_quality=DataQuality(
            rows_loaded=quality["rows_loaded"], rows_rejected=quality["rows_rejected"],
            duplicates_dropped=quality["duplicates_dropped"],
        ),
        footnotes=[ATTENTION_FOOTNOTE] + FOOTNOTES + (VIDEO_FOOTNOTES if videos else []) + (IMAGE_FOOTNOTES if images else [])
        + (DOCUMENT_FOOTNOTES if documents else []) + (VIDEO_ADVICE_FOOTNOTES if video_advice else []),
        delivery=next((DeliveryOverview(**r) for r in _rows(con, "report_delivery", params)), None),
        broken_links=[BrokenLink(r["path"], r["requests"], [(x["referrer"], x["requests"]) for x in r["referrers"]],
                                 r["new"])
                      for r in _rows(con, "report_broken_links", {**params, "limit": TOP_N, "referrers": 3})],
        bandwidth_hungry=bandwidth_hungry(con, day, "all", TOP_N),
        bandwidth_trend=[BandwidthPoint(**r) for r in _rows(con, "report_bandwidth_trend", params)],
        videos=videos,
        images=images,
        documents=documents,
        metrics=metrics,
        type_pages=load_type_pages(con, day, by_type),
        video_advice=video_advice,
    )


def daily_metrics(con: duckdb.DuckDBPyConnection, day: date, visitors: dict[date, int]) -> list[dict]:
    """report_daily_metrics.sql's rows for the 30 days up to `day`, with the library's distinct
    visitors of the last 8 (`visitors`, from visitors_per_day) as its relation `day_visitors`."""
    day_visitors = pl.DataFrame({"day": list(visitors), "unique_users": list(visitors.values())},
                                schema={"day": pl.Date, "unique_users": pl.Int64})
    con.register("day_visitors", day_visitors.to_arrow())
    try:
        return _rows(con, "report_daily_metrics", {"day": day})
    finally:
        con.unregister("day_visitors")


def most_used(con: duckdb.DuckDBPyConnection, day: date, media_type: str, limit: int) -> list[MediaUsage]:
    """The items of `media_type` ("all": any) with the most views on `day`."""
    params = {"day": day, "media_type": media_type, "limit": limit}
    return [MediaUsage(**r) for r in _rows(con, "report_most_used", params)]


def bandwidth_hungry(con: duckdb.DuckDBPyConnection, day: date, media_type: str, limit: int) -> list[MediaDelivery]:
    """The items of `media_type` ("all": any) that took the most bytes on `day`."""
    params = {"day": day, "media_type": media_type, "limit": limit}
    return [MediaDelivery(**r) for r in _rows(con, "report_bandwidth_hungry", params)]


def cleanup_candidates(con: duckdb.DuckDBPyConnection, day: date, media_type: str,
                       limit: int) -> list[CleanupCandidate]:
    """The cleanup candidates of `media_type` ("all": any) on `day`, largest savings first."""
    params = {"day": day, "media_type": media_type, "limit": limit}
    return [CleanupCandidate(**r) for r in _rows(con, "report_cleanup_candidates", params)]


def load_type_pages(con: duckdb.DuckDBPyConnection, day: date, by_type: list[TypeStorage]) -> list[TypePage]:
    """A page for each of images, videos, audio and documents that has files on `day`."""
    formats: dict[str, list[FormatShare]] = {}
    for r in _rows(con, "report_type_formats", {"day": day}):
        formats.setdefault(r["media_type"], []).append(FormatShare(r["format"], r["files"], int(r["bytes"])))
    storage = {t.media_type: t for t in by_type}
    return [
        TypePage(
            media_type=media_type,
            storage=storage[media_type],
            formats=formats.get(media_type, []),
            most_used=most_used(con, day, media_type, TYPE_PAGE_N),
            bandwidth_hungry=bandwidth_hungry(con, day, media_type, TYPE_PAGE_N),
            cleanup_candidates=cleanup_candidates(con, day, media_type, TYPE_PAGE_N),
            videos=load_video_report(con, day, media_type) if media_type in ("video", "audio") else None,
        )
        for media_type in TYPE_PAGES
        if media_type in storage and storage[media_type].files > 0
    ]
