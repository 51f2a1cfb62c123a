"""What needs attention on a day: the changes a reader must act on, each chosen by a written rule
(ATTENTION_FOOTNOTE) from figures the report already holds, with its figure and a link.

Pure: a DailyReport in, a list out. The report asset raises the same as Dagster asset-check
warnings (one check per rule), so the UI shows them beside the email and the overview.
"""

from __future__ import annotations

from dataclasses import dataclass

from reports import format as fmt
from reports.model import DailyReport, Footnote

ERROR_RATE_RISE_PP = 1.0  # media error rate up by at least 1 percentage point against the 7-day mean
CACHE_HIT_DROP_PP = 5.0  # cache hit rate down by at least 5 points against the 7-day mean
COMPLETION_DROP_PP = 10.0  # a type's completion rate down by at least 10 points against the 7-day mean

# rule name (the asset check's suffix) -> what it watches, in the order items are listed
RULES = {
    "error_rate": "the media error rate rose",
    "cache_hit_rate": "the cache hit rate fell",
    "new_cleanup_candidates": "new cleanup candidates",
    "new_oversized_uploads": "newly uploaded oversized images",
    "completion_rate": "completion of video or audio fell",
    "new_broken_links": "new broken media links",
}

ATTENTION_FOOTNOTE = Footnote(
    "What needs attention",
    f"Listed when a rule is crossed, else nothing: the media error rate {ERROR_RATE_RISE_PP:g} pp or more "
    f"above its mean of the 7 days before; the cache hit rate {CACHE_HIT_DROP_PP:g} pp or more below it; "
    "more cleanup candidates than the day before; images uploaded on the day that are over twice their "
    f"largest display width; the completion rate of videos or of audio {COMPLETION_DROP_PP:g} pp or more "
    "below its 7-day mean; missing media paths people requested that no request reached in the 7 days "
    "before (new broken links). The same rules are asset checks of daily_report (warnings) in the "
    "Dagster UI.",
)


@dataclass(frozen=True)
class Attention:
    rule: str  # a key of RULES
    text: str  # the change, with its figure
    href: str  # where on the overview (or which page) it is shown


def attention(report: DailyReport) -> list[Attention]:
    """The day's items, in the order of RULES; empty when no rule was crossed."""
    items: list[Attention] = []
    error = report.comparison("all", "error_rate")
    if error and error.value is not None and error.week_average is not None \
            and (error.value - error.week_average) * 100 >= ERROR_RATE_RISE_PP:
        items.append(Attention("error_rate", f"Media error rate {fmt.format_percent(error.value)}, "
                               f"{fmt.format_change(error.change_from(error.week_average), 'rate')} against "
                               f"its 7-day mean of {fmt.format_percent(error.week_average)}", "#performance"))
    cache = report.comparison("all", "cache_hit_rate")
    if cache and cache.value is not None and cache.week_average is not None \
            and (cache.week_average - cache.value) * 100 >= CACHE_HIT_DROP_PP:
        items.append(Attention("cache_hit_rate", f"Cache hit rate {fmt.format_percent(cache.value)}, "
                               f"{fmt.format_change(cache.change_from(cache.week_average), 'rate')} against "
                               f"its 7-day mean of {fmt.format_percent(cache.week_average)}", "#performance"))
    cleanup = report.comparison("all", "cleanup_files")
    if cleanup and cleanup.value is not None and cleanup.previous is not None and cleanup.value > cleanup.previous:
        more = round(cleanup.value - cleanup.previous)
        items.append(Attention("new_cleanup_candidates",
                               f"{fmt.format_count(more)} more cleanup candidate{'s' if more != 1 else ''} than "
                               f"the day before ({fmt.format_count(cleanup.value)} in all)", "#unused"))
    if report.images and report.images.new_oversized:
        n = report.images.new_oversized
        items.append(Attention("new_oversized_uploads",
                               f"{fmt.format_count(n)} image{'s' if n != 1 else ''} uploaded today "
                               f"{'are' if n != 1 else 'is'} over twice the largest display width: resizing saves "
                               f"{fmt.format_bytes(report.images.new_oversized_bytes)}", "images.html#images"))
    for media_type, label in (("video", "Videos"), ("audio", "Audio")):
        c = report.comparison(media_type, "completion_rate")
        if c and c.value is not None and c.week_average is not None \
                and (c.week_average - c.value) * 100 >= COMPLETION_DROP_PP:
            items.append(Attention("completion_rate", f"{label}: completion rate {fmt.format_percent(c.value)}, "
                                   f"{fmt.format_change(c.change_from(c.week_average), 'rate')} against its 7-day "
                                   f"mean of {fmt.format_percent(c.week_average)}", "#videos"))
    new_links = [b for b in report.broken_links if b.new]
    if new_links:
        top = new_links[0]
        items.append(Attention("new_broken_links",
                               f"{len(new_links)} new broken media link{'s' if len(new_links) != 1 else ''}, "
                               f"the most requested {top.path} ({fmt.format_count(top.requests)} requests)",
                               "#broken-links"))
    return items
