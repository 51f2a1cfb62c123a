"""GET /api/analytics/media/images — the seed's ImageAnalytics: the original images, their delivery
and use, and what optimising them would save (the report's Images panel, over a range)."""

from __future__ import annotations

from api.read.definitions import defined, described
from api.read.model import AS_OF, RATIO, SUMMED, Model, Page, PeriodInfo
from api.read.period import Period, Query, next_cursor
from api.read.store import Store

TOP_N = 10
KINDS = ["resize", "format", "compression", "gif_to_video", "unused_rendition"]
SEED_KINDS = "resize, format (as the seed's), compression, gif_to_video or unused_rendition (the seed's cleanup)"
NULL_WITHOUT_LOGS = " Null when no day of the range had access logs."


class ImageFormat(Model):
    """The original images of one real format (an entry of the seed's FormatDistribution)."""

    format: str = described("The file's real format by content (Pillow): JPEG, PNG, GIF, WEBP, AVIF, ...")
    count: int = defined("Images read", "Files of the format. " + AS_OF)
    size: int = defined("Image storage", "Their bytes. " + AS_OF)
    compression_ratio: float | None = defined("Compression ratio", AS_OF)


class ImageOverview(Model):
    """The original image files read as of asOf (the report's Images tiles): none when MEDIA_ROOT is not
    set, since the files are read from it."""

    total_images: int = defined("Images read", AS_OF)
    total_size: int = defined("Image storage", "Bytes of the originals. " + AS_OF)
    average_size: float | None = defined("Images read", "averageSize: totalSize / totalImages, bytes; null "
                                         "without images. " + AS_OF)
    compression_ratio: float | None = defined("Compression ratio", "Of all the originals read. " + AS_OF)
    format_distribution: list[ImageFormat] = defined("Images read", "Per real format, most files first. " + AS_OF)


class ImagePerformance(Model):
    """How images were delivered and seen over the range."""

    average_load_time: float | None = defined("Average load time", "ms, of the events of images. Over a range: "
                                              "the mean of every load time tracked in the range.")
    compression_savings: int = defined("Compression savings", "Bytes, image requests. " + SUMMED)
    web_p_adoption: float | None = defined("Modern-format share", "webPAdoption: WebP and AVIF (0–1). " + RATIO)
    responsive_usage: float | None = described(
        "Image requests answered with a rendition smaller than the original / image requests (0–1), from the "
        "access logs; null without image requests. " + RATIO)
    lazy_loading_effectiveness: float | None = described(
        "Page views / impressions of images (0–1): an impression is the image loaded on a page, a view is it "
        "entering the viewport, so 1 means no image was loaded in vain; null without impressions. " + RATIO)


class ImageUsage(Model):
    """An image and its use over the range (the seed's ImageUsageData, FeaturedImageData and
    GalleryPerformanceData: the list says which events count)."""

    id: str = described("The media item's id (the CMS export's id).")
    filename: str = described("Its file name (the id when the inventory has none).")
    size: int | None = defined("Size", "Bytes of the file and its renditions. " + AS_OF)
    width: int | None = described("Width of the original in pixels, as the CMS export gives it. " + AS_OF)
    height: int | None = described("Height of the original in pixels, as the CMS export gives it. " + AS_OF)
    usage_count: int = defined("Referenced", "usageCount: live usage locations pointing at it. " + AS_OF)
    impressions: int = defined("Impressions", SUMMED)
    views: int = defined("Page views", SUMMED)
    clicks: int = defined("Clicks", SUMMED)
    shares: int = defined("Shares", SUMMED)
    downloads: int = defined("Downloads", SUMMED)
    click_through_rate: float | None = defined("Click-through rate", RATIO)
    lazy_loading_effectiveness: float | None = described("Page views / impressions (0–1); null without "
                                                         "impressions. " + RATIO)


class ImageUsageSection(Model):
    """The seed's ImageAnalytics.usage: the most viewed images, overall, as featured images, in galleries."""

    most_viewed_images: list[ImageUsage] = defined("Page views", f"The {TOP_N} images with the most page views "
                                                   "(then downloads, clicks), counting every event.")
    featured_images: list[ImageUsage] = defined("Page views", f"The {TOP_N} images with the most page views as a "
                                                "featured image: only events whose usage is featured count.")
    gallery_performance: list[ImageUsage] = defined("Page views", f"The {TOP_N} images with the most page views "
                                                    "in galleries: only events whose usage is gallery count.")


class ImageOpportunity(Model):
    """One optimisation of one file (the seed's OptimizationOpportunity), as the file is as of asOf."""

    NOT_COMPUTED = {
        "impact": "not labelled high/medium/low: opportunities are ranked by the measured bandwidth they would "
                  "have saved (trafficSavings), then bytes saved",
        "unusedSizes": "each unused rendition is an opportunity of its own (type unused_rendition, its path)",
    }

    type: str = defined("Optimisation kind", SEED_KINDS + ".")
    media_id: str = described("The media item's id.")
    filename: str = described("Its file name (the path's last part when the inventory has none).")
    path: str = described("The file under MEDIA_ROOT: the original, or the unused rendition's own file.")
    current_size: int = defined("Bytes saved", "currentSize: bytes of the file now. " + AS_OF)
    recommended_size: int = defined("Bytes saved", "recommendedSize: bytes after the optimisation (0 for an "
                                    "unused rendition, deleted). " + AS_OF)
    current_format: str = described("The file's real format by content.")
    recommended_format: str | None = described("The format after it: the same for resize and compression, WEBP "
                                               "or AVIF for format, MP4 for gif_to_video; null for an unused "
                                               "rendition.")
    potential_savings: int = defined("Bytes saved", "currentSize − recommendedSize. " + AS_OF)
    traffic_savings: int | None = defined("Daily savings", SUMMED + NULL_WITHOUT_LOGS)
    method: str = described("reencoded (Pillow encoded the file) or estimated (see Bytes saved).")
    recommendation: str = described("What to do, with the figure that triggered it.")


class OversizedImage(Model):
    """The seed's OversizedImageData: an original over twice as wide as its widest display (type resize)."""

    id: str = described("The media item's id.")
    filename: str = described("Its file name.")
    size: int = defined("Bytes saved", "size: bytes of the original now. " + AS_OF)
    original_width: int | None = described("The original's width in pixels, as displayed. " + AS_OF)
    original_height: int | None = described("The original's height in pixels, as displayed. " + AS_OF)
    max_display_width: int | None = defined("Optimisation kind", "maxDisplayWidth: the widest the CMS displays "
                                            "it, the width to resize to. " + AS_OF)
    recommended_size: int = defined("Bytes saved", "recommendedSize: bytes resized to maxDisplayWidth. " + AS_OF)
    potential_savings: int = defined("Bytes saved", AS_OF)
    traffic_savings: int | None = defined("Daily savings", SUMMED + NULL_WITHOUT_LOGS)


class ImageOpportunityType(Model):
    """The opportunities of one kind (the report's optimisation opportunities table)."""

    type: str = defined("Optimisation kind")
    files: int = described("Files with an opportunity of this kind. " + AS_OF)
    potential_savings: int = defined("Bytes saved", AS_OF)
    traffic_savings: int | None = defined("Daily savings", SUMMED + NULL_WITHOUT_LOGS)


class ImageSavings(Model):
    """What optimising the images would save (the report's Images tiles). Added by this product."""

    originals: int = defined("Originals' savings", "Bytes. " + AS_OF)
    originals_traffic: int | None = defined("Originals' savings", "originalsTraffic: the bandwidth it would have "
                                            "saved, every file once at its largest. " + SUMMED + NULL_WITHOUT_LOGS)
    image_bytes_sent: int | None = defined("Bandwidth", "Of images: the base of originalsTraffic. " + SUMMED
                                           + NULL_WITHOUT_LOGS)
    unused_renditions: int = defined("Unused renditions", "Files. " + AS_OF)
    unused_rendition_bytes: int = defined("Unused renditions", AS_OF)
    rendition_bytes: int = defined("Unused renditions", "renditionBytes: every rendition of the live images. "
                                   + AS_OF)
    duplicate_groups: int = defined("Duplicates", "Groups of identical originals. " + AS_OF)
    duplicate_reclaimable_bytes: int = defined("Duplicates", AS_OF)
    by_type: list[ImageOpportunityType] = defined("Optimisation kind", "Per kind, in the report's order.")


class ImageOptimization(Model):
    """The seed's ImageAnalytics.optimization, with every opportunity a page at a time and the savings."""

    oversized_images: list[OversizedImage] = defined("Optimisation kind", f"The {TOP_N} resize opportunities "
                                                     "first in the ranking of opportunities.")
    unoptimized_images: list[ImageOpportunity] = defined("Optimisation kind", f"The {TOP_N} compression "
                                                         "opportunities first in the ranking.")
    conversion_opportunities: list[ImageOpportunity] = defined("Optimisation kind", f"The {TOP_N} format and "
                                                               "gif_to_video opportunities first in the ranking.")
    opportunities: list[ImageOpportunity] = defined("Optimisation kind", "Every opportunity, a page at a time, "
                                                    "the most trafficSavings first, then potentialSavings (for "
                                                    "one day the report's top opportunities).")
    page: Page
    savings: ImageSavings


class ImageAnalytics(Model):
    """The seed's ImageAnalytics, over the period."""

    period: PeriodInfo
    overview: ImageOverview
    performance: ImagePerformance
    usage: ImageUsageSection
    optimization: ImageOptimization


def image_analytics(store: Store, period: Period, query: Query) -> ImageAnalytics:
    params = period.params()
    formats = store.rows("images_formats", params)
    images, size = sum(f["files"] for f in formats), sum(int(f["bytes"]) for f in formats)
    pixel_bytes = sum(f["pixel_bytes"] or 0 for f in formats)
    p = store.one("images_performance", params)
    page = opportunities(store, params, KINDS, query.limit, query.offset)
    return ImageAnalytics(
        period=PeriodInfo.of(period),
        overview=ImageOverview(
            total_images=images, total_size=size, average_size=size / images if images else None,
            compression_ratio=size / pixel_bytes if pixel_bytes else None,
            format_distribution=[ImageFormat(format=f["image_format"], count=f["files"], size=int(f["bytes"]),
                                             compression_ratio=f["compression_ratio"]) for f in formats]),
        performance=ImagePerformance(
            average_load_time=p["load_time_mean_ms"], compression_savings=int(p["compression_savings_bytes"]),
            web_p_adoption=p["modern_format_share"], responsive_usage=p["rendition_share"],
            lazy_loading_effectiveness=p["lazy_load_effectiveness"]),
        usage=ImageUsageSection(**{field: [image_usage(r) for r in store.rows(
            "images_usage", {**params, "usage_kind": kind, "limit": TOP_N})] for field, kind in (
            ("most_viewed_images", "all"), ("featured_images", "featured"), ("gallery_performance", "gallery"))}),
        optimization=ImageOptimization(
            oversized_images=[oversized(r) for r in store.rows(
                "images_opportunities", {**params, "kinds": ["resize"], "limit": TOP_N, "offset": 0})],
            unoptimized_images=opportunities(store, params, ["compression"], TOP_N, 0),
            conversion_opportunities=opportunities(store, params, ["format", "gif_to_video"], TOP_N, 0),
            opportunities=page, page=Page(limit=query.limit, next_cursor=next_cursor(query, len(page))),
            savings=savings(store.one("images_savings", params), store.rows("images_kinds", params))),
    )


def opportunities(store: Store, params: dict, kinds: list[str], limit: int, offset: int) -> list[ImageOpportunity]:
    return [ImageOpportunity(
        type=r["kind"], media_id=r["media_id"], filename=r["filename"], path=r["path"],
        current_size=r["current_bytes"], recommended_size=r["expected_bytes"], current_format=r["image_format"],
        recommended_format=r["target_format"], potential_savings=r["bytes_saved"],
        traffic_savings=_int(r["traffic_savings"]), method=r["method"], recommendation=r["recommendation"])
        for r in store.rows("images_opportunities", {**params, "kinds": kinds, "limit": limit, "offset": offset})]


def oversized(r: dict) -> OversizedImage:
    return OversizedImage(id=r["media_id"], filename=r["filename"], size=r["current_bytes"],
                          original_width=r["width"], original_height=r["height"], max_display_width=r["target_width"],
                          recommended_size=r["expected_bytes"], potential_savings=r["bytes_saved"],
                          traffic_savings=_int(r["traffic_savings"]))


def image_usage(r: dict) -> ImageUsage:
    return ImageUsage(
        id=r["media_id"], filename=r["filename"], size=r["bytes"], width=r["width"], height=r["height"],
        usage_count=r["usage_count"], impressions=r["impressions"], views=r["views"], clicks=r["clicks"],
        shares=r["shares"], downloads=r["downloads"],
        click_through_rate=r["clicks"] / r["views"] if r["views"] else None,
        lazy_loading_effectiveness=r["views"] / r["impressions"] if r["impressions"] else None)


def savings(s: dict, kinds: list[dict]) -> ImageSavings:
    return ImageSavings(
        originals=int(s["potential_bytes_saved"]), originals_traffic=_int(s["potential_traffic_savings"]),
        image_bytes_sent=_int(s["image_bytes_sent"]), unused_renditions=s["unused_renditions"],
        unused_rendition_bytes=int(s["unused_rendition_bytes"]), rendition_bytes=int(s["rendition_bytes"]),
        duplicate_groups=s["duplicate_groups"], duplicate_reclaimable_bytes=int(s["duplicate_reclaimable_bytes"]),
        by_type=[ImageOpportunityType(type=k["kind"], files=k["files"], potential_savings=int(k["bytes_saved"]),
                                 traffic_savings=_int(k["traffic_savings"])) for k in kinds])


def _int(value) -> int | None:
    """A HUGEINT/DECIMAL sum as an int; None stays None."""
    return None if value is None else int(value)
