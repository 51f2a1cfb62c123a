"""Benchmark of the tracking service (`media-analytics serve`) on loopback.

Three runs of --seconds each (default 60): single-event requests and batches of 50 at full speed with
wrk (Debian package `wrk`, closed loop: as fast as the service answers), then single events at half
the measured peak rate with an open-loop asyncio client (bench/tracking_load.py: requests go out on
a fixed schedule and latency counts from when each was due, so a stall is not hidden). For each:
requests/s, events/s, p50/p99 latency, events lost (acknowledged minus landed: must be 0), and the
CPU the load generator and the service took (of the machine's 2 cores).

    nice -n 5 .venv/bin/python bench/tracking.py --seconds 60 --workers 2
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TICK = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def group_cpu_seconds(pgid: int) -> float:
    """User + system CPU of every live process in the group."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:  # fields after the name: state, ppid, pgrp, ...
            total += int(fields[11]) + int(fields[12])
    return total / TICK


class Server:
    """`media-analytics serve` with `env` on a free port, in its own process group, answering."""

    def __init__(self, env: dict[str, str], log: Path, workers: int):
        self.port = free_port()
        self.log = open(log, "ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pipelines.cli", "serve", "--port", str(self.port), "--workers", str(workers)],
            cwd=ROOT, env={**os.environ, **env}, stdout=self.log, stderr=self.log, start_new_session=True)
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=1).read()
                break
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise SystemExit("the service did not start: see " + self.log.name)
                time.sleep(0.2)
        time.sleep(2)  # every worker up

    def cpu(self) -> float:
        return group_cpu_seconds(self.process.pid)

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(60)
        self.log.close()


def landed_events(landing: Path) -> int:
    folder = landing / "usage_events" / "collector"
    hidden = list(folder.glob(".*"))
    if hidden:
        raise SystemExit(f"files left unrotated after SIGTERM: {hidden}")
    return sum(path.read_bytes().count(b"\n") for path in folder.glob("*.ndjson"))


def run_wrk(port: int, batch: int, seconds: int, connections: int, threads: int) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
         "-s", str(ROOT / "bench" / "tracking_wrk.lua"), f"http://127.0.0.1:{port}"],
        env={**os.environ, "BATCH": str(batch)}, capture_output=True, text=True, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    figures["client_cpu_s"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    figures["acknowledged_events"] = (figures["requests"] - figures["non_2xx"]) * batch
    figures["seconds"] = figures["duration_us"] / 1e6
    return figures


def run_open_loop(port: int, rate: float, seconds: int, connections: int) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "tracking_load.py"), "--port", str(port), "--rate", str(rate),
         "--seconds", str(seconds), "--connections", str(connections)],
        capture_output=True, text=True, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    figures["client_cpu_s"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return figures


def measure(name: str, work, workers: int, keep: Path | None) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="tracking-bench-", dir=keep))
    landing = folder / "landing"
    server = Server({"LANDING_DIR": str(landing), "MEDIA_ANALYTICS_HOME": str(landing.parent), "IP_HASH_SALT": "bench",
                     "TRACKING_RATE_LIMIT": "0"}, landing.parent / "service.log", workers)
    cpu_before, started = server.cpu(), time.monotonic()
    figures = work(server.port)
    figures["server_cpu_s"] = server.cpu() - cpu_before
    wall = time.monotonic() - started
    server.stop()
    figures["landed_events"] = landed_events(landing)
    # Requests still in flight when the load stopped may land without their answer being counted:
    # landed can exceed acknowledged; lost is what was acknowledged and did not land.
    figures["lost_events"] = max(0, figures["acknowledged_events"] - figures["landed_events"])
    figures["landed_unacknowledged"] = max(0, figures["landed_events"] - figures["acknowledged_events"])
    seconds = figures["seconds"]
    figures["requests_per_s"] = (figures["requests"] - figures.get("non_2xx", 0)) / seconds
    figures["events_per_s"] = figures["acknowledged_events"] / seconds
    figures["client_cores"] = figures["client_cpu_s"] / wall
    figures["server_cores"] = figures["server_cpu_s"] / wall
    figures["load_average"] = os.getloadavg()[0]
    if keep is None:
        shutil.rmtree(folder)
    print(f"{name}: {figures['requests_per_s']:,.0f} req/s, {figures['events_per_s']:,.0f} events/s, "
          f"p50 {figures['p50_ms']:.1f} ms, p99 {figures['p99_ms']:.1f} ms, lost {figures['lost_events']}, "
          f"client {figures['client_cores']:.2f} cores, service {figures['server_cores']:.2f} cores, "
          f"load average {figures['load_average']:.1f}", flush=True)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--wrk-threads", type=int, default=1)
    parser.add_argument("--output", type=Path, default=None, help="write the figures as JSON here")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    results = {
        "single": measure("single events", lambda port: run_wrk(port, 1, args.seconds, args.connections,
                                                                  args.wrk_threads), args.workers, None),
        "batch50": measure("batches of 50", lambda port: run_wrk(port, 50, args.seconds, args.connections,
                                                                   args.wrk_threads), args.workers, None),
    }
    half = results["single"]["requests_per_s"] / 2
    results["half_peak"] = measure(f"single events at {half:,.0f} req/s (half the peak)",
                                   lambda port: run_open_loop(port, half, args.seconds, args.connections),
                                   args.workers, None)
    results["settings"] = vars(args) | {"output": str(args.output)}
    if args.output:
        args.output.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
