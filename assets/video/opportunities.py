"""Video encoding and delivery advice from the file facts and the day's delivery and engagement
(DESIGN.md "Encoding and delivery", the seed's optimizeVideoDelivery)."""

import dagster as dg

from assets.delivery.assets import daily_media_delivery
from assets.files.assets import media_file_facts
from assets.ingest.assets import media_inventory
from assets.shared.checks import WAREHOUSE_POOL, daily_table_result, partition_day, unique_keys_spec
from assets.shared.resources import WarehouseResource
from assets.shared.sqlfiles import replace_day
from assets.video.assets import daily_video_engagement
from assets.shared.partitions import daily_partitions

VIDEO_OPPORTUNITY_KEYS = ("day", "path", "kind")
MIB = 1024 * 1024

# Reference bits per pixel per frame for a well-encoded web video, per codec. H.264-class codecs:
# the Kush gauge (bitrate = pixels x fps x motion x 0.07) at medium motion (x 2) = 0.14. HEVC and
# VP9 reach the same quality at about half H.264's bitrate, AV1 at about a third less than those:
# 0.07 and 0.05. Other codecs (MPEG-2, ...) are held to the H.264 figure, which favours them.
REFERENCE_BITS_PER_PIXEL = {"h264": 0.14, "mpeg4": 0.14, "vp8": 0.14, "hevc": 0.07, "vp9": 0.07, "av1": 0.05}
DEFAULT_REFERENCE_BITS_PER_PIXEL = 0.14
REENCODE_FACTOR = 2.0  # "far above the norm": over twice the reference (the Kush gauge's high motion, x 4)
LONG_SECONDS = 120.0  # adaptive streaming pays off past a couple of minutes of playback
LARGE_BYTES = 25 * MIB
BUFFERING_RATE = 0.01  # 1 % of watch time spent buffering (Mux's rebuffer percentage)
CACHE_HIT_RATE = 0.80  # below this the CDN is not doing its job for a static file
CACHE_TARGET = 0.90  # the hit rate the caching saving is computed at
CACHE_MIN_REQUESTS = 20  # fewer requests of known cache status say little about a hit rate


def thresholds() -> dict:
    """The parameters of video_optimization_opportunities.sql."""
    return {
        "codecs": list(REFERENCE_BITS_PER_PIXEL), "references": list(REFERENCE_BITS_PER_PIXEL.values()),
        "default_reference": DEFAULT_REFERENCE_BITS_PER_PIXEL, "reencode_factor": REENCODE_FACTOR,
        "long_seconds": LONG_SECONDS, "large_bytes": LARGE_BYTES, "buffering_rate": BUFFERING_RATE,
        "cache_hit_rate": CACHE_HIT_RATE, "cache_target": CACHE_TARGET, "cache_min_requests": CACHE_MIN_REQUESTS,
    }


@dg.asset(
    partitions_def=daily_partitions,
    group_name="video",
    kinds={"duckdb"},
    pool=WAREHOUSE_POOL,
    deps=[media_file_facts, media_inventory, daily_media_delivery, daily_video_engagement],
    check_specs=[unique_keys_spec("video_optimization_opportunities", VIDEO_OPPORTUNITY_KEYS)],
)
def video_optimization_opportunities(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """One row per day, live video (its original file, read in media_file_facts) and kind of advice:
    `reencode` (bits per pixel per frame over twice its codec's reference: the storage saved at the
    reference, and the bandwidth it would have saved on the day), `adaptive_streaming` (long, large,
    and its viewers buffered >= 1 % of their watch time on the day) and `caching` (cache hit rate
    under 80 % over >= 20 requests: the origin bytes a 90 % hit rate avoids). Each row names the
    measured figure that triggered it, its threshold, and the improvement computed from the day's
    figures. Empty without MEDIA_ROOT; the delivery rules need the day's access logs and player events."""
    day = partition_day(context)
    with warehouse.connect() as con:
        rows = replace_day(con, "video_optimization_opportunities", day, thresholds())
        totals = con.execute(
            "SELECT kind, count(*), coalesce(sum(bytes_saved), 0), coalesce(sum(daily_bytes_saved), 0) "
            "FROM video_optimization_opportunities WHERE day = $day GROUP BY kind ORDER BY kind",
            {"day": day}).fetchall()
        metadata = {f"{kind}_videos": n for kind, n, _, _ in totals}
        metadata |= {f"{kind}_bytes_saved": int(saved) for kind, _, saved, _ in totals if kind == "reencode"}
        metadata |= {f"{kind}_daily_bytes_saved": int(daily) for kind, _, _, daily in totals if kind != "adaptive_streaming"}
        return daily_table_result(con, "video_optimization_opportunities", day, VIDEO_OPPORTUNITY_KEYS,
                                  "rank", rows, extra_metadata=metadata)
