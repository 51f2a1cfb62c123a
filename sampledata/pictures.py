"""Synthetic but photo-like pictures drawn with Pillow, fast enough for a thousand uploads.

A *photo* is a smooth colour field (a few sky and ground colours blown up), some shapes and fine
grain; JPEG, WebP and PNG then compress it roughly as they compress real
photos (about 0.1–0.4 bytes per pixel as JPEG depending on quality and grain). A *graphic* is flat
colour and text-like bars, which PNG and GIF compress well. An *animation* is a moving shape over a
grainy background, frame by frame. All randomness comes from the given stream (``randbytes``), never
from Pillow's own noise functions, so the pixels are reproducible.
"""

from __future__ import annotations

import random

from PIL import Image, ImageChops, ImageDraw, ImageFont

from sampledata import vocabulary as words


_SKY = ((110, 160, 210), (180, 200, 225), (240, 180, 120), (90, 110, 150), (200, 205, 210))
_GROUND = ((70, 100, 60), (120, 110, 90), (60, 70, 80), (150, 140, 120), (40, 60, 90),
           (170, 150, 110))


def photo(rng: random.Random, width: int, height: int, grain: int) -> Image.Image:
    """An RGB photo-like picture; ``grain`` (0–64) sets how much fine detail it carries."""
    sky, ground = rng.choice(_SKY), rng.choice(_GROUND)
    cells = bytes(
        max(0, min(255, channel + rng.randrange(-30, 31)))
        for row in range(4) for _ in range(5) for channel in (sky if row < 2 else ground)
    )
    base = Image.frombytes("RGB", (5, 4), cells).resize((width, height), Image.Resampling.BILINEAR)
    draw = ImageDraw.Draw(base)
    for _ in range(rng.randrange(4, 10)):
        x, y = rng.randrange(width), rng.randrange(height)
        radius = rng.randrange(max(2, width // 30), max(3, width // 5))
        tone = rng.choice(_GROUND + _SKY)
        colour = tuple(max(0, min(255, channel + rng.randrange(-40, 41))) for channel in tone)
        if rng.random() < 0.6:
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)
        else:
            draw.rectangle((x - radius, y - radius // 2, x + radius, y + radius), fill=colour)
    detail = Image.frombytes("L", (width, height), rng.randbytes(width * height)).point(
        _amplitude(grain))
    return ImageChops.add(base, Image.merge("RGB", (detail, detail, detail)), 1, -128)


def graphic(rng: random.Random, width: int, height: int) -> Image.Image:
    """An RGB flat-colour graphic: a logo, banner, chart or screenshot."""
    palette = [tuple(rng.randrange(256) for _ in range(3)) for _ in range(5)]
    picture = Image.new("RGB", (width, height), palette[0])
    draw = ImageDraw.Draw(picture)
    for _ in range(rng.randrange(3, 9)):
        x0, y0 = rng.randrange(width), rng.randrange(height)
        x1 = x0 + rng.randrange(10, max(11, width // 2))
        y1 = y0 + rng.randrange(10, max(11, height // 2))
        shape = draw.ellipse if rng.random() < 0.3 else draw.rectangle
        shape((x0, y0, x1, y1), fill=rng.choice(palette[1:]))
    if rng.random() < 0.5:  # a screenshot or poster with a photo in it
        inset = photo(rng, max(8, width // 2), max(8, height // 2), rng.randrange(4, 16))
        picture.paste(inset, (rng.randrange(width // 2), rng.randrange(height // 2)))
    font = ImageFont.load_default(size=max(10, height // 24))
    line_height = max(12, height // 16)
    for row in range(rng.randrange(2, 10)):
        y = line_height * (1 + row)
        if y + line_height >= height:
            break
        text = " ".join(rng.choice(words.SUBJECTS + words.PLACES) for _ in range(6))
        draw.text((line_height, y), words.humanise(text), fill=palette[1], font=font)
    return picture


def animation(rng: random.Random, width: int, height: int, frames: int, grain: int
              ) -> list[Image.Image]:
    """Palette frames of a shape moving over a grainy background, all on the first one's palette."""
    background = photo(rng, width, height, grain)
    colour = tuple(rng.randrange(256) for _ in range(3))
    radius = max(4, min(width, height) // 6)
    pictures = []
    for index in range(frames):
        frame = background.copy()
        x = (width + 2 * radius) * index // frames - radius
        y = height // 2 + round((height // 4) * ((index % 8) - 4) / 4)
        ImageDraw.Draw(frame).ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)
        pictures.append(frame)
    first = pictures[0].quantize(colors=256, dither=Image.Dither.NONE)
    return [first] + [picture.quantize(palette=first, dither=Image.Dither.NONE)
                      for picture in pictures[1:]]


def _amplitude(amplitude: int) -> list[int]:
    """A lookup table that scales uniform noise around 128 to ±``amplitude``/2."""
    return [max(0, min(255, 128 + (value - 128) * amplitude // 256)) for value in range(256)]
