"""A small hand-written DailyReport shared by the report tests.

A plain module, not a conftest.py: a second conftest would take the `conftest` module name that
tests at the top of tests/ import from.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone


from reports.model import (
    CleanupCandidate,
    DailyReport,
    DataQuality,
    DayPoint,
    Footnote,
    MediaUsage,
    StorageOverview,
    TypeStorage,
    UnusedClass,
    Upload,
    UsageTotals,
)

HOSTILE = """<script>alert("x")</script>'.jpg"""
DAY = date(2026, 11, 23)


def _trend() -> list[DayPoint]:
    first = DAY - timedelta(days=29)
    return [
        DayPoint(
            day=first + timedelta(days=i),
            files=1200 + i,
            bytes=2_000_000_000 + i * 10_000_000,
            uploads=i % 4,
            deletions=i % 3,
            views=100 + i,
            clicks=10,
            downloads=i % 2,
        )
        for i in range(30)
    ]


def sample_report() -> DailyReport:
    """Return a report whose most used media and cleanup candidates include a hostile filename."""
    return DailyReport(
        day=DAY,
        generated_at=datetime(2026, 11, 24, 5, 30, tzinfo=timezone.utc),
        storage=StorageOverview(
            files=1234,
            bytes=2_400_000_000,
            avg_bytes=1_944_894.65,
            uploads=3,
            deletions=1,
            quota_bytes=10_000_000_000,
            quota_used=0.24,
            by_type=[
                TypeStorage("image", 1000, 400_000_000, 400_000.0, 2, 1),
                TypeStorage("video", 34, 1_900_000_000, 55_882_352.9, 1, 0),
                TypeStorage("document", 200, 100_000_000, 500_000.0, 0, 0),
            ],
        ),
        usage=UsageTotals(
            impressions=5000,
            views=4000,
            clicks=200,
            downloads=50,
            shares=10,
            previews=30,
            unique_users=1500,
            click_through_rate=0.05,
            engagement_rate=0.065,
        ),
        most_used=[
            MediaUsage("m-1", "hero-banner.jpg", "image", 2500, 150, 0, 8, 900, 0.06, 0.0632,
                       100.0),
            MediaUsage("m-2", HOSTILE, "image", 1200, 0, 40, 2, 400, 0.0, 0.035, 87.25),
            MediaUsage("m-3", "podcast.mp3", "audio", 0, 0, 0, 0, 0, None, None, None),
        ],
        unused_classes=[
            UnusedClass("in_use", 900, 1_800_000_000),
            UnusedClass("stale", 120, 200_000_000),
            UnusedClass("hot_linked", 58, 60_000_000),
            UnusedClass("cleanup_candidate", 156, 340_000_000),
        ],
        cleanup_candidates=[
            CleanupCandidate("m-9", "old-video.mp4", "video", 120_000_000, "low",
                             datetime(2024, 1, 5, 9, 0, tzinfo=timezone.utc)),
            CleanupCandidate("m-8", HOSTILE, "image", 2_500_000, "medium", None),
        ],
        lookback_days=90,
        recent_uploads=[
            Upload("m-20", "team-photo.png", "image", 3_200_000,
                   datetime(2026, 11, 23, 14, 5, tzinfo=timezone.utc)),
        ],
        trend=_trend(),
        data_quality=DataQuality(rows_loaded=48_210, rows_rejected=12, duplicates_dropped=3),
        footnotes=[
            Footnote("Click-through rate", "Clicks / views; no value when there were no views."),
            Footnote("Potential savings", "Bytes of the file and all its renditions."),
        ],
    )

