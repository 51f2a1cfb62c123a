"""`media-analytics` as a user runs it, for tests: a subprocess in its own process group whose output
goes to files, waited for with a deadline that kills the group."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT

# A fixed salt, so that two warehouses hash client IPs alike and can be compared row for row.
SALT = {"IP_HASH_SALT": "a fixed salt, so that two warehouses hash client IPs alike"}


def start(*args, home: Path, **env) -> subprocess.Popen:
    """`media-analytics ARGS` in its own process group, its output in files beside the state folder."""
    n = len(list(home.parent.glob(f"{home.name}-*.out")))
    out, err = (open(home.parent / f"{home.name}-{n}.{kind}", "w+") for kind in ("out", "err"))
    process = subprocess.Popen([sys.executable, "-m", "pipelines.cli", *args], cwd=ROOT, text=True,
                               stdout=out, stderr=err, start_new_session=True,
                               env={**os.environ, "MEDIA_ANALYTICS_HOME": str(home), "DAGSTER_HOME": "",
                                    **SALT, **env})
    process.out, process.err = out, err
    return process


def output(process: subprocess.Popen) -> tuple[str, str]:
    return Path(process.out.name).read_text(), Path(process.err.name).read_text()


def finish(process: subprocess.Popen, timeout: float) -> tuple[int, str, str]:
    """Wait for `process`; past `timeout` its process group is killed and the test fails."""
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        out, err = output(process)
        pytest.fail(f"still running after {timeout:.0f} s; stdout: {out!r}; stderr: {err[-2000:]!r}")
    return (process.returncode, *output(process))


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    pytest.fail(f"{what} did not happen within {timeout:.0f} s")
