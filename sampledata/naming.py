"""File names and upload paths the way people and WordPress produce them.

Paths are ``YYYY/MM/<file name>`` by upload month. Names are descriptive slugs, camera names
(``IMG_4821.JPG``), screenshots with spaces (``Screenshot 2025-03-02 at 10.15.22.png``) or document
names; a clash inside a month folder gets WordPress's ``-1``, ``-2`` suffix.
"""

from __future__ import annotations

import random
import time

from sampledata import vocabulary as words
from sampledata.recipes import Blueprint


class PathRegistry:
    """Hands out unique ``YYYY/MM/name.ext`` paths."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def claim(self, created_at: float, stem: str, extension: str) -> tuple[str, str]:
        """The file name and path for ``stem.extension`` uploaded at ``created_at``."""
        folder = time.strftime("%Y/%m", time.gmtime(created_at))
        candidate, counter = stem, 0
        while f"{folder}/{candidate}.{extension}".lower() in self._taken:
            counter += 1
            candidate = f"{stem}-{counter}"
        filename = f"{candidate}.{extension}"
        self._taken.add(f"{folder}/{filename}".lower())
        return filename, f"{folder}/{filename}"


def stem_for(rng: random.Random, blueprint: Blueprint, created_at: float) -> tuple[str, str]:
    """A file-name stem and extension for ``blueprint`` uploaded at ``created_at``."""
    if blueprint.fixed_filename:
        stem, extension = blueprint.fixed_filename.rsplit(".", 1)
        return stem, extension
    year = time.gmtime(created_at).tm_year
    style = blueprint.name_style
    if style == "bundled":
        style = {"image": "photo", "document": "document"}.get(blueprint.kind, blueprint.kind)
    if style == "camera":
        return _camera_name(rng, created_at)
    if style == "screenshot":
        stamp = time.strftime("%Y-%m-%d at %H.%M.%S", time.gmtime(created_at - rng.randrange(3600)))
        return f"Screenshot {stamp}", blueprint.extension
    return _slug(rng, style, year), blueprint.extension


def _slug(rng: random.Random, style: str, year: int) -> str:
    if style == "photo":
        form = rng.random()
        if form < 0.5:
            return f"{rng.choice(words.PLACES)}-{rng.choice(words.SUBJECTS)}"
        if form < 0.7:
            return f"{rng.choice(words.ADJECTIVES)}-{rng.choice(words.PLACES)}"
        if form < 0.85:
            return f"{rng.choice(words.SUBJECTS)}-{year}"
        return f"{rng.choice(words.PLACES)}-{rng.choice(words.SUBJECTS)}-{rng.randrange(2, 30)}"
    if style == "graphic":
        subject = rng.choice(words.GRAPHIC_SUBJECTS)
        return f"{subject}-{rng.choice((str(year), 'v2', 'final', 'web'))}"
    if style == "animation":
        return f"{rng.choice(words.SUBJECTS)}-{rng.choice(('loop', 'animation', 'teaser'))}"
    if style == "document":
        slug, _ = rng.choice(words.DOCUMENT_SUBJECTS)
        return f"{slug}-{year}" + rng.choice(("", "", "", "-final", "-v2", "-web"))
    if style == "data":
        slug, _ = rng.choice(words.DATA_SUBJECTS)
        return f"{slug}-{year}"
    if style == "video":
        return rng.choice(words.VIDEO_SUBJECTS) + rng.choice(("", "", f"-{year}", "-short"))
    if style == "audio":
        return f"{rng.choice(words.AUDIO_SUBJECTS)}-{rng.randrange(1, 40)}"
    raise ValueError(f"unknown name style {style!r}")


def _camera_name(rng: random.Random, created_at: float) -> tuple[str, str]:
    form = rng.random()
    if form < 0.5:
        return f"IMG_{rng.randrange(1000, 9999)}", rng.choice(("jpg", "JPG", "jpeg"))
    if form < 0.8:
        return f"DSC_{rng.randrange(1, 9999):04d}", "JPG"
    stamp = time.strftime("%Y%m%d_%H%M%S", time.gmtime(created_at - rng.randrange(86_400)))
    return f"PXL_{stamp}{rng.randrange(1000):03d}", "jpg"
