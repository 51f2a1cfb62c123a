"""What kinds of files the library holds and in what proportions (the *blueprints*).

The mix follows a typical CMS media library: mostly JPEG photos, some of them straight from a camera
and far larger than the theme ever shows them; PNG screenshots and a few PNG photos that WebP would
shrink a lot; a few GIFs (one animated and heavy); WebP uploads; text PDFs, scans, a few text/CSV
files; byte-identical re-uploads; and the real files from ``sampledata/files``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from sampledata import bundled
from sampledata.model import FileRecipe
from sampledata.randomness import weighted

SEED_LIBRARY = {"image": 856, "video": 45, "document": 289, "audio": 44}

# Deliberate traps the product must handle whatever the scale (name, MIME type the CMS recorded).
SPECIAL_IMAGES = (
    ("Café on the quay.jpg", "JPEG"),          # spaces and an accent: URL-encoded in requests
    ("harbour-map-export.jpg", "PNG"),         # PNG bytes behind a .jpg name and image/jpeg
    ("lighthouse-from-phone.jpg", "WEBP"),     # WebP bytes behind a .jpg name and image/jpeg
    ("festival-countdown.gif", "GIF"),         # animated GIF well over 100 KiB
)

_IMAGE_MIX = weighted([
    ("photo_jpeg", 74.0), ("photo_png", 4.5), ("graphic_png", 9.0), ("photo_webp", 7.0),
    ("graphic_gif", 3.0), ("animation_gif", 1.5), ("copy", 2.0),
])
_DOCUMENT_MIX = weighted([
    ("text_pdf", 60.0), ("scanned_pdf", 11.0), ("ocr_pdf", 5.0), ("docx_file", 5.0), ("html_file", 3.0),
    ("markdown_file", 2.0), ("text_file", 4.0), ("csv_file", 4.0), ("copy", 4.0),
])
_DOCUMENT_FILES = {  # method: (MIME type, extension)
    "docx_file": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "html_file": ("text/html", "html"),
    "markdown_file": ("text/markdown", "md"),
}
_PHOTO_WIDTHS = weighted([((480, 960), 32.0), ((1000, 1400), 47.0), ((1500, 2200), 18.0),
                          ((2800, 4032), 3.0)])
_ASPECTS = weighted([(3 / 2, 45.0), (4 / 3, 25.0), (16 / 9, 10.0), (2 / 3, 15.0), (1.0, 5.0)])
_JPEG_QUALITY = weighted([((60, 72), 20.0), ((75, 85), 62.0), ((88, 95), 18.0)])


@dataclass(frozen=True)
class Blueprint:
    """An item before it has a name or dates: its kind, how its file is made and how to name it."""

    kind: str
    recipe: FileRecipe
    mime_type: str
    extension: str
    name_style: str
    fixed_filename: str | None = None


def scaled_counts(scale: float) -> dict[str, int]:
    """Items per kind for ``--library-scale``, never fewer than the real and trap files need."""
    minimum = {
        "image": len(bundled.BUNDLED_IMAGES) + len(SPECIAL_IMAGES) + len(_IMAGE_MIX.options),
        "video": len(bundled.BUNDLED_VIDEOS),
        "document": len(bundled.BUNDLED_DOCUMENTS) + len(_DOCUMENT_MIX.options),
        "audio": len(bundled.BUNDLED_AUDIO),
    }
    return {kind: max(minimum[kind], round(count * scale)) for kind, count in SEED_LIBRARY.items()}


def library_blueprints(rng: random.Random, counts: dict[str, int]) -> list[Blueprint]:
    """Blueprints for the whole library, in no particular order (dates are assigned later)."""
    return [
        *_image_blueprints(rng, counts["image"]),
        *_document_blueprints(rng, counts["document"]),
        *_copies_of(rng, bundled.BUNDLED_VIDEOS, (0.6, 0.4), counts["video"], "video"),
        *_copies_of(rng, bundled.BUNDLED_AUDIO, (0.5, 0.5), counts["audio"], "audio"),
    ]


def photo_size(rng: random.Random) -> tuple[int, int]:
    """Pixel size of an uploaded photo: mostly 1,000–1,400 px on the long side, some small, a few
    straight from the camera (up to 4,032 px)."""
    low, high = _PHOTO_WIDTHS.draw(rng)
    long_side = rng.randrange(low, high + 1)
    aspect = _ASPECTS.draw(rng)
    if aspect >= 1:
        return long_side, max(1, round(long_side / aspect))
    return max(1, round(long_side * aspect)), long_side


def _image_blueprints(rng: random.Random, count: int) -> list[Blueprint]:
    prints = [
        Blueprint("image", FileRecipe("bundled", source=real.name), real.mime_type,
                  real.name.rsplit(".", 1)[1], "bundled")
        for real in bundled.BUNDLED_IMAGES
    ]
    for filename, image_format in SPECIAL_IMAGES:
        if image_format == "GIF":
            recipe = FileRecipe("animation", "GIF", 480, 360, pages=30, grain=24)
            mime = "image/gif"
        else:
            recipe = _synthetic_image(rng, "photo", image_format)
            mime = "image/jpeg"
        extension = filename.rsplit(".", 1)[1]
        prints.append(Blueprint("image", recipe, mime, extension, "fixed", filename))
    prints.extend(_image_blueprint(rng, variety) for variety in _IMAGE_MIX.options)  # one of each
    while len(prints) < count:
        prints.append(_image_blueprint(rng, _IMAGE_MIX.draw(rng)))
    return prints


def _image_blueprint(rng: random.Random, variety: str) -> Blueprint:
    if variety == "copy":
        return Blueprint("image", FileRecipe("copy"), "", "", "copy")
    method, image_format = {
        "photo_jpeg": ("photo", "JPEG"), "photo_png": ("photo", "PNG"),
        "graphic_png": ("graphic", "PNG"), "photo_webp": ("photo", "WEBP"),
        "graphic_gif": ("graphic", "GIF"), "animation_gif": ("animation", "GIF"),
    }[variety]
    recipe = _synthetic_image(rng, method, image_format)
    extension = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}[image_format]
    style = method
    if variety == "photo_jpeg" and rng.random() < 0.14:
        style = "camera"
    elif variety == "graphic_png" and rng.random() < 0.3:
        style = "screenshot"
    mime = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
    return Blueprint("image", recipe, mime[image_format], extension, style)


def _synthetic_image(rng: random.Random, method: str, image_format: str) -> FileRecipe:
    if method == "animation":
        width = rng.choice((240, 320, 400))
        return FileRecipe("animation", "GIF", width, width * 3 // 4, pages=rng.randrange(8, 24),
                          grain=rng.randrange(8, 30))
    if method == "graphic":
        width = rng.randrange(320, 1600)
        height = max(80, round(width * rng.choice((0.25, 0.5, 0.5625, 0.75, 1.0))))
        return FileRecipe("graphic", image_format, width, height)
    width, height = photo_size(rng)
    if image_format == "PNG":  # photos exported as PNG: moderate size, lossless, heavy
        scale = rng.uniform(640, 1100) / max(width, height)
        return FileRecipe("photo", "PNG", round(width * scale), round(height * scale),
                          grain=rng.randrange(8, 17))
    low, high = _JPEG_QUALITY.draw(rng) if image_format == "JPEG" else (72, 86)
    return FileRecipe("photo", image_format, width, height, quality=rng.randrange(low, high + 1),
                      grain=rng.randrange(8, 29))


def _document_blueprints(rng: random.Random, count: int) -> list[Blueprint]:
    prints = [
        Blueprint("document", FileRecipe("bundled", source=real.name), real.mime_type, "pdf",
                  "bundled")
        for real in bundled.BUNDLED_DOCUMENTS
    ]
    varieties = list(_DOCUMENT_MIX.options)  # one of each, then by the mix
    while len(prints) < count:
        variety = varieties.pop(0) if varieties else _DOCUMENT_MIX.draw(rng)
        if variety == "copy":
            prints.append(Blueprint("document", FileRecipe("copy"), "", "", "copy"))
        elif variety == "text_pdf":
            prints.append(Blueprint("document", FileRecipe("text_pdf", pages=_page_count(rng)),
                                    "application/pdf", "pdf", "document"))
        elif variety in ("scanned_pdf", "ocr_pdf"):
            recipe = FileRecipe(variety, pages=rng.randrange(1, 4))
            prints.append(Blueprint("document", recipe, "application/pdf", "pdf", "document"))
        elif variety in _DOCUMENT_FILES:
            mime_type, extension = _DOCUMENT_FILES[variety]
            prints.append(Blueprint("document", FileRecipe(variety), mime_type, extension, "document"))
        elif variety == "text_file":
            prints.append(Blueprint("document", FileRecipe("text_file"), "text/plain", "txt",
                                    "data"))
        else:
            prints.append(Blueprint("document", FileRecipe("csv_file"), "text/csv", "csv", "data"))
    return prints


def _page_count(rng: random.Random) -> int:
    return min(40, max(1, round(rng.lognormvariate(1.2, 0.8))))


def _copies_of(rng: random.Random, files: tuple, weights: tuple[float, ...], count: int,
               kind: str) -> list[Blueprint]:
    prints = [Blueprint(kind, FileRecipe("bundled", source=real.name), real.mime_type,
                        real.name.rsplit(".", 1)[1], kind) for real in files]
    chooser = weighted(list(zip(files, weights)))
    while len(prints) < count:
        real = chooser.draw(rng)
        prints.append(Blueprint(kind, FileRecipe("bundled", source=real.name), real.mime_type,
                                real.name.rsplit(".", 1)[1], kind))
    return prints
