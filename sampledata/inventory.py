"""Writes the CMS export: ``inventory/cms-export.ndjson``, one JSON object per media item.

Fields and their order follow the inventory contract in DESIGN.md. Times are ISO 8601 with an offset
(``+00:00``); ``width``/``height`` are null and ``renditions`` empty for anything but images;
``alt_text`` is null for non-images; ``indexed`` only means something for documents (false
otherwise).
"""

from __future__ import annotations

from pathlib import Path

from sampledata.model import MediaItem
from sampledata.output import LineWriter
from sampledata.sinks import to_json
from sampledata.timestamps import iso

EXPORT_PATH = Path("inventory") / "cms-export.ndjson"


def inventory_record(item: MediaItem) -> dict:
    """The export's object for ``item``."""
    return {
        "id": item.id,
        "filename": item.filename,
        "path": item.path,
        "mime_type": item.mime_type,
        "size": item.size,
        "created_at": iso(item.created_at, millis=False),
        "deleted_at": None if item.deleted_at is None else iso(item.deleted_at, millis=False),
        "title": item.title,
        "description": item.description,
        "alt_text": item.alt_text,
        "width": item.width if item.kind == "image" else None,
        "height": item.height if item.kind == "image" else None,
        "renditions": [rendition.as_record() for rendition in item.renditions],
        "usage_locations": [location.as_record() for location in item.usage_locations],
        "display_widths": list(item.display_widths),
        "indexed": item.indexed,
    }


def write_inventory(items: list[MediaItem], landing_dir: Path) -> tuple[Path, int]:
    """Write the export; return its path and row count."""
    writer = LineWriter(landing_dir / EXPORT_PATH)
    for item in items:
        writer.write(to_json(inventory_record(item)))
    writer.close()
    return writer.path, writer.lines_written
