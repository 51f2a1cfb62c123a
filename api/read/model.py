"""What every response shares: camelCase field names (the seed's TypeScript interfaces), the period
it covers, a page of a list, and how a range combines a figure (said in the field's definition)."""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

from api.read.definitions import described

# How a figure of a range is made from its days (appended to the field's definition).
SUMMED = "Over a range: summed over its built days."
RECOUNTED = "Over a range: counted again over all the range's events (not a sum of days)."
RATIO = "Over a range: the ratio of the sums of its numerator and denominator over the built days."
AS_OF = "As of the range's last built day (asOf): the library at the end of that day."


class Model(BaseModel):
    """A response object. `NOT_COMPUTED` names the seed's fields this object leaves out and why:
    the OpenAPI schema lists them (x-not-computed) instead of the API inventing a value."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, serialize_by_alias=True)
    NOT_COMPUTED: ClassVar[dict[str, str]] = {}


class PeriodInfo(Model):
    """The days a response covers."""

    from_: date = described("First day of the range (report time zone).", alias="from")
    to: date = described("Last day of the range.")
    days: int = described("Days in the range.")
    built_days: int = described("Days of the range whose report was built: the figures come from these.")
    not_built: list[date] = described("Days of the range not built (no report yet, or failed): left out of "
                                      "every figure. Build them with `media-analytics build FIRST LAST`.")
    as_of: date = described("The last built day of the range: figures that describe the library at a "
                            "moment (files, storage, unused media, optimisation) are as of its end.")
    built_at: datetime = described("When the latest of the range's built days was built (Last-Modified).")

    @classmethod
    def of(cls, period) -> "PeriodInfo":
        return cls(from_=period.first, to=period.last, days=len(period.days), built_days=len(period.built),
                   not_built=period.not_built, as_of=period.as_of, built_at=period.built_at)


class Page(Model):
    """Where a list stands: pass `nextCursor` as `cursor` for the next page (null: the last page)."""

    limit: int = described("Items asked for (limit; default 20, at most 500).")
    next_cursor: str | None = described("The cursor of the next page; null when this page is the last.")
