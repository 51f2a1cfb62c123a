"""Group commit: every request waiting at a moment is validated in one SQL pass and made durable by
one fdatasync.

Requests queue their events and wait. A group (everything queued) is validated by the staging SQL
(one query per source) in the validating thread, then its accepted lines are appended to the
source's `.part` file and flushed in the writing thread, and only then is every request of the group
answered. While one group is being flushed the next is validated, and the next queues. A failed
write or flush answers that group's requests 503 and keeps none of their lines.
"""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from api.events import with_field
from api.metrics import Metrics
from api.sink import Sink, recover
from api.validation import Validator

SOURCES = ("usage_events", "player_events")


@dataclass
class Outcome:
    accepted: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (index in the body, reason)
    error: str | None = None  # set: nothing was stored (503)


@dataclass
class _Waiting:
    source: str
    raws: list[str]
    ip: str | None
    future: asyncio.Future


@dataclass
class _Validated:
    """A group after validation: its outcomes so far and, per source, the lines to store."""

    outcomes: list[Outcome]
    lines: dict[str, list[str]]
    reasons: dict[str, list[str]]
    members: dict[str, list[int]]


class Collector:
    def __init__(self, landing_dir: Path, salt: str, max_age_hours: int, metrics: Metrics,
                 rotate_seconds: float = 60.0, rotate_bytes: int = 64 << 20):
        self.landing_dir = landing_dir
        self.metrics = metrics
        self.rotate_seconds = rotate_seconds
        self.rotate_bytes = rotate_bytes
        self.salt = salt
        self.max_age_hours = max_age_hours
        self.sinks = {source: Sink(landing_dir, source) for source in SOURCES}
        self.queue: list[_Waiting] = []
        self.wake: asyncio.Event | None = None
        self.validating = ThreadPoolExecutor(max_workers=1, thread_name_prefix="validate")
        self.writing = ThreadPoolExecutor(max_workers=1, thread_name_prefix="write")
        self.validator: Validator | None = None
        self.tasks: list[asyncio.Task] = []
        self.writes: set[asyncio.Future] = set()
        self.last_error: str | None = None
        self.closing = False

    async def start(self) -> None:
        self.wake = asyncio.Event()
        loop = asyncio.get_running_loop()
        self.validator = await loop.run_in_executor(self.validating, Validator, self.salt, self.max_age_hours)
        await loop.run_in_executor(self.writing, self._recover)
        self.tasks = [asyncio.create_task(self._commit_loop()), asyncio.create_task(self._rotate_loop())]

    def _recover(self) -> None:
        for source in SOURCES:
            try:
                for _ in recover(self.landing_dir, source):
                    self.metrics.count_rotation(source)
            except OSError as error:
                self.last_error = f"cannot recover earlier files of {source}: {error}"

    async def stop(self) -> None:
        """Answer what is queued, then rotate the open files (SIGTERM ends here)."""
        self.closing = True
        self.wake.set()
        commits, rotations = self.tasks
        rotations.cancel()
        await asyncio.gather(commits, rotations, return_exceptions=True)
        if self.writes:
            await asyncio.gather(*self.writes, return_exceptions=True)
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self.writing, self._rotate, True)
        await loop.run_in_executor(self.validating, self.validator.close)
        self.validating.shutdown(wait=True)
        self.writing.shutdown(wait=True)

    async def submit(self, source: str, raws: list[str], ip: str | None) -> Outcome:
        future = asyncio.get_running_loop().create_future()
        self.queue.append(_Waiting(source, raws, ip, future))
        self.wake.set()
        return await future

    async def _commit_loop(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            await self.wake.wait()
            self.wake.clear()
            while self.queue:
                await self._commit_group(loop)
            if self.closing:
                return

    async def _commit_group(self, loop) -> None:
        group, self.queue = self.queue, []
        try:
            validated = await loop.run_in_executor(self.validating, self._validate, group)
        except Exception as error:  # never leave a request waiting
            self._answer(group, [Outcome(error=f"internal error: {error}") for _ in group])
            return
        # The flush goes on in the writing thread while the next group is validated; writes stay in order.
        write = loop.run_in_executor(self.writing, self._write, validated)
        self.writes.add(write)
        write.add_done_callback(lambda done: self._written(done, group, validated))

    def _written(self, done: asyncio.Future, group: list[_Waiting], validated: _Validated) -> None:
        self.writes.discard(done)
        if done.exception() is not None:
            validated.outcomes = [Outcome(error=f"internal error: {done.exception()}") for _ in group]
        self._answer(group, validated.outcomes)

    @staticmethod
    def _answer(group: list[_Waiting], outcomes: list[Outcome]) -> None:
        for waiting, outcome in zip(group, outcomes):
            if not waiting.future.done():
                waiting.future.set_result(outcome)

    async def _rotate_loop(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(min(1.0, self.rotate_seconds / 4))
            await loop.run_in_executor(self.writing, self._rotate, False)

    def _rotate(self, everything: bool) -> None:
        for source, sink in self.sinks.items():
            if everything or sink.due(self.rotate_seconds, self.rotate_bytes):
                try:
                    if sink.rotate():
                        self.metrics.count_rotation(source)
                except OSError as error:
                    self.last_error = f"cannot rotate {source}: {error}"

    def _validate(self, group: list[_Waiting]) -> _Validated:
        now = datetime.now(timezone.utc)
        validated = _Validated([Outcome() for _ in group], {}, {}, {})
        for source in SOURCES:
            members = [n for n, waiting in enumerate(group) if waiting.source == source]
            if not members:
                continue
            usage = source == "usage_events"
            texts = [with_field(raw, "ip", group[n].ip) if usage else raw for n in members for raw in group[n].raws]
            verdicts = iter(self.validator.check(source, texts, now))
            lines, reasons = [], []
            for n in members:
                outcome = validated.outcomes[n]
                for index, raw in enumerate(group[n].raws):
                    reason, client_id = next(verdicts)
                    if reason is None:
                        lines.append(with_field(raw, "client_id", client_id) if usage else raw)
                        outcome.accepted += 1
                    else:
                        outcome.rejected.append((index, reason))
                        reasons.append(reason)
            validated.lines[source], validated.reasons[source], validated.members[source] = lines, reasons, members
        return validated

    def _write(self, validated: _Validated) -> None:
        for source, lines in validated.lines.items():
            if lines:
                started = time.perf_counter()
                try:
                    self.sinks[source].append(("\n".join(lines) + "\n").encode())
                except OSError as error:
                    self.metrics.count_write_error(source)
                    self.last_error = f"cannot write to {self.sinks[source].folder}: {error.strerror or error}"
                    for n in validated.members[source]:
                        validated.outcomes[n].error, validated.outcomes[n].accepted = self.last_error, 0
                    continue
                self.metrics.count_fsync(time.perf_counter() - started)
                self.last_error = None
            self.metrics.count_events(source, len(lines), validated.reasons[source])
            if self.sinks[source].size >= self.rotate_bytes:
                self._rotate(False)
