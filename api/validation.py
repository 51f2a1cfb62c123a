"""Posted events checked by the landing zone's own rules: the staging SQL, run over the batch.

The rules that reject a landing row (`staged_usage_events.sql`, `staged_player_events.sql` and the
macros they use) are the rules that reject a posted event: the batch is handed to that SQL as the
`lines(line, raw)` relation an ingested file would be, in an in-memory DuckDB. The only rule added
here is HTTP's own (posted_events.sql): a client timestamp more than 5 minutes ahead of the server
clock or older than TRACKING_MAX_AGE_HOURS (files may be late; a live client may not).

Planning that SQL costs ~15 ms of CPU whatever the batch size (running it over 500 events adds ~2 ms),
which is why the collector validates every request waiting at a moment in one query.
"""

from __future__ import annotations

import re
from datetime import datetime
from importlib import resources

import duckdb
import pyarrow as pa

from assets.shared.partitions import first_instant
from assets.shared.sqlfiles import bind, load_sql, schema_sql

# The staging SQL of each source, and the column holding the hashed client IP (player events have none).
STAGED_SQL = {"usage_events": ("staged_usage_events", "staged.client_id"),
              "player_events": ("staged_player_events", "NULL")}
FUTURE_TOLERANCE_MINUTES = 5


def parameters(sql: str) -> set[str]:
    """The `$name`s `sql` uses outside comments."""
    return set(re.findall(r"\$([A-Za-z_]\w*)", re.sub(r"--[^\n]*", "", sql)))


def _window_sql() -> str:
    return resources.files("api").joinpath("posted_events.sql").read_text(encoding="utf-8")


class Validator:
    """One in-memory DuckDB connection holding the macros; not thread-safe (one writer thread)."""

    def __init__(self, salt: str, max_age_hours: int):
        self.con = duckdb.connect(":memory:", config={"threads": 1})
        self.con.execute("SET TimeZone = 'UTC'")
        # The warehouse's schema gives the macros the staging SQL calls (player_position_problem, ...):
        # run whole, in memory, so that a macro added there is here too.
        for statements in schema_sql():
            self.con.execute(statements)
        self.con.execute(load_sql("macros"))
        self.salt = salt
        self.max_age_hours = max_age_hours
        window = _window_sql()
        self.sql = {
            source: window.replace("{staged}", load_sql(name)).replace("{client_id}", client)
            for source, (name, client) in STAGED_SQL.items()
        }
        for source, sql in self.sql.items():
            missing = parameters(sql) - set(self._params(datetime.now()))
            if missing:  # fail at start-up, not on every request
                raise RuntimeError(f"the staging SQL of {source} needs parameters the tracking service "
                                   f"does not set: {sorted(missing)}")

    def _params(self, now: datetime) -> dict[str, object]:
        return {"file_sha256": "posted", "salt": self.salt, "now": now, "first_instant": first_instant(),
                "max_age_hours": self.max_age_hours, "future_minutes": FUTURE_TOLERANCE_MINUTES}

    def check(self, source: str, raws: list[str], now: datetime) -> list[tuple[str | None, str | None]]:
        """For each JSON text of `raws`, in order: (reject reason or None, client_id or None)."""
        if not raws:
            return []
        lines = pa.table({"line": pa.array(range(1, len(raws) + 1), pa.int64()), "raw": pa.array(raws, pa.string())})
        sql = self.sql[source]
        self.con.register("lines", lines)
        try:
            rows = self.con.execute(sql, bind(sql, self._params(now))).fetchall()
        finally:
            self.con.unregister("lines")
        if [row[0] for row in rows] != list(range(1, len(raws) + 1)):
            raise RuntimeError(f"the staging SQL did not give one verdict per event ({len(rows)} for {len(raws)})")
        return [(reason, client) for _, reason, client in rows]

    def close(self) -> None:
        self.con.close()
