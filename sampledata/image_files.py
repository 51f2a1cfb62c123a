"""Writes an image item's original and its WordPress-style renditions under the media root.

Renditions follow WordPress's defaults: ``thumbnail`` 150×150 cropped, ``medium`` within 300×300 and
``large`` within 1024×1024, each made only when the original is larger, saved in the original's real
format (a GIF's renditions are its first frame, as WordPress's GD editor does) and named
``<stem>-<width>x<height>.<ext>`` beside the original.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from sampledata import bundled, pictures
from sampledata.model import MediaItem, Rendition

RENDITION_BOXES = (("thumbnail", 150, 150, True), ("medium", 300, 300, False),
                   ("large", 1024, 1024, False))
RENDITION_QUALITY = 82  # WordPress's default JPEG/WebP quality for generated sizes
ANIMATION_FRAME_MS = 90


@dataclass(frozen=True)
class FileFacts:
    """What writing an item's file produced: its bytes, pixel size and renditions."""

    size: int
    width: int | None = None
    height: int | None = None
    renditions: tuple[Rendition, ...] = ()


def write_image(item: MediaItem, media_root: Path, rng: random.Random) -> FileFacts:
    """Write ``item``'s original (synthetic or bundled) and renditions; return the facts."""
    recipe = item.recipe
    target = media_root / item.path
    target.parent.mkdir(parents=True, exist_ok=True)
    if recipe.method == "bundled":
        bundled.copy_bundled(recipe.source, target)
        with Image.open(bundled.bundled_path(recipe.source)) as opened:
            image_format = opened.format
            picture = opened.convert("RGBA" if opened.mode in ("RGBA", "LA", "PA") else "RGB")
    elif recipe.method == "animation":
        frames = pictures.animation(rng, recipe.width, recipe.height, recipe.pages, recipe.grain)
        frames[0].save(target, "GIF", save_all=True, append_images=frames[1:],
                       duration=ANIMATION_FRAME_MS, loop=0)
        image_format, picture = "GIF", frames[0].convert("RGB")
    else:
        if recipe.method == "photo":
            picture = pictures.photo(rng, recipe.width, recipe.height, recipe.grain)
        else:
            picture = pictures.graphic(rng, recipe.width, recipe.height)
        image_format = recipe.image_format
        _save(picture, target, image_format, recipe.quality)
    renditions = tuple(_renditions(picture, image_format, item, media_root))
    return FileFacts(target.stat().st_size, picture.width, picture.height, renditions)


def rendition_size(width: int, height: int, box_width: int, box_height: int, crop: bool
                   ) -> tuple[int, int] | None:
    """The pixel size WordPress gives a rendition, or ``None`` when the original is not larger."""
    if width <= box_width and height <= box_height:
        return None
    if crop:
        return min(width, box_width), min(height, box_height)
    ratio = min(box_width / width, box_height / height)
    return max(1, round(width * ratio)), max(1, round(height * ratio))


def _renditions(picture: Image.Image, image_format: str, item: MediaItem, media_root: Path):
    """Largest first, each resized from the previous one when that is big enough (fast)."""
    folder, _, filename = item.path.rpartition("/")
    stem, _, extension = filename.rpartition(".")
    made = []
    source = picture
    for name, box_width, box_height, crop in reversed(RENDITION_BOXES):
        size = rendition_size(picture.width, picture.height, box_width, box_height, crop)
        if size is None:
            continue
        resized = _resize(source, size, crop)
        if resized.width >= box_width and resized.height >= box_height:
            source = resized
        rendition_name = f"{stem}-{size[0]}x{size[1]}.{extension}"
        path = f"{folder}/{rendition_name}" if folder else rendition_name
        _save(resized, media_root / path, image_format, RENDITION_QUALITY)
        made.append(Rendition(name, path, size[0], size[1], (media_root / path).stat().st_size))
    return reversed(made)


def _resize(picture: Image.Image, size: tuple[int, int], crop: bool) -> Image.Image:
    if crop:
        scale = max(size[0] / picture.width, size[1] / picture.height)
        box_width = min(picture.width, size[0] / scale)
        box_height = min(picture.height, size[1] / scale)
        left, top = (picture.width - box_width) / 2, (picture.height - box_height) / 2
        return picture.resize(size, Image.Resampling.BILINEAR,
                              box=(left, top, left + box_width, top + box_height),
                              reducing_gap=2.0)
    return picture.resize(size, Image.Resampling.BILINEAR, reducing_gap=2.0)


def _save(picture: Image.Image, target: Path, image_format: str, quality: int | None) -> None:
    if image_format in ("JPEG", "MPO"):
        picture.convert("RGB").save(target, "JPEG", quality=quality or RENDITION_QUALITY)
    elif image_format == "PNG":
        picture.save(target, "PNG", compress_level=6)
    elif image_format == "WEBP":
        # method 2 of 0–6: within a few per cent of the default's size at less than half the time
        picture.save(target, "WEBP", quality=quality or RENDITION_QUALITY, method=2)
    elif image_format == "GIF":
        picture.convert("RGB").quantize(colors=128, method=Image.Quantize.FASTOCTREE,
                                        dither=Image.Dither.NONE).save(target, "GIF")
    elif image_format == "AVIF":
        picture.convert("RGB").save(target, "AVIF", quality=60)
    else:
        raise ValueError(f"cannot write renditions as {image_format}")
