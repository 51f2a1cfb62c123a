"""The report's Images panel, read from the file-facts and image tables of one day."""

from __future__ import annotations

from datetime import date

import duckdb

from assets.shared.sqlfiles import fetch_dicts as _dicts
from reports.model import Footnote
from reports.sections import ImageFormat, ImageOpportunity, ImageOpportunityKind, ImageReport

TOP_OPPORTUNITIES_N = 10

IMAGE_FOOTNOTES = [
    Footnote("Compression ratio", "File bytes / (width × height × 3): the share of an uncompressed "
             "24-bit picture the file takes."),
    Footnote("Bytes saved", "Measured by re-encoding the file with Pillow (resize: same format at the "
             "largest display width; conversion: WebP quality 80, method 4, and AVIF quality 50, speed 8, "
             "the smaller kept), or estimated at 2/12 bytes per pixel for compression and files over "
             "16 MP [DevTools ImageDelivery]; conversion savings under 8.2 kB and compression savings "
             "under 4.1 kB are left out [Lighthouse: 8 KiB and 4 KiB]. Sizes are in decimal units "
             "everywhere (1 kB = 1,000 bytes). An unused rendition (no person requested it in the "
             "look-back window of access logs) saves its own bytes."),
    Footnote("Daily savings", "The bytes the day's access logs sent as the original file itself (status "
             "200 or 206; not its renditions, not its WebP/AVIF variants) × bytes saved / file bytes: each "
             "full response would have been that much smaller, so it never exceeds the bytes sent; none "
             "for an unused rendition (it saves storage, not bandwidth). The seed multiplied bytes saved "
             "by every request for the item, counting responses already optimised."),
    Footnote("Images read", "Original image files of the day's live items read under MEDIA_ROOT, and "
             "their bytes (renditions apart).", aliases=("Image storage",)),
    Footnote("Originals' savings", "What optimising the original files would save (resize, WebP/AVIF, "
             "compression, GIF to video), every file counted once at its largest saving — a file's kinds "
             "overlap (a resize and a conversion of the same original cannot both be saved in full) — as a "
             "share of the originals' bytes; below it the same weighted by the day's traffic (see Daily "
             "savings), beside the day's image bandwidth. Unused renditions are apart: they save storage, "
             "not bandwidth."),
    Footnote("Unused renditions", "Generated sizes no person requested in the look-back window of access "
             "logs [seed's cleanup]: their bytes, beside the bytes of every rendition of the live images."),
    Footnote("Optimisation kind", "Resize: an original over twice as wide as the widest it is displayed "
             "(resized to that width). Convert to WebP/AVIF: a JPEG, PNG, GIF, BMP or TIFF that is smaller "
             "as WebP or AVIF. Under-compressed: a WebP, AVIF or JPEG file above 2/12 bytes per pixel. "
             "Animated GIF → video: an animated GIF over 102,400 bytes. Unused rendition: a generated size "
             "no person requested in the look-back window of access logs.", aliases=("Kind",)),
    Footnote("Duplicates", "Live items whose original files have the same SHA-256; reclaimable = the "
             "files of every copy but the one to keep."),
]


def load_image_report(con: duckdb.DuckDBPyConnection, day: date, tz: str = "UTC") -> ImageReport | None:
    """The day's Images panel; None when no original image file was read for the day."""
    formats = [ImageFormat(r["image_format"], r["files"], int(r["bytes"]), r["compression_ratio"])
               for r in _dicts(con, "report_image_formats", {"day": day})]
    if not formats:
        return None
    pixels_bytes = sum(f.bytes / f.compression_ratio for f in formats if f.compression_ratio)
    duplicates = _dicts(con, "report_image_duplicates", {"day": day})[0]
    savings = _dicts(con, "report_image_savings", {"day": day, "tz": tz})[0]
    return ImageReport(
        images=sum(f.files for f in formats),
        bytes=sum(f.bytes for f in formats),
        compression_ratio=sum(f.bytes for f in formats) / pixels_bytes if pixels_bytes else None,
        formats=formats,
        kinds=[ImageOpportunityKind(r["kind"], r["files"], int(r["bytes_saved"]),
                                    None if r["traffic_weighted_daily_savings"] is None
                                    else int(r["traffic_weighted_daily_savings"]))
               for r in _dicts(con, "report_image_kinds", {"day": day})],
        top=[ImageOpportunity(**r)
             for r in _dicts(con, "report_image_top", {"day": day, "limit": TOP_OPPORTUNITIES_N})],
        duplicate_groups=duplicates["duplicate_groups"],
        duplicate_reclaimable_bytes=int(duplicates["duplicate_reclaimable_bytes"]),
        potential_bytes_saved=int(savings["potential_bytes_saved"]),
        potential_daily_savings=None if savings["potential_daily_savings"] is None
        else int(savings["potential_daily_savings"]),
        unused_renditions=savings["unused_renditions"],
        unused_rendition_bytes=int(savings["unused_rendition_bytes"]),
        rendition_bytes=int(savings["rendition_bytes"]),
        image_bytes_sent=None if savings["image_bytes_sent"] is None else int(savings["image_bytes_sent"]),
        new_oversized=savings["new_oversized"],
        new_oversized_bytes=int(savings["new_oversized_bytes"]),
    )
