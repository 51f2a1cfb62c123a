"""Answers kept in memory, by ETag: an answer depends only on its URL and on when each day it covers
was built, which is what the ETag hashes, so a kept answer is the one a new computation would give
until one of its days is rebuilt (then the ETag, and the key, change). Least recently used answers
go first once READ_API_CACHE_MB is reached; 0 keeps none."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable


class Answers:
    def __init__(self, megabytes: int):
        self.limit = megabytes * 1_000_000
        self._kept: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self._computing: dict[str, threading.Event] = {}

    def get_or_compute(self, etag: str, compute: Callable[[], bytes]) -> bytes:
        """The kept answer, else `compute()`'s, kept. Requests for an answer being computed wait for
        it instead of computing it again (a dashboard's clients all asking after a rebuild)."""
        with self._lock:
            body = self._kept.get(etag)
            if body is not None:
                self._kept.move_to_end(etag)
                return body
            running = self._computing.get(etag)
            if running is None:
                self._computing[etag] = threading.Event()
        if running is not None:
            running.wait()
            return self.get(etag) or compute()  # not kept (too large, none kept, or it failed)
        try:
            body = compute()
            self.put(etag, body)
            return body
        finally:
            with self._lock:
                self._computing.pop(etag).set()

    def get(self, etag: str) -> bytes | None:
        with self._lock:
            body = self._kept.get(etag)
            if body is not None:
                self._kept.move_to_end(etag)
            return body

    def put(self, etag: str, body: bytes) -> None:
        if len(body) > self.limit:
            return
        with self._lock:
            if etag in self._kept:
                return
            self._kept[etag] = body
            self._size += len(body)
            while self._size > self.limit:
                _, dropped = self._kept.popitem(last=False)
                self._size -= len(dropped)
