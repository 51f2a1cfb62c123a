"""GET /api/analytics/media/performance — delivery performance: the site's figures and each item's
(the seed's media_performance_metrics over the range), most bytes sent first."""

from __future__ import annotations

from api.read.definitions import defined, described
from api.read.model import RATIO, SUMMED, Model, Page, PeriodInfo
from api.read.overview import Performance, performance
from api.read.period import Period, Query, next_cursor
from api.read.store import Store


class MediaPerformance(Model):
    """One item's delivery over the range (the seed's MediaPerformanceData / media_performance_metrics)."""

    id: str = described("The media item's id.")
    filename: str = described("Its file name.")
    type: str = described("Media type.")
    requests: int = defined("Requests", SUMMED)
    bot_requests: int = described("Of those, requests by bots (User-Agent). " + SUMMED)
    bytes_sent: int = defined("Bandwidth", SUMMED)
    cache_hits: int = defined("Cache hit rate", "Hits. " + SUMMED)
    cache_misses: int = defined("Cache hit rate", "Misses. " + SUMMED)
    cache_hit_rate: float | None = defined("Cache hit rate", RATIO)
    average_load_time: float | None = defined("Average load time", "ms: tracked load times when the item "
                                              "has them, else the logged request time (loadTimeSource). Over a "
                                              "range: each day's mean weighted by its samples.")
    load_time_p50: float | None = described("Median load time, ms. One-day ranges only (percentiles of "
                                            "days do not combine): null over longer ranges.")
    load_time_p95: float | None = described("95th-percentile load time, ms. One-day ranges only.")
    load_time_source: str | None = described("usage_events (tracked in browsers) or access_log (request time).")
    error_rate: float | None = defined("Error rate", RATIO)
    download_success_rate: float | None = defined("Download success", RATIO)
    web_p_adoption: float | None = defined("Modern-format share", RATIO)
    responsive_usage: float | None = described("Image requests answered with a rendition smaller than the "
                                               "original / image requests [DESIGN]. " + RATIO)
    mobile_share: float | None = defined("Mobile share", RATIO)
    compression_savings: int = defined("Compression savings", "Bytes. " + SUMMED)


class PerformanceMetrics(Model):
    """Delivery performance over the period."""

    period: PeriodInfo
    site: Performance
    items: list[MediaPerformance] = described("Items with requests or tracked load times in the range, "
                                              "most bytes sent first, `type` filtering them.")
    page: Page


def media_performance(r: dict) -> MediaPerformance:
    return MediaPerformance(
        id=r["media_id"], filename=r["filename"], type=r["media_type"], requests=r["requests"],
        bot_requests=r["bot_requests"], bytes_sent=r["bytes_sent"], cache_hits=r["cache_hits"],
        cache_misses=r["cache_misses"], cache_hit_rate=r["cache_hit_rate"], average_load_time=r["load_time_mean_ms"],
        load_time_p50=r["load_time_p50_ms"], load_time_p95=r["load_time_p95_ms"],
        load_time_source=r["load_time_source"], error_rate=r["error_rate"],
        download_success_rate=r["download_success_rate"], web_p_adoption=r["modern_format_share"],
        responsive_usage=r["rendition_share"], mobile_share=r["mobile_share"],
        compression_savings=r["compression_savings_bytes"])


def performance_metrics(store: Store, period: Period, query: Query) -> PerformanceMetrics:
    params = {**period.params(), "media_type": query.media_type, "media_id": None,
              "limit": query.limit, "offset": query.offset}
    usage = {r["media_type"]: r for r in store.rows("usage_totals", params)}
    delivery = {r["media_type"]: r for r in store.rows("delivery_totals", params)}
    media = {r["media_type"]: r for r in store.rows("media_delivery_totals", params)}
    items = [media_performance(r) for r in store.rows("media_delivery", params)]
    return PerformanceMetrics(period=PeriodInfo.of(period), site=performance(usage, delivery, media.get("all", {})),
                              items=items, page=Page(limit=query.limit, next_cursor=next_cursor(query, len(items))))
