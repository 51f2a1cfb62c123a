"""Facts about a video or audio file, read with PyAV (runs in worker processes, like media_scan).

PyAV rather than mutagen: its wheels bundle FFmpeg's demuxers and decoders, so one maintained
library reads every container a media library holds (MP4/MOV, WebM/Matroska, Ogg, MP3, FLAC, WAV,
AVI) with the video stream's codec, size and frame rate — mutagen reads audio tags and durations
but not WebM or a video stream's picture. Nothing is downloaded and no ffmpeg binary is needed.

Every packet is demuxed (no decoding but the main stream's first frame): the duration is where the
data really ends, and a file cut short (its header promises more than its data holds) or whose
data cannot be decoded gets an error row rather than plausible-looking facts.
"""

from __future__ import annotations

from pathlib import Path

import av

TRUNCATED_SHARE = 0.95  # data ending before 95 % of the promised duration is a cut-short file
STREAM_FIELDS = (
    "duration_seconds", "container", "video_codec", "audio_codec", "bitrate_bps",
    "video_bitrate_bps", "audio_bitrate_bps", "frame_rate", "audio_sample_rate", "audio_channels",
)


def stream_facts(target: Path) -> dict:
    """Duration, container, codecs, bitrates, frame rate and picture size of a video/audio file;
    `error` says why a file could not be read (the scan goes on). The file's bitrate is its bytes
    x 8 / duration (what ffprobe reports as the format's bit_rate); the streams' bitrates are the
    ones the container states (NULL when it states none, as WebM does)."""
    facts: dict = {}
    try:
        with av.open(str(target), metadata_errors="ignore") as container:
            facts["container"] = container.format.name
            if container.duration is not None and container.duration > 0:
                facts["duration_seconds"] = container.duration / av.time_base
            video = container.streams.video[0] if container.streams.video else None
            audio = container.streams.audio[0] if container.streams.audio else None
            if video is not None:
                context = video.codec_context
                facts["video_codec"] = context.codec.canonical_name
                facts["width"], facts["height"] = context.width or None, context.height or None
                rate = video.average_rate or video.guessed_rate
                facts["frame_rate"] = float(rate) if rate else None
                facts["video_bitrate_bps"] = context.bit_rate or None
                facts["frame_count"] = video.frames or None
            if audio is not None:
                context = audio.codec_context
                facts["audio_codec"] = context.codec.canonical_name
                facts["audio_bitrate_bps"] = context.bit_rate or None
                facts["audio_sample_rate"] = context.sample_rate or None
                facts["audio_channels"] = context.channels or None
            if video is None and audio is None:
                facts["error"] = "no video or audio stream"
                return facts
            data_end, decoded = _demux(container, video if video is not None else audio)
            promised = facts.get("duration_seconds")
            if not decoded:
                facts["error"] = "cannot decode media: no frame could be decoded"
            elif promised and data_end < promised * TRUNCATED_SHARE:
                facts["error"] = f"truncated: the data ends at {data_end:.1f} s of {promised:.1f} s"
            elif data_end > 0:
                facts["duration_seconds"] = round(data_end, 6)
            if facts.get("duration_seconds"):
                facts["bitrate_bps"] = round(target.stat().st_size * 8 / facts["duration_seconds"])
    except av.FFmpegError as exc:
        facts["error"] = f"cannot decode media: {exc.strerror or exc}"
    except (OSError, ValueError, EOFError) as exc:
        facts["error"] = f"cannot decode media: {exc}"
    return facts


def _demux(container, main) -> tuple[float, bool]:
    """(seconds where the last packet ends, whether the main stream's first frame decoded)."""
    data_end, decoded = 0.0, False
    for packet in container.demux():
        if packet.pts is None or packet.time_base is None:
            continue
        data_end = max(data_end, float((packet.pts + (packet.duration or 0)) * packet.time_base))
        if not decoded and packet.stream.index == main.index:
            decoded = bool(packet.decode())
    return data_end, decoded
