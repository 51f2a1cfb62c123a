"""The real third-party files shipped in ``sampledata/files`` and what the generator knows about
them.

Durations were measured once from the containers' own duration fields (method and raw values in
``files/SOURCES.md``); the generator gives them to player events as the media's real ``duration``.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

FILES_DIR = Path(__file__).with_name("files")


@dataclass(frozen=True)
class BundledFile:
    """One real file: name under ``files/``, media kind, MIME type and (audio/video) duration."""

    name: str
    kind: str
    mime_type: str
    duration: float | None = None


VIDEO_MP4 = BundledFile("mdn_rabbit320.mp4", "video", "video/mp4", 7.8)
VIDEO_WEBM = BundledFile("mdn_rabbit320.webm", "video", "video/webm", 7.8)
AUDIO_MP3 = BundledFile("mdn_viper.mp3", "audio", "audio/mpeg", 41.038)
AUDIO_OGG = BundledFile("mdn_bear.ogg", "audio", "audio/ogg", 6.235)

# Real images, each uploaded at least once: a CMYK JPEG that is mostly metadata, a real animated GIF
# over 100 KiB, a small animated GIF, an AVIF, a WebP and a few ordinary photos.
BUNDLED_IMAGES = (
    BundledFile("sharp_flowers.jpeg", "image", "image/jpeg"),
    BundledFile("flower.jpg", "image", "image/jpeg"),
    BundledFile("exif-72dpi-int.jpg", "image", "image/jpeg"),
    BundledFile("sharp_Channel_digital_image_CMYK_color.jpg", "image", "image/jpeg"),
    BundledFile("hopper.png", "image", "image/png"),
    BundledFile("iss634.gif", "image", "image/gif"),
    BundledFile("sharp_rotating-squares.gif", "image", "image/gif"),
    BundledFile("sharp_4.webp", "image", "image/webp"),
    BundledFile("avif_exif.avif", "image", "image/avif"),
)

# Real PDFs: an encrypted one, two image-only scans and four with a text layer.
BUNDLED_DOCUMENTS = (
    BundledFile("005-libreoffice-writer-password_libreoffice-writer-password.pdf", "document",
                "application/pdf"),
    BundledFile("019-grayscale-image_grayscale-image.pdf", "document", "application/pdf"),
    BundledFile("007-imagemagick-images_imagemagick-images.pdf", "document", "application/pdf"),
    BundledFile("004-pdflatex-4-pages_pdflatex-4-pages.pdf", "document", "application/pdf"),
    BundledFile("006-pdflatex-outline_pdflatex-outline.pdf", "document", "application/pdf"),
    BundledFile("011-google-doc-document_google-doc-document.pdf", "document", "application/pdf"),
    BundledFile("021-pdfa_crazyones-pdfa.pdf", "document", "application/pdf"),
)

BUNDLED_VIDEOS = (VIDEO_MP4, VIDEO_WEBM)
BUNDLED_AUDIO = (AUDIO_MP3, AUDIO_OGG)

BY_NAME = {
    bundled.name: bundled
    for bundled in (*BUNDLED_IMAGES, *BUNDLED_DOCUMENTS, *BUNDLED_VIDEOS, *BUNDLED_AUDIO)
}


def copy_bundled(name: str, target: Path) -> None:
    """Copy the bundled file ``name`` byte for byte to ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(FILES_DIR / name, target)


def bundled_path(name: str) -> Path:
    """Where the bundled file ``name`` lives inside the package."""
    return FILES_DIR / name
