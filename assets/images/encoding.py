"""Re-encode one image to measure what an optimisation would save (runs in worker processes).

The settings are part of the result's cache key: changing one here re-measures every file.
"""

from __future__ import annotations

import io
import math
import warnings
from functools import cache

from PIL import Image, ImageOps, features

# Same-format re-encodes (resize) and the modern-format conversions. JPEG 85 with Huffman
# optimisation is what image CDNs serve by default; WebP quality 80, method 4 (speed/size middle) is
# cwebp's recommended photo setting; AVIF quality 50 is sharp's default (its pair to WebP 80), at
# libavif speed 8: 3-4x faster than Pillow's default 6 for ~5 % more bytes on a 6 MP photo. PNG is
# re-compressed losslessly; the other formats use Pillow's defaults.
SAVE_SETTINGS = {
    "JPEG": {"quality": 85, "optimize": True},
    "WEBP": {"quality": 80, "method": 4},
    "PNG": {"optimize": True},
    "AVIF": {"quality": 50, "speed": 8},
    "GIF": {}, "BMP": {}, "TIFF": {}, "MPO": {"quality": 85, "optimize": True},
}
SAVE_FORMAT = {"MPO": "JPEG"}  # a multi-picture JPEG is re-encoded as the plain JPEG it displays as
EXTENSION = {"JPEG": "jpg", "WEBP": "webp", "PNG": "png", "AVIF": "avif", "GIF": "gif", "BMP": "bmp",
             "TIFF": "tif", "MPO": "jpg"}
TARGET_BYTES_PER_PIXEL = 2 / 12  # DevTools ImageDelivery's target for a well-compressed modern image
PIXEL_BUDGET = 16_000_000  # above this a file is estimated, not re-encoded (bounds a worker's memory)


@cache
def modern_formats() -> tuple[str, ...]:
    """The formats a conversion is measured in: WebP, and AVIF when this Pillow can write it."""
    return ("WEBP", "AVIF") if features.check("avif") else ("WEBP",)


def settings_key(target_format: str) -> str:
    """The settings a measurement used, as stored beside it in the cache."""
    return f"{SAVE_FORMAT.get(target_format, target_format)} {sorted(SAVE_SETTINGS.get(target_format, {}).items())}"


def encode(image: Image.Image, target_format: str) -> bytes:
    """`image` saved as `target_format` with SAVE_SETTINGS."""
    target = SAVE_FORMAT.get(target_format, target_format)
    if target == "JPEG" and image.mode not in ("RGB", "L", "CMYK"):
        image = image.convert("RGB")
    if target in ("WEBP", "AVIF") and image.mode not in ("RGB", "RGBA"):
        has_alpha = "A" in image.mode or "transparency" in image.info
        image = image.convert("RGBA" if has_alpha else "RGB")
    buffer = io.BytesIO()
    image.save(buffer, format=target, **SAVE_SETTINGS.get(target_format, {}))
    return buffer.getvalue()


def scaled(shown: Image.Image, width: int) -> Image.Image:
    """`shown` (already as displayed) scaled to `width`, keeping its aspect ratio."""
    height = max(1, round(shown.height * width / shown.width))
    return shown.resize((width, height), Image.Resampling.LANCZOS)


def displayed(path: str) -> Image.Image:
    """The file at `path` decoded, as displayed (EXIF orientation applied); a decompression bomb
    raises instead of warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(path) as image:
            image.load()
            return ImageOps.exif_transpose(image)  # a copy: usable once the file is closed


def variant(path: str, target_format: str, width: int) -> bytes:
    """The file at `path` as displayed, encoded as `target_format`, scaled to `width` (0: full size)."""
    shown = displayed(path)
    return encode(scaled(shown, width) if width else shown, target_format)


def measure(task: tuple[str, tuple[tuple[str, int], ...]]) -> list[tuple[int | None, str | None]]:
    """(encoded bytes, error) of each (target format, target width or 0) of task = (file, targets):
    the file is decoded once for all of them; the bytes are those `variant` gives."""
    path, targets = task
    try:
        shown = displayed(path)
    except Exception as exc:  # a file that changed or broke since its facts were read
        return [(None, f"{type(exc).__name__}: {exc}")] * len(targets)
    out = []
    for target_format, width in targets:
        try:
            out.append((len(encode(scaled(shown, width) if width else shown, target_format)), None))
        except Exception as exc:
            out.append((None, f"{type(exc).__name__}: {exc}"))
    return out


def video_savings_share(gif_bytes: int) -> float:
    """Share of an animated GIF's bytes saved as a video: Lighthouse's efficient-animated-content
    fit to HTTP Archive data, (29.1 × log10(bytes) − 100.7) %, clamped to 0..100 %."""
    return min(1.0, max(0.0, (29.1 * math.log10(max(gif_bytes, 1)) - 100.7) / 100))

