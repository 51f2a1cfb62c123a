"""The one way into the warehouse: a DuckLake lakehouse (a catalog database + Parquet data files).

Builds, analysts and the read API share it. Every connection is an in-memory DuckDB session that
attaches the lake as `warehouse` and makes it the default database, so the SQL files name tables
as before; temp tables and macros stay in the session.

- Catalog (`WAREHOUSE_CATALOG`): a SQLite file (the embedded default, several local processes) or
  `postgres:<libpq connection string>` (several machines). Data files (`WAREHOUSE_DATA_PATH`): a
  folder or `s3://...`. Both kinds go through this one code path.
- Extensions are loaded by file path from their PyPI wheels (`duckdb-extension-*`, built for the
  exact DuckDB version that is pinned): `INSTALL` would download, and nothing is downloaded.
- Writers: DuckLake checks conflicts per table (measured with DuckLake 1.5.5: a transaction that
  deletes from a table fails if another one inserted into it or deleted from it since it began,
  whatever the partitions), and a SQLite catalog refuses a commit whose read snapshot is stale
  ("database is locked"). So every write is one short transaction under the warehouse's writer
  lock (`write`): a lock file beside a SQLite catalog, which the kernel releases when a process
  dies, or a PostgreSQL advisory lock on the catalog's server (every machine sees it; the server
  releases it when the holder's session ends); `write` also retries a transaction that conflicts.
  Landing-file staging holds a lock per source (`WriterLock.named`), so two builds running side by
  side never stage one file twice. Readers take no lock: SQLite in WAL mode and PostgreSQL both
  let a reader read a committed snapshot while a writer commits.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import duckdb

ALIAS = "warehouse"  # the attached lake's name in every session
CONFLICT_RETRIES = 30  # a conflicting write (PostgreSQL catalog) is tried again this many times
CONFLICT_WAIT_SECONDS = 0.2

# extension name -> the PyPI package that ships it (file name inside the wheel if it differs)
EXTENSIONS = {
    "ducklake": ("duckdb_extension_ducklake", "ducklake"),
    "sqlite_scanner": ("duckdb_extension_sqlite_scanner", "sqlite_scanner"),
    "postgres_scanner": ("duckdb_extension_postgres", "postgres"),
    "httpfs": ("duckdb_extension_httpfs", "httpfs"),
}


class WarehouseError(RuntimeError):
    """The warehouse cannot be opened or written as configured: the message says why and what to do."""


@dataclass(frozen=True)
class Location:
    """Where the warehouse lives: its DuckLake catalog and its data files."""

    kind: str  # "sqlite" | "postgres"
    target: str  # the SQLite file (absolute) or the libpq connection string
    data_path: str  # folder (absolute, ending in /) or s3://.../

    @classmethod
    def parse(cls, catalog: str, data_path: str) -> "Location":
        text = catalog.strip().removeprefix("ducklake:")
        if not text:
            raise WarehouseError("WAREHOUSE_CATALOG is empty: give a SQLite file or postgres:<connection string>")
        if text.startswith("postgres:"):
            kind, target = "postgres", text[len("postgres:"):].strip()
        else:
            kind, target = "sqlite", str(Path(text.removeprefix("sqlite:")).expanduser().absolute())
        data = data_path.strip()
        if not data:
            raise WarehouseError("WAREHOUSE_DATA_PATH is empty: give a folder or s3://bucket/prefix/")
        if "://" not in data:
            data = str(Path(data).expanduser().absolute())
        return cls(kind, target, data.rstrip("/") + "/")

    @property
    def remote_data(self) -> bool:
        return "://" in self.data_path

    def describe(self) -> str:
        where = self.target if self.kind == "sqlite" else "PostgreSQL"
        return f"the warehouse (catalog {where}, data {self.data_path})"


def extension_path(name: str) -> str:
    """The extension's binary inside its wheel, for this DuckDB version."""
    package, file = EXTENSIONS[name]
    try:
        folder = resources.files(package)
    except ModuleNotFoundError:
        raise WarehouseError(f"the DuckDB extension {name} is not installed: pip install "
                             f"{package.replace('_', '-')}=={duckdb.__version__}") from None
    path = Path(str(folder)) / "extensions" / f"v{duckdb.__version__}" / f"{file}.duckdb_extension"
    if not path.is_file():
        raise WarehouseError(f"{path} is missing: {package.replace('_', '-')} must be the version of duckdb "
                             f"({duckdb.__version__})")
    if file != name:
        # DuckDB finds an extension's entry point by its file name: postgres.duckdb_extension
        # holds postgres_scanner. A link with the right name, made once per machine and version.
        folder_for_links = Path(tempfile.gettempdir()) / f"media-analytics-duckdb-{duckdb.__version__}"
        folder_for_links.mkdir(exist_ok=True)
        link = folder_for_links / f"{name}.duckdb_extension"
        if not link.exists():
            temporary = folder_for_links / f".{name}.{os.getpid()}"
            temporary.symlink_to(path)
            temporary.replace(link)
        path = link
    return str(path)


def _literal(text: str) -> str:
    """A SQL string literal. ATTACH takes no bound parameters; its text is quoted, never pasted."""
    return "'" + text.replace("'", "''") + "'"


def _prepare_sqlite(path: Path) -> None:
    """A new SQLite catalog is made in WAL mode, so readers never block a writer's commit."""
    import sqlite3

    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA journal_mode=WAL")


def _new_instance(memory_limit: str, temp_directory: str, threads: int = 0) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB instance with the lake extensions loaded (never installed)."""
    config: dict[str, object] = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
    if threads:
        config["threads"] = threads
    if memory_limit:
        config["memory_limit"] = memory_limit
    if temp_directory:
        config["temp_directory"] = temp_directory
    try:
        instance = duckdb.connect(config=config)
    except duckdb.Error as error:
        raise WarehouseError(f"DuckDB refused DUCKDB_MEMORY_LIMIT={memory_limit!r} / "
                             f"DUCKDB_TEMP_DIRECTORY={temp_directory!r}: {error}") from error
    return instance


def _load(instance: duckdb.DuckDBPyConnection, name: str) -> None:
    if not instance.execute("SELECT loaded FROM duckdb_extensions() WHERE extension_name = $n",
                            {"n": name}).fetchone()[0]:
        instance.execute(f"LOAD {_literal(extension_path(name))}")


def _attach(instance: duckdb.DuckDBPyConnection, location: Location, read_only: bool, alias: str) -> None:
    _load(instance, "ducklake")
    _load(instance, location.kind + "_scanner")
    if location.remote_data:
        _load(instance, "httpfs")
    if location.kind == "sqlite":
        if read_only and not Path(location.target).exists():
            raise WarehouseError(f"there is no warehouse at {location.target} yet: build a day first "
                                 "(media-analytics build DAY) or check WAREHOUSE_CATALOG")
        _prepare_sqlite(Path(location.target))
    if not location.remote_data and not read_only:
        Path(location.data_path).mkdir(parents=True, exist_ok=True)
    # The configured data path wins over the one the catalog recorded (a moved or copied folder).
    options = [f"DATA_PATH {_literal(location.data_path)}", "OVERRIDE_DATA_PATH true"]
    options += ["READ_ONLY"] if read_only else []
    instance.execute(f"ATTACH {_literal('ducklake:' + location.kind + ':' + location.target)} AS {alias} "
                     f"({', '.join(options)})")


@dataclass
class _Attached:
    alias: str
    connections: int = 0  # open connections using it: only an unused lake is detached
    migrated: bool = False  # a writer found its schema up to date (set by the resource)


# Loading the extensions costs ~0.5 s and attaching a lake ~0.1 s (more on a busy machine), so a
# process keeps one DuckDB instance per memory setting with the last few lakes it used attached,
# and gives each `open_connection` a connection (cursor) of its own on it.
_INSTANCES: dict[tuple[str, str], duckdb.DuckDBPyConnection] = {}
_ATTACHED: OrderedDict[tuple, _Attached] = OrderedDict()
_ATTACHED_KEPT = 4
_REGISTRY_LOCK = threading.Lock()
_OPEN: dict[int, tuple] = {}  # id(connection) -> the key of the lake it uses


def open_connection(location: Location, read_only: bool, memory_limit: str = "",
                    temp_directory: str = "", setup_sql: str = "", threads: int = 0) -> duckdb.DuckDBPyConnection:
    """A connection of its own (temp tables, transaction) with the warehouse in use (attached as
    `warehouse`, or `warehouse_N` beside others in the same process); `setup_sql` (the session's
    macros) runs first. Close it with `close_connection`."""
    settings = (memory_limit, temp_directory, threads)
    key = (settings, location, read_only)
    with _REGISTRY_LOCK:
        instance = _INSTANCES.get(settings)
        if instance is None:
            instance = _INSTANCES[settings] = _new_instance(memory_limit, temp_directory, threads)
        attached = _ATTACHED.get(key)
        if attached is None:
            used = {a.alias for a in _ATTACHED.values()}
            alias = next(a for a in [ALIAS] + [f"{ALIAS}_{n}" for n in range(2, 10_000)] if a not in used)
            _attach(instance, location, read_only, alias)
            attached = _ATTACHED[key] = _Attached(alias)
            idle = [k for k, a in _ATTACHED.items() if not a.connections and k != key]
            for old in idle[:max(0, len(_ATTACHED) - _ATTACHED_KEPT)]:
                _INSTANCES[old[0]].execute(f"DETACH {_ATTACHED.pop(old).alias}")
        _ATTACHED.move_to_end(key)
        con = instance.cursor()
        attached.connections += 1
        _OPEN[id(con)] = key
    try:
        con.execute("SET TimeZone = 'UTC'")
        # no progress bar: `media-analytics sql` prints rows only, builds write no bars to their logs
        con.execute("SET enable_progress_bar = false")
        if setup_sql:
            con.execute(setup_sql)  # temp macros: made before USE, so no lake lookup is made
        con.execute(f"USE {attached.alias}")
    except BaseException:
        close_connection(con)
        raise
    return con


def close_connection(con: duckdb.DuckDBPyConnection) -> None:
    with _REGISTRY_LOCK:
        key = _OPEN.pop(id(con), None)
        con.close()
        if key in _ATTACHED:
            _ATTACHED[key].connections -= 1


def schema_checked(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether a writer of this process already found the schema of this lake up to date."""
    attached = _ATTACHED.get(_OPEN.get(id(con)))
    return bool(attached and attached.migrated)


def mark_schema_checked(con: duckdb.DuckDBPyConnection) -> None:
    attached = _ATTACHED.get(_OPEN.get(id(con)))
    if attached:
        attached.migrated = True


def detach(location: Location) -> None:
    """Detach `location` wherever no connection uses it (before its files are copied or moved)."""
    with _REGISTRY_LOCK:
        for key in [k for k, a in _ATTACHED.items() if k[1] == location and not a.connections]:
            _INSTANCES[key[0]].execute(f"DETACH {_ATTACHED.pop(key).alias}")


def detach_unused() -> None:
    """Detach every lake no connection uses (before a warehouse's files are moved or removed)."""
    with _REGISTRY_LOCK:
        for key in [k for k, a in _ATTACHED.items() if not a.connections]:
            _INSTANCES[key[0]].execute(f"DETACH {_ATTACHED.pop(key).alias}")


class WriterLock:
    """Serialises the warehouse's write transactions among every process that writes it, and names
    other locks writers share (`named`). With a SQLite catalog: an exclusive `flock` on a file beside
    it (released by the kernel if the holder dies, so a killed build never leaves it held). With a
    PostgreSQL catalog (several machines): a PostgreSQL advisory lock held by a connection of its
    own (released by the server when that connection ends, a killed process included). Re-entrant
    within a thread. A plain in-memory DuckDB session that holds the warehouse's tables (`location`
    None: the SQL's property tests) needs none."""

    def __init__(self, location: Location | None, name: str = "writer"):
        self.location = location
        self.name = name
        self._local = threading.local()

    def named(self, name: str) -> "WriterLock":
        """Another lock on the same warehouse, e.g. one landing source's files while they are staged."""
        return WriterLock(self.location, name)

    @contextmanager
    def held(self) -> Iterator[None]:
        depth = getattr(self._local, "depth", 0)
        if self.location is None or depth:
            self._local.depth = depth + 1
            try:
                yield
            finally:
                self._local.depth = depth
            return
        with _acquired(self.location, self.name):
            self._local.depth = 1
            try:
                yield
            finally:
                self._local.depth = 0


@contextmanager
def _acquired(location: Location, name: str) -> Iterator[None]:
    if location.kind == "sqlite":
        suffix = ".lock" if name == "writer" else f".{name}.lock"
        path = Path(location.target + suffix)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
        return
    import psycopg2

    key = int.from_bytes(hashlib.sha256(f"media-analytics {name}".encode()).digest()[:8], "big", signed=True)
    try:
        session = psycopg2.connect(location.target)
    except psycopg2.Error as error:
        raise WarehouseError(f"cannot reach the PostgreSQL catalog to take the {name} lock: {error}") from None
    try:
        session.autocommit = True
        with session.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", (key,))
        yield
    finally:
        session.close()  # the server releases the lock with the session


_LOCKS: dict[int, WriterLock] = {}  # id(connection) -> its warehouse's writer lock, while open


def register(con: duckdb.DuckDBPyConnection, lock: WriterLock) -> None:
    _LOCKS[id(con)] = lock


def unregister(con: duckdb.DuckDBPyConnection) -> None:
    _LOCKS.pop(id(con), None)


def writer_lock(con: duckdb.DuckDBPyConnection) -> WriterLock:
    try:
        return _LOCKS[id(con)]
    except KeyError:
        raise WarehouseError("this connection was not opened by WarehouseResource.connect()") from None


def is_conflict(error: BaseException) -> bool:
    text = str(error)
    return "Transaction conflict" in text or "database is locked" in text or "could not serialize" in text


Statement = tuple[str, dict] | str


def write(con: duckdb.DuckDBPyConnection, statements: Sequence[Statement]) -> list[list[tuple]]:
    """Run `statements` (SQL, or SQL and its parameters) as one transaction under the writer lock
    and return each one's rows (an INSERT's or DELETE's: its row count). A conflict with another
    writer rolls back and tries the whole transaction again."""
    lock = writer_lock(con)
    for attempt in range(CONFLICT_RETRIES):
        with lock.held():
            con.execute("BEGIN TRANSACTION")
            try:
                results = []
                for statement in statements:
                    sql, params = (statement, {}) if isinstance(statement, str) else statement
                    results.append(con.execute(sql, params).fetchall())
                con.execute("COMMIT")
                return results
            except BaseException as error:
                _rollback(con)
                if not is_conflict(error) or attempt == CONFLICT_RETRIES - 1:
                    raise
        time.sleep(CONFLICT_WAIT_SECONDS * (1 + attempt))
    raise AssertionError("unreachable")


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """A write transaction whose statements are not known beforehand (rows handed over from
    Python): under the writer lock, committed at the end of the block, rolled back on error."""
    with writer_lock(con).held():
        con.execute("BEGIN TRANSACTION")
        try:
            yield
            con.execute("COMMIT")
        except BaseException:
            _rollback(con)
            raise


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    # A failed COMMIT has already ended the transaction; ROLLBACK then has nothing to undo.
    try:
        con.execute("ROLLBACK")
    except duckdb.TransactionException:
        pass
