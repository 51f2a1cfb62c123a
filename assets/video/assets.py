"""Video and audio engagement from player events: DESIGN.md "Video and audio engagement".

Player events land like usage events (`assets/ingest/events.py`); everything after is set-based DuckDB SQL
in `sql/` (the segment rules are written where they are applied, in `video_watch_segments.sql` and
the `player_session_events` macro of `schema_video.sql`, written once a day to
`video_session_events`). Audio goes through the same tables:
`media_type` tells them apart.
"""

import warnings
from datetime import date, timedelta

import dagster as dg
import duckdb

from assets.ingest.events import build_event_day, event_day_result
from assets.ingest.assets import media_inventory
from assets.shared.checks import (
    WAREHOUSE_POOL,
    daily_table_result,
    partition_day,
    reject_ratio_spec,
    unique_keys_spec,
)
from assets.shared.resources import LandingResource, MetricsResource, WarehouseResource
from assets.shared.sqlfiles import bind, load_sql, replace_day
from assets.shared.useragents import user_agent_table
from assets.shared.partitions import daily_partitions

EVENT_KEYS = ("day", "event_id")
SEGMENT_KEYS = ("day", "media_id", "viewer_id", "session_id", "segment_number")
VIEW_KEYS = ("day", "media_id", "viewer_id", "session_id")
ENGAGEMENT_KEYS = ("day", "media_id")
RETENTION_KEYS = ("day", "media_id", "bucket")

# A playback session belongs to the day it started, so a day's sessions read the events of the day
# before (to see where a session started) and the day after (to see how it ended past midnight).
# The newest day has no day after yet: allowed (the option is marked beta; its warning is noise here).
with warnings.catch_warnings():
    warnings.simplefilter("ignore", dg.BetaWarning)
    SESSION_DAYS = dg.TimeWindowPartitionMapping(start_offset=-1, end_offset=1,
                                                 allow_nonexistent_upstream_partitions=True)


def write_session_events(con: duckdb.DuckDBPyConnection, day: date, tz: str) -> int:
    return replace_day(con, "video_session_events", day, {"tz": tz})


def write_segments(con: duckdb.DuckDBPyConnection, day: date, tz: str) -> int:
    return replace_day(con, "video_watch_segments", day, {"tz": tz})


VIEW_PARTS = ("sessions", "quality", "watched", "spans")  # video_view_<part>.sql, read by video_views.sql


def write_views(con: duckdb.DuckDBPyConnection, day: date, tz: str) -> int:
    """Write video_views for `day`; device, OS and browser are parsed once per distinct User-Agent."""
    agents = con.execute(
        "SELECT DISTINCT user_agent FROM video_session_events WHERE day = $day", {"day": day}
    ).fetchall()
    con.register("user_agents", user_agent_table(row[0] for row in agents).to_arrow())
    try:
        for part in VIEW_PARTS:  # one after another: joined in one query they outgrow the memory limit
            sql = load_sql(f"video_view_{part}")
            con.execute(f"CREATE OR REPLACE TEMP TABLE view_{part} AS {sql}", bind(sql, {"day": day}))
        return replace_day(con, "video_views", day, {"tz": tz})
    finally:
        con.unregister("user_agents")
        for part in VIEW_PARTS:
            con.execute(f"DROP TABLE IF EXISTS view_{part}")


def write_engagement(con: duckdb.DuckDBPyConnection, day: date) -> int:
    return replace_day(con, "daily_video_engagement", day, {})


def write_retention(con: duckdb.DuckDBPyConnection, day: date, tz: str, bucket_seconds: int) -> int:
    if bucket_seconds <= 0:
        raise dg.Failure(f"RETENTION_BUCKET_SECONDS must be a positive number of seconds, got {bucket_seconds}")
    return replace_day(con, "video_retention", day, {"tz": tz, "bucket_seconds": bucket_seconds})


def _counts(con: duckdb.DuckDBPyConnection, sql: str, day: date) -> dict[str, int]:
    cursor = con.execute(sql, {"day": day})
    return {d[0]: int(v or 0) for d, v in zip(cursor.description, cursor.fetchone())}


def _rows_check(con: duckdb.DuckDBPyConnection, table: str, name: str, day: date, bad_rows: str
                ) -> dg.AssetCheckResult:
    """The check `name` on `table`: passes when no row of the day matches `bad_rows` (a SQL
    condition, a constant of this module)."""
    failures = con.execute(f"SELECT count(*) FROM {table} WHERE day = $day AND ({bad_rows})",
                           {"day": day}).fetchone()[0]
    return dg.AssetCheckResult(check_name=name, asset_key=table, passed=failures == 0,
                               metadata={"rows_out_of_bounds": failures})


@dg.asset(
    partitions_def=daily_partitions,
    group_name="video",
    kinds={"duckdb", "polars"},
    pool=WAREHOUSE_POOL,
    deps=[media_inventory],  # events sent with a media_url are mapped to the day's items
    check_specs=[unique_keys_spec("raw_player_events", EVENT_KEYS), reject_ratio_spec("raw_player_events")],
)
def raw_player_events(
    context: dg.AssetExecutionContext,
    warehouse: WarehouseResource,
    landing: LandingResource,
    metrics: MetricsResource,
):
    """One row per valid video/audio player event of the day (load, play, pause, seek, ended, stop,
    quality_change, buffer_start, buffer_end, error), from the NDJSON/CSV/Parquet files under
    `LANDING_DIR/player_events/`.

    Each file content is parsed once; rows that fail validation (unknown event type, a position that
    is negative, NaN, infinite or over 10 h, a seek without the position it left or landed on, a missing field, a
    timestamp without offset) and repeats of an event_id go to `rejected_rows` with the file, line,
    raw text and reason. The day is the event timestamp's day in REPORT_TIMEZONE. An event that
    names its item by `media_url` gets the item that URL maps to in the day's inventory, as an
    access-log path does; one that maps to none is rejected with the URL in its reason."""
    day = partition_day(context)
    with warehouse.connect() as con:
        # Player events carry no client IP, so nothing is hashed: no salt.
        built = build_event_day(con, "player_events", landing.folder("player_events"), "staged_player_events",
                                "raw_player_events", day, metrics.timezone, salt="",
                                prefixes=landing.media_url_prefixes)
        return event_day_result(con, "raw_player_events", EVENT_KEYS, day, built, metrics.max_reject_ratio)


@dg.asset(
    partitions_def=daily_partitions,
    group_name="video",
    kinds={"duckdb"},
    pool=WAREHOUSE_POOL,
    deps=[dg.AssetDep(raw_player_events, partition_mapping=SESSION_DAYS)],
    check_specs=[unique_keys_spec("video_session_events", EVENT_KEYS)],
)
def video_session_events(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, metrics: MetricsResource
):
    """One row per player event of a playback session that started on the day, in play order
    (`seq`), with the session's context the video rules need: where playback was before and is
    after the event, the neighbouring control events, whether a segment is open, the media
    duration used. Built once a day from the events of the day before, the day and the day after
    (the `player_session_events` macro of `schema_video.sql`); video_watch_segments, video_views and
    video_retention read it."""
    day = partition_day(context)
    with warehouse.connect() as con:
        rows = write_session_events(con, day, metrics.timezone)
        sessions = con.execute(
            "SELECT count(DISTINCT (media_id, session_key)) FROM video_session_events WHERE day = $day",
            {"day": day},
        ).fetchone()[0]
        return daily_table_result(con, "video_session_events", day, EVENT_KEYS, "media_id, session_key, seq",
                                  rows, extra_metadata={"sessions": sessions})


@dg.asset(
    partitions_def=daily_partitions,
    group_name="video",
    kinds={"duckdb"},
    pool=WAREHOUSE_POOL,
    deps=[video_session_events],
    check_specs=[
        unique_keys_spec("video_watch_segments", SEGMENT_KEYS),
        dg.AssetCheckSpec("video_watch_segments_are_well_formed", asset="video_watch_segments",
                          description="Every segment is at least 0.25 s long, starts at 0 or later and "
                                      "ends within 10 h (clamping to the duration is checked on "
                                      "video_views' furthest position)."),
    ],
)
def video_watch_segments(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, metrics: MetricsResource
):
    """One row per watched segment of a video or audio item — a play up to the pause, seek, stop,
    ended or session end that closed it (`ended_by`) — for the playback sessions that started on
    the day, in media seconds (`segment_start`, `segment_end`) [edX, Aspects].

    A session that runs past midnight belongs to the day it started: it is complete once the next
    day's player events are loaded (rebuild the day after building the next one). Every rule
    (last play wins, play after a seek, session-end closes, clamping, dropping, implausible speed,
    tie-breaking) is written in `video_watch_segments.sql`."""
    day = partition_day(context)
    with warehouse.connect() as con:
        rows = write_segments(con, day, metrics.timezone)
        quality = _counts(con, """
            SELECT count(*) FILTER (ended_by = 'session_end') AS session_end_closes,
                   count(*) FILTER (clamped) AS clamped_segments,
                   count(*) FILTER (implausible) AS implausible_segments
            FROM video_watch_segments WHERE day = $day""", day)
        next_day = con.execute("SELECT count(*) > 0 FROM raw_player_events WHERE day = $next",
                               {"next": day + timedelta(days=1)}).fetchone()[0]
        if not next_day:
            context.log.info(f"No player events loaded for {day + timedelta(days=1)} yet: sessions still "
                             "playing at midnight end at their last event of the day until this day is rebuilt.")
        return daily_table_result(
            con, "video_watch_segments", day, SEGMENT_KEYS, "media_id, viewer_id, session_id, segment_number",
            rows, extra_metadata={**quality, "next_day_events_loaded": bool(next_day)},
            extra_checks=[_rows_check(
                con, "video_watch_segments", "video_watch_segments_are_well_formed", day,
                "segment_start < 0 OR segment_end - segment_start < 0.25 OR segment_end > 36000")],
        )


@dg.asset(
    partitions_def=daily_partitions,
    group_name="video",
    kinds={"duckdb", "polars"},
    pool=WAREHOUSE_POOL,
    deps=[video_session_events, video_watch_segments, media_inventory],
    check_specs=[
        unique_keys_spec("video_views", VIEW_KEYS),
        dg.AssetCheckSpec("video_views_unique_seconds_within_watched_seconds", asset="video_views",
                          description="Unique seconds never exceed watched seconds, and the furthest "
                                      "position never exceeds the duration."),
    ],
)
def video_views(context: dg.AssetExecutionContext, warehouse: WarehouseResource, metrics: MetricsResource):
    """One row per playback session (media item × viewer × session) that started on the day;
    `is_view` marks the views (at least 1 s watched [Matomo]). Watched and unique seconds,
    furthest position, completed (edX) and finished (Matomo), startup time, buffering, quality
    seconds, seeks, device type/OS/browser (ua-parser) and country, and the session's data-quality
    counts (replaced plays, ignored closes, session-end closes, clamped, dropped and implausible
    segments)."""
    day = partition_day(context)
    with warehouse.connect() as con:
        rows = write_views(con, day, metrics.timezone)
        counts = _counts(con, """
            SELECT count(*) AS sessions, count(*) FILTER (is_view) AS views,
                   sum(replaced_plays) AS replaced_plays, sum(ignored_closes) AS ignored_closes,
                   sum(dropped_segments) AS dropped_segments, sum(session_end_closes) AS session_end_closes,
                   sum(clamped_segments) AS clamped_segments, sum(implausible_segments) AS implausible_segments,
                   count(*) FILTER (media_type = 'unknown') AS sessions_not_in_inventory
            FROM video_views WHERE day = $day""", day)
        return daily_table_result(
            con, "video_views", day, VIEW_KEYS, "watched_seconds DESC, media_id, viewer_id", rows,
            extra_metadata=counts,
            extra_checks=[_rows_check(
                con, "video_views", "video_views_unique_seconds_within_watched_seconds", day,
                "unique_seconds > watched_seconds + 1e-6 OR furthest_position > duration + 1e-6")],
        )


@dg.asset(
    partitions_def=daily_partitions,
    group_name="video",
    kinds={"duckdb"},
    pool=WAREHOUSE_POOL,
    deps=[video_views],
    check_specs=[
        unique_keys_spec("daily_video_engagement", ENGAGEMENT_KEYS),
        dg.AssetCheckSpec("daily_video_engagement_rates_are_within_bounds", asset="daily_video_engagement",
                          description="Completion and finish rates lie in 0..1, no rate is NaN or "
                                      "negative, and unique viewers never exceed views."),
    ],
)
def daily_video_engagement(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """One row per video or audio item with playback sessions starting on the day: views, unique
    viewers, total and average watch time, completion rate (edX) and finish rate (Matomo), startup
    time, buffering rate and buffer events per minute [Mux], quality distribution (share of watch
    time), forward/backward seeks, views per device type, OS, browser and country, and the
    data-quality counts of its sessions."""
    day = partition_day(context)
    with warehouse.connect() as con:
        rows = write_engagement(con, day)
        totals = _counts(con, """
            SELECT sum(views) AS views, sum(views) FILTER (media_type = 'video') AS video_views,
                   sum(views) FILTER (media_type = 'audio') AS audio_views,
                   round(sum(watch_seconds)) AS watch_seconds
            FROM daily_video_engagement WHERE day = $day""", day)
        return daily_table_result(
            con, "daily_video_engagement", day, ENGAGEMENT_KEYS, "views DESC, media_id", rows,
            extra_metadata=totals,
            extra_checks=[_rows_check(
                con, "daily_video_engagement", "daily_video_engagement_rates_are_within_bounds", day,
                "completion_rate NOT BETWEEN 0 AND 1 OR finish_rate NOT BETWEEN 0 AND 1 OR isnan(completion_rate) "
                "OR isnan(finish_rate) OR isnan(buffering_rate) OR buffering_rate < 0 OR unique_viewers > views")],
        )


@dg.asset(
    partitions_def=daily_partitions,
    group_name="video",
    kinds={"duckdb"},
    pool=WAREHOUSE_POOL,
    deps=[video_session_events, video_views, video_watch_segments],
    check_specs=[
        unique_keys_spec("video_retention", RETENTION_KEYS),
        dg.AssetCheckSpec("video_retention_is_a_share_of_views", asset="video_retention",
                          description="Retention and drop-off share lie in 0..1 and no bucket has more "
                                      "viewers than the item has views."),
    ],
)
def video_retention(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource, metrics: MetricsResource
):
    """One row per video or audio item with views on the day and per bucket of its timeline
    (RETENTION_BUCKET_SECONDS, default 10 s): the retention curve (share of views that watched any
    part of the bucket), re-watches, drop-off (views whose furthest position lies there, ranked) and
    the heatmap (plays, pauses and seeks there; intensity low/medium/high by tercile)."""
    day = partition_day(context)
    with warehouse.connect() as con:
        rows = write_retention(con, day, metrics.timezone, metrics.retention_bucket_seconds)
        media = con.execute("SELECT count(DISTINCT media_id) FROM video_retention WHERE day = $day",
                            {"day": day}).fetchone()[0]
        return daily_table_result(
            con, "video_retention", day, RETENTION_KEYS, "media_id, bucket", rows,
            extra_metadata={"media_items": media, "bucket_seconds": metrics.retention_bucket_seconds},
            extra_checks=[_rows_check(
                con, "video_retention", "video_retention_is_a_share_of_views", day,
                "retention NOT BETWEEN 0 AND 1 OR dropoff_share NOT BETWEEN 0 AND 1 OR viewers > views")],
        )
