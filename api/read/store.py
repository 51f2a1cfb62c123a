"""The read API's way into the warehouse: read-only connections, one per worker thread, and the
queries in `api/read/sql/<name>.sql` run with bound parameters only."""

from __future__ import annotations

import os
import threading
import time
from datetime import date, datetime
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib import resources
from pathlib import Path

import duckdb

from assets.shared.sqlfiles import bind, load_sql
from assets.shared.warehouse import Location, WarehouseError, close_connection, open_connection


POSTGRES_RECHECK_SECONDS = 2
SETTLE_SECONDS = 2


class Unavailable(RuntimeError):
    """The warehouse cannot answer now (not built yet, an older schema): the message says what to do."""


@cache
def load_query(name: str) -> str:
    return resources.files("api.read").joinpath("sql", f"{name}.sql").read_text(encoding="utf-8")


class Store:
    """Read-only connections to the warehouse at `location`, one per thread and kept: each query is
    its own transaction, so it reads the latest committed snapshot while builds write."""

    def __init__(self, location: Location, memory_limit: str = "", threads: int = 0):
        self.location = location
        self.memory_limit = memory_limit
        self.threads = threads
        self._local = threading.local()
        self._all: list[duckdb.DuckDBPyConnection] = []
        self._lock = threading.Lock()
        self._built: tuple[tuple, dict[date, datetime]] | None = None

    def connection(self) -> duckdb.DuckDBPyConnection:
        con = getattr(self._local, "con", None)
        if con is None:
            if self.location.kind == "sqlite" and not Path(self.location.target).exists():
                raise Unavailable("the warehouse has not been built yet: run `media-analytics build` "
                                  "(or `scripts/demo`) first")
            try:
                con = open_connection(self.location, True, self.memory_limit, threads=self.threads,
                                      setup_sql=load_sql("macros"))
            except (duckdb.Error, WarehouseError) as error:
                raise Unavailable(f"the warehouse cannot be opened: {error}") from None
            self._local.con = con
            with self._lock:
                self._all.append(con)
        return con

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """The queries within read one committed state of the warehouse (one read transaction)."""
        con = self.connection()
        con.execute("BEGIN TRANSACTION")
        try:
            yield
        finally:
            con.execute("ROLLBACK")

    def built_days(self) -> dict[date, datetime]:
        """Every built day and when it was built. Read again only when the catalog has changed since
        (a SQLite catalog: its files' size and mtime; a PostgreSQL one: at most every 2 seconds).
        A file's mtime moves in clock ticks of a few milliseconds, and the WAL keeps its size once
        reused, so a write in the same tick as the last look would go unseen: while the catalog
        changed in the last SETTLE_SECONDS, the days are read on every request."""
        generation, settled = self._generation()
        with self._lock:
            if settled and self._built is not None and self._built[0] == generation:
                return self._built[1]
        built = {r["day"]: r["built_at"] for r in self.rows("built_days_all", {})}
        with self._lock:
            self._built = (generation, built)
        return built

    def _generation(self) -> tuple[tuple, bool]:
        """What the catalog's files look like now, and whether they have been still for SETTLE_SECONDS."""
        if self.location.kind != "sqlite":
            return (int(time.monotonic() // POSTGRES_RECHECK_SECONDS),), True
        stamps, newest = [], 0
        for path in (self.location.target, self.location.target + "-wal"):
            try:
                found = os.stat(path)
            except FileNotFoundError:
                stamps.append(None)
                continue
            stamps.append((found.st_ino, found.st_size, found.st_mtime_ns))
            newest = max(newest, found.st_mtime_ns)
        return tuple(stamps), time.time_ns() - newest > SETTLE_SECONDS * 1e9

    def rows(self, name: str, params: dict[str, object]) -> list[dict]:
        """The rows of query `name` as dicts (column name -> value)."""
        sql = load_query(name)
        try:
            cursor = self.connection().execute(sql, bind(sql, params))
        except duckdb.CatalogException as error:
            if "Table with name" not in str(error):
                raise
            raise Unavailable(f"the warehouse lacks a table the API reads ({error}): build a day with "
                              "this version (`media-analytics build`) to bring its schema up to date") from None
        columns = [d[0] for d in cursor.description]
        return [dict(zip(columns, row)) for row in cursor.fetchall()]

    def one(self, name: str, params: dict[str, object]) -> dict | None:
        found = self.rows(name, params)
        return found[0] if found else None

    def close(self) -> None:
        with self._lock:
            for con in self._all:
                close_connection(con)
            self._all.clear()
