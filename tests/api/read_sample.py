"""A small built warehouse for the read API's tests, and the service serving it.

Three sample days are generated and built once per test session (`media-analytics build`, as a
user runs it) into a folder every test worker shares; tests only read it. A test that writes (a
build beside requests) makes its own.
"""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path

import pytest

from cli_process import finish, start
from sampledata.generate import generate
from tracking_service import Service

FIRST, LAST = "2026-11-01", "2026-11-03"
TOKEN = "read-token-for-tests"


def generate_sample(home: Path, days: int = 3, end: str = LAST) -> None:
    generate(home / "landing", home / "media", days=days, end=end, seed=11, events_per_day=500,
             player_sessions_per_day=15, access_lines_per_day=500, library_scale=0.01, workers=1)


def build(home: Path, first: str = FIRST, last: str = LAST) -> str:
    code, out, err = finish(start("build", first, last, home=home, MEDIA_ROOT=str(home / "media"),
                                  PARTITIONS_START=FIRST), timeout=1800)
    assert code == 0, err[-3000:]
    return out


def shared_sample(tmp_path_factory) -> Path:
    """The built sample's state folder (MEDIA_ANALYTICS_HOME), made by the first worker that asks."""
    session = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):  # each worker has a folder of its own in the session's
        session = session.parent
    home = session / "read-api-sample"
    with open(home.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (home / ".built").exists():
            home.mkdir(exist_ok=True)
            generate_sample(home)
            build(home)
            (home / ".built").touch()
    return home


class ReadService(Service):
    """`media-analytics serve` on `home` with API_TOKENS set."""

    def __init__(self, home: Path, tokens: str = TOKEN, **env):
        super().__init__(home / "landing", env={"MEDIA_ROOT": str(home / "media"), "API_TOKENS": tokens,
                                                "PARTITIONS_START": FIRST, **env})

    def read(self, path: str, token: str | None = TOKEN, headers: dict | None = None):
        """(status, parsed JSON or None, headers with lower-case names) of a GET with the bearer token."""
        sent = {**({"Authorization": f"Bearer {token}"} if token else {}), **(headers or {})}
        status, body, answered = self.get(path, headers=sent)
        return status, json.loads(body) if body else None, {k.lower(): v for k, v in answered.items()}


# Fixtures the read API's test modules import: the built sample and the service serving it.

@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    return shared_sample(tmp_path_factory)


@pytest.fixture(scope="module")
def service(home):
    started = ReadService(home)
    try:
        yield started
    finally:
        started.stop()


def answer(service: ReadService, path: str) -> dict:
    """The JSON of a GET that must answer 200."""
    status, body, _ = service.read(path)
    assert status == 200, body
    return body
