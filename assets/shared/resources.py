"""Resource classes the assets are given. Instances are built once, in `pipelines/resources.py`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb

from assets.shared.migrations import create_catalog, migrate, pending
from assets.shared.settings import default
from assets.shared.sqlfiles import load_sql
from assets.shared.warehouse import (
    Location, WriterLock, close_connection, mark_schema_checked, open_connection, register, schema_checked,
    unregister,
)


class WarehouseResource(dg.ConfigurableResource):
    """The warehouse: a DuckLake lakehouse (a catalog + Parquet data files) that builds, analysts
    and the read API share (assets/shared/warehouse.py says how). `catalog` is a SQLite file or
    `postgres:<connection string>` (WAREHOUSE_CATALOG), `data_path` a folder or `s3://...`
    (WAREHOUSE_DATA_PATH). A writer's connection first brings the schema up to date
    (assets/shared/migrations.py); a read-only one never writes."""

    catalog: str
    data_path: str
    memory_limit: str = ""
    temp_directory: str = ""
    threads: int = 0  # DuckDB threads per process (DUCKDB_THREADS); 0: one per core

    @classmethod
    def in_folder(cls, folder: str | Path, **settings) -> "WarehouseResource":
        """The embedded layout: `<folder>/catalog.sqlite` and the data files in `<folder>/data/`."""
        folder = Path(folder)
        return cls(catalog=str(folder / "catalog.sqlite"), data_path=str(folder / "data"), **settings)

    def location(self) -> Location:
        return Location.parse(self.catalog, self.data_path)

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        location = self.location()
        lock = WriterLock(location)
        if read_only:
            con = self._open(location, True)
        else:
            con = self._open_writer(location, lock)
        register(con, lock)
        try:
            yield con
        finally:
            unregister(con)
            close_connection(con)

    def _open_writer(self, location: Location, lock: WriterLock) -> duckdb.DuckDBPyConnection:
        if location.kind == "sqlite" and not Path(location.target).exists():
            with lock.held():  # one process makes it
                if not Path(location.target).exists():
                    create_catalog(location)
        con = self._open(location, False)
        try:
            if not schema_checked(con):
                if pending(con):
                    with lock.held():
                        migrate(con)  # looks again under the lock: another process may have done it
                mark_schema_checked(con)
        except BaseException:
            close_connection(con)
            raise
        return con

    def _open(self, location: Location, read_only: bool) -> duckdb.DuckDBPyConnection:
        return open_connection(location, read_only, self.memory_limit, self.temp_directory,
                               threads=self.threads, setup_sql=load_sql("macros"))


class LandingResource(dg.ConfigurableResource):
    """The landing zone: one folder per source under `landing_dir`, any sub-folders below.
    `ip_hash_salt` salts the hash that replaces client IPs (empty: the warehouse makes one)."""

    landing_dir: str
    ip_hash_salt: str = ""
    media_url_prefixes: list[str] = list(default("media_url_prefixes"))

    def folder(self, source: str) -> Path:
        return Path(self.landing_dir) / source


class MetricsResource(dg.ConfigurableResource):
    """Settings that change what the numbers mean (defaults and rules: assets/shared/settings.py)."""

    timezone: str = default("report_timezone")
    storage_quota_bytes: int | None = default("storage_quota_bytes")
    unused_lookback_days: int = default("unused_lookback_days")
    max_reject_ratio: float = default("max_reject_ratio")
    retention_bucket_seconds: int = default("retention_bucket_seconds")


class MediaFilesResource(dg.ConfigurableResource):
    """The folder of media files (MEDIA_ROOT; empty: not configured), how many worker processes
    read and re-encode them, and where the Optimise action writes its variants (a folder per day)."""

    root: str = ""
    workers: int = 2
    optimised_dir: str = ""


class ReportingResource(dg.ConfigurableResource):
    """Where the report goes and who receives it. SMTP is used when `smtp_host` is set, otherwise
    the email is written as an .eml file to `outbox_dir`."""

    reports_dir: str
    outbox_dir: str
    base_url: str = ""  # where REPORTS_DIR is published; the email links to <base_url>/<day>/index.html
    recipients: list[str]
    sender: str
    email_max_age_days: int = default("report_email_max_age_days")
    smtp_host: str = ""
    smtp_port: int = default("smtp_port")
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_security: str = default("smtp_security")
