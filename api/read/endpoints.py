"""Every read endpoint: its path, what it answers and the parameters it takes (the OpenAPI schema
and the routes are both made from this list)."""

from __future__ import annotations

from api.read import engagement, overview, playback
from api.read.period import LIST_PARAMETERS, RANGE_PARAMETERS
from api.read.routes import Endpoint


def _overview(context, period, query):
    return overview.media_analytics(context.store, period, query, context.timezone)


def _videos(context, period, query):
    return playback.video_analytics(context.store, period, query, "video")


def _audio(context, period, query):
    return playback.video_analytics(context.store, period, query, "audio")


def _engagement(context, period, query):
    return engagement.item_engagement(context.store, period, query, context.media_id)


ENDPOINTS: list[Endpoint] = [
    Endpoint("", "Overview: the library, its usage, delivery performance and each media type "
                 "(the seed's MediaAnalytics)", overview.MediaAnalytics, _overview, frozenset(RANGE_PARAMETERS)),
    # collection routes before the /{id} ones: Starlette takes the first route that matches
    Endpoint("/videos", "Videos: the library, playback engagement and performance, encoding and delivery "
                        "advice (the seed's VideoAnalytics)", playback.VideoAnalytics, _videos,
             frozenset(RANGE_PARAMETERS)),
    Endpoint("/audio", "Audio: the same as /videos over the audio items", playback.VideoAnalytics, _audio,
             frozenset(RANGE_PARAMETERS)),
    Endpoint("/{id}/engagement", "One item's engagement: playback (video, audio), access (document) or usage "
                                 "events (image, other)", engagement.ItemEngagement, _engagement,
             frozenset(RANGE_PARAMETERS)),
]
