"""video_optimization_opportunities: re-encode, adaptive-streaming and caching advice, each from a
measured figure of real files, access logs and player events."""

import shutil
from datetime import date
from pathlib import Path

import av
import dagster as dg
import numpy as np
import pytest

from assets.video import opportunities as video_opportunities
from assets.delivery.assets import daily_media_delivery, raw_access_log
from assets.files.assets import media_file_facts
from assets.ingest.assets import media_inventory
from assets.video.report_advice import load_video_advice
from assets.video.assets import (
    daily_video_engagement,
    raw_player_events,
    video_session_events,
    video_views,
    video_watch_segments,
)
from assets.video.opportunities import video_optimization_opportunities
from conftest import DATA, Workspace, item
from player_sessions import DAY, DESKTOP, Session

MEDIA = DATA / "audio_video"
ASSETS = [media_inventory, raw_access_log, daily_media_delivery, raw_player_events, video_session_events,
          video_watch_segments, video_views, daily_video_engagement, media_file_facts, video_optimization_opportunities]


def noise_video(path: Path) -> None:
    """2 s of random pixels, 160 × 120 at 10 fps, MPEG-4 Part 2 in Matroska (which states no
    stream bitrate: the file's bitrate is the video's)."""
    rng = np.random.default_rng(7)
    with av.open(str(path), "w") as container:
        stream = container.add_stream("mpeg4", rate=10)
        stream.width, stream.height, stream.pix_fmt, stream.bit_rate = 160, 120, "yuv420p", 4_000_000
        for _ in range(20):
            frame = av.VideoFrame.from_ndarray(rng.integers(0, 256, (120, 160, 3), dtype=np.uint8), format="rgb24")
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)


def log_line(n: int, cache: str) -> str:
    return (f'192.0.2.{n} - - [02/Nov/2026:10:{n:02d}:00 +0000] "GET /media/rabbit.mp4 HTTP/1.1" 200 1000 '
            f'"-" "{DESKTOP}" 0.050 {cache}\n')


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """noise.mkv (far above its codec's reference); rabbit.mp4 (0.26 bits per pixel, under twice
    H.264's 0.14), requested 25 times with 5 cache hits and watched once with 1 s of buffering."""
    base = tmp_path_factory.mktemp("video-opportunities")
    root = base / "media"
    root.mkdir()
    noise_video(root / "noise.mkv")
    shutil.copy(MEDIA / "mdn_rabbit320.mp4", root / "rabbit.mp4")
    workspace = Workspace(base / "state")
    workspace.land("inventory", "export.ndjson", [
        item("noise", path="noise.mkv", mime_type="video/x-matroska", width=None, height=None),
        item("rabbit", path="rabbit.mp4", mime_type="video/mp4", width=None, height=None),
    ])
    workspace.land("access_logs", "access.log", "".join(
        log_line(n, "HIT" if n < 5 else "MISS") for n in range(25)))
    session = (Session("rabbit", session_id="s", duration=7.8, user_agent=DESKTOP)
               .at("play", 0, 0).at("buffer_start", 2, 2).at("buffer_end", 3, 2).at("ended", 9, 7.8))
    workspace.land("player_events", "events.ndjson", session.events)
    monkeypatch = pytest.MonkeyPatch()
    # the sample files are short and small: lower "long" and "large" so the rule can be seen working
    monkeypatch.setattr(video_opportunities, "LONG_SECONDS", 5.0)
    monkeypatch.setattr(video_opportunities, "LARGE_BYTES", 800_000)
    try:
        result = dg.materialize(ASSETS, partition_key=DAY, resources=workspace.resources(media_root=root))
    finally:
        monkeypatch.undo()
    assert result.success
    with workspace.connect() as con:
        cursor = con.execute("SELECT * FROM video_optimization_opportunities")
        columns = [d[0] for d in cursor.description]
        rows = {(r[1], r[3]): dict(zip(columns, r)) for r in cursor.fetchall()}
    return workspace, root, rows


def test_a_video_far_above_its_codecs_bits_per_pixel_is_a_reencode_candidate(built):
    _, root, rows = built
    row = rows[("noise", "reencode")]
    size = (root / "noise.mkv").stat().st_size
    bits_per_pixel = size * 8 / 2.0 / (160 * 120 * 10)  # the whole file is video: bits / s / pixels / fps
    assert row["bits_per_pixel"] == pytest.approx(bits_per_pixel)
    assert (row["video_codec"], row["reference_bits_per_pixel"], row["trigger_metric"]) == ("mpeg4", 0.14, "bits_per_pixel")
    assert row["trigger_threshold"] == pytest.approx(0.28)
    # at 0.14 bits per pixel, 20 frames of 160 × 120 take 0.14 × 384,000 / 8 = 6,720 bytes
    assert (row["expected_bytes"], row["bytes_saved"]) == (6720, size - 6720)
    assert row["daily_bytes_saved"] is None  # not requested on the day
    assert row["recommendation"].startswith(f"mpeg4 at {bits_per_pixel:.3f} bits per pixel per frame")


def test_a_video_under_twice_its_reference_is_left_alone(built):
    assert ("rabbit", "reencode") not in built[2]  # 595,922 / (320 × 240 × 30) = 0.259 < 0.28


def test_a_low_cache_hit_rate_gets_a_caching_recommendation(built):
    row = built[2][("rabbit", "caching")]
    # 5 hits of 25 requests; at 90 % the origin would not have sent (0.9 - 0.2) × 25,000 bytes
    assert (row["trigger_value"], row["trigger_threshold"], row["daily_bytes_saved"]) == (0.2, 0.8, 17500)
    assert row["recommendation"].startswith("cache hit rate 20 % over 25 requests")
    # in decimal units, as every size on the page: 17,500 bytes is 17.5 kB (not 17.1 KiB)
    assert row["recommendation"].endswith("the origin sends 17.5 kB less a day")


def test_a_long_large_video_that_buffers_gets_adaptive_streaming(built):
    workspace, _, rows = built
    row = rows[("rabbit", "adaptive_streaming")]
    rate, seconds = workspace.query(
        "SELECT buffering_rate, buffering_seconds FROM daily_video_engagement WHERE media_id = 'rabbit'")[0]
    assert seconds == 1.0 and rate > 0.01
    assert (row["trigger_metric"], row["trigger_value"], row["trigger_threshold"]) == ("buffering_rate", rate, 0.01)
    assert f"({seconds:.0f} s over 1 view(s))" in row["recommendation"]


def test_the_defaults_need_a_long_and_large_file(built, tmp_path):
    workspace, root, _ = built
    copy = Workspace(tmp_path)
    copy.landing = workspace.landing
    shutil.copytree(workspace.warehouse_dir, copy.warehouse_dir)
    assert dg.materialize([video_optimization_opportunities], partition_key=DAY,
                          resources=copy.resources(media_root=root)).success
    assert copy.query("SELECT DISTINCT kind FROM video_optimization_opportunities ORDER BY kind") == [
        ("caching",), ("reencode",)]


def test_every_video_opportunity_column_is_documented(built):
    assert built[0].query("SELECT column_name FROM duckdb_columns() WHERE database_name = current_database() AND comment IS NULL "
                          "AND table_name = 'video_optimization_opportunities'") == []


def test_the_videos_page_advice_is_read_largest_saving_first(built):
    workspace, _, rows = built
    with workspace.connect() as con:
        advice = load_video_advice(con, date.fromisoformat(DAY))
    # caching saves 17,500 B a day; the re-encode saves storage but no daily bytes; adaptive
    # streaming has neither (NULLS LAST)
    assert [(a.media_id, a.kind) for a in advice] == [
        ("rabbit", "caching"), ("noise", "reencode"), ("rabbit", "adaptive_streaming")]
    caching = next(a for a in advice if a.kind == "caching")
    assert (caching.filename, caching.trigger_value, caching.daily_bytes_saved) == ("rabbit.jpg", 0.2, 17500)
