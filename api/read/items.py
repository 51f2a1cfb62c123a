"""GET /api/analytics/media/{id} (the seed's MediaInsights) and /{id}/usage (where and how the item
is used, per usage kind and per day)."""

from __future__ import annotations

from datetime import date, datetime

from api.read.definitions import defined, described
from api.read.model import AS_OF, Model, PeriodInfo
from api.read.optimization import OptimizationOpportunity, opportunity
from api.read.overview import Engagement, MediaUsage, UsageLocation, media_usage
from api.read.performance import MediaPerformance, media_performance
from api.read.period import BadQuery, Period, Query
from api.read.store import Store
from api.read.usage import AccessSources, KindUsage, kind_usage

EVERY_ITEM_MAX = 10_000  # items whose answers are computed together on the first miss

EVIDENCE = {
    "in_use": "In use: referenced and delivered in the last {n} days.",
    "stale": "Stale: referenced but not delivered in the last {n} days — check the pages that use it.",
    "hot_linked": "Hot-linked: not referenced by any page but delivered in the last {n} days — used "
                  "dynamically or from elsewhere: do not delete.",
    "cleanup_candidate": "Cleanup candidate: neither referenced nor delivered in the last {n} days — "
                         "review and delete (saves {bytes:,} bytes).",
}


class MediaItem(Model):
    """The item as the inventory last saw it within the range."""

    id: str = described("The media item's id.")
    filename: str = described("Its file name.")
    type: str = described("Media type.")
    mime_type: str | None = described("MIME type in the CMS export.")
    size: int = described("Bytes of the original file.")
    renditions: int = described("Generated renditions (sizes) of it.")
    rendition_bytes: int = described("Their bytes.")
    uploaded_at: datetime = described("When it was created in the CMS (created_at).")
    deleted: bool = described("Deleted (by the end of the last built day that saw it).")
    title: str | None = described("Title in the CMS.")
    width: int | None = described("Pixel width (images, videos).")
    height: int | None = described("Pixel height.")
    seen_on: date = described("The built day of the range whose inventory this is (asOf when it still exists).")


class MediaInsights(Model):
    """The seed's MediaInsights: one item over the period."""

    period: PeriodInfo
    item: MediaItem
    usage: MediaUsage
    performance: MediaPerformance | None = described("Null when no request or tracked load time reached it.")
    engagement: Engagement
    recommendations: list[str] = described("What to do about it: its evidence class, a document's "
                                           "searchability fixes and every optimisation found. " + AS_OF)
    optimization: list[OptimizationOpportunity] = described("Its optimisation opportunities. " + AS_OF)


class DayUsage(Model):
    """The item on one built day."""

    day: date = described("The day.")
    impressions: int = defined("Impressions")
    views: int = defined("Page views")
    clicks: int = defined("Clicks")
    downloads: int = defined("Downloads")
    shares: int = defined("Shares")
    previews: int = defined("Previews")
    requests: int = defined("Requests")
    bytes_sent: int = defined("Bandwidth")


class MediaUsageDetails(Model):
    """Where and how one item is used over the period."""

    period: PeriodInfo
    item: MediaItem
    usage: MediaUsage
    locations: list[UsageLocation] = described("Every usage location in the CMS export, with its status "
                                               "(trash is not a reference). " + AS_OF)
    by_usage_kind: list[KindUsage]
    access_sources: AccessSources
    trend: list[DayUsage] = described("One entry per built day of the range.")


def find_item(store: Store, period: Period, media_id: str) -> tuple[MediaItem, dict]:
    """The item and its inventory row; 404 when no built day of the range has it."""
    r = store.one("item", {**period.params(), "media_id": media_id})
    if r is None:
        raise BadQuery(404, f"no media item {media_id[:80]!r} in the inventory of the built days from "
                            f"{period.first} to {period.last}")
    return media_item(r), r


def media_item(r: dict) -> MediaItem:
    return MediaItem(id=r["media_id"], filename=r["filename"], type=r["media_type"], mime_type=r["mime_type"],
                     size=r["size_bytes"], renditions=r["rendition_count"], rendition_bytes=r["rendition_bytes"],
                     uploaded_at=r["created_at"], deleted=r["is_deleted"], title=r["title"], width=r["width"],
                     height=r["height"], seen_on=r["day"])


def no_usage(item: MediaItem) -> MediaUsage:
    return MediaUsage(id=item.id, filename=item.filename, type=item.type, size=item.size + item.rendition_bytes,
                      usage_count=0, last_used=None, used_in=[], views=0, downloads=0,
                      engagement=Engagement(views=0, clicks=0, shares=0, downloads=0, interaction_rate=None))


def item_usage(store: Store, params: dict, item: MediaItem) -> MediaUsage:
    found = store.one("most_used", params)
    return media_usage(found) if found else no_usage(item)


def media_insights(store: Store, period: Period, query: Query, media_id: str) -> MediaInsights:
    answers = every_media_insights(store, period, query, media_id)  # one item: never over the max
    if media_id not in answers:
        find_item(store, period, media_id)  # answers 404 with the reason
    return answers[media_id]


def every_media_insights(store: Store, period: Period, query: Query,
                         media_id: str | None = None) -> dict[str, MediaInsights] | None:
    """MediaInsights of every item of the range (or of the one item `media_id`): the same queries
    as for one item without its filter, so that the answers for all items cost about one. None when
    the range has more than EVERY_ITEM_MAX items (their answers would not stay in memory)."""
    params = {**period.params(), "media_type": None, "media_id": media_id, "limit": 1_000_000, "offset": 0}
    inventory = store.rows("item", params)
    if len(inventory) > EVERY_ITEM_MAX:
        return None
    usage = {r["media_id"]: media_usage(r) for r in store.rows("most_used", params)}
    delivery = {r["media_id"]: media_performance(r) for r in store.rows("media_delivery", params)}
    evidence = {r["media_id"]: r for r in store.rows("item_evidence", params)}
    found: dict[str, list[OptimizationOpportunity]] = {}
    for r in store.rows("opportunities", params):
        found.setdefault(r["media_id"], []).append(opportunity(r))
    answers = {}
    for r in inventory:
        item, advice = media_item(r), found.get(r["media_id"], [])
        used = usage.get(item.id) or no_usage(item)
        answers[item.id] = MediaInsights(
            period=PeriodInfo.of(period), item=item, usage=used, performance=delivery.get(item.id),
            engagement=used.engagement,
            recommendations=recommendations(evidence.get(item.id)) + [o.recommendation for o in advice],
            optimization=advice)
    return answers


def recommendations(evidence: dict | None) -> list[str]:
    said = []
    if evidence and evidence["evidence_class"]:
        said.append(EVIDENCE[evidence["evidence_class"]].format(n=evidence["lookback_days"],
                                                                bytes=evidence["potential_savings_bytes"]))
    return said + list((evidence or {}).get("document_recommendations") or [])


def media_usage_details(store: Store, period: Period, query: Query, media_id: str) -> MediaUsageDetails:
    item, row = find_item(store, period, media_id)
    params = {**period.params(), "media_type": None, "media_id": media_id, "limit": 1, "offset": 0}
    usage = item_usage(store, params, item)
    location_rows = row["usage_locations"] or []
    return MediaUsageDetails(
        period=PeriodInfo.of(period), item=item, usage=usage,
        locations=[UsageLocation(**r) for r in location_rows],
        by_usage_kind=[kind_usage(r) for r in store.rows("usage_by_kind", params)],
        access_sources=AccessSources(**store.one("access_sources", params)),
        trend=[DayUsage(**r) for r in store.rows("item_trend", params)])
