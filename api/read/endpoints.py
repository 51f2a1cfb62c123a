"""Every read endpoint: its path, what it answers and the parameters it takes (the OpenAPI schema
and the routes are both made from this list)."""

from __future__ import annotations

from api.read import documents, images, overview
from api.read.period import LIST_PARAMETERS, RANGE_PARAMETERS
from api.read.routes import Endpoint


def _overview(context, period, query):
    return overview.media_analytics(context.store, period, query, context.timezone)


def _images(context, period, query):
    return images.image_analytics(context.store, period, query)


def _documents(context, period, query):
    return documents.document_analytics(context.store, period, query, context.timezone)


ENDPOINTS: list[Endpoint] = [
    Endpoint("", "Overview: the library, its usage, delivery performance and each media type "
                 "(the seed's MediaAnalytics)", overview.MediaAnalytics, _overview, frozenset(RANGE_PARAMETERS)),
    Endpoint("/images", "Images: the originals, their delivery and use, and what optimising them would save "
                        "(the seed's ImageAnalytics)", images.ImageAnalytics, _images,
             frozenset(RANGE_PARAMETERS | LIST_PARAMETERS)),
    Endpoint("/documents", "Documents: the live documents, how they are read and downloaded, and whether "
                           "search can find them (the seed's DocumentAnalytics)", documents.DocumentAnalytics,
             _documents, frozenset(RANGE_PARAMETERS | LIST_PARAMETERS)),
]
