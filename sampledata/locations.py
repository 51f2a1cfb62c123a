"""Where each media item is used on the site: posts, pages, widgets, theme slots and newsletters.

Each item falls in a *reference class* that the unused-media analysis must tell apart: used by
published content, referenced only by drafts or scheduled posts (still a reference), referenced only
by trashed posts (no live reference), or not referenced at all. Posts are shared between items, so a
gallery post holds several images. The widths the theme renders an image at follow from how it is
used.
"""

from __future__ import annotations

import random
import time
from collections import deque

from sampledata import vocabulary as words
from sampledata.model import UsageLocation
from sampledata.randomness import weighted

REFERENCE_CLASSES = {
    "image": weighted([("published", 62), ("draft_only", 6), ("trash_only", 5), ("unused", 27)]),
    "document": weighted([("published", 65), ("draft_only", 5), ("trash_only", 5), ("unused", 25)]),
    "video": weighted([("published", 70), ("draft_only", 8), ("trash_only", 4), ("unused", 18)]),
    "audio": weighted([("published", 70), ("draft_only", 8), ("trash_only", 4), ("unused", 18)]),
}
_LOCATION_TYPES = {
    "image": weighted([("post", 70), ("page", 15), ("widget", 5), ("theme", 3), ("email", 7)]),
    "document": weighted([("post", 55), ("page", 40), ("email", 5)]),
    "video": weighted([("post", 60), ("page", 35), ("widget", 5)]),
    "audio": weighted([("post", 70), ("page", 25), ("email", 5)]),
}
_IMAGE_USAGE = {
    "post": weighted([("featured", 35), ("inline", 45), ("gallery", 20)]),
    "page": weighted([("featured", 25), ("inline", 40), ("gallery", 15), ("background", 20)]),
}
_EXTRA_STATUS = weighted([("publish", 70), ("draft", 12), ("private", 6), ("future", 5),
                          ("trash", 7)])
_IMAGE_WIDTH = {"featured": 1200, "inline": 768, "gallery": 300, "background": 1920}
EMAIL_WIDTH = 600
VIDEO_WIDTH = 960


class SiteContent:
    """The site's posts, pages, widgets, theme slots and newsletters, created as items need them."""

    def __init__(self, rng: random.Random):
        self._rng = rng
        self._next_post_id = 1001
        self._recent = deque(maxlen=10)
        self._pages = [(2 + index, slug, title) for index, (slug, title) in enumerate(words.PAGES)]

    def locations(self, kind: str, reference_class: str, created_at: float
                  ) -> tuple[UsageLocation, ...]:
        """The usage locations of one item of ``kind`` in ``reference_class``."""
        rng = self._rng
        if reference_class == "unused":
            return ()
        if reference_class == "draft_only":
            statuses = [rng.choice(("draft", "draft", "future", "private"))
                        for _ in range(rng.randrange(1, 3))]
            return tuple(self._post(kind, created_at, status) for status in statuses)
        if reference_class == "trash_only":
            return tuple(self._post(kind, created_at, "trash") for _ in range(rng.randrange(1, 3)))
        found = [self._location(kind, created_at, "publish")]
        for _ in range(min(3, int(rng.expovariate(1.6)))):
            found.append(self._location(kind, created_at, _EXTRA_STATUS.draw(rng)))
        return tuple(found)

    def _location(self, kind: str, created_at: float, status: str) -> UsageLocation:
        where = _LOCATION_TYPES[kind].draw(self._rng)
        if status != "publish" or where == "post":
            return self._post(kind, created_at, status)
        if where == "page":
            page_id, slug, title = self._rng.choice(self._pages)
            return UsageLocation("page", page_id, title, f"{words.SITE_URL}/{slug}/",
                                 self._usage(kind, "page"), "publish")
        if where == "widget":
            index = self._rng.randrange(len(words.WIDGETS))
            return UsageLocation("widget", 101 + index, words.WIDGETS[index][0],
                                 f"{words.SITE_URL}/", "inline", "publish")
        if where == "theme":
            index = self._rng.randrange(len(words.THEME_SLOTS))
            title = words.THEME_SLOTS[index][0]
            usage = "inline" if title == "Site logo" else "background"
            return UsageLocation("theme", 201 + index, title, f"{words.SITE_URL}/", usage,
                                 "publish")
        month = time.gmtime(created_at + self._rng.randrange(0, 45) * 86_400)
        stamp = time.strftime("%Y-%m", month)
        return UsageLocation("email", 5000 + month.tm_year * 12 + month.tm_mon,
                             f"Newsletter {words.MONTH_NAMES[month.tm_mon - 1]} {month.tm_year}",
                             f"{words.SITE_URL}/newsletter/{stamp}/",
                             "attachment" if kind in ("document", "audio") else "inline", "publish")

    def _post(self, kind: str, created_at: float, status: str) -> UsageLocation:
        rng = self._rng
        reusable = [post for post in self._recent if post[3] == status]
        if reusable and rng.random() < 0.35:
            post_id, title, url, _ = rng.choice(reusable)
        else:
            post_id = self._next_post_id
            self._next_post_id += rng.randrange(1, 7)
            title = rng.choice(words.POST_TOPICS)
            if status == "publish":
                published = time.gmtime(created_at + rng.randrange(0, 5 * 86_400))
                slug = title.lower().replace("'", "").replace(":", "").replace(" ", "-")
                url = f"{words.SITE_URL}/{time.strftime('%Y/%m', published)}/{slug}/"
            else:
                url = f"{words.SITE_URL}/?p={post_id}"
            self._recent.append((post_id, title, url, status))
        return UsageLocation("post", post_id, title, url, self._usage(kind, "post"), status)

    def _usage(self, kind: str, where: str) -> str:
        if kind == "image":
            return _IMAGE_USAGE[where].draw(self._rng)
        if kind == "document":
            return "attachment"
        if kind == "video":
            return "featured" if self._rng.random() < 0.3 else "inline"
        return "attachment" if self._rng.random() < 0.4 else "inline"


def display_widths(kind: str, locations: tuple[UsageLocation, ...]) -> tuple[int, ...]:
    """The widths (CSS px) the theme renders the item at, from every location that shows it."""
    widths: set[int] = set()
    for location in locations:
        if kind == "image":
            if location.type == "email":
                widths.add(EMAIL_WIDTH)
            elif location.type == "widget":
                widths.add(dict(words.WIDGETS)[location.title])
            elif location.type == "theme":
                widths.add(dict(words.THEME_SLOTS)[location.title])
            else:
                widths.add(_IMAGE_WIDTH[location.usage])
        elif kind == "video":
            widths.add(300 if location.type == "widget" else VIDEO_WIDTH)
    return tuple(sorted(widths))
