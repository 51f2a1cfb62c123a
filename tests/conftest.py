"""Shared fixtures: a state folder under tmp_path and the resources pointing at it."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest

from assets.shared.resources import (
    LandingResource, MediaFilesResource, MetricsResource, ReportingResource, WarehouseResource,
)


ROOT = Path(__file__).resolve().parent.parent  # the repository
DATA = Path(__file__).resolve().parent / "data"  # real third-party files (tests/data/SOURCES.md)

# The fixtures' days hold a few rows, where DuckDB's parallelism only costs: each lake query reads the
# catalog with small internal queries, and waking worker threads for each was half of a tiny day's
# build (58 s with one thread, 108 s with two, the same day at load 4.5). Every warehouse a test opens
# and every process it starts (`media-analytics build`, `serve`, workers) uses one thread, unless
# DUCKDB_THREADS is set.
os.environ.setdefault("DUCKDB_THREADS", "1")
FIXTURE_THREADS = int(os.environ["DUCKDB_THREADS"])


class Workspace:
    """A throw-away MEDIA_ANALYTICS_HOME: landing folders, warehouse, reports and outbox."""

    def __init__(self, root: Path):
        self.root = root
        self.landing = root / "landing"
        self.warehouse_dir = root / "warehouse"  # the embedded default: catalog.sqlite and data/

    def warehouse(self) -> WarehouseResource:
        return WarehouseResource.in_folder(self.warehouse_dir, threads=FIXTURE_THREADS)

    def connect(self, read_only: bool = True):
        """A connection to the warehouse (read-only unless asked), as every reader gets one."""
        return self.warehouse().connect(read_only=read_only)

    def land(self, source: str, name: str, content: str | bytes | list[dict]) -> Path:
        """Write a landing file; a list of dicts is written as NDJSON."""
        path = self.landing / source / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, list):
            content = "".join(json.dumps(row) + "\n" for row in content)
        if isinstance(content, str):
            content = content.encode()
        path.write_bytes(content)
        return path

    def resources(self, media_root: Path | None = None, **metrics) -> dict:
        return {
            "media": MediaFilesResource(root=str(media_root) if media_root else ""),
            "warehouse": self.warehouse(),
            "landing": LandingResource(landing_dir=str(self.landing)),
            "metrics": MetricsResource(**metrics),
            "reporting": ReportingResource(
                reports_dir=str(self.root / "reports"), outbox_dir=str(self.root / "outbox"),
                recipients=["team@example.org"], sender="Media Analytics <ma@example.org>",
                email_max_age_days=100000,
            ),
        }

    def query(self, sql: str, params: dict | None = None) -> list[tuple]:
        with self.connect() as con:
            return con.execute(sql, params or {}).fetchall()


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path)


def item(media_id: str, **fields) -> dict:
    """An inventory row with sensible defaults."""
    row = {
        "id": media_id, "filename": f"{media_id}.jpg", "path": f"2026/10/{media_id}.jpg",
        "mime_type": "image/jpeg", "size": 1000, "created_at": "2026-10-01T10:00:00Z",
        "deleted_at": None, "title": media_id, "renditions": [], "usage_locations": [],
        "display_widths": [], "width": 800, "height": 600,
    }
    row.update(fields)
    return row


def event(event_id: str, media_id: str, event_type: str, timestamp: str, **fields) -> dict:
    """A usage event with the required fields."""
    return {"event_id": event_id, "media_id": media_id, "event_type": event_type,
            "timestamp": timestamp, **fields}


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def landed(workspace):
    """A workspace with a small inventory (one hostile filename), a few events on 2026-11-02 and
    access-log lines on 2026-11-01 and 2026-11-02."""
    return land_small_sample(workspace)


def land_small_sample(workspace: Workspace) -> Workspace:
    """The `landed` fixture's files, for module-scoped fixtures that build once and only read."""
    workspace.land("inventory", "export.ndjson", [
        item("m1", filename="hero.jpg", size=250_000, usage_locations=[{"type": "post", "id": "1", "status": "publish"}]),
        item("m2", filename='<script>alert("x")</script>\'.png', mime_type="image/png", size=90_000),
        item("m3", filename="report.pdf", mime_type="application/pdf", size=1_200_000),
    ])
    workspace.land("usage_events", "day.ndjson", [
        event("1", "m1", "impression", "2026-11-02T09:00:00Z", session_id="a"),
        event("2", "m1", "view", "2026-11-02T09:00:01Z", session_id="a"),
        event("3", "m2", "view", "2026-11-02T10:00:00Z", session_id="b"),
    ])
    agent = "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0"
    workspace.land("access_logs", "access.log", "".join(
        f'192.0.2.{n} - - [{day}/Nov/2026:10:00:00 +0000] "GET /media/2026/10/{name} HTTP/1.1" 200 {size} '
        f'"-" "{agent}" 0.0{n} {cache}\n'
        for n, (day, name, size, cache) in enumerate([
            ("01", "m1.jpg", 250_000, "MISS"), ("02", "m1.jpg", 250_000, "HIT"), ("02", "m3.jpg", 1_200_000, "HIT"),
        ], start=1)
    ))
    return workspace
