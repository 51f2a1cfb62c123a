"""Every read endpoint: its path, what it answers and the parameters it takes (the OpenAPI schema
and the routes are both made from this list)."""

from __future__ import annotations

from api.read import overview
from api.read.period import LIST_PARAMETERS, RANGE_PARAMETERS
from api.read.routes import Endpoint


def _overview(context, period, query):
    return overview.media_analytics(context.store, period, query, context.timezone)


ENDPOINTS: list[Endpoint] = [
    Endpoint("", "Overview: the library, its usage, delivery performance and each media type "
                 "(the seed's MediaAnalytics)", overview.MediaAnalytics, _overview, frozenset(RANGE_PARAMETERS)),
]
