"""Time helpers: epoch seconds inside the generator, ISO 8601 and nginx strings on the way out.

Inside the generator every instant is a float of seconds since the Unix epoch (UTC): cheap to add to
and compare. Only the writers turn them into text, so the same instant can be printed with the
offset the emitting client used (``Z``, ``+01:00`` or ``-05:00``) without changing the instant
itself.
"""

from __future__ import annotations

import calendar
import time
from datetime import date, timedelta

SECONDS_PER_DAY = 86_400
# nginx writes English month names whatever the locale; strftime("%b") would follow the locale.
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_start(day: date) -> float:
    """Epoch seconds of midnight UTC at the start of ``day``."""
    return float(calendar.timegm(day.timetuple()))


def days_between(first: date, last: date) -> list[date]:
    """Every calendar day from ``first`` to ``last``, both included."""
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]


def iso(epoch: float, offset_minutes: int = 0, *, millis: bool = True) -> str:
    """ISO 8601 text for ``epoch`` as seen from a clock ``offset_minutes`` east of UTC.

    An offset of 0 is written ``Z`` in event streams (``millis=True``) and ``+00:00`` in the CMS
    export (``millis=False``), the two spellings real emitters use.
    """
    total_ms = round(epoch * 1000)
    seconds, ms = divmod(total_ms, 1000)
    local = time.gmtime(seconds + offset_minutes * 60)
    text = time.strftime("%Y-%m-%dT%H:%M:%S", local)
    if millis:
        text += f".{ms:03d}"
    return text + _offset_suffix(offset_minutes, zulu=millis)


def nginx_time(epoch: float) -> str:
    """nginx ``$time_local`` for a server that runs on UTC, e.g. ``14/May/2026:08:15:02 +0000``."""
    t = time.gmtime(int(epoch))
    month = _MONTHS[t.tm_mon - 1]
    clock = f"{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d}"
    return f"{t.tm_mday:02d}/{month}/{t.tm_year}:{clock} +0000"


def _offset_suffix(offset_minutes: int, *, zulu: bool) -> str:
    if offset_minutes == 0 and zulu:
        return "Z"
    sign = "+" if offset_minutes >= 0 else "-"
    hours, minutes = divmod(abs(offset_minutes), 60)
    return f"{sign}{hours:02d}:{minutes:02d}"
