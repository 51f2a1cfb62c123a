"""Facts read from one media file (runs in worker processes: no Dagster, no DuckDB here).

`inspect_file` never raises for a bad file: whatever goes wrong is said in the `error` field, so a
scan of a hostile library goes on. A symlink whose target lies outside the media root is never
opened, and neither is a path that climbs out of the root with `..`.
"""

from __future__ import annotations

import hashlib
import os
import warnings
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from assets.files.document_text import document_facts
from assets.files.media_streams import STREAM_FIELDS, stream_facts

ORIENTATION_TAG = 0x0112
SWAPPED_ORIENTATIONS = {5, 6, 7, 8}  # EXIF orientations that rotate by 90°: displayed width = height

# Magic bytes of the non-image formats a media library holds (offset, bytes, format).
MAGIC = (
    (0, b"%PDF-", "PDF"),
    (4, b"ftyp", "MP4"),
    (0, b"\x1aE\xdf\xa3", "MATROSKA"),
    (0, b"ID3", "MP3"),
    (0, b"\xff\xfb", "MP3"),
    (0, b"\xff\xf3", "MP3"),
    (0, b"\xff\xf2", "MP3"),
    (4, b"moov", "MP4"),  # QuickTime files without an ftyp box
    (4, b"wide", "MP4"),
    (0, b"OggS", "OGG"),
    (0, b"fLaC", "FLAC"),
    (0, b"PK\x03\x04", "ZIP"),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE2"),  # legacy Office, or a password-protected DOCX/XLSX
)
RIFF_KINDS = {b"WAVE": "WAV", b"AVI ": "AVI"}
STREAM_FORMATS = {"MP4", "MATROSKA", "MP3", "OGG", "FLAC", "WAV", "AVI"}  # read with PyAV

# The extensions each detected format is expected under (a `.jpg` holding a PNG is a mismatch).
EXTENSIONS = {
    "JPEG": {"jpg", "jpeg", "jpe", "jfif"}, "PNG": {"png", "apng"}, "GIF": {"gif"},
    "WEBP": {"webp"}, "AVIF": {"avif"}, "BMP": {"bmp", "dib"}, "TIFF": {"tif", "tiff"},
    "MPO": {"jpg", "jpeg", "mpo"}, "ICO": {"ico"}, "HEIF": {"heic", "heif"},
    "PDF": {"pdf"}, "MP4": {"mp4", "m4v", "m4a", "mov", "3gp"}, "MATROSKA": {"mkv", "webm", "mka"},
    "MP3": {"mp3"}, "OGG": {"ogg", "oga", "ogv", "opus"}, "FLAC": {"flac"}, "ZIP": {"zip", "docx", "xlsx", "pptx"},
    "WAV": {"wav"}, "AVI": {"avi"}, "OLE2": {"doc", "xls", "ppt", "msg", "docx", "xlsx", "pptx"}, "TEXT": {"txt", "csv", "tsv", "md", "json", "xml", "svg", "html", "vtt", "srt"},
}
IMAGE_EXTENSIONS = set().union(*(EXTENSIONS[f] for f in ("JPEG", "PNG", "GIF", "WEBP", "AVIF", "BMP", "TIFF")))

FIELDS = (
    "size_bytes", "mtime_ns", "sha256", "detected_format", "extension_mismatch", "width", "height",
    "orientation", "mode", "frame_count", "is_animated", "icc_profile_bytes", "exif_bytes",
    "pdf_page_count", "pdf_text_chars", "pdf_title", "pdf_encrypted", *STREAM_FIELDS, "error",
    "pdf_image_pages", "doc_format", "doc_text_chars", "doc_title", "doc_description", "doc_language",
    "facts_version",
)
# Raised when the scan learns new facts: rows read by an older version are read again once.
FACTS_VERSION = 2


def empty_facts() -> dict:
    return dict.fromkeys(FIELDS) | {"facts_version": FACTS_VERSION}


def resolve_inside(root: Path, relative: str) -> tuple[Path | None, str | None]:
    """The file `relative` names under `root`, or an error when it (or a symlink on the way) leads
    outside `root`. Nothing is opened: only paths are compared."""
    real_root = os.path.realpath(root)
    joined = os.path.normpath(os.path.join(real_root, relative.lstrip("/")))
    if os.path.commonpath([real_root, joined]) != real_root:
        return None, "path outside MEDIA_ROOT"
    target = os.path.realpath(joined)
    if os.path.commonpath([real_root, target]) != real_root:
        return None, "symlink pointing outside MEDIA_ROOT (not followed)"
    return Path(target), None


def stat_file(root: Path, relative: str) -> tuple[dict, Path | None]:
    """Size and mtime of a file (what decides whether it must be opened again), or the error."""
    facts = empty_facts()
    target, error = resolve_inside(root, relative)
    if error:
        facts["error"] = error
        return facts, None
    try:
        stat = target.stat()
    except FileNotFoundError:
        facts["error"] = "missing"
        return facts, None
    except OSError as exc:
        facts["error"] = f"unreadable: {exc.strerror or exc}"
        return facts, None
    if not target.is_file():
        facts["error"] = "not a regular file"
        return facts, None
    facts["size_bytes"], facts["mtime_ns"] = stat.st_size, stat.st_mtime_ns
    if stat.st_size == 0:
        facts["error"] = "empty file (0 bytes)"
        return facts, None
    return facts, target


def inspect_file(task: tuple[str, str]) -> dict:
    """Every fact about the file `relative` under `root`; `task` is (root, relative)."""
    root, relative = task
    facts, target = stat_file(Path(root), relative)
    if target is None:
        return facts
    try:
        digest = hashlib.sha256()
        with open(target, "rb") as handle:
            head = handle.read(64)
            digest.update(head)
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError as exc:
        facts["error"] = f"unreadable: {exc.strerror or exc}"
        return facts
    facts["sha256"] = digest.hexdigest()
    facts["detected_format"] = _magic(head)
    try:
        if facts["detected_format"] in STREAM_FORMATS:
            facts.update(stream_facts(target))
        elif facts["detected_format"] is None:
            facts.update(_image_facts(target))
            if facts.get("error") == "unrecognised format":
                facts.update(_not_an_image(target, head))
        facts.update(document_facts(target, facts["detected_format"]))
    except Exception as exc:  # a decoder's unforeseen error on a hostile file: its row says so, the scan goes on
        facts["error"] = f"cannot read: {type(exc).__name__}: {exc}"
    if facts["detected_format"]:
        extension = target.suffix.lower().lstrip(".")
        facts["extension_mismatch"] = extension not in EXTENSIONS.get(facts["detected_format"], {extension})
    return facts


def _magic(head: bytes) -> str | None:
    if head[:4] == b"RIFF" and head[8:12] in RIFF_KINDS:
        return RIFF_KINDS[head[8:12]]
    for offset, magic, name in MAGIC:
        if head[offset:offset + len(magic)] == magic:
            # an ISO-BMFF file can also be an AVIF/HEIF image: let Pillow decide those
            if name == "MP4" and head[8:12] in (b"avif", b"avis", b"heic", b"heix", b"mif1"):
                return None
            return name
    return None


def _image_facts(target: Path) -> dict:
    facts: dict = {}
    try:
        with warnings.catch_warnings():
            # Pillow's pixel limit is kept: over it is a warning, over twice it an error; both are reported
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(target) as image:
                facts["detected_format"] = image.format
                facts["mode"] = image.mode
                facts["frame_count"] = getattr(image, "n_frames", 1)
                facts["is_animated"] = bool(getattr(image, "is_animated", False))
                facts["icc_profile_bytes"] = len(image.info.get("icc_profile") or b"")
                facts["exif_bytes"] = len(image.info.get("exif") or b"")
                orientation = image.getexif().get(ORIENTATION_TAG)
                facts["orientation"] = orientation
                width, height = image.size
                if orientation in SWAPPED_ORIENTATIONS:
                    width, height = height, width
                facts["width"], facts["height"] = width, height
                image.seek(0)
                image.load()  # decode the first frame: a truncated file fails here
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        facts["error"] = f"decompression bomb: {exc}"
    except UnidentifiedImageError:
        facts["error"] = "unrecognised format"
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        facts["error"] = f"cannot decode: {exc}"
    return facts


def _not_an_image(target: Path, head: bytes) -> dict:
    """Content Pillow does not know: text (CSV, TXT, SVG) is a format, not an error; under an image
    extension it is an error."""
    try:
        head.decode("utf-8")
        is_text = b"\0" not in head
    except UnicodeDecodeError as exc:
        is_text = exc.start >= len(head) - 3  # only a character cut by the 64-byte window
    if is_text:
        return {"detected_format": "TEXT", "error": None}
    if target.suffix.lower().lstrip(".") in IMAGE_EXTENSIONS:
        return {"error": "not an image Pillow can identify"}
    return {"error": None}
