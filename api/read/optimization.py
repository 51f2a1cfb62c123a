"""GET /api/analytics/media/optimization — every optimisation the product recommends, as of the
range's last built day: images, videos, duplicate copies and cleanup candidates, ranked."""

from __future__ import annotations

from api.read.definitions import defined, described
from api.read.model import AS_OF, Model, Page, PeriodInfo
from api.read.period import Period, Query, next_cursor
from api.read.store import Store

KINDS = ("resize, format, compression, gif_to_video, unused_rendition (images); reencode, adaptive_streaming, "
         "caching (videos); duplicate (a copy of another item's file); cleanup (a cleanup candidate)")


class OptimizationOpportunity(Model):
    """The seed's OptimizationOpportunity: one item and kind of saving."""

    NOT_COMPUTED = {"impact": "the seed fixes it per type (resize high, format medium, cleanup low); the "
                              "list is ranked by measured savings instead (dailySavings, then potentialSavings)"}
    type: str = described(f"The kind of saving: {KINDS}. The seed's 'cleanup' is cleanup and unused_rendition.")
    media_id: str = described("The media item's id.")
    filename: str | None = described("Its file name.")
    media_type: str = described("Its media type.")
    current_size: int = described("Bytes of the file (or of the unused rendition) now.")
    recommended_size: int | None = defined("Bytes saved", "recommendedSize: bytes after the change "
                                           "(0 for a removal); null when the advice is not about size.")
    current_format: str | None = described("The file's format (images) or video codec (videos).")
    recommended_format: str | None = described("The format to convert to (format: the smaller of WebP and AVIF).")
    unused_sizes: list[str] | None = defined("Unused renditions", "The rendition's path.")
    potential_savings: int | None = defined("Bytes saved", "Storage bytes the change frees. " + AS_OF)
    daily_savings: int | None = defined("Daily savings", "Bytes of a day's traffic the change would save "
                                        "(null when it saves storage only). " + AS_OF)
    recommendation: str = described("What to do, with the figures that call for it.")
    evidence: str = described("How the saving was found: reencoded (measured by encoding), estimated "
                              "(bytes-per-pixel target), the video figure and threshold that triggered it, "
                              "sha256 (duplicates) or evidence (cleanup).")


class KindSummary(Model):
    """The recommendations of one kind."""

    type: str = described(f"The kind: {KINDS}.")
    items: int = described("Recommendations of the kind (an item has one per rendition for unused_rendition).")
    media_items: int = described("Distinct media items they concern.")
    potential_savings: int = defined("Bytes saved", "Summed over the kind. " + AS_OF)
    daily_savings: int | None = defined("Daily savings", "Summed over the kind; null for storage-only kinds.")


class OptimizationOpportunities(Model):
    """What the product recommends as of the period's last built day."""

    period: PeriodInfo
    summary: list[KindSummary]
    opportunities: list[OptimizationOpportunity] = described(
        "Every recommendation, most bytes of daily traffic saved first, then most storage; `type` filters by "
        "the item's media type.")
    page: Page


def opportunity(r: dict) -> OptimizationOpportunity:
    return OptimizationOpportunity(
        type=r["kind"], media_id=r["media_id"], filename=r["filename"], media_type=r["media_type"],
        current_size=r["current_bytes"], recommended_size=r["expected_bytes"], current_format=r["current_format"],
        recommended_format=r["target_format"], unused_sizes=r["unused_sizes"], potential_savings=r["bytes_saved"],
        daily_savings=r["daily_bytes_saved"], recommendation=r["recommendation"], evidence=r["method"])


def optimization_opportunities(store: Store, period: Period, query: Query) -> OptimizationOpportunities:
    params = {**period.params(), "media_type": query.media_type, "media_id": None,
              "limit": query.limit, "offset": query.offset}
    found = [opportunity(r) for r in store.rows("opportunities", params)]
    return OptimizationOpportunities(
        period=PeriodInfo.of(period),
        summary=[KindSummary(type=r["kind"], items=r["items"], media_items=r["media_items"],
                             potential_savings=r["bytes_saved"], daily_savings=r["daily_bytes_saved"])
                 for r in store.rows("opportunity_kinds", params)],
        opportunities=found, page=Page(limit=query.limit, next_cursor=next_cursor(query, len(found))))
