"""Who is asking: the client address (X-Forwarded-For only from trusted proxies) and its rate."""

from __future__ import annotations

import ipaddress
import time
from functools import lru_cache


class ClientAddress:
    """The client IP of a request: the peer, unless the peer is a trusted proxy, in which case the
    right-most X-Forwarded-For hop that is not itself a trusted proxy (hops to its left could be
    written by anyone)."""

    def __init__(self, trusted: tuple[str, ...]):
        self.networks = tuple(ipaddress.ip_network(t, strict=False) for t in trusted)

    @lru_cache(maxsize=4096)
    def _trusted(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in self.networks)

    def of(self, peer: str | None, forwarded_for: str | None) -> str | None:
        if peer is None or not self.networks or not forwarded_for or not self._trusted(peer):
            return peer
        for hop in reversed([h.strip() for h in forwarded_for.split(",") if h.strip()]):
            if not self._trusted(hop):
                try:
                    return str(ipaddress.ip_address(hop))
                except ValueError:
                    return peer  # a proxy we trust passed on garbage: fall back to the proxy itself
        return peer


class RateLimit:
    """A token bucket per client: `rate` requests a second, bursts of 2 × rate; 0 = no limit.
    Kept in this process's memory (each worker process limits on its own)."""

    def __init__(self, rate: int):
        self.rate = rate
        self.burst = 2.0 * rate
        self.buckets: dict[str, tuple[float, float]] = {}

    def allow(self, client: str | None) -> bool:
        if not self.rate or client is None:
            return True
        now = time.monotonic()
        tokens, last = self.buckets.get(client, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.rate)
        if len(self.buckets) > 100_000:
            self._forget_idle(now)
        if tokens < 1.0:
            self.buckets[client] = (tokens, now)
            return False
        self.buckets[client] = (tokens - 1.0, now)
        return True

    def _forget_idle(self, now: float) -> None:
        idle = self.burst / self.rate
        self.buckets = {k: v for k, v in self.buckets.items() if now - v[1] < idle}
