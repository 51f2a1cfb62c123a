"""The service's counters in Prometheus' text format (per worker process: label `pid`)."""

from __future__ import annotations

import os
import re
import threading
from collections import Counter

FSYNC_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0)


def reason_class(reason: str) -> str:
    """A reject reason without the value it quotes ("unknown event_type 'x'" → "unknown event_type"),
    so the label's values stay few."""
    return re.sub(r"\s*'.*$", "", reason).strip()[:80]


class Metrics:
    def __init__(self):
        self.lock = threading.Lock()
        self.accepted: Counter = Counter()
        self.rejected: Counter = Counter()
        self.responses: Counter = Counter()
        self.rotated: Counter = Counter()
        self.write_errors: Counter = Counter()
        self.fsync_buckets = [0] * len(FSYNC_BUCKETS)
        self.fsync_count = 0
        self.fsync_sum = 0.0
        self.commits = 0

    def count_events(self, source: str, accepted: int, reasons: list[str]) -> None:
        with self.lock:
            self.accepted[source] += accepted
            for reason in reasons:
                self.rejected[(source, reason_class(reason))] += 1

    def count_response(self, endpoint: str, status: int) -> None:
        with self.lock:
            self.responses[(endpoint, status)] += 1

    def count_fsync(self, seconds: float) -> None:
        with self.lock:
            self.commits += 1
            self.fsync_count += 1
            self.fsync_sum += seconds
            for n, bound in enumerate(FSYNC_BUCKETS):
                if seconds <= bound:
                    self.fsync_buckets[n] += 1

    def count_rotation(self, source: str) -> None:
        with self.lock:
            self.rotated[source] += 1

    def count_write_error(self, source: str) -> None:
        with self.lock:
            self.write_errors[source] += 1

    def text(self) -> str:
        pid = os.getpid()
        out = []

        def family(name: str, kind: str, help_text: str, samples: list[tuple[dict, float]]) -> None:
            out.append(f"# HELP {name} {help_text}")
            out.append(f"# TYPE {name} {kind}")
            for labels, value in samples:
                text = ",".join(f'{k}="{_escape(str(v))}"' for k, v in {**labels, "pid": pid}.items())
                out.append(f"{name}{{{text}}} {value:g}" if isinstance(value, float) else f"{name}{{{text}}} {value}")

        with self.lock:
            family("tracking_events_accepted_total", "counter", "Events written to the landing zone and fsync'd.",
                   [({"source": s}, n) for s, n in sorted(self.accepted.items())])
            family("tracking_events_rejected_total", "counter", "Events rejected by the staging SQL, by reason.",
                   [({"source": s, "reason": r}, n) for (s, r), n in sorted(self.rejected.items())])
            family("tracking_responses_total", "counter", "HTTP responses by endpoint and status.",
                   [({"endpoint": e, "status": c}, n) for (e, c), n in sorted(self.responses.items())])
            family("tracking_files_rotated_total", "counter", "Landing files closed and renamed into place.",
                   [({"source": s}, n) for s, n in sorted(self.rotated.items())])
            family("tracking_write_errors_total", "counter", "Commits that failed to write or fsync (answered 503).",
                   [({"source": s}, n) for s, n in sorted(self.write_errors.items())])
            out.append("# HELP tracking_fsync_seconds Time to write and fdatasync one group commit.")
            out.append("# TYPE tracking_fsync_seconds histogram")
            for bound, count in zip(FSYNC_BUCKETS, self.fsync_buckets):
                out.append(f'tracking_fsync_seconds_bucket{{le="{bound}",pid="{pid}"}} {count}')
            out.append(f'tracking_fsync_seconds_bucket{{le="+Inf",pid="{pid}"}} {self.fsync_count}')
            out.append(f'tracking_fsync_seconds_sum{{pid="{pid}"}} {self.fsync_sum:.6f}')
            out.append(f'tracking_fsync_seconds_count{{pid="{pid}"}} {self.fsync_count}')
        return "\n".join(out) + "\n"


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
