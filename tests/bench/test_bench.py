"""The benchmark harness (bench/daily_tables.py) runs end to end on its tiny preset: the job builds
every asset, the bare DuckDB pass and the pandas baseline run, and pandas' tables equal ours. No
figure is checked here (speed is measured in bench/, never asserted in tests)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from conftest import ROOT



def test_tiny_preset_builds_every_table_and_pandas_agrees(tmp_path):
    done = subprocess.run(
        [sys.executable, "bench/daily_tables.py", "--preset", "tiny", "--data", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=900, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    figures = json.loads((tmp_path / "tiny-x1" / "figures.json").read_text())
    steps = figures["job"]["steps"]
    assert {"raw_usage_events", "raw_player_events", "raw_access_log", "media_inventory", "daily_media_usage",
            "daily_video_engagement", "daily_media_delivery", "unused_media", "daily_report"} <= set(steps)
    assert all(step["peak_rss"] > 0 for step in steps.values())
    assert set(figures["bare"]["steps"]) == {"usage_events", "player_events", "access_logs", "inventory"}
    for table in ("daily_media_usage", "daily_video_engagement"):
        rows, differences = figures["equal"][table]
        assert rows > 0 and differences == {}, (table, differences)
    inventory = (tmp_path / "tiny-x1" / "landing" / "inventory")
    assert sum(len(p.read_text().splitlines()) for p in inventory.glob("*.ndjson")) == 500
    assert "ours / lower bound" in done.stdout
