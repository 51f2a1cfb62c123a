"""The tracking service as users run it: uvicorn in a subprocess on a free loopback port, in its own
process group, stopped by its id."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import threading
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import datetime
from pathlib import Path

import dagster as dg
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from assets.ingest.assets import media_inventory, raw_usage_events
from assets.usage.assets import daily_media_usage
from assets.video.assets import raw_player_events, video_session_events, video_watch_segments
from conftest import DATA, ROOT, free_port

SALT = "test-salt"


class Service:
    def __init__(self, landing: Path, env: dict[str, str] | None = None, preexec=None, workers: int = 1):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.landing = landing
        self.log = landing.parent / f"service-{self.port}.log"
        environment = {**os.environ, "LANDING_DIR": str(landing), "IP_HASH_SALT": SALT,
                       "MEDIA_ANALYTICS_HOME": str(landing.parent), **(env or {})}
        # `media-analytics serve`, run as a module so that it is this checkout's code.
        command = [sys.executable, "-m", "pipelines.cli", "serve", "--host", "127.0.0.1",
                   "--port", str(self.port), "--workers", str(workers)]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=log, stderr=log,
                                            start_new_session=True, preexec_fn=preexec)
        self.wait_ready()

    def wait_ready(self, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"the service exited: {self.log.read_text()}")
            try:
                with urllib.request.urlopen(self.base + "/metrics", timeout=1):
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.1)
        raise AssertionError(f"the service did not answer in {timeout} s: {self.log.read_text()}")

    def post(self, path: str, body, content_type: str = "application/json", headers: dict | None = None):
        """(status, parsed JSON answer, headers) of a POST."""
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method="POST",
                                         headers={"Content-Type": content_type, **(headers or {})})
        return self._send(request)

    def get(self, path: str, headers: dict | None = None):
        return self._send(urllib.request.Request(self.base + path, headers=headers or {}))

    @staticmethod
    def _send(request):
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.read(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read(), dict(error.headers)

    def track(self, body, **kw):
        status, data, headers = self.post("/api/analytics/media/track", body, **kw)
        return status, json.loads(data) if data else None

    def engagement(self, body, **kw):
        status, data, headers = self.post("/api/analytics/media/engagement", body, **kw)
        return status, json.loads(data) if data else None

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 30.0) -> int:
        """Signal the process group and wait. After a graceful shutdown uvicorn re-raises the signal it
        caught, so a SIGTERM'd service exits with -15 whether or not it stopped cleanly: the log says."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, sig)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout)
        if sig == signal.SIGTERM:
            assert "Traceback" not in self.log.read_text(), self.log.read_text()
        return self.process.returncode


def landed_lines(landing: Path, source: str) -> list[dict]:
    """Every row of the collector's visible (rotated) files of `source`."""
    rows = []
    for path in sorted((landing / source / "collector").glob("*.ndjson")):
        rows += [json.loads(line) for line in path.read_text().splitlines() if line]
    return rows


def hidden_files(landing: Path, source: str) -> list[Path]:
    return sorted((landing / source / "collector").glob(".*"))


class RangeHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with byte ranges: a browser can only seek in a video served with them."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        wanted = self.headers.get("Range", "")
        path = self.translate_path(self.path)
        if not wanted.startswith("bytes=") or not os.path.isfile(path):
            return super().do_GET()
        size = os.path.getsize(path)
        first, _, last = wanted[6:].split(",")[0].partition("-")
        start = int(first) if first else size - int(last)
        end = min(int(last), size - 1) if first and last else size - 1
        with open(path, "rb") as handle:
            handle.seek(start)
            data = handle.read(end - start + 1)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def site(tmp_path):
    """The test page and its files, served by a real HTTP server on a free loopback port."""
    root = tmp_path / "site"
    root.mkdir()
    for source, name in [("images/hopper.jpg", "hopper.jpg"), ("images/flower.jpg", "flower.jpg"),
                         ("images/hopper.png", "hopper.png"),
                         ("documents/004-pdflatex-4-pages_pdflatex-4-pages.pdf", "report.pdf"),
                         ("audio_video/mdn_rabbit320.webm", "rabbit.webm")]:
        shutil.copy(DATA / source, root / name)
    handler = functools.partial(RangeHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def accepted(service: Service) -> dict[str, int]:
    with urllib.request.urlopen(service.base + "/metrics") as response:
        text = response.read().decode()
    counts = {"usage_events": 0, "player_events": 0}
    for line in text.splitlines():
        if line.startswith("tracking_events_accepted_total{"):
            source = line.split('source="')[1].split('"')[0]
            counts[source] = int(line.rsplit(" ", 1)[1])
    return counts


@contextlib.contextmanager
def chromium(autoplay: bool = False):
    """Debian's headless Chromium (never a downloaded one), closed at the end."""
    args = ["--no-sandbox"] + (["--autoplay-policy=no-user-gesture-required"] if autoplay else [])
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        try:
            yield browser
        finally:
            browser.close()


def page_at(browser: Browser, at: datetime) -> Page:
    """A 1280×720 page whose clock starts at `at` (the events it sends fall on that day)."""
    context = browser.new_context(viewport={"width": 1280, "height": 720}, accept_downloads=True)
    context.clock.install(time=at)
    return context.new_page()


def wait_until_accepted(service: Service, timeout: float, settle: float = 0.5, **at_least: int) -> None:
    """Until the service has accepted at least so many events of each source named (e.g.
    usage_events=3) or `timeout` seconds passed, then `settle` seconds more for stragglers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any(accepted(service)[s] < n for s, n in at_least.items()):
        time.sleep(0.2)
    time.sleep(settle)


def build_tracked_day(day, resources: dict) -> None:
    """Build `day`'s usage and watch tables from what the service landed, as the nightly job would."""
    result = dg.materialize([media_inventory, raw_usage_events, daily_media_usage, raw_player_events,
                             video_session_events, video_watch_segments],
                            partition_key=day.isoformat(), resources=resources)
    assert result.success
