"""Every read endpoint: its path, what it answers and the parameters it takes (the OpenAPI schema
and the routes are both made from this list). Collection paths come before `/{id}`: Starlette takes
the first route that matches."""

from __future__ import annotations

from api.read import documents, engagement, images, items, optimization, overview, performance, playback, usage
from api.read.period import LIST_PARAMETERS, RANGE_PARAMETERS
from api.read.routes import Endpoint

RANGE = frozenset(RANGE_PARAMETERS)
LIST = frozenset(RANGE_PARAMETERS | LIST_PARAMETERS | {"type"})

ENDPOINTS: list[Endpoint] = [
    Endpoint("", "Overview: the library, its usage, delivery performance and each media type "
                 "(the seed's MediaAnalytics)", overview.MediaAnalytics,
             lambda c, p, q: overview.media_analytics(c.store, p, q, c.timezone), RANGE),
    Endpoint("/usage", "Usage statistics: totals, per media type and usage kind, access sources, items by "
                       "page views", usage.UsageStatistics, lambda c, p, q: usage.usage_statistics(c.store, p, q),
             LIST),
    Endpoint("/performance", "Delivery performance: the site's and each item's (the seed's "
                             "media_performance_metrics)", performance.PerformanceMetrics,
             lambda c, p, q: performance.performance_metrics(c.store, p, q), LIST),
    Endpoint("/optimization", "Optimisation opportunities: images, videos, duplicates, cleanup candidates",
             optimization.OptimizationOpportunities,
             lambda c, p, q: optimization.optimization_opportunities(c.store, p, q), LIST),
    Endpoint("/images", "Images: the originals, their delivery and use, and what optimising them would save "
                        "(the seed's ImageAnalytics)", images.ImageAnalytics,
             lambda c, p, q: images.image_analytics(c.store, p, q), frozenset(RANGE_PARAMETERS | LIST_PARAMETERS)),
    Endpoint("/documents", "Documents: the live documents, how they are read and downloaded, and whether "
                           "search can find them (the seed's DocumentAnalytics)", documents.DocumentAnalytics,
             lambda c, p, q: documents.document_analytics(c.store, p, q, c.timezone),
             frozenset(RANGE_PARAMETERS | LIST_PARAMETERS)),
    Endpoint("/videos", "Videos: the library, playback engagement and performance, encoding and delivery "
                        "advice (the seed's VideoAnalytics)", playback.VideoAnalytics,
             lambda c, p, q: playback.video_analytics(c.store, p, q, "video"), RANGE),
    Endpoint("/audio", "Audio: the same as /videos over the audio items", playback.VideoAnalytics,
             lambda c, p, q: playback.video_analytics(c.store, p, q, "audio"), RANGE),
    Endpoint("/{id}", "One item: usage, performance, engagement, recommendations, optimisation (the seed's "
                      "MediaInsights)", items.MediaInsights,
             lambda c, p, q: items.media_insights(c.store, p, q, c.media_id), RANGE,
             every_item=lambda c, p, q: items.every_media_insights(c.store, p, q)),
    Endpoint("/{id}/usage", "Where and how one item is used: locations, per usage kind, access sources, "
                            "per day", items.MediaUsageDetails,
             lambda c, p, q: items.media_usage_details(c.store, p, q, c.media_id), RANGE),
    Endpoint("/{id}/engagement", "One item's engagement: playback (video, audio), access (document) or usage "
                                 "events (image, other)", engagement.ItemEngagement,
             lambda c, p, q: engagement.item_engagement(c.store, p, q, c.media_id), RANGE),
]
