"""Posted events checked by the landing zone's own rules: the staging SQL, run over the batch.

The rules that reject a landing row (`staged_usage_events.sql`, `staged_player_events.sql` and the
macros they use) are the rules that reject a posted event: the batch is handed to that SQL as the
`lines(line, raw)` relation an ingested file would be, in an in-memory DuckDB. The only rule added
here is HTTP's own (posted_events.sql): a client timestamp more than 5 minutes ahead of the server
clock or older than TRACKING_MAX_AGE_HOURS (files may be late; a live client may not).

Planning that SQL (binding its macros, optimising) costs ~25 ms of CPU, running it over 500 events
~2 ms, and DuckDB plans a statement afresh at every execution when it has parameters or when the
catalog changed since. So the SQL is prepared once per source, without parameters: each `$name`
reads the one row of the temp table `posted_parameters` (filled by bound parameters; `now` updated
per batch), and the batch is inserted into the temp table `lines` from a bound list. An execution
then costs ~5 ms. Statistics propagation is off for this connection: a prepared plan is optimised
once, with the statistics of the tables as they were then, and DuckDB 1.5.5 returned wrong rows for
later batches (lines repeated, others missing) unless it was off (tests/api/test_validation_prepared.py
fails with it on). `check` also refuses any answer that is not one verdict per line, in order.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from importlib import resources

import duckdb

from assets.shared.partitions import first_instant
from assets.shared.sqlfiles import load_sql, schema_sql

# The staging SQL of each source, and the column holding the hashed client IP (player events have none).
STAGED_SQL = {"usage_events": ("staged_usage_events", "staged.client_id"),
              "player_events": ("staged_player_events", "NULL")}
FUTURE_TOLERANCE_MINUTES = 5
PARAMETER = re.compile(r"\$([A-Za-z_]\w*)")


def parameters(sql: str) -> set[str]:
    """The `$name`s `sql` uses outside comments."""
    return set(PARAMETER.findall(re.sub(r"--[^\n]*", "", sql)))


def _window_sql() -> str:
    return resources.files("api").joinpath("posted_events.sql").read_text(encoding="utf-8")


def posted_sql(source: str) -> str:
    """The query that gives each posted event of `source` its verdict, with `$name` parameters and
    `lines` as its input: the staging SQL inside posted_events.sql."""
    name, client = STAGED_SQL[source]
    return _window_sql().replace("{staged}", load_sql(name)).replace("{client_id}", client)


class Validator:
    """One in-memory DuckDB connection holding the macros and the prepared checks; not thread-safe
    (one validating thread uses it)."""

    def __init__(self, salt: str, max_age_hours: int):
        self.con = duckdb.connect(":memory:", config={"threads": 1})
        self.con.execute("SET TimeZone = 'UTC'")
        self.con.execute("SET disabled_optimizers = 'statistics_propagation'")
        # The warehouse's schema gives the macros the staging SQL calls (player_position_problem, ...):
        # run whole, in memory, so that a macro added there is here too.
        for statements in schema_sql():
            self.con.execute(statements)
        self.con.execute(load_sql("macros"))
        given = self._params(salt, max_age_hours, datetime.now(timezone.utc))
        self.sql = {source: posted_sql(source) for source in STAGED_SQL}
        names = sorted(set().union(*(parameters(sql) for sql in self.sql.values())))
        missing = set(names) - set(given)
        if missing:  # fail at start-up, not on every request
            raise RuntimeError(f"the staging SQL needs parameters the tracking service does not set: {sorted(missing)}")
        columns = ", ".join(f"${name} AS {name}" for name in names)
        self.con.execute(f"CREATE TEMP TABLE posted_parameters AS SELECT {columns}", {n: given[n] for n in names})
        self.con.execute("CREATE TEMP TABLE lines (line BIGINT, raw VARCHAR)")  # the staging SQL's input
        for source, sql in self.sql.items():
            code = PARAMETER.sub(lambda m: f"(SELECT {m.group(1)} FROM posted_parameters)", sql)
            self.con.execute(f"PREPARE check_{source} AS {code}")

    @staticmethod
    def _params(salt: str, max_age_hours: int, now: datetime) -> dict[str, object]:
        # tz dates a staged row (its partition); a verdict does not depend on it
        return {"file_sha256": "posted", "salt": salt, "tz": "UTC", "now": now, "first_instant": first_instant(),
                "max_age_hours": max_age_hours, "future_minutes": FUTURE_TOLERANCE_MINUTES}

    def check(self, source: str, raws: list[str], now: datetime) -> list[tuple[str | None, str | None]]:
        """For each JSON text of `raws`, in order: (reject reason or None, client_id or None)."""
        if not raws:
            return []
        self.con.execute("UPDATE posted_parameters SET now = $now", {"now": now})
        self.con.execute("DELETE FROM lines")
        # A bound list, not a registered relation: registering one changes the catalog, and a changed
        # catalog makes DuckDB plan the prepared statement afresh.
        self.con.execute("INSERT INTO lines SELECT line, raw FROM unnest($raws) WITH ORDINALITY AS t(raw, line)",
                         {"raws": raws})
        rows = self.con.execute(f"EXECUTE check_{source}").fetchall()
        if [row[0] for row in rows] != list(range(1, len(raws) + 1)):
            raise RuntimeError(f"the staging SQL did not give one verdict per event ({len(rows)} for {len(raws)})")
        return [(reason, client) for _, reason, client in rows]

    def close(self) -> None:
        self.con.close()
