"""Resource classes the assets are given. Instances are built once, in `pipelines/resources.py`."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb

from assets.shared.settings import default
from assets.shared.sqlfiles import load_sql, schema_fingerprint, schema_sql

LOCK_RETRIES = 20
LOCK_WAIT_SECONDS = 0.5


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB warehouse file. One writer at a time: a connection waits for a lock held by
    another process (an analyst's DuckDB shell, a second run) for ~10 s before failing clearly."""

    path: str
    memory_limit: str = ""
    temp_directory: str = ""

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        con = self._open()
        try:
            con.execute("SET TimeZone = 'UTC'")
            if self.memory_limit:
                con.execute(f"SET memory_limit = '{self.memory_limit}'")
            if self.temp_directory:
                con.execute(f"SET temp_directory = '{self.temp_directory}'")
            self._ensure_schema(con)
            con.execute(load_sql("macros"))
            yield con
        finally:
            con.close()

    def _ensure_schema(self, con: duckdb.DuckDBPyConnection) -> None:
        """Create the tables once per schema version (COMMENT ON writes the catalog: not on every
        connection). A warehouse made by a version with other columns gets a clear message."""
        fingerprint = schema_fingerprint()
        con.execute("CREATE TABLE IF NOT EXISTS warehouse_schema (fingerprint VARCHAR NOT NULL)")
        if con.execute("SELECT count(*) FROM warehouse_schema WHERE fingerprint = $f", {"f": fingerprint}).fetchone()[0]:
            return
        try:
            con.execute("BEGIN TRANSACTION")
            for statements in schema_sql():
                con.execute(statements)
            con.execute("DELETE FROM warehouse_schema")
            con.execute("INSERT INTO warehouse_schema VALUES ($f)", {"f": fingerprint})
            con.execute("COMMIT")
        except duckdb.Error as error:
            con.execute("ROLLBACK")
            raise dg.Failure(
                f"The warehouse {self.path} was made by a version of Media Analytics whose tables differ "
                f"from this one's ({error}). Move it aside and rebuild the days you need "
                "(`media-analytics build FIRST LAST`), or point WAREHOUSE_PATH at a new file."
            ) from error

    def _open(self) -> duckdb.DuckDBPyConnection:
        for attempt in range(LOCK_RETRIES):
            try:
                return duckdb.connect(self.path)
            except duckdb.IOException as error:
                if "lock" not in str(error).lower() or attempt == LOCK_RETRIES - 1:
                    raise dg.Failure(
                        f"Cannot open the warehouse {self.path}: {error}. Another process holds it; "
                        "close it (or wait for the running job) and retry."
                    ) from error
                time.sleep(LOCK_WAIT_SECONDS)
        raise AssertionError("unreachable")


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
