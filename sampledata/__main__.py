"""Command line: ``python -m sampledata --landing DIR --media-root DIR [options]``.

Writes a realistic CMS media library under ``--media-root`` and day-by-day landing files (usage
events, player events, access logs, the CMS export) under ``--landing``; run ``--help`` for the
options. The same options always produce byte-identical files.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date

from sampledata.generate import generate


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    """The command's options (see ``--help``)."""
    parser = argparse.ArgumentParser(
        prog="python -m sampledata",
        description="Write a sample CMS media library and day-by-day landing files.")
    parser.add_argument("--landing", required=True, help="landing zone folder to write into")
    parser.add_argument("--media-root", required=True, help="folder for the media files")
    parser.add_argument("--days", type=int, default=30, help="days of traffic (default 30)")
    parser.add_argument("--end", type=date.fromisoformat, default=None,
                        help="last day, YYYY-MM-DD (default: yesterday, UTC)")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument("--events-per-day", type=int, default=20_000,
                        help="usage events per day (default 20000)")
    parser.add_argument("--player-sessions-per-day", type=int, default=600,
                        help="video/audio player sessions per day (default 600)")
    parser.add_argument("--access-lines-per-day", type=int, default=30_000,
                        help="access-log lines per day (default 30000)")
    parser.add_argument("--malformed-share", type=float, default=0.01,
                        help="share of deliberately broken records (default 0.01)")
    parser.add_argument("--library-scale", type=float, default=1.0,
                        help="multiplies the library's 1,234 items (default 1.0)")
    parser.add_argument("--workers", type=int, default=None,
                        help="worker processes (default: one per CPU; output does not depend "
                             "on it)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the generator and print its summary."""
    options = parse_arguments(argv)
    started = time.perf_counter()
    summary = generate(
        options.landing, options.media_root, days=options.days, end=options.end, seed=options.seed,
        events_per_day=options.events_per_day,
        player_sessions_per_day=options.player_sessions_per_day,
        access_lines_per_day=options.access_lines_per_day,
        malformed_share=options.malformed_share, library_scale=options.library_scale,
        workers=options.workers)
    print(summary.describe())
    print(f"  done in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
