"""Re-encode one image to measure what an optimisation would save (runs in worker processes).

The settings are part of the result's cache key: changing one here re-measures every file.
"""

from __future__ import annotations

import io
import math
import warnings

from PIL import Image, ImageOps

# Same-format re-encodes (resize) and the WebP conversion. JPEG 85 with Huffman optimisation is what
# image CDNs serve by default; WebP quality 80, method 4 (speed/size middle) is cwebp's recommended
# photo setting; PNG is re-compressed losslessly; the other formats use Pillow's defaults.
SAVE_SETTINGS = {
    "JPEG": {"quality": 85, "optimize": True},
    "WEBP": {"quality": 80, "method": 4},
    "PNG": {"optimize": True},
    "AVIF": {"quality": 75},
    "GIF": {}, "BMP": {}, "TIFF": {}, "MPO": {"quality": 85, "optimize": True},
}
SAVE_FORMAT = {"MPO": "JPEG"}  # a multi-picture JPEG is re-encoded as the plain JPEG it displays as
TARGET_BYTES_PER_PIXEL = 2 / 12  # DevTools ImageDelivery's target for a well-compressed modern image
PIXEL_BUDGET = 16_000_000  # above this a file is estimated, not re-encoded (bounds a worker's memory)


def settings_key(kind: str, image_format: str) -> str:
    """The settings a measurement used, as stored beside it in the cache."""
    target = "WEBP" if kind == "format" else image_format
    return f"{SAVE_FORMAT.get(target, target)} {sorted(SAVE_SETTINGS.get(target, {}).items())}"


def encoded_size(image: Image.Image, image_format: str) -> int:
    """Bytes of `image` saved as `image_format` with SAVE_SETTINGS."""
    target = SAVE_FORMAT.get(image_format, image_format)
    if target in ("JPEG",) and image.mode not in ("RGB", "L", "CMYK"):
        image = image.convert("RGB")
    if target == "WEBP" and image.mode not in ("RGB", "RGBA"):
        has_alpha = "A" in image.mode or "transparency" in image.info
        image = image.convert("RGBA" if has_alpha else "RGB")
    buffer = io.BytesIO()
    image.save(buffer, format=target, **SAVE_SETTINGS.get(image_format, {}))
    return buffer.tell()


def resized(image: Image.Image, width: int) -> Image.Image:
    """`image` as displayed (EXIF orientation applied) scaled to `width`, keeping its aspect ratio."""
    image = ImageOps.exif_transpose(image)
    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), Image.Resampling.LANCZOS)


def measure(task: tuple[str, str, str, int]) -> tuple[int | None, str | None]:
    """(encoded bytes, error) for task = (file, kind, format, target width): `resize`
    re-encodes at the target width in the same format, `format` encodes as WebP."""
    path, kind, image_format, width = task
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                image.load()
                if kind == "resize":
                    return encoded_size(resized(image, width), image_format), None
                return encoded_size(ImageOps.exif_transpose(image), "WEBP"), None
    except Exception as exc:  # a file that changed or broke since its facts were read
        return None, f"{type(exc).__name__}: {exc}"


def video_savings_share(gif_bytes: int) -> float:
    """Share of an animated GIF's bytes saved as a video: Lighthouse's efficient-animated-content
    fit to HTTP Archive data, (29.1 × log10(bytes) − 100.7) %, clamped to 0..100 %."""
    return min(1.0, max(0.0, (29.1 * math.log10(max(gif_bytes, 1)) - 100.7) / 100))

