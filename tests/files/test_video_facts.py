"""media_file_facts for real video and audio files (tests/data/audio_video), read with PyAV.

Expected values are ffprobe's (Debian's FFmpeg 5.1, not the FFmpeg bundled in PyAV's wheel):
`ffprobe -show_entries format=duration,bit_rate:stream=codec_name,width,height,avg_frame_rate,
bit_rate,sample_rate,channels,nb_frames FILE`, written down once by hand.
"""

import shutil

import dagster as dg
import pytest

from assets.files.assets import media_file_facts
from assets.ingest.assets import media_inventory
from conftest import DATA, Workspace, item

DAY = "2026-11-02"
MEDIA = DATA / "audio_video"

FFPROBE = {
    "mdn_rabbit320.mp4": {
        "detected_format": "MP4", "container": "mov,mp4,m4a,3gp,3g2,mj2", "duration_seconds": 7.8,
        "bitrate_bps": 855962, "video_codec": "h264", "width": 320, "height": 240, "frame_rate": 30.0,
        "video_bitrate_bps": 595922, "frame_count": 234, "audio_codec": "aac", "audio_bitrate_bps": 256035,
        "audio_sample_rate": 44100, "audio_channels": 2,
    },
    "mdn_rabbit320.webm": {  # Matroska states no stream bitrates or frame count: they stay NULL
        "detected_format": "MATROSKA", "container": "matroska,webm", "duration_seconds": 7.8,
        "bitrate_bps": 339095, "video_codec": "vp8", "width": 320, "height": 240, "frame_rate": 30.0,
        "video_bitrate_bps": None, "frame_count": None, "audio_codec": "vorbis", "audio_bitrate_bps": None,
        "audio_sample_rate": 44100, "audio_channels": 2,
    },
    "mdn_bear.ogg": {
        "detected_format": "OGG", "container": "ogg", "duration_seconds": 6.234558, "bitrate_bps": 61044,
        "video_codec": None, "width": None, "height": None, "frame_rate": None, "audio_codec": "vorbis",
        "audio_bitrate_bps": 64000, "audio_sample_rate": 44100, "audio_channels": 2,
    },
    "mdn_viper.mp3": {
        "detected_format": "MP3", "container": "mp3", "duration_seconds": 41.038367, "bitrate_bps": 256196,
        "video_codec": None, "width": None, "height": None, "audio_codec": "mp3",
        "audio_bitrate_bps": 256000, "audio_sample_rate": 44100, "audio_channels": 2,
    },
}


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    """The four real files, a cut-short MP4, a WebM renamed .mp4 and zeros under an .mp4 name."""
    base = tmp_path_factory.mktemp("video-facts")
    root = base / "media"
    root.mkdir()
    for name in FFPROBE:
        shutil.copy(MEDIA / name, root / name)
    (root / "cut.mp4").write_bytes((MEDIA / "mdn_rabbit320.mp4").read_bytes()[:20_000])
    shutil.copy(MEDIA / "mdn_rabbit320.webm", root / "webm-named.mp4")
    (root / "zeros.mp4").write_bytes(b"\0\0\0\x18ftypmp42" + bytes(5000))
    names = [*FFPROBE, "cut.mp4", "webm-named.mp4", "zeros.mp4"]
    workspace = Workspace(base / "state")
    workspace.land("inventory", "export.ndjson", [
        item(f"v{i}", path=name, mime_type="video/mp4", width=None, height=None) for i, name in enumerate(names)])
    result = dg.materialize([media_inventory, media_file_facts], partition_key=DAY,
                            resources=workspace.resources(media_root=root))
    assert result.success
    with workspace.connect() as con:
        cursor = con.execute("SELECT * FROM media_file_facts")
        columns = [d[0] for d in cursor.description]
        return {row[2]: dict(zip(columns, row)) for row in cursor.fetchall()}


@pytest.mark.parametrize("name", list(FFPROBE))
def test_video_and_audio_facts_match_ffprobe(scanned, name):
    row = scanned[name]
    expected = FFPROBE[name]
    assert row["error"] is None
    assert row["duration_seconds"] == pytest.approx(expected["duration_seconds"], abs=1e-5)
    # ffprobe truncates where we round: a bit per second apart at most
    assert row["bitrate_bps"] == pytest.approx(expected["bitrate_bps"], abs=1)
    inexact = ("duration_seconds", "bitrate_bps")
    assert {k: row[k] for k in expected if k not in inexact} == {
        k: v for k, v in expected.items() if k not in inexact}


def test_the_file_bitrate_is_its_bits_over_its_duration(scanned):
    row = scanned["mdn_rabbit320.mp4"]
    assert row["bitrate_bps"] == round(834563 * 8 / 7.8)  # the file's bytes (SOURCES.md) over 7.8 s


def test_a_cut_short_video_gets_an_error_row(scanned):
    row = scanned["cut.mp4"]
    # its header (at the front) still promises 7.8 s; the first 20,000 bytes hold 0.1 s of frames
    assert row["error"] == "truncated: the data ends at 0.1 s of 7.8 s"
    assert (row["video_codec"], row["width"]) == ("h264", 320)


def test_a_webm_named_mp4_is_read_and_reported(scanned):
    row = scanned["webm-named.mp4"]
    assert (row["detected_format"], row["extension_mismatch"], row["video_codec"], row["error"]) == (
        "MATROSKA", True, "vp8", None)


def test_a_file_that_is_not_media_gets_an_error_row(scanned):
    row = scanned["zeros.mp4"]
    assert row["error"].startswith("cannot decode media")
    assert row["duration_seconds"] is None
