"""GET /api/analytics/media/usage — usage statistics: totals, per media type and usage kind, access
sources, and every item by page views (a page at a time)."""

from __future__ import annotations

from api.read.definitions import described
from api.read.model import SUMMED, Model, Page, PeriodInfo
from api.read.overview import EventCounts, MediaUsage, UsageTotals, media_usage, usage_totals
from api.read.period import Period, Query, next_cursor
from api.read.store import Store


class TypeUsage(UsageTotals):
    """One media type's usage over the range."""

    type: str = described("Media type.")


class KindUsage(EventCounts):
    """Usage of one usage kind (the place on the page): the seed's featured images and gallery
    performance are these rows."""

    usage: str = described("featured | inline | gallery | background | attachment | unspecified (events "
                           "that named none).")


class AccessSources(Model):
    """Events by where the visitor came from: the referrer classified (per item and day, summed)."""

    search: int = described("Referrer is a search engine. " + SUMMED)
    social: int = described("Referrer is a social network. " + SUMMED)
    email: int = described("Referrer is a webmail or the link carried an email campaign. " + SUMMED)
    internal: int = described("Referrer is the site's own host. " + SUMMED)
    direct: int = described("No referrer. " + SUMMED)
    other: int = described("Any other referrer. " + SUMMED)


class UsageStatistics(Model):
    """Usage over the period (the seed's usage statistics endpoint)."""

    period: PeriodInfo
    totals: UsageTotals
    by_type: list[TypeUsage]
    by_usage_kind: list[KindUsage]
    access_sources: AccessSources
    items: list[MediaUsage] = described("Items with usage in the range, most page views first (then "
                                        "downloads, clicks), `type` filtering them.")
    page: Page


def kind_usage(r: dict) -> KindUsage:
    return KindUsage(usage=r["usage_kind"], **{k: r[k] for k in (
        "impressions", "views", "clicks", "downloads", "shares", "previews", "click_through_rate", "engagement_rate")})


def usage_statistics(store: Store, period: Period, query: Query) -> UsageStatistics:
    params = {**period.params(), "media_type": query.media_type, "media_id": None,
              "limit": query.limit, "offset": query.offset}
    totals = {r["media_type"]: r for r in store.rows("usage_totals", params)}
    items = [media_usage(r) for r in store.rows("most_used", params)]
    return UsageStatistics(
        period=PeriodInfo.of(period),
        totals=usage_totals(totals.get(query.media_type or "all", {})),
        by_type=[TypeUsage(type=t, **usage_totals(r).model_dump(by_alias=False))
                 for t, r in totals.items() if t != "all" and query.media_type in (None, t)],
        by_usage_kind=[kind_usage(r) for r in store.rows("usage_by_kind", params)],
        access_sources=AccessSources(**store.one("access_sources", params)),
        items=items,
        page=Page(limit=query.limit, next_cursor=next_cursor(query, len(items))),
    )
