"""Benchmark of the read API (`media-analytics serve`, GET /api/analytics/media...) on a built
warehouse (the demo's: `scripts/demo` first), on loopback with wrk (Debian package `wrk`).

Three loads of --seconds each, with --connections concurrent clients: the overview of the latest
built day; a list (/usage, 20 items a page, cycling through --pages pages and the four media types);
one item (/{id}, cycling through the --ids most used items). Each is run against a fresh service
twice: with answers kept in memory (READ_API_CACHE_MB, the default: the first request of each URL is
computed, the rest reuse it until the day is rebuilt) and with none kept (READ_API_CACHE_MB=0: every
request computed from the warehouse). For each: how long the first answer took alone (nothing kept
yet: the cost after a rebuild), then under load requests/s, p50/p95/p99 latency, errors, the
service's CPU (of the machine's 2 cores).

    .venv/bin/python bench/read_api.py --home var --seconds 30
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import tracking
from tracking import group_cpu_seconds

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "bench-read-token"
MEDIA = "/api/analytics/media"


class Server(tracking.Server):
    """The service on the built state folder `home`, with the bench's token."""

    def __init__(self, home: Path, cache_mb: int, workers: int, log: Path):
        super().__init__({"MEDIA_ANALYTICS_HOME": str(home), "API_TOKENS": TOKEN,
                          "READ_API_CACHE_MB": str(cache_mb), "IP_HASH_SALT": "bench"}, log, workers)

    def get(self, path: str) -> dict:
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}",
                                         headers={"Authorization": f"Bearer {TOKEN}"})
        with urllib.request.urlopen(request, timeout=120) as answer:
            return json.loads(answer.read())



def loads(server: Server, ids: int, pages: int) -> dict[str, list[str]]:
    """The URLs of each load, found from the warehouse through the API itself (/usage: asked
    before the load, so the list load starts with its first page kept)."""
    items = [i["id"] for i in server.get(f"{MEDIA}/usage?limit={ids}")["items"]]
    lists, cursor = [], ""
    for _ in range(pages):
        lists.append(f"{MEDIA}/usage?limit=20{cursor}")
        following = server.get(lists[-1])["page"]["nextCursor"]
        if following is None:
            break
        cursor = f"&cursor={following}"
    lists += [f"{MEDIA}/usage?limit=20&type={t}" for t in ("image", "video", "audio", "document")]
    return {"overview": [MEDIA], "list": lists, "item": [f"{MEDIA}/{i}" for i in items]}


def run(server: Server, paths: list[str], seconds: int, connections: int, threads: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".paths", delete=False) as listed:
        listed.write("\n".join(paths) + "\n")
    cpu, started = group_cpu_seconds(server.process.pid), time.monotonic()
    done = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
         "-s", str(ROOT / "bench" / "read_api_wrk.lua"), f"http://127.0.0.1:{server.port}"],
        env={**os.environ, "PATHS": listed.name, "TOKEN": TOKEN}, capture_output=True, text=True, check=True)
    os.unlink(listed.name)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    figures["seconds"] = figures["duration_us"] / 1e6
    figures["requests_per_s"] = (figures["requests"] - figures["non_2xx"]) / figures["seconds"]
    figures["urls"] = len(paths)
    figures["server_cores"] = (group_cpu_seconds(server.process.pid) - cpu) / (time.monotonic() - started)
    figures["load_average"] = os.getloadavg()[0]
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", type=Path, default=ROOT / "var", help="the built state folder (default var)")
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=1, help="service worker processes")
    parser.add_argument("--ids", type=int, default=200, help="items the /{id} load cycles through")
    parser.add_argument("--pages", type=int, default=10, help="pages of /usage the list load cycles through")
    parser.add_argument("--output", type=Path, help="write the figures here as JSON")
    args = parser.parse_args()
    if not (args.home / "warehouse" / "catalog.sqlite").exists():
        raise SystemExit(f"no warehouse under {args.home}: run scripts/demo first (or pass --home)")
    results = {}
    for cache_mb, kept in ((64, "kept"), (0, "none kept")):
        for name in ("overview", "list", "item"):
            server = Server(args.home, cache_mb, args.workers, args.home / "bench-read-api.log")
            try:
                paths = loads(server, args.ids, args.pages)[name]
                first = paths[-1] if name == "list" else paths[0]  # a URL not asked yet
                started = time.monotonic()
                server.get(first)
                first_ms = (time.monotonic() - started) * 1000
                figures = run(server, paths, args.seconds, args.connections, args.threads)
                figures["first_answer_ms"] = first_ms
            finally:
                server.stop()
            results[f"{name}, answers {kept}"] = figures
            print(f"{name:8s} answers {kept:9s}: {figures['requests_per_s']:7,.0f} req/s, "
                  f"p50 {figures['p50_ms']:6.1f} ms, p95 {figures['p95_ms']:6.1f} ms, p99 {figures['p99_ms']:6.1f} ms, "
                  f"non-2xx {figures['non_2xx']}, {figures['urls']} URLs, first answer {first_ms:,.0f} ms alone, "
                  f"service {figures['server_cores']:.2f} cores, "
                  f"load average {figures['load_average']:.1f}", flush=True)
    if args.output:
        args.output.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
