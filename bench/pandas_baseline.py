"""The pandas baseline: `daily_media_usage` and `daily_video_engagement` of one day, computed the
straightforward way in pandas from the same landing files, with the same validation rules
(assets/ingest/sql/staged_*.sql, assets/video/sql/staged_player_events.sql), deduplication by event_id and definitions (assets/usage/sql/daily_media_usage.sql,
video_watch_segments.sql, video_views.sql, daily_video_engagement.sql).

Dirty input decides the reading: one malformed line makes `pd.read_json(lines=True)` fail for the
whole file, so NDJSON lines are decoded one by one with `json.loads` (a broken line is skipped, as
ours rejects it) and turned into frames in chunks. CSV goes through `pd.read_csv`, Parquet through
`pd.read_parquet`. Everything else is vectorised (groupby, shift, np.select).

It computes the columns `USAGE_COLUMNS` and `VIDEO_COLUMNS`: the counts, distinct users, rates and
access sources of usage, and sessions, views, viewers, watch time, completion and seeks of video.
Columns that need the inventory, user-agent parsing or per-second coverage (media type,
popularity, device breakdowns, unique seconds, quality share) are left out.
"""

from __future__ import annotations

import csv
import gzip
import json
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

USAGE_FIELDS = ["event_id", "media_id", "event_type", "timestamp", "user_id", "session_id", "referrer",
                "page_url", "usage", "load_time_ms", "bytes"]
PLAYER_FIELDS = ["event_id", "media_id", "event_type", "timestamp", "position", "from_position",
                 "to_position", "duration", "user_id", "session_id"]
USAGE_TYPES = ["impression", "view", "click", "download", "share", "preview"]
USAGE_KINDS = {"featured", "inline", "gallery", "background", "attachment"}
PLAYER_TYPES = {"load", "play", "pause", "seek", "ended", "stop", "quality_change", "buffer_start",
                "buffer_end", "error"}
CONTROLS = ["play", "pause", "seek", "stop", "ended"]
SOURCES = ["search", "social", "email", "internal", "direct", "other"]
USAGE_COLUMNS = ["media_id", "usage_kind", *[t + "s" for t in USAGE_TYPES], "unique_users", "signed_in_users",
                 "anonymous_sessions", "click_through_rate", "engagement_rate", *["from_" + s for s in SOURCES]]
VIDEO_COLUMNS = ["media_id", "sessions", "views", "unique_viewers", "watch_seconds", "completed_views",
                 "finished_views", "buffer_events", "seeks_forward", "seeks_backward"]
OFFSET = r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)? ?([Zz]|[+-]\d{2}(:?\d{2})?)$"
HOST = r"^[a-zA-Z][a-zA-Z0-9+.-]*://([^/:?#]+)"
CHUNK = 500_000


def _ndjson(path: Path, fields: list[str]) -> list[pd.DataFrame]:
    frames, rows = [], []
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", errors="replace") as handle:
        for line_number, line in enumerate(handle, 1):
            try:
                row = json.loads(line)
            except ValueError:
                continue
            if isinstance(row, dict):
                row["line"] = line_number
                rows.append(row)
            if len(rows) == CHUNK:
                frames.append(pd.DataFrame(rows, columns=[*fields, "line"]))
                rows = []
    frames.append(pd.DataFrame(rows, columns=[*fields, "line"]))
    return frames


def _csv(path: Path) -> pd.DataFrame:
    # pd.read_csv pads a row cut short with empty cells: ours rejects it, so rows are counted here.
    with path.open(newline="", encoding="utf-8-sig", errors="replace") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows, lines = [], []
        for row in reader:
            if len(row) == len(header):
                rows.append([cell if cell != "" else None for cell in row])
                lines.append(reader.line_num)
    return pd.DataFrame(rows, columns=header).assign(line=lines)


def read_events(folder: Path, fields: list[str]) -> pd.DataFrame:
    """Every row of every NDJSON/CSV/Parquet file below `folder`, as text, with `path` and `line`."""
    frames = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = path.name.lower()
        if name.endswith((".ndjson", ".ndjson.gz")):
            parts = _ndjson(path, fields)
        elif name.endswith(".csv"):
            parts = [_csv(path)]
        elif name.endswith(".parquet"):
            table = pd.read_parquet(path)
            parts = [table.assign(line=np.arange(1, len(table) + 1))]
        else:
            continue
        frames += [part.reindex(columns=[*fields, "line"]).assign(path=str(path)) for part in parts]
    return pd.concat(frames, ignore_index=True)


def _text(column: pd.Series) -> pd.Series:
    """JSON values as DuckDB's json_extract_string gives them: text, '' → missing (after trim)."""
    text = column.astype("string").str.strip()
    return text.mask(text == "")


def _number(column: pd.Series) -> tuple[pd.Series, pd.Series]:
    text = _text(column)
    return text, pd.to_numeric(text, errors="coerce")


def _valid_timestamps(events: pd.DataFrame, day: date) -> tuple[pd.Series, pd.Series]:
    text = _text(events["timestamp"])
    ts = pd.to_datetime(text, utc=True, format="ISO8601", errors="coerce")
    ok = ts.notna() & text.str.match(OFFSET).fillna(False)
    return ok & (ts.dt.date == day), ts


def _first_of_each_event(events: pd.DataFrame) -> pd.DataFrame:
    return events.sort_values(["path", "line"]).drop_duplicates("event_id")


def usage_table(folder: Path, day: date) -> pd.DataFrame:
    """daily_media_usage's `USAGE_COLUMNS` for `day` from the usage-event files under `folder`."""
    e = read_events(folder, USAGE_FIELDS)
    for name in ("event_id", "media_id"):
        e[name] = _text(e[name])
    e["event_type"] = _text(e["event_type"]).str.lower()
    e["usage"] = _text(e["usage"]).str.lower()
    on_day, e["ts"] = _valid_timestamps(e, day)
    load_text, load = _number(e["load_time_ms"])
    bytes_text, size = _number(e["bytes"])
    valid = (e["event_id"].notna() & e["media_id"].notna() & e["event_type"].isin(USAGE_TYPES) & on_day
             & (e["usage"].isna() | e["usage"].isin(USAGE_KINDS))
             & (load_text.isna() | (load.notna() & (load >= 0) & np.isfinite(load.astype(float))))
             & (bytes_text.isna() | (size.notna() & (size >= 0))))
    e = _first_of_each_event(e[valid.fillna(False)])
    for name in ("user_id", "session_id", "referrer", "page_url"):
        e[name] = e[name].astype("string").mask(e[name] == "")
    e["kind"] = e["usage"].fillna("unspecified")
    e["visitor"] = ("u:" + e["user_id"]).fillna("s:" + e["session_id"])
    e["anonymous_session"] = e["session_id"].where(e["user_id"].isna())
    e["source"] = _access_source(e)
    all_kinds = e.assign(kind="all")
    table = pd.concat([_usage_counts(e), _usage_counts(all_kinds)], ignore_index=True)
    views = table["views"].where(table["views"] > 0)
    table["click_through_rate"] = table["clicks"] / views
    table["engagement_rate"] = (table["clicks"] + table["shares"] + table["downloads"]) / views
    return table.rename(columns={"kind": "usage_kind"})[USAGE_COLUMNS]


def _access_source(e: pd.DataFrame) -> np.ndarray:
    referrer = e["referrer"]
    host = referrer.str.extract(HOST, expand=False).str.lower().fillna("")
    page = e["page_url"].str.extract(HOST, expand=False).str.lower().fillna("")
    internal = (page != "") & ((host == page) | (host == "www." + page) | ("www." + host == page))
    email = (host.str.contains(r"(?:^|\.)(?:mail|webmail|outlook|gmail|mailchi|list-manage|sendgrid|substack)\.")
             | referrer.str.lower().str.contains("utm_medium=e-?mail").fillna(False))
    search = host.str.contains(r"(?:^|\.)(?:google|bing|yahoo|duckduckgo|baidu|yandex|ecosia|qwant|startpage"
                               r"|search\.brave|naver|seznam)\.")
    social = host.str.contains(r"(?:^|\.)(?:facebook|fb|instagram|twitter|x|t|linkedin|lnkd|pinterest|reddit"
                               r"|tiktok|youtube|mastodon|threads|bsky|tumblr|vk|whatsapp)\.")
    direct = referrer.isna() | (referrer.str.strip() == "")
    conditions = [direct, host == "", internal, email, search, social]
    return np.select([c.fillna(False).to_numpy(bool) for c in conditions],
                     ["direct", "other", "internal", "email", "search", "social"], "other")


def _usage_counts(e: pd.DataFrame) -> pd.DataFrame:
    keys = ["media_id", "kind"]
    types = pd.crosstab([e["media_id"], e["kind"]], e["event_type"]).reindex(columns=USAGE_TYPES, fill_value=0)
    types.columns = [t + "s" for t in USAGE_TYPES]
    sources = pd.crosstab([e["media_id"], e["kind"]], e["source"]).reindex(columns=SOURCES, fill_value=0)
    sources.columns = ["from_" + s for s in SOURCES]
    distinct = e.groupby(keys).agg(unique_users=("visitor", "nunique"), signed_in_users=("user_id", "nunique"),
                                   anonymous_sessions=("anonymous_session", "nunique"))
    return types.join(sources).join(distinct).reset_index()


def video_table(folder: Path, day: date) -> pd.DataFrame:
    """daily_video_engagement's `VIDEO_COLUMNS` for `day` from the player-event files under `folder`."""
    s = video_sessions(folder, day)
    v = s[s["is_view"]]
    per_media = v.groupby("media_id").agg(
        views=("is_view", "size"), unique_viewers=("viewer_id", "nunique"), watch_seconds=("watched", "sum"),
        completed_views=("completed", "sum"), finished_views=("finished", "sum"),
        buffer_events=("buffer_events", "sum"), seeks_forward=("seeks_forward", "sum"),
        seeks_backward=("seeks_backward", "sum"))
    table = s.groupby("media_id").size().rename("sessions").to_frame().join(per_media).fillna(0)
    return table.reset_index()[VIDEO_COLUMNS]


def video_sessions(folder: Path, day: date) -> pd.DataFrame:
    """One row per playback session that started on `day` (video_views.sql, in part)."""
    e = _valid_player_events(read_events(folder, PLAYER_FIELDS), day)
    e["session_key"] = ("s:" + e["session_id"]).fillna("u:" + e["user_id"])
    session = ["media_id", "session_key"]
    e["viewer_id"] = ("u:" + e.groupby(session)["user_id"].transform("max")).fillna("s:" + e["session_id"])
    order = {"load": 0, "pause": 1, "seek": 1, "stop": 1, "ended": 1, "play": 3, "error": 4}
    e["rank"] = e["event_type"].map(order).fillna(2)
    e = e.sort_values([*session, "ts", "rank", "event_id"], ignore_index=True)
    e["duration_of_media"] = _media_duration(e)
    e["position_before"] = e["from_position"].where(e["event_type"] == "seek", e["position"])
    c = e[e["event_type"].isin(CONTROLS)].copy()
    by_session = c.groupby(session, sort=False)
    c["prev_control"], c["prev_to"] = by_session["event_type"].shift(1), by_session["to_position"].shift(1)
    c["next_control"] = by_session["event_type"].shift(-1)
    c["next_position"] = by_session["position_before"].shift(-1)
    last_position = e.dropna(subset=["position"]).groupby(session)["position"].last().rename("last_position")
    plays = c[(c["event_type"] == "play") & (c["next_control"] != "play").fillna(True)].join(last_position, on=session)
    start = plays["prev_to"].where((plays["prev_control"] == "seek").fillna(False), plays["position"])
    end = plays["next_position"].where(plays["next_control"].notna(), plays["last_position"])
    plays["segment_start"] = np.fmin(start, plays["duration_of_media"])
    plays["segment_end"] = np.fmin(end, plays["duration_of_media"])
    segments = plays[plays["segment_end"] - plays["segment_start"] >= 0.25]
    segments = segments.assign(length=segments["segment_end"] - segments["segment_start"])
    watched = segments.groupby(session).agg(watched=("length", "sum"), furthest=("segment_end", "max"))
    e["forward"] = (e["event_type"] == "seek") & (e["to_position"] > e["from_position"])
    e["backward"] = (e["event_type"] == "seek") & (e["to_position"] < e["from_position"])
    e["buffer_start"] = e["event_type"] == "buffer_start"
    s = e.groupby(session).agg(viewer_id=("viewer_id", "first"), duration=("duration_of_media", "first"),
                               buffer_events=("buffer_start", "sum"), seeks_forward=("forward", "sum"),
                               seeks_backward=("backward", "sum")).join(watched)
    s["watched"] = s["watched"].fillna(0.0)
    s["is_view"] = s["watched"] >= 1
    s["completed"] = (s["furthest"] >= s["duration"] - np.minimum(30, 0.05 * s["duration"])).fillna(False)
    s["finished"] = (s["furthest"] >= s["duration"] - 2).fillna(False)
    return s.reset_index()


def _valid_player_events(e: pd.DataFrame, day: date) -> pd.DataFrame:
    for name in ("event_id", "media_id"):
        e[name] = _text(e[name])
    e["event_type"] = _text(e["event_type"]).str.lower()
    for name in ("user_id", "session_id"):
        e[name] = e[name].astype("string").mask(e[name] == "")
    on_day, e["ts"] = _valid_timestamps(e, day)
    valid = (e["event_id"].notna() & e["media_id"].notna() & e["event_type"].isin(PLAYER_TYPES) & on_day
             & (e["user_id"].notna() | e["session_id"].notna()))
    for name in ("position", "from_position", "to_position"):
        text, value = _number(e[name])
        valid &= text.isna() | (value.notna() & np.isfinite(value.astype(float)) & (value >= 0) & (value <= 36000))
        e[name] = value.astype(float)
    valid &= e["position"].notna() | ~e["event_type"].isin(CONTROLS)
    valid &= (e["event_type"] != "seek") | (e["from_position"].notna() & e["to_position"].notna())
    duration_text, duration = _number(e["duration"])
    duration = duration.astype(float)
    valid &= duration_text.isna() | (duration.notna() & ~((duration < 0) | ((duration > 36000) & np.isfinite(duration))))
    e["duration"] = duration.where(np.isfinite(duration) & (duration > 0))
    return _first_of_each_event(e[valid.fillna(False)]).copy()


def _media_duration(e: pd.DataFrame) -> pd.Series:
    """The duration most often reported for the media (ties: the longest), else its furthest position."""
    reported = (e.dropna(subset=["duration"]).groupby(["media_id", "duration"]).size().rename("n").reset_index()
                .sort_values(["media_id", "n", "duration"], ascending=[True, False, False])
                .drop_duplicates("media_id").set_index("media_id")["duration"])
    furthest = e[["position", "from_position", "to_position"]].max(axis=1).groupby(e["media_id"]).max()
    return e["media_id"].map(reported.combine_first(furthest))
