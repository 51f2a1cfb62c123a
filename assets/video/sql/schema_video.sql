-- Video and audio engagement (DESIGN.md "Video and audio engagement"): player events in, watched
-- segments, views, per-video figures and the retention timeline out. Audio uses the same tables:
-- media_type (from media_inventory) tells them apart.

CREATE TABLE IF NOT EXISTS staged_player_events (
    file_sha256   VARCHAR NOT NULL,
    line          BIGINT NOT NULL,
    raw           VARCHAR,
    reject_reason VARCHAR,
    event_id      VARCHAR,
    media_id      VARCHAR,
    event_type    VARCHAR,
    ts            TIMESTAMPTZ,
    position      DOUBLE,
    from_position DOUBLE,
    to_position   DOUBLE,
    duration      DOUBLE,
    user_id       VARCHAR,
    session_id    VARCHAR,
    quality       VARCHAR,
    user_agent    VARCHAR,
    country       VARCHAR
);
COMMENT ON TABLE staged_player_events IS 'Every row of every player-event file content, validated once: reject_reason is NULL for a usable row. raw is kept for rejected rows only.';
COMMENT ON COLUMN staged_player_events.file_sha256 IS 'sha256 of the landing file content the row came from (landing_files.sha256).';
COMMENT ON COLUMN staged_player_events.line IS '1-based line (NDJSON, CSV) or row number (Parquet) in that content.';
COMMENT ON COLUMN staged_player_events.raw IS 'The row as written (CSV and Parquet rows as JSON), for rejected rows only.';
COMMENT ON COLUMN staged_player_events.reject_reason IS 'Why the row cannot be used (the first failed rule); NULL for a usable row.';
COMMENT ON COLUMN staged_player_events.event_id IS 'Required: a row without one is rejected.';
COMMENT ON COLUMN staged_player_events.media_id IS 'Required.';
COMMENT ON COLUMN staged_player_events.event_type IS 'Required, lower-cased; a type outside the player-event contract is rejected.';
COMMENT ON COLUMN staged_player_events.ts IS 'Required and must carry a UTC offset: a local time is ambiguous and rejected.';
COMMENT ON COLUMN staged_player_events.position IS 'Required on play, pause, stop and ended; on a seek that sends none, its to_position (derived, not demanded); rejected when NaN, infinite, negative or over 10 h.';
COMMENT ON COLUMN staged_player_events.from_position IS 'A seek without it (or without to_position) is rejected; same range as position.';
COMMENT ON COLUMN staged_player_events.to_position IS 'A seek without it (or without from_position) is rejected; same range as position.';
COMMENT ON COLUMN staged_player_events.duration IS 'NULL (unknown) when absent, 0, NaN or Infinity (players report these before the metadata loads, or for live streams); negative, over 10 h or not a number is rejected.';
COMMENT ON COLUMN staged_player_events.user_id IS 'Optional, but a row with neither user_id nor session_id is rejected.';
COMMENT ON COLUMN staged_player_events.session_id IS 'Optional, but a row with neither session_id nor user_id is rejected.';
COMMENT ON COLUMN staged_player_events.quality IS 'Optional, kept as sent.';
COMMENT ON COLUMN staged_player_events.user_agent IS 'Optional, kept as sent.';
COMMENT ON COLUMN staged_player_events.country IS 'Optional, upper-cased.';

CREATE TABLE IF NOT EXISTS raw_player_events (
    day           DATE NOT NULL,
    event_id      VARCHAR NOT NULL,
    media_id      VARCHAR NOT NULL,
    event_type    VARCHAR NOT NULL,
    ts            TIMESTAMPTZ NOT NULL,
    position      DOUBLE,
    from_position DOUBLE,
    to_position   DOUBLE,
    duration      DOUBLE,
    user_id       VARCHAR,
    session_id    VARCHAR,
    quality       VARCHAR,
    user_agent    VARCHAR,
    country       VARCHAR,
    source_file   VARCHAR NOT NULL,
    source_line   BIGINT NOT NULL
);
COMMENT ON TABLE raw_player_events IS 'One row per valid video/audio player event, deduplicated by event_id within its day (the first by file path and line wins).';
COMMENT ON COLUMN raw_player_events.day IS 'The event timestamp''s calendar day in REPORT_TIMEZONE.';
COMMENT ON COLUMN raw_player_events.event_id IS 'The event''s id; unique within the day.';
COMMENT ON COLUMN raw_player_events.media_id IS 'The media item played (video or audio).';
COMMENT ON COLUMN raw_player_events.event_type IS 'load, play, pause, seek, ended, stop, quality_change, buffer_start, buffer_end or error.';
COMMENT ON COLUMN raw_player_events.ts IS 'The event timestamp.';
COMMENT ON COLUMN raw_player_events.position IS 'Player current time at the event, seconds; always present on play, pause, seek, stop and ended (a seek sent without one has its to_position).';
COMMENT ON COLUMN raw_player_events.from_position IS 'seek: the position left, seconds (always present on a seek).';
COMMENT ON COLUMN raw_player_events.to_position IS 'seek: the position jumped to, seconds (always present on a seek).';
COMMENT ON COLUMN raw_player_events.duration IS 'Media duration reported by the player, seconds; NULL when unknown.';
COMMENT ON COLUMN raw_player_events.user_id IS 'Signed-in user, when known.';
COMMENT ON COLUMN raw_player_events.session_id IS 'Playback session id, when sent (user_id or session_id is always present).';
COMMENT ON COLUMN raw_player_events.quality IS 'Rendition playing (e.g. 720p); NULL for audio.';
COMMENT ON COLUMN raw_player_events.user_agent IS 'The player''s User-Agent.';
COMMENT ON COLUMN raw_player_events.country IS 'ISO country code, upper-cased.';
COMMENT ON COLUMN raw_player_events.source_file IS 'Landing file the event was read from (the first path of its content).';
COMMENT ON COLUMN raw_player_events.source_line IS 'Line (NDJSON, CSV) or row number (Parquet) in that file.';

CREATE TABLE IF NOT EXISTS video_watch_segments (
    day            DATE NOT NULL,
    media_id       VARCHAR NOT NULL,
    viewer_id      VARCHAR NOT NULL,
    session_id     VARCHAR,
    segment_number INTEGER NOT NULL,
    segment_start  DOUBLE NOT NULL,
    segment_end    DOUBLE NOT NULL,
    ended_by       VARCHAR NOT NULL,
    started_at     TIMESTAMPTZ NOT NULL,
    ended_at       TIMESTAMPTZ NOT NULL,
    clamped        BOOLEAN NOT NULL,
    implausible    BOOLEAN NOT NULL
);
COMMENT ON TABLE video_watch_segments IS 'One row per stretch of a video or audio item played without interruption (a play up to the pause, seek, stop, ended or session end that closed it), for the playback sessions that started on the day.';
COMMENT ON COLUMN video_watch_segments.day IS 'The day the playback session started (its first event, REPORT_TIMEZONE): a session that runs past midnight stays on the day it started.';
COMMENT ON COLUMN video_watch_segments.media_id IS 'The media item played.';
COMMENT ON COLUMN video_watch_segments.viewer_id IS '''u:'' || user_id for a signed-in viewer, else ''s:'' || session_id.';
COMMENT ON COLUMN video_watch_segments.session_id IS 'Playback session id; NULL when the player sent only a user_id.';
COMMENT ON COLUMN video_watch_segments.segment_number IS '1, 2, … in the order the segments were played within the session.';
COMMENT ON COLUMN video_watch_segments.segment_start IS 'Media position where playing started, seconds (a play right after a seek starts at the seek''s to_position).';
COMMENT ON COLUMN video_watch_segments.segment_end IS 'Media position where playing stopped, seconds (a seek closes at its from_position); clamped to the duration.';
COMMENT ON COLUMN video_watch_segments.ended_by IS 'pause, seek, stop or ended: the event that closed the segment; session_end: none did (tab closed), closed at the session''s last known position.';
COMMENT ON COLUMN video_watch_segments.started_at IS 'Timestamp of the play that opened the segment.';
COMMENT ON COLUMN video_watch_segments.ended_at IS 'Timestamp of the event that closed it (for session_end, of the last event with a position).';
COMMENT ON COLUMN video_watch_segments.clamped IS 'The closing position was past the media duration and was cut to it (often a wrong duration).';
COMMENT ON COLUMN video_watch_segments.implausible IS 'The position advanced more than twice the wall-clock time between started_at and ended_at (kept as is; a data-quality flag).';

CREATE TABLE IF NOT EXISTS video_views (
    day                  DATE NOT NULL,
    media_id             VARCHAR NOT NULL,
    media_type           VARCHAR NOT NULL,
    viewer_id            VARCHAR NOT NULL,
    user_id              VARCHAR,
    session_id           VARCHAR,
    session_start        TIMESTAMPTZ NOT NULL,
    is_view              BOOLEAN NOT NULL,
    watched_seconds      DOUBLE NOT NULL,
    unique_seconds       DOUBLE NOT NULL,
    furthest_position    DOUBLE,
    duration             DOUBLE,
    duration_inferred    BOOLEAN NOT NULL,
    completed            BOOLEAN NOT NULL,
    finished             BOOLEAN NOT NULL,
    startup_seconds      DOUBLE,
    buffering_seconds    DOUBLE NOT NULL,
    buffer_events        BIGINT NOT NULL,
    quality_changes      BIGINT NOT NULL,
    quality_seconds      MAP(VARCHAR, DOUBLE),
    seeks_forward        BIGINT NOT NULL,
    seeks_backward       BIGINT NOT NULL,
    seconds_skipped      DOUBLE NOT NULL,
    seconds_rewound      DOUBLE NOT NULL,
    plays                BIGINT NOT NULL,
    pauses               BIGINT NOT NULL,
    errors               BIGINT NOT NULL,
    segments             BIGINT NOT NULL,
    replaced_plays       BIGINT NOT NULL,
    ignored_closes       BIGINT NOT NULL,
    session_end_closes   BIGINT NOT NULL,
    clamped_segments     BIGINT NOT NULL,
    dropped_segments     BIGINT NOT NULL,
    implausible_segments BIGINT NOT NULL,
    device_type          VARCHAR NOT NULL,
    os                   VARCHAR NOT NULL,
    browser              VARCHAR NOT NULL,
    country              VARCHAR
);
COMMENT ON TABLE video_views IS 'One row per playback session (media item x viewer x session) that started on the day; is_view marks the views (at least 1 s watched [Matomo]). Sessions that never played stay here for startup and error figures.';
COMMENT ON COLUMN video_views.day IS 'The day the session started (its first event, REPORT_TIMEZONE).';
COMMENT ON COLUMN video_views.media_id IS 'The media item played.';
COMMENT ON COLUMN video_views.media_type IS 'video, audio, … from media_inventory of the day; unknown when the item is not in it.';
COMMENT ON COLUMN video_views.viewer_id IS '''u:'' || user_id for a signed-in viewer, else ''s:'' || session_id.';
COMMENT ON COLUMN video_views.user_id IS 'Signed-in user, when known.';
COMMENT ON COLUMN video_views.session_id IS 'Playback session id; NULL when the player sent only a user_id.';
COMMENT ON COLUMN video_views.session_start IS 'Timestamp of the session''s first event.';
COMMENT ON COLUMN video_views.is_view IS 'watched_seconds >= 1: the session counts as a view.';
COMMENT ON COLUMN video_views.watched_seconds IS 'Watch time: the sum of the session''s segment lengths (re-watched parts count again).';
COMMENT ON COLUMN video_views.unique_seconds IS 'Length of the union of the session''s segments (each second of the media once) [Aspects].';
COMMENT ON COLUMN video_views.furthest_position IS 'The largest segment_end, seconds; NULL without segments.';
COMMENT ON COLUMN video_views.duration IS 'Media duration used, seconds: the value the day''s events report most often, else the furthest position seen on the day (then duration_inferred).';
COMMENT ON COLUMN video_views.duration_inferred IS 'No event of the day reported a usable duration: duration is the furthest position any event reached.';
COMMENT ON COLUMN video_views.completed IS 'furthest_position >= duration - min(30 s, 5 % of duration) [edX users_at_end].';
COMMENT ON COLUMN video_views.finished IS 'furthest_position >= duration - 2 s [Matomo finish].';
COMMENT ON COLUMN video_views.startup_seconds IS 'First play minus first load, seconds, when a load came before the first play; else NULL.';
COMMENT ON COLUMN video_views.buffering_seconds IS 'Sum over buffer_start events of the time to the session''s next event (normally its buffer_end).';
COMMENT ON COLUMN video_views.buffer_events IS 'buffer_start events.';
COMMENT ON COLUMN video_views.quality_changes IS 'quality_change events.';
COMMENT ON COLUMN video_views.quality_seconds IS 'Seconds of media played per quality, split at every event inside a watched segment (a quality_change switches mid-segment); NULL when no event named a quality (audio).';
COMMENT ON COLUMN video_views.seeks_forward IS 'Seeks with to_position > from_position.';
COMMENT ON COLUMN video_views.seeks_backward IS 'Seeks with to_position < from_position.';
COMMENT ON COLUMN video_views.seconds_skipped IS 'Sum of to_position - from_position over forward seeks: media jumped over.';
COMMENT ON COLUMN video_views.seconds_rewound IS 'Sum of from_position - to_position over backward seeks.';
COMMENT ON COLUMN video_views.plays IS 'play events, replaced ones included.';
COMMENT ON COLUMN video_views.pauses IS 'pause events.';
COMMENT ON COLUMN video_views.errors IS 'error events.';
COMMENT ON COLUMN video_views.segments IS 'Rows of video_watch_segments for the session.';
COMMENT ON COLUMN video_views.replaced_plays IS 'Plays followed by another play before any close: the last play wins, these opened nothing.';
COMMENT ON COLUMN video_views.ignored_closes IS 'pause, seek, stop or ended with no open segment (nothing to close).';
COMMENT ON COLUMN video_views.session_end_closes IS 'Segments left open and closed at the session''s last known position (ended_by = session_end).';
COMMENT ON COLUMN video_views.clamped_segments IS 'Segments cut to the duration.';
COMMENT ON COLUMN video_views.dropped_segments IS 'Segments dropped as shorter than 0.25 s or inverted (end before start).';
COMMENT ON COLUMN video_views.implausible_segments IS 'Segments whose position advanced more than twice the wall-clock time.';
COMMENT ON COLUMN video_views.device_type IS 'desktop, mobile, tablet, bot or unknown, from the session''s first User-Agent (ua-parser).';
COMMENT ON COLUMN video_views.os IS 'Operating system family from the User-Agent; Other when unknown.';
COMMENT ON COLUMN video_views.browser IS 'Browser family from the User-Agent; Other when unknown.';
COMMENT ON COLUMN video_views.country IS 'The session''s first country code.';

CREATE TABLE IF NOT EXISTS daily_video_engagement (
    day                      DATE NOT NULL,
    media_id                 VARCHAR NOT NULL,
    media_type               VARCHAR NOT NULL,
    duration                 DOUBLE,
    duration_inferred        BOOLEAN NOT NULL,
    sessions                 BIGINT NOT NULL,
    views                    BIGINT NOT NULL,
    unique_viewers           BIGINT NOT NULL,
    watch_seconds            DOUBLE NOT NULL,
    unique_seconds           DOUBLE NOT NULL,
    avg_view_seconds         DOUBLE,
    completed_views          BIGINT NOT NULL,
    completion_rate          DOUBLE,
    finished_views           BIGINT NOT NULL,
    finish_rate              DOUBLE,
    avg_startup_seconds      DOUBLE,
    buffering_seconds        DOUBLE NOT NULL,
    buffer_events            BIGINT NOT NULL,
    buffering_rate           DOUBLE,
    buffer_events_per_minute DOUBLE,
    quality_share            MAP(VARCHAR, DOUBLE),
    seeks_forward            BIGINT NOT NULL,
    seeks_backward           BIGINT NOT NULL,
    seconds_skipped          DOUBLE NOT NULL,
    seconds_rewound          DOUBLE NOT NULL,
    device_views             MAP(VARCHAR, BIGINT),
    os_views                 MAP(VARCHAR, BIGINT),
    browser_views            MAP(VARCHAR, BIGINT),
    country_views            MAP(VARCHAR, BIGINT),
    errors                   BIGINT NOT NULL,
    replaced_plays           BIGINT NOT NULL,
    session_end_closes       BIGINT NOT NULL,
    clamped_segments         BIGINT NOT NULL,
    implausible_segments     BIGINT NOT NULL
);
COMMENT ON TABLE daily_video_engagement IS 'One row per video or audio item with playback sessions starting on the day. Watch and completion figures are over views (sessions with at least 1 s watched); rates with a zero denominator are NULL.';
COMMENT ON COLUMN daily_video_engagement.day IS 'The day the sessions started (REPORT_TIMEZONE).';
COMMENT ON COLUMN daily_video_engagement.media_id IS 'The media item.';
COMMENT ON COLUMN daily_video_engagement.media_type IS 'video, audio, … from media_inventory; unknown when the item is not in it.';
COMMENT ON COLUMN daily_video_engagement.duration IS 'Media duration used, seconds (see video_views.duration).';
COMMENT ON COLUMN daily_video_engagement.duration_inferred IS 'The duration is the furthest position seen, no event reported one.';
COMMENT ON COLUMN daily_video_engagement.sessions IS 'Playback sessions, views or not.';
COMMENT ON COLUMN daily_video_engagement.views IS 'Sessions with at least 1 s watched [Matomo].';
COMMENT ON COLUMN daily_video_engagement.unique_viewers IS 'Distinct viewers among the views (user_id, else session_id).';
COMMENT ON COLUMN daily_video_engagement.watch_seconds IS 'Total watch time of the views: the sum of their segment lengths.';
COMMENT ON COLUMN daily_video_engagement.unique_seconds IS 'Sum over views of the union of each view''s segments.';
COMMENT ON COLUMN daily_video_engagement.avg_view_seconds IS 'Average view duration: watch_seconds / views.';
COMMENT ON COLUMN daily_video_engagement.completed_views IS 'Views whose furthest position >= duration - min(30 s, 5 % of duration) [edX].';
COMMENT ON COLUMN daily_video_engagement.completion_rate IS 'completed_views / views [edX users_at_end].';
COMMENT ON COLUMN daily_video_engagement.finished_views IS 'Views whose furthest position >= duration - 2 s [Matomo].';
COMMENT ON COLUMN daily_video_engagement.finish_rate IS 'finished_views / views [Matomo finish].';
COMMENT ON COLUMN daily_video_engagement.avg_startup_seconds IS 'Mean load-to-first-play time over sessions that have both.';
COMMENT ON COLUMN daily_video_engagement.buffering_seconds IS 'Buffering time of the views.';
COMMENT ON COLUMN daily_video_engagement.buffer_events IS 'buffer_start events of the views.';
COMMENT ON COLUMN daily_video_engagement.buffering_rate IS 'buffering_seconds / watch_seconds [Mux].';
COMMENT ON COLUMN daily_video_engagement.buffer_events_per_minute IS 'buffer_events / (watch_seconds / 60) [Mux].';
COMMENT ON COLUMN daily_video_engagement.quality_share IS 'Share of the views'' played seconds per quality (0..1, summing to 1); NULL without quality data (audio).';
COMMENT ON COLUMN daily_video_engagement.seeks_forward IS 'Forward seeks in the views.';
COMMENT ON COLUMN daily_video_engagement.seeks_backward IS 'Backward seeks in the views.';
COMMENT ON COLUMN daily_video_engagement.seconds_skipped IS 'Media seconds jumped over by forward seeks.';
COMMENT ON COLUMN daily_video_engagement.seconds_rewound IS 'Media seconds jumped back by backward seeks.';
COMMENT ON COLUMN daily_video_engagement.device_views IS 'Views per device type (desktop, mobile, tablet, bot, unknown).';
COMMENT ON COLUMN daily_video_engagement.os_views IS 'Views per operating system family.';
COMMENT ON COLUMN daily_video_engagement.browser_views IS 'Views per browser family.';
COMMENT ON COLUMN daily_video_engagement.country_views IS 'Views per country code (unknown when not sent).';
COMMENT ON COLUMN daily_video_engagement.errors IS 'error events over all sessions.';
COMMENT ON COLUMN daily_video_engagement.replaced_plays IS 'Plays replaced by a later play before any close, over all sessions.';
COMMENT ON COLUMN daily_video_engagement.session_end_closes IS 'Segments closed at the session end (no closing event: tab closed), over all sessions.';
COMMENT ON COLUMN daily_video_engagement.clamped_segments IS 'Segments cut to the duration, over all sessions.';
COMMENT ON COLUMN daily_video_engagement.implausible_segments IS 'Segments that advanced faster than twice the wall clock, over all sessions.';

CREATE TABLE IF NOT EXISTS video_retention (
    day               DATE NOT NULL,
    media_id          VARCHAR NOT NULL,
    media_type        VARCHAR NOT NULL,
    bucket            INTEGER NOT NULL,
    bucket_start      DOUBLE NOT NULL,
    bucket_end        DOUBLE NOT NULL,
    views             BIGINT NOT NULL,
    viewers           BIGINT NOT NULL,
    retention         DOUBLE NOT NULL,
    watched_seconds   DOUBLE NOT NULL,
    rewatches         BIGINT NOT NULL,
    dropoffs          BIGINT NOT NULL,
    dropoff_share     DOUBLE NOT NULL,
    dropoff_rank      INTEGER,
    plays             BIGINT NOT NULL,
    pauses            BIGINT NOT NULL,
    seeks             BIGINT NOT NULL,
    intensity         VARCHAR NOT NULL,
    duration          DOUBLE NOT NULL,
    duration_inferred BOOLEAN NOT NULL,
    bucket_seconds    INTEGER NOT NULL
);
COMMENT ON TABLE video_retention IS 'One row per video or audio item with views on the day and per bucket of its timeline (RETENTION_BUCKET_SECONDS, default 10 s [seed]): retention curve, drop-off and heatmap.';
COMMENT ON COLUMN video_retention.day IS 'The day the views started (REPORT_TIMEZONE).';
COMMENT ON COLUMN video_retention.media_id IS 'The media item.';
COMMENT ON COLUMN video_retention.media_type IS 'video, audio, … from media_inventory; unknown when the item is not in it.';
COMMENT ON COLUMN video_retention.bucket IS '0-based index of the bucket: it covers [bucket * bucket_seconds, (bucket + 1) * bucket_seconds).';
COMMENT ON COLUMN video_retention.bucket_start IS 'Media position where the bucket starts, seconds.';
COMMENT ON COLUMN video_retention.bucket_end IS 'Media position where it ends, seconds (the duration for the last bucket).';
COMMENT ON COLUMN video_retention.views IS 'Views of the item on the day (the denominator).';
COMMENT ON COLUMN video_retention.viewers IS 'Views that watched any part of the bucket (a segment overlaps it by more than 0 s).';
COMMENT ON COLUMN video_retention.retention IS 'viewers / views: the retention curve (0..1).';
COMMENT ON COLUMN video_retention.watched_seconds IS 'Seconds of the bucket played, re-watches counted again (heatmap weight).';
COMMENT ON COLUMN video_retention.rewatches IS 'Views that played some part of the bucket more than once.';
COMMENT ON COLUMN video_retention.dropoffs IS 'Views whose furthest position lies in the bucket and that did not finish (Matomo rule): where viewers left.';
COMMENT ON COLUMN video_retention.dropoff_share IS 'dropoffs / views.';
COMMENT ON COLUMN video_retention.dropoff_rank IS '1 for the bucket most views left in, 2 for the next, … (ties: earlier bucket first); NULL without drop-offs.';
COMMENT ON COLUMN video_retention.plays IS 'Plays that opened a segment starting in the bucket (replaced plays not counted).';
COMMENT ON COLUMN video_retention.pauses IS 'pause events at a position in the bucket.';
COMMENT ON COLUMN video_retention.seeks IS 'Seeks whose from_position lies in the bucket.';
COMMENT ON COLUMN video_retention.intensity IS 'Heatmap class by tercile of watched_seconds among the item''s buckets: low, medium or high (ties share a class).';
COMMENT ON COLUMN video_retention.duration IS 'Media duration used, seconds (see video_views.duration).';
COMMENT ON COLUMN video_retention.duration_inferred IS 'The duration is the furthest position seen, no event reported one.';
COMMENT ON COLUMN video_retention.bucket_seconds IS 'Bucket size the row was built with (RETENTION_BUCKET_SECONDS).';

CREATE TABLE IF NOT EXISTS video_session_events (
    day                      DATE NOT NULL,
    event_id                 VARCHAR NOT NULL,
    media_id                 VARCHAR NOT NULL,
    event_type               VARCHAR NOT NULL,
    ts                       TIMESTAMPTZ NOT NULL,
    position                 DOUBLE,
    from_position            DOUBLE,
    to_position              DOUBLE,
    duration                 DOUBLE,
    user_id                  VARCHAR,
    session_id               VARCHAR,
    quality                  VARCHAR,
    user_agent               VARCHAR,
    country                  VARCHAR,
    session_key              VARCHAR NOT NULL,
    session_start            TIMESTAMPTZ NOT NULL,
    viewer_id                VARCHAR NOT NULL,
    seq                      BIGINT NOT NULL,
    is_control               BOOLEAN NOT NULL,
    position_before          DOUBLE,
    position_after           DOUBLE,
    prev_control             VARCHAR,
    next_control             VARCHAR,
    next_control_position    DOUBLE,
    next_control_ts          TIMESTAMPTZ,
    open_after               BOOLEAN NOT NULL,
    next_ts                  TIMESTAMPTZ,
    next_position_before     DOUBLE,
    session_last_position    DOUBLE,
    session_last_position_ts TIMESTAMPTZ,
    media_duration           DOUBLE,
    duration_inferred        BOOLEAN NOT NULL
);
COMMENT ON TABLE video_session_events IS 'One row per player event of a playback session that started on the day, in play order, with what the segment, view and retention rules need: the player_session_events macro below, written once per day for the three video tables.';
COMMENT ON COLUMN video_session_events.day IS 'The day the playback session started (its first event, REPORT_TIMEZONE); the event itself may fall on the day after.';
COMMENT ON COLUMN video_session_events.event_id IS 'The player event (raw_player_events.event_id).';
COMMENT ON COLUMN video_session_events.media_id IS 'The media item played.';
COMMENT ON COLUMN video_session_events.event_type IS 'load, play, pause, seek, stop, ended, buffer_start, buffer_end, quality_change or error.';
COMMENT ON COLUMN video_session_events.ts IS 'When the event happened.';
COMMENT ON COLUMN video_session_events.position IS 'Media position the player reported, seconds.';
COMMENT ON COLUMN video_session_events.from_position IS 'A seek''s starting position, seconds.';
COMMENT ON COLUMN video_session_events.to_position IS 'A seek''s target position, seconds.';
COMMENT ON COLUMN video_session_events.duration IS 'Media duration the player reported, seconds (NULL: unknown).';
COMMENT ON COLUMN video_session_events.user_id IS 'Signed-in user, when the player sent one.';
COMMENT ON COLUMN video_session_events.session_id IS 'Playback session id, when the player sent one.';
COMMENT ON COLUMN video_session_events.quality IS 'Rendition quality the player reported (e.g. 720p).';
COMMENT ON COLUMN video_session_events.user_agent IS 'User-Agent of the player.';
COMMENT ON COLUMN video_session_events.country IS 'Country code of the viewer.';
COMMENT ON COLUMN video_session_events.session_key IS 'viewer_id || ''|s:'' || session_id (just viewer_id || ''|'' without a session id): what groups the events of one playback session of one item, so viewers sharing a session id are never mixed.';
COMMENT ON COLUMN video_session_events.session_start IS 'Timestamp of the session''s first event.';
COMMENT ON COLUMN video_session_events.viewer_id IS '''u:'' || user_id when the event has one; an event without one: the one user its session id was seen with, else ''s:'' || session_id.';
COMMENT ON COLUMN video_session_events.seq IS '1, 2, … the event''s place in play order within the session (timestamp, then event type, then event_id).';
COMMENT ON COLUMN video_session_events.is_control IS 'A play, pause, seek, stop or ended event.';
COMMENT ON COLUMN video_session_events.position_before IS 'Where playback was when the event happened (a seek''s from_position), seconds.';
COMMENT ON COLUMN video_session_events.position_after IS 'Where playback continues after the event (a seek''s to_position; a play right after a seek: that seek''s to_position), seconds.';
COMMENT ON COLUMN video_session_events.prev_control IS 'Type of the previous control event of the session (other events in between do not count).';
COMMENT ON COLUMN video_session_events.next_control IS 'Type of the next control event of the session.';
COMMENT ON COLUMN video_session_events.next_control_position IS 'position_before of the next control event, seconds.';
COMMENT ON COLUMN video_session_events.next_control_ts IS 'Timestamp of the next control event.';
COMMENT ON COLUMN video_session_events.open_after IS 'A segment is open after this event: the last control event so far is a play not replaced by another play.';
COMMENT ON COLUMN video_session_events.next_ts IS 'Timestamp of the session''s next event of any type.';
COMMENT ON COLUMN video_session_events.next_position_before IS 'position_before of the session''s next event of any type, seconds.';
COMMENT ON COLUMN video_session_events.session_last_position IS 'The last position any event of the session reported, seconds.';
COMMENT ON COLUMN video_session_events.session_last_position_ts IS 'Timestamp of that last event with a position.';
COMMENT ON COLUMN video_session_events.media_duration IS 'The duration the day''s events of the item report most often (ties: the longer), else the furthest position any event reached, seconds.';
COMMENT ON COLUMN video_session_events.duration_inferred IS 'media_duration is the furthest position seen: no event reported a duration.';

-- The day's playback sessions, every event in play order, with what the segment rules need.
--
-- A playback session is (media item, viewer, session_id): the events of one item with the same
-- session_id and the same viewer, the viewer being 'u:' || user_id when the event has one. Events of
-- different users that share a session id (a shared browser, a session cookie that outlives a
-- sign-out) are never mixed, so one user's pause never closes another's play. An event without a
-- user_id belongs to the one user its session id was seen with, when there is exactly one (the
-- player sent the id on some events only), else to the anonymous viewer 's:' || session_id. With
-- no session_id the session is the user's events of the item. It belongs to the day its first
-- event falls on in `tz`:
-- a view that runs past midnight belongs to the day it started, so the day before and the day
-- after are read as well (a session is taken to last less than a day).
--
-- Play order: by timestamp, so rows that arrived out of order are put back in order. Equal
-- timestamps are broken by event type — load, then the closes (pause, seek, stop, ended), then
-- buffer and quality events, then play, then error — so "pause + play" and "seek + play" at the
-- same instant close before they reopen; then by event_id, so the order never depends on files.
--
-- Control events are play, pause, seek, stop and ended; prev_control/next_control are the
-- neighbouring control events (buffer, quality, load and error events in between do not count).
-- position_after is where playback continues after the event (a seek's to_position; a play right
-- after a seek starts at that seek's to_position, since players report a stale position on the
-- play after a seek); position_before is where playback was when the event happened (a seek's
-- from_position). open_after is true while a segment is open: the last control event is a play
-- that is not replaced by another play (the next control event is not a play).
-- media_duration is the duration the day's events of the item report most often (ties: the
-- longer); when none reports one it is inferred as the furthest position any event reached.
CREATE OR REPLACE MACRO player_session_events(d, tz) AS TABLE
WITH raw AS (
    SELECT * EXCLUDE (day, source_file, source_line),
           min(user_id) OVER shared AS first_user, max(user_id) OVER shared AS last_user
    FROM raw_player_events
    WHERE day BETWEEN d - 1 AND d + 1
    WINDOW shared AS (PARTITION BY media_id, session_id)
), nearby AS (
    SELECT * EXCLUDE (first_user, last_user), viewer_id || '|' || coalesce('s:' || session_id, '') AS session_key
    FROM (
        SELECT *,
               CASE WHEN user_id IS NOT NULL THEN 'u:' || user_id
                    WHEN session_id IS NOT NULL AND first_user = last_user THEN 'u:' || first_user
                    ELSE 's:' || session_id END AS viewer_id
        FROM raw
    )
), sessions AS (
    SELECT *, min(ts) OVER session AS session_start
    FROM nearby
    WINDOW session AS (PARTITION BY media_id, session_key)
), of_day AS (
    SELECT
        *,
        row_number() OVER (
            PARTITION BY media_id, session_key
            ORDER BY ts,
                     CASE event_type WHEN 'load' THEN 0 WHEN 'pause' THEN 1 WHEN 'seek' THEN 1
                                     WHEN 'stop' THEN 1 WHEN 'ended' THEN 1 WHEN 'play' THEN 3
                                     WHEN 'error' THEN 4 ELSE 2 END,
                     event_id
        ) AS seq,
        event_type IN ('play', 'pause', 'seek', 'stop', 'ended') AS is_control,
        CASE WHEN event_type = 'seek' THEN from_position ELSE position END AS position_before
    FROM sessions
    WHERE CAST(timezone(tz, session_start) AS DATE) = d
), controls AS (
    SELECT
        media_id, session_key, seq,
        lag(event_type) OVER w AS prev_control,
        lag(to_position) OVER w AS prev_control_to,
        lead(event_type) OVER w AS next_control,
        lead(position_before) OVER w AS next_control_position,
        lead(ts) OVER w AS next_control_ts
    FROM of_day
    WHERE is_control
    WINDOW w AS (PARTITION BY media_id, session_key ORDER BY seq)
), reported AS (
    SELECT media_id, duration
    FROM of_day
    WHERE duration > 0
    GROUP BY media_id, duration
    QUALIFY row_number() OVER (PARTITION BY media_id ORDER BY count(*) DESC, duration DESC) = 1
), media AS (
    SELECT
        m.media_id,
        coalesce(any_value(r.duration), max(greatest(m.position, m.from_position, m.to_position))) AS media_duration,
        any_value(r.duration) IS NULL AS duration_inferred
    FROM of_day AS m
    LEFT JOIN reported AS r USING (media_id)
    GROUP BY m.media_id
)
SELECT
    e.*,
    CASE WHEN e.event_type = 'seek' THEN e.to_position
         WHEN e.event_type = 'play' AND c.prev_control = 'seek' THEN c.prev_control_to
         ELSE e.position END AS position_after,
    c.prev_control, c.next_control, c.next_control_position, c.next_control_ts,
    coalesce(last_value(CASE WHEN e.is_control THEN e.event_type END IGNORE NULLS) OVER in_order = 'play', false)
        AND first_value(CASE WHEN e.is_control THEN e.event_type END IGNORE NULLS) OVER after_it
            IS DISTINCT FROM 'play' AS open_after,
    lead(e.ts) OVER in_order AS next_ts,
    lead(e.position_before) OVER in_order AS next_position_before,
    last_value(e.position IGNORE NULLS) OVER whole_session AS session_last_position,
    last_value(CASE WHEN e.position IS NOT NULL THEN e.ts END IGNORE NULLS) OVER whole_session AS session_last_position_ts,
    m.media_duration,
    m.duration_inferred
FROM of_day AS e
LEFT JOIN controls AS c USING (media_id, session_key, seq)
JOIN media AS m USING (media_id)
WINDOW in_order AS (PARTITION BY e.media_id, e.session_key ORDER BY e.seq),
       after_it AS (PARTITION BY e.media_id, e.session_key ORDER BY e.seq
                    ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING),
       whole_session AS (PARTITION BY e.media_id, e.session_key ORDER BY e.seq
                         ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING);

-- The union of each session's watched segments on day d: one row per maximal stretch of the
-- media covered by overlapping or touching segments (gaps and islands over segment_start).
CREATE OR REPLACE MACRO watched_spans(d) AS TABLE
WITH ordered AS (
    SELECT
        media_id, viewer_id, session_id, segment_number, segment_start, segment_end,
        max(segment_end) OVER (
            PARTITION BY media_id, viewer_id, session_id ORDER BY segment_start, segment_end, segment_number
            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
        ) AS reached
    FROM video_watch_segments
    WHERE day = d
), islands AS (
    SELECT
        *,
        sum(CASE WHEN reached IS NULL OR segment_start > reached THEN 1 ELSE 0 END) OVER (
            PARTITION BY media_id, viewer_id, session_id ORDER BY segment_start, segment_end, segment_number
            ROWS UNBOUNDED PRECEDING
        ) AS span
    FROM ordered
)
SELECT media_id, viewer_id, session_id, span, min(segment_start) AS span_start, max(segment_end) AS span_end
FROM islands
GROUP BY media_id, viewer_id, session_id, span;

-- Why a position field of a player event (position, from_position, to_position) cannot be used,
-- NULL when it can or is absent: not a number, NaN or infinite, negative, or over 10 hours.
CREATE OR REPLACE MACRO player_position_problem(field, value_text, value) AS
    CASE
        WHEN value_text IS NULL THEN NULL
        WHEN value IS NULL THEN 'invalid ' || field || ' ''' || value_text || ''''
        WHEN isnan(value) OR isinf(value) THEN field || ' not a finite number ''' || value_text || ''''
        WHEN value < 0 THEN 'negative ' || field || ' ''' || value_text || ''''
        WHEN value > 36000 THEN field || ' over 10 h ''' || value_text || ''''
    END;
