"""The records the generator passes around: media items, their renditions and usage locations.

A :class:`MediaItem` is planned first (names, dates, metadata, how its file is made) and completed
once its file is written (real byte size, pixel size, renditions). Instants are epoch seconds (UTC).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True)
class UsageLocation:
    """A place in the CMS that shows or links the media: post, page, widget, theme slot or email."""

    type: str
    id: int
    title: str
    url: str
    usage: str
    status: str

    def as_record(self) -> dict:
        return {"type": self.type, "id": self.id, "title": self.title, "url": self.url,
                "usage": self.usage, "status": self.status}


@dataclass(frozen=True)
class Rendition:
    """A resized copy the CMS generated for an image (WordPress names: ``stem-300x200.jpg``)."""

    name: str
    path: str
    width: int
    height: int
    size: int

    def as_record(self) -> dict:
        return {"name": self.name, "path": self.path, "width": self.width, "height": self.height,
                "size": self.size}


@dataclass(frozen=True)
class FileRecipe:
    """How an item's file is produced.

    ``method`` is one of ``photo``, ``graphic``, ``animation`` (synthetic images), ``bundled`` (copy
    of a real file in ``sampledata/files``), ``copy`` (byte-identical copy of another item,
    ``source`` is its id), ``text_pdf``, ``scanned_pdf``, ``ocr_pdf``, ``docx_file``, ``html_file``,
    ``markdown_file``, ``text_file`` or ``csv_file``.
    """

    method: str
    image_format: str | None = None
    width: int | None = None
    height: int | None = None
    quality: int | None = None
    grain: int | None = None
    pages: int | None = None
    source: str | None = None


@dataclass(frozen=True)
class MediaItem:
    """One media library entry: the inventory fields plus what the traffic generators need."""

    id: str
    kind: str
    filename: str
    path: str
    mime_type: str
    created_at: float
    deleted_at: float | None
    title: str | None
    description: str | None
    alt_text: str | None
    usage_locations: tuple[UsageLocation, ...]
    display_widths: tuple[int, ...]
    indexed: bool
    recipe: FileRecipe
    popularity: float
    hotlink_weight: float
    duration: float | None
    webp_variant: bool
    size: int = 0
    width: int | None = None
    height: int | None = None
    renditions: tuple[Rendition, ...] = field(default=())

    def is_live(self, epoch: float) -> bool:
        """Uploaded at or before ``epoch`` and not deleted yet."""
        return self.created_at <= epoch and (self.deleted_at is None or epoch < self.deleted_at)

    @cached_property
    def published_locations(self) -> tuple[UsageLocation, ...]:
        """Locations visitors can see, the only ones usage events come from."""
        return tuple(location for location in self.usage_locations if location.status == "publish")
