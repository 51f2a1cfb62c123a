"""Titles, descriptions and alt text as editors really leave them: often good, often missing or
junk.

The CMS fills a title from the file name when the editor does not (``IMG_4821``, ``Screenshot …``);
descriptions are mostly left empty; alt text is missing or useless (``image``) on a fair share of
images. The document and accessibility sections of the report count exactly these gaps.
"""

from __future__ import annotations

import random

from sampledata import vocabulary as words

_ALT_SUFFIXES = (
    "at the harbour museum", "during the festival", "seen from the pier", "in the main gallery",
    "on a summer evening", "photographed by a volunteer",
)


def title_for(rng: random.Random, stem: str, name_style: str) -> str | None:
    """The CMS title: the humanised file name, the raw name, or junk, empty or missing."""
    roll = rng.random()
    if roll < 0.05:
        return rng.choice(words.JUNK_TITLES)
    if roll < 0.08:
        return ""
    if roll < 0.10:
        return None
    if name_style in ("camera", "screenshot"):
        return stem
    return words.humanise(stem)


def description_for(rng: random.Random) -> str | None:
    """A one- or two-sentence description, or the usual nothing."""
    roll = rng.random()
    if roll < 0.45:
        return words.paragraph(rng, rng.randrange(1, 3))
    if roll < 0.80:
        return None
    if roll < 0.92:
        return ""
    return rng.choice(words.JUNK_DESCRIPTIONS)


def alt_text_for(rng: random.Random, stem: str, name_style: str) -> str | None:
    """Alt text for an image: a real description, the file name, a junk word, empty or missing."""
    roll = rng.random()
    if name_style == "camera" and roll < 0.5:
        return stem
    if roll < 0.60:
        return f"{words.humanise(stem)} {rng.choice(_ALT_SUFFIXES)}"
    if roll < 0.80:
        return None
    if roll < 0.88:
        return ""
    return rng.choice(words.JUNK_ALT_TEXT)
