"""The query parameters every read endpoint takes, and the days a request covers.

`from`/`to` (ISO dates, at most MAX_DAYS days; default the latest built day; `from` alone runs to
the latest built day), `type` (a media type), `limit` and `cursor` (lists). A day is *built* when its
report was written (the `built_days` table); figures come from built days only, and the response
names the days of the range that are not.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

MAX_DAYS = 366
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)  # not the week dates fromisoformat also takes
MEDIA_TYPES = ("image", "video", "audio", "document", "other")
DEFAULT_LIMIT = 20
MAX_LIMIT = 500
LIST_PARAMETERS = {"limit", "cursor"}
RANGE_PARAMETERS = {"from", "to"}


class BadQuery(Exception):
    """A request the API cannot answer as asked: 400 for dates and ranges, 422 for other parameters,
    404 for what does not exist; the reason is sent back."""

    def __init__(self, status: int, reason: str, **extra):
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.extra = extra


@dataclass(frozen=True)
class Query:
    first: date | None  # as asked; None: not given
    last: date | None
    media_type: str | None = None
    limit: int = DEFAULT_LIMIT
    offset: int = 0


@dataclass(frozen=True)
class Period:
    """The days a response covers: `first`..`last`, of which `built` (day -> built_at) are built;
    `as_of` is the last built day (figures that describe the library at a moment are as of it)."""

    first: date
    last: date
    built: dict[date, datetime] = field(default_factory=dict)

    @property
    def days(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]

    @property
    def built_days(self) -> list[date]:
        return sorted(self.built)

    @property
    def not_built(self) -> list[date]:
        return [d for d in self.days if d not in self.built]

    @property
    def as_of(self) -> date:
        return max(self.built)

    @property
    def built_at(self) -> datetime:
        return max(self.built.values())

    def params(self) -> dict[str, object]:
        """The bound parameters every query of the range takes."""
        return {"first": self.first, "last": self.last, "as_of": self.as_of, "days": self.built_days}


def parse_query(params, allowed: set[str]) -> Query:
    """Read `params` (a multi-dict of the query string); only `allowed` names may appear, once each."""
    unknown = sorted(set(params.keys()) - allowed)
    if unknown:
        raise BadQuery(422, f"unknown parameter {unknown[0]!r}: this endpoint takes "
                            f"{', '.join(sorted(allowed)) or 'no parameters'}")
    for name in params.keys():
        if len(params.getlist(name)) > 1:
            raise BadQuery(422, f"parameter {name!r} given more than once")
    first = _day(params.get("from"), "from")
    last = _day(params.get("to"), "to")
    if first and last:
        check_range(first, last)
    media_type = params.get("type")
    if media_type is not None and media_type not in MEDIA_TYPES:
        raise BadQuery(422, f"type must be one of {', '.join(MEDIA_TYPES)}; got {_shown(media_type)}")
    return Query(first, last, media_type, _limit(params.get("limit")), _offset(params.get("cursor")))


def check_range(first: date, last: date) -> None:
    if first > last:
        raise BadQuery(400, f"from ({first}) is after to ({last})")
    if (last - first).days + 1 > MAX_DAYS:
        raise BadQuery(400, f"from {first} to {last} is {(last - first).days + 1} days: at most {MAX_DAYS}")


def resolve(query: Query, latest_built: date | None) -> tuple[date, date]:
    """The first and last day a request covers."""
    if query.first is None and query.last is None:
        if latest_built is None:
            raise BadQuery(404, "no day is built yet: run `media-analytics build` (or scripts/demo) first")
        return latest_built, latest_built
    if query.first is None:
        return query.last, query.last
    if query.last is None:
        last = latest_built if latest_built and latest_built >= query.first else query.first
        if (last - query.first).days >= MAX_DAYS:
            last = query.first + timedelta(days=MAX_DAYS - 1)
        return query.first, last
    return query.first, query.last


def next_cursor(query: Query, returned: int) -> str | None:
    """The cursor of the next page when this one was full."""
    if returned < query.limit:
        return None
    return base64.urlsafe_b64encode(f"o:{query.offset + returned}".encode()).decode().rstrip("=")


def _day(text: str | None, name: str) -> date | None:
    if text is None:
        return None
    try:
        if ISO_DAY.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise BadQuery(400, f"{name} must be a date as YYYY-MM-DD; got {_shown(text)}")


def _limit(text: str | None) -> int:
    if text is None:
        return DEFAULT_LIMIT
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= MAX_LIMIT:
        raise BadQuery(422, f"limit must be a whole number from 1 to {MAX_LIMIT}; got {_shown(text)}")
    return int(text)


def _offset(text: str | None) -> int:
    if text is None:
        return 0
    try:
        decoded = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        decoded = ""
    kind, _, offset = decoded.partition(":")
    if kind != "o" or not offset.isdigit() or len(offset) > 9:
        raise BadQuery(422, "cursor is not one this API gave: pass the nextCursor of the previous page")
    return int(offset)


def _shown(text: str) -> str:
    """A parameter's value fit to put in a message: short, control characters escaped."""
    shown = text[:40] + ("…" if len(text) > 40 else "")
    return repr(shown)
