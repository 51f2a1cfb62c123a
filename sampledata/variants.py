"""Which file a browser actually fetches for a media item, and under what URL.

The theme emits ``srcset`` with the item's renditions, so a browser takes the smallest rendition at
least as wide as the slot (CSS width × device pixel ratio), else the original. The cropped
``thumbnail`` is only used by the admin's media grid. An image-optimisation plugin serves a WebP
copy at ``<file>.webp`` for items with ``webp_variant`` to browsers that accept it; it is not in the
inventory (its bytes are a fixed share of the file's, by format). All URLs live under ``/media/``
and are percent-encoded (spaces, accents).
"""

from __future__ import annotations

import zlib
from urllib.parse import quote

from sampledata import locations
from sampledata.model import MediaItem, UsageLocation

URL_PREFIX = "/media/"
WEBP_SUFFIX = ".webp"


def media_url(path: str) -> str:
    """The percent-encoded request path of a file under the media root."""
    return quote(URL_PREFIX + path, safe="/-_.~")


def slot_width(item: MediaItem, location: UsageLocation) -> int | None:
    """The CSS width the location shows the item at, if it is shown at all."""
    widths = locations.display_widths(item.kind, (location,))
    return widths[0] if widths else None


def fetched_file(item: MediaItem, css_width: int | None, pixel_ratio: float
                 ) -> tuple[str, int]:
    """``(path, bytes)`` of the file a browser loads for ``item`` in a slot ``css_width`` wide."""
    if item.kind != "image" or css_width is None:
        return item.path, item.size
    needed = css_width * pixel_ratio
    for rendition in sorted(item.renditions, key=lambda rendition: rendition.width):
        if rendition.name != "thumbnail" and rendition.width >= needed:
            return rendition.path, rendition.size
    return item.path, item.size


def thumbnail(item: MediaItem) -> tuple[str, int]:
    """The admin grid's file: the cropped thumbnail, or the original when there is none."""
    for rendition in item.renditions:
        if rendition.name == "thumbnail":
            return rendition.path, rendition.size
    return item.path, item.size


def webp_bytes(item: MediaItem, size: int) -> int:
    """Bytes of the plugin's WebP copy of a ``size``-byte file (PNG shrinks far more than JPEG)."""
    spread = zlib.crc32(item.id.encode()) % 1000 / 1000
    share = (0.25 + 0.2 * spread) if item.mime_type == "image/png" else (0.55 + 0.25 * spread)
    return max(1, round(size * share))
