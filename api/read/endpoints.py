"""Every read endpoint: its path, what it answers and the parameters it takes (the OpenAPI schema
and the routes are both made from this list)."""

from __future__ import annotations

from api.read import images, overview
from api.read.period import LIST_PARAMETERS, RANGE_PARAMETERS
from api.read.routes import Endpoint


def _overview(context, period, query):
    return overview.media_analytics(context.store, period, query, context.timezone)


def _images(context, period, query):
    return images.image_analytics(context.store, period, query)


ENDPOINTS: list[Endpoint] = [
    Endpoint("", "Overview: the library, its usage, delivery performance and each media type "
                 "(the seed's MediaAnalytics)", overview.MediaAnalytics, _overview, frozenset(RANGE_PARAMETERS)),
    Endpoint("/images", "Images: the originals, their delivery and use, and what optimising them would save "
                        "(the seed's ImageAnalytics)", images.ImageAnalytics, _images,
             frozenset(RANGE_PARAMETERS | LIST_PARAMETERS)),
]
