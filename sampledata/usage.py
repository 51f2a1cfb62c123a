"""Usage events: what the CMS's tracking script reports when people meet media on the site.

A *session* is one visitor reading one to five pages; on each page one media item (picked by
popularity) produces events that make sense for its type:

- images: ``impression`` (the file loaded) → ``view`` (scrolled into the viewport; lazy loading
  means not every impression becomes a view, and background images almost always do) → sometimes
  ``click`` (gallery lightboxes most), rarely ``share`` or ``download``;
- documents: ``preview`` (the PDF viewer fetched the first pages) → often ``download``; or a direct
  ``download``; or ``view`` (opened whole in the browser);
- video and audio: ``impression`` (player shown) → ``view`` (playback started) → sometimes
  ``click``.

``bytes`` is what that event transferred (the rendition the browser chose, a partial preview, a
whole download, nothing for a click) and ``load_time_ms`` how long it took on that visitor's
connection. Events only come from published usage locations and only for media that exist at that
moment.
"""

from __future__ import annotations

import random

from sampledata import variants
from sampledata.model import MediaItem, UsageLocation
from sampledata.randomness import uuid4
from sampledata.timestamps import iso
from sampledata.traffic import MediaPicker
from sampledata.visitors import Visitor, new_visitor

FIELDS = ("event_id", "media_id", "event_type", "timestamp", "user_id", "session_id", "referrer",
          "user_agent", "ip", "country", "page_url", "usage", "load_time_ms", "bytes")
LAZY_VIEW_SHARE = {"featured": 0.85, "inline": 0.6, "gallery": 0.45, "background": 0.95,
                   "attachment": 0.5}
_PIXEL_RATIO = {"desktop": 1.0, "mobile": 2.0, "tablet": 2.0, "bot": 1.0}


def session_maker(picker: MediaPicker, users: int):
    """A ``make_group`` for :func:`traffic.timed_stream`: one visitor's session of page views."""

    def make_session(rng: random.Random, start: float) -> list[tuple[float, dict]]:
        visitor = new_visitor(rng, users)
        events: list[tuple[float, dict]] = []
        moment = start
        for _ in range(1 + min(4, int(rng.expovariate(1.2)))):
            item = picker.pick(rng, moment)
            if item is not None and item.published_locations:
                location = rng.choice(item.published_locations)
                events.extend(page_events(rng, item, location, visitor, moment))
            moment += rng.uniform(10, 180)
        return events

    return make_session


def page_events(rng: random.Random, item: MediaItem, location: UsageLocation, visitor: Visitor,
                moment: float) -> list[tuple[float, dict]]:
    """The events one page view produces for ``item`` shown at ``location``."""
    event = _EventFactory(rng, item, location, visitor)
    if item.kind == "image":
        return _image_events(rng, event, item, location, visitor, moment)
    if item.kind == "document":
        return _document_events(rng, event, item, moment)
    started = [event("impression", moment, min(item.size, 65_536))]
    if not visitor.is_bot and rng.random() < 0.45:
        moment += rng.uniform(0.5, 20)
        started.append(event("view", moment, round(item.size * rng.uniform(0.2, 1.0))))
        if rng.random() < 0.08:
            started.append(event("click", moment + rng.uniform(1, 30), 0, timed=False))
    return started


def _image_events(rng, event, item, location, visitor, moment):
    path, size = variants.fetched_file(item, variants.slot_width(item, location),
                                       _PIXEL_RATIO[visitor.device])
    events = [event("impression", moment, size)]
    if visitor.is_bot or rng.random() >= LAZY_VIEW_SHARE[location.usage]:
        return events
    moment += rng.uniform(0.1, 20)
    events.append(event("view", moment, 0, timed=False))
    if rng.random() < (0.18 if location.usage == "gallery" else 0.06):
        events.append(event("click", moment + rng.uniform(1, 40), 0, timed=False))
    if rng.random() < 0.012:
        events.append(event("share", moment + rng.uniform(2, 60), 0, timed=False))
    if rng.random() < 0.004:
        events.append(event("download", moment + rng.uniform(2, 60), item.size))
    return events


def _document_events(rng, event, item, moment):
    roll = rng.random()
    if roll < 0.55:
        preview = min(item.size, max(20_000, round(item.size * rng.uniform(0.1, 0.4))))
        events = [event("preview", moment, preview)]
        if rng.random() < 0.35:
            later = moment + rng.uniform(5, 120)
            events.append(event("download", later, _download_bytes(rng, item)))
        return events
    if roll < 0.8:
        return [event("download", moment, _download_bytes(rng, item))]
    return [event("view", moment, item.size)]


def _download_bytes(rng: random.Random, item: MediaItem) -> int:
    """The whole file, except for the few downloads that were cut off."""
    return item.size if rng.random() >= 0.04 else round(item.size * rng.uniform(0.05, 0.9))


class _EventFactory:
    """Builds event records for one item on one page for one visitor."""

    def __init__(self, rng: random.Random, item: MediaItem, location: UsageLocation,
                 visitor: Visitor):
        self.rng, self.item, self.location, self.visitor = rng, item, location, visitor
        self.page_url = location.url
        if visitor.referrer_class == "email":
            self.page_url += "?utm_source=newsletter&utm_medium=email"

    def __call__(self, event_type: str, moment: float, transferred: int, timed: bool = True
                 ) -> tuple[float, dict]:
        visitor = self.visitor
        record = {"event_id": uuid4(self.rng), "media_id": self.item.id, "event_type": event_type,
                  "timestamp": iso(moment, visitor.offset_minutes)}
        if visitor.user_id is not None:
            record["user_id"] = visitor.user_id
        record["session_id"] = visitor.session_id
        if visitor.referrer is not None:
            record["referrer"] = visitor.referrer
        record.update(user_agent=visitor.user_agent, ip=visitor.ip, country=visitor.country,
                      page_url=self.page_url, usage=self.location.usage)
        if timed:
            transfer_ms = transferred * 8 / visitor.bandwidth_kbps  # kbit/s is bits per ms
            record["load_time_ms"] = round(visitor.latency_ms + transfer_ms)
        record["bytes"] = transferred
        return moment, record
