"""Human-readable numbers for the report, and their exact forms for hover titles.

Bytes use decimal SI units (1 kB = 1,000 B, 1 MB = 1,000,000 B), as storage vendors and macOS do.
Rates are fractions (0.784) shown as percentages ("78 %", "3.4 %"). Every formatter shows a missing
value (None) as an en dash, never as 0 or "nan".
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

MISSING = "–"
_UNITS = ("B", "kB", "MB", "GB", "TB", "PB", "EB")


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_count(n: int | float | None) -> str:
    """Return a count with thousands separators: 1234 -> "1,234"."""
    if _missing(n):
        return MISSING
    return f"{round(n):,}"


def format_number(x: int | float | None, decimals: int = 1) -> str:
    """Return a number with thousands separators and a fixed number of decimals: "1,234.5"."""
    if _missing(x):
        return MISSING
    return f"{x:,.{decimals}f}"


def format_bytes(n: int | float | None) -> str:
    """Return a size in decimal SI units with two or three significant figures.

    Under 1,000 B the exact byte count ("999 B"); then one decimal below 10 of a unit ("2.4 GB",
    "1.0 kB") and none from 10 up ("340 MB"). A value that rounds to 1,000 moves up a unit.
    """
    if _missing(n):
        return MISSING
    sign = "-" if n < 0 else ""
    value = float(abs(n))
    if value < 1000:
        return f"{sign}{round(value):,} B"
    unit = 0
    while value >= 1000 and unit < len(_UNITS) - 1:
        value /= 1000
        unit += 1
    if round(value, 1) < 10:
        return f"{sign}{value:.1f} {_UNITS[unit]}"
    if round(value) >= 1000 and unit < len(_UNITS) - 1:
        return f"{sign}{value / 1000:.1f} {_UNITS[unit + 1]}"
    return f"{sign}{round(value):,} {_UNITS[unit]}"


def exact_bytes(n: int | float | None) -> str:
    """Return the exact byte count for a hover title: "2,400,000,000 bytes"."""
    if _missing(n):
        return "no value"
    whole = round(n)
    return "1 byte" if whole == 1 else f"{whole:,} bytes"


def format_percent(rate: float | None, decimals: int | None = None) -> str:
    """Return a fraction as a percentage: 0.784 -> "78 %", 0.034 -> "3.4 %".

    With `decimals` None the precision adapts: one decimal under 10 %, none from 10 % up, and
    "< 0.1 %" for a positive rate that would round to zero.
    """
    if _missing(rate):
        return MISSING
    pct = rate * 100
    if decimals is None:
        if 0 < pct < 0.05:
            return "< 0.1 %"
        decimals = 1 if round(abs(pct), 1) < 10 else 0
    return f"{pct:,.{decimals}f} %"


def exact_percent(rate: float | None) -> str:
    """Return a rate with six significant figures for a hover title: "78.4321 %"."""
    if _missing(rate):
        return "no value: the denominator is zero"
    return f"{rate * 100:.6g} %"


def format_duration(seconds: float | timedelta | None) -> str:
    """Return a duration in its two largest units: "2.5 s", "3 min 20 s", "2 h 5 min", "3 d 4 h"."""
    if isinstance(seconds, timedelta):
        seconds = seconds.total_seconds()
    if _missing(seconds):
        return MISSING
    if seconds < 9.95:
        return f"{seconds:.1f} s"
    total = round(seconds)
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [(days, "d"), (hours, "h"), (minutes, "min"), (secs, "s")]
    first = next(i for i, (amount, _) in enumerate(parts) if amount)
    shown = [f"{amount} {unit}" for amount, unit in parts[first : first + 2] if amount]
    return " ".join(shown)


def format_milliseconds(ms: float | None) -> str:
    """Return a short time in ms below a second, else in seconds: "43 ms", "950 ms", "1.2 s"."""
    if _missing(ms):
        return MISSING
    if ms < 999.5:
        return f"{ms:.0f} ms"
    return format_duration(ms / 1000)


def format_date(d: date | None) -> str:
    """Return a date in ISO form: "2026-11-23"."""
    if d is None:
        return MISSING
    return d.strftime("%Y-%m-%d")


def format_datetime(dt: datetime | None) -> str:
    """Return a timestamp to the minute, with its zone when it has one: "2026-11-23 14:05 UTC"."""
    if dt is None:
        return MISSING
    text = dt.strftime("%Y-%m-%d %H:%M")
    zone = dt.tzname()
    return f"{text} {zone}" if zone else text


def exact_datetime(dt: datetime | None) -> str:
    """Return the ISO 8601 timestamp to the second, for a hover title.

    For example "2026-11-23T14:05:09+00:00"; a naive timestamp has no offset."""
    if dt is None:
        return "no value"
    return dt.isoformat(timespec="seconds")


def format_clock(seconds: float | None) -> str:
    """Return a media position as a player shows it, to the nearest second: 40 -> "0:40",
    125.4 -> "2:05", 3725 -> "1:02:05"."""
    if _missing(seconds):
        return MISSING
    hours, rest = divmod(round(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def format_change(change: float | None, unit: str) -> str:
    """Return a change as the KPI tiles show it: "+12 %", "−3.4 %", "±0 %" for a relative change,
    "+1.2 pp" for a rate's change in percentage points (`unit` "rate"); en dash when None."""
    if _missing(change):
        return MISSING
    if unit == "rate":
        amount, suffix = change, "pp"
    else:
        amount, suffix = change * 100, "%"
    decimals = 1 if round(abs(amount), 1) < 10 else 0
    shown = f"{abs(amount):,.{decimals}f}"
    if float(shown.replace(",", "")) == 0:
        return f"±0 {suffix}"
    return f"{'+' if amount > 0 else '−'}{shown} {suffix}"


def format_value(value: float | None, unit: str) -> str:
    """Return a headline number in its unit's human form (count, bytes, seconds or rate)."""
    formatter = {"bytes": format_bytes, "seconds": format_duration, "rate": format_percent}
    return formatter.get(unit, format_count)(value)
