"""Sample data for the media analytics pipeline: a CMS media library and its landing files.

``python -m sampledata --landing DIR --media-root DIR`` (or :func:`generate`) writes:

- ``MEDIA_ROOT/YYYY/MM/…`` — the media files: Pillow-drawn photos and graphics (JPEG, PNG, WebP,
  GIF, some animated), WordPress-style renditions (``stem-300x200.jpg``), PDFs with and without a
  text layer, text and CSV files, and real third-party files (``sampledata/files``) including audio,
  video, an encrypted PDF and a CMYK JPEG;
- ``LANDING/inventory/cms-export.ndjson`` — the CMS export of every item;
- ``LANDING/usage_events/YYYY/MM/YYYY-MM-DD.ndjson.gz`` (plus one ``.app-export.csv`` and one
  ``.app-export.parquet`` day) — usage events;
- ``LANDING/player_events/YYYY-MM-DD.ndjson.gz`` — video/audio player events;
- ``LANDING/access_logs/YYYY/MM/access-YYYY-MM-DD.log.gz`` — nginx access logs.

Field names follow the input contracts in DESIGN.md. Output is deterministic: the same arguments
give byte-identical files. Event files are streamed, so tens of millions of events a day fit in
memory.
"""

from sampledata.generate import generate
from sampledata.summary import GenerationSummary

__all__ = ["GenerationSummary", "generate"]
