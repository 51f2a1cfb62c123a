"""Open-loop load for bench/tracking.py: single usage events POSTed at a fixed rate over keep-alive
connections (asyncio streams, HTTP/1.1 written by hand: a client library would cost more CPU than the
service). Each request has a due time; its latency is counted from then, so waiting for a free
connection counts too. Prints one JSON line of figures."""

from __future__ import annotations

import argparse
import asyncio
import json
import time


async def main(port: int, rate: float, seconds: float, connections: int) -> dict:
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    due_times: asyncio.Queue = asyncio.Queue()
    start = time.perf_counter() + 0.2
    total = int(rate * seconds)

    async def connection(n: int) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        while True:
            index, due = await due_times.get()
            if index is None:
                break
            body = json.dumps({"eventId": f"o{index}", "mediaId": f"m{index % 100}", "eventType": "view",
                               "sessionId": f"s{index % 1000}"}).encode()
            writer.write(b"POST /api/analytics/media/track HTTP/1.1\r\nHost: bench\r\n"
                         b"Content-Type: application/json\r\nContent-Length: " + str(len(body)).encode()
                         + b"\r\n\r\n" + body)
            head = await reader.readuntil(b"\r\n\r\n")
            length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
            await reader.readexactly(length)
            status = int(head.split(b" ", 2)[1])
            statuses[status] = statuses.get(status, 0) + 1
            latencies.append(time.perf_counter() - due)
        writer.close()

    workers = [asyncio.create_task(connection(n)) for n in range(connections)]
    for index in range(total):
        due = start + index / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        due_times.put_nowait((index, due))
    for _ in workers:
        due_times.put_nowait((None, None))
    await asyncio.gather(*workers)
    elapsed = time.perf_counter() - start
    latencies.sort()
    ok = statuses.get(202, 0)
    return {"requests": total, "non_2xx": total - ok, "acknowledged_events": ok, "seconds": elapsed,
            "target_rate": rate, "p50_ms": latencies[len(latencies) // 2] * 1000,
            "p99_ms": latencies[int(len(latencies) * 0.99)] * 1000, "max_ms": latencies[-1] * 1000,
            "statuses": statuses}


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--rate", type=float, required=True)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(main(args.port, args.rate, args.seconds, args.connections))))
