"""Writes one day of access log: ``access_logs/YYYY/MM/access-YYYY-MM-DD.log.gz``, in time order.

Lines are page loads fetching media (by popularity, plus hot-linked media from other sites), an
editor's media-library grid loading thumbnails of recent uploads, bots crawling the originals that
pages link to and those deleted in the last 60 days (404), and probes for paths that were never in
the inventory. Media nobody links to and nobody visits get no requests at all, so the unused-media
analysis has real cleanup candidates. A share of lines (``--malformed-share``) is unreadable: cut
off mid-line, binary junk, or a timestamp in the wrong format.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date

from sampledata import access_log
from sampledata.context import DayResult, RunContext
from sampledata.output import LineWriter
from sampledata.randomness import stream, weighted
from sampledata.timestamps import SECONDS_PER_DAY, day_start
from sampledata.traffic import MediaPicker, day_volume, timed_stream
from sampledata.visitors import new_visitor

_REQUESTS = weighted([("page", 90.0), ("admin", 2.0), ("crawl", 6.0), ("probe", 2.0)])
_HOTLINKED_BY_CHANCE = 0.02
_STILL_ASKED_FOR = 60 * SECONDS_PER_DAY  # deleted media keep being requested this long
_ADMIN_GRID_AGE = 30 * SECONDS_PER_DAY


def write_access_day(context: RunContext, day: date) -> DayResult:
    """Write ``day``'s access log; return what was written."""
    start = day_start(day)
    end = start + SECONDS_PER_DAY
    items = list(context.items)
    pages = MediaPicker(items, start, end, lambda item: item.popularity + item.hotlink_weight,
                        deleted_grace=_STILL_ASKED_FOR)
    # Crawlers follow the links people follow, and keep asking for what was deleted.
    linked = MediaPicker(items, start, end,
                         lambda item: 1.0 if item.popularity > 0 or item.deleted_at else 0.0,
                         deleted_grace=_STILL_ASKED_FOR)
    # The admin grid shows the newest uploads first; older unused media stay untouched.
    recent = MediaPicker(items, start, end,
                         lambda item: 1.0 if item.created_at > start - _ADMIN_GRID_AGE else 0.0,
                         kinds=("image",))
    users = context.signed_in_users

    def make_requests(rng: random.Random, moment: float) -> list[tuple[float, str]]:
        visitor = new_visitor(rng, users, bot_share=0.0)
        kind = _REQUESTS.draw(rng)
        if kind == "probe":
            return [access_log.probe(rng, visitor, moment)]
        picker = {"page": pages, "admin": recent, "crawl": linked}[kind]
        item = picker.pick(rng, moment, live_only=kind == "admin")
        if item is None:
            return []
        if kind == "admin":
            return [access_log.admin_thumbnail(rng, item, visitor, moment)]
        if kind == "crawl":
            return [access_log.crawl(rng, item, visitor, moment)]
        hotlinked = item.popularity == 0 or rng.random() < _HOTLINKED_BY_CHANCE
        return access_log.page_requests(rng, item, visitor, moment, hotlinked)

    writer = LineWriter(context.landing_dir / "access_logs" / f"{day:%Y}" / f"{day:%m}"
                        / f"access-{day.isoformat()}.log.gz")
    defect_rng = stream(context.seed, "access-defects", day.isoformat())
    counts: Counter[str] = Counter()
    volume = day_volume(context.seed, "access", day, context.access_lines_per_day)
    lines = timed_stream(stream(context.seed, "access", day.isoformat()), start, volume,
                         make_requests)
    for _, line in lines:
        if context.malformed_share > 0 and defect_rng.random() < context.malformed_share:
            line = _damage(defect_rng, line, counts)
        writer.write(line)
    writer.close()
    return DayResult("access_logs", day, ((writer.path, writer.lines_written),),
                     writer.lines_written, tuple(sorted(counts.items())))


def _damage(rng: random.Random, line: str, counts: Counter) -> str:
    defect = rng.choice(("truncated", "junk", "bad_time_format"))
    counts[defect] += 1
    if defect == "truncated":
        return line[: rng.randrange(5, len(line) - 1)]
    if defect == "junk":
        return rng.randbytes(24).hex()
    opened, closed = line.index("["), line.index("]")
    stamp = line[opened + 1:closed]  # 14/May/2026:08:15:02 +0000 → 2026-05-14 08:15:02
    wrong = f"{stamp[7:11]}-{stamp[3:6]}-{stamp[:2]} {stamp[12:20]}"
    return f"{line[:opened]}[{wrong}]{line[closed + 1:]}"
