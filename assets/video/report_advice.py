"""The videos page's encoding and delivery advice, read from video_optimization_opportunities."""

from __future__ import annotations

from datetime import date

import duckdb

from assets.shared.sqlfiles import fetch_dicts
from assets.video.opportunities import (
    BUFFERING_RATE, CACHE_HIT_RATE, CACHE_MIN_REQUESTS, CACHE_TARGET, LARGE_BYTES, LONG_SECONDS,
    REENCODE_FACTOR,
)
from reports.model import Footnote
from reports.sections import VideoAdvice

VIDEO_ADVICE_N = 20

VIDEO_ADVICE_FOOTNOTES = [
    Footnote("Bits per pixel", "Video bitrate / (width × height × frames per second), from the file "
             f"itself. Re-encode: over {REENCODE_FACTOR:g} × the codec's reference (0.14 for H.264, MPEG-4 "
             "and VP8 — the Kush gauge at medium motion; 0.07 for HEVC and VP9; 0.05 for AV1); the "
             "saving is the video stream at the reference, the rest of the file unchanged."),
    Footnote("Adaptive streaming", f"Advised for a video of at least {LONG_SECONDS / 60:g} min and "
             f"{LARGE_BYTES / 1e6:.1f} MB ({LARGE_BYTES // (1024 * 1024)} MiB) whose viewers spent at least {BUFFERING_RATE:.0%} of their "
             "watch time buffering on the day [Mux]."),
    Footnote("Caching", f"Advised below a {CACHE_HIT_RATE:.0%} cache hit rate over at least "
             f"{CACHE_MIN_REQUESTS} requests of known cache status; the saving is bytes sent × "
             f"({CACHE_TARGET:.0%} − the hit rate), what the origin would not have sent."),
]


def load_video_advice(con: duckdb.DuckDBPyConnection, day: date) -> list[VideoAdvice]:
    """The day's video advice, largest daily saving first."""
    return [VideoAdvice(**r) for r in fetch_dicts(con, "report_video_advice", {"day": day, "limit": VIDEO_ADVICE_N})]
