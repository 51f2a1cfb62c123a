"""The product's configuration: every environment variable, its default and its rule, in one model.

`.env.example` lists the same variables with the same defaults (a test holds them together); the
resource classes take their defaults from here. Paths default to folders under
`MEDIA_ANALYTICS_HOME` (`./var`) and are made absolute. `load_settings()` reads the environment when
it is called — by the CLI, and by the code location when Dagster loads it — never at import of this
module; a value that cannot work is a one-line `ConfigurationError` naming the variable.
"""

from __future__ import annotations

import ipaddress
import os
import re
from datetime import date
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator


class ConfigurationError(ValueError):
    """A configuration variable has a value the product cannot use."""


def _whole_number(minimum: int):
    def check(value: object) -> int:
        try:
            number = int(str(value).strip())
        except ValueError:
            raise ValueError("must be a whole number") from None
        if number < minimum:
            raise ValueError("must not be negative" if minimum == 0 else f"must be at least {minimum}")
        return number
    return BeforeValidator(check)


def _number(value: object) -> float:
    try:
        return float(str(value).strip())
    except ValueError:
        raise ValueError("must be a number") from None


def _ratio(value: object) -> float:
    number = _number(value)
    if not 0 <= number <= 1:
        raise ValueError("must be between 0 and 1")
    return number


def _timezone(value: object) -> str:
    name = str(value).strip()
    try:
        ZoneInfo(name)
    except (KeyError, ValueError):
        raise ValueError("is not an IANA time zone") from None
    return name


def _day(value: object) -> str:
    try:
        return date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise ValueError("must be YYYY-MM-DD") from None


def _security(value: object) -> str:
    text = str(value).strip().lower()
    if text not in ("none", "starttls", "ssl"):
        raise ValueError("must be none, starttls or ssl")
    return text


def _prefixes(value: object) -> tuple[str, ...]:
    parts = value if isinstance(value, (list, tuple)) else str(value).split(",")
    prefixes = tuple("/" + p.strip().strip("/") + "/" for p in parts if p.strip().strip("/"))
    if not prefixes:
        raise ValueError("needs at least one path such as /media/")
    return prefixes


def _addresses(value: object) -> tuple[str, ...]:
    parts = value if isinstance(value, (list, tuple)) else str(value).replace(";", ",").split(",")
    return tuple(p.strip() for p in parts if p.strip())


def _base_url(value: object) -> str:
    text = str(value).strip().rstrip("/")
    if text and not text.startswith(("http://", "https://")):
        raise ValueError("must start with http:// or https://")
    return text


def _origins(value: object) -> tuple[str, ...]:
    origins = tuple(o.rstrip("/") for o in _addresses(value))
    for origin in origins:
        if origin != "*" and not origin.startswith(("http://", "https://")):
            raise ValueError(f"takes origins such as https://www.example.org (not {origin!r})")
    return origins


def _networks(value: object) -> tuple[str, ...]:
    networks = _addresses(value)
    for network in networks:
        try:
            ipaddress.ip_network(network, strict=False)
        except ValueError:
            raise ValueError(f"takes IP addresses or networks such as 10.0.0.0/8 (not {network!r})") from None
    return networks


# DuckDB's memory_limit: a number and a unit (4GB, 512MiB, 80%).
MEMORY_LIMIT = re.compile(r"^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB|%)$", re.IGNORECASE)


def _memory_limit(value: object) -> str:
    text = str(value).strip()
    if text and not MEMORY_LIMIT.match(text):
        raise ValueError("must be a size such as 4GB, 512MiB or 80%")
    return text


def _catalog(value: object) -> str:
    text = str(value).strip()
    if "://" in text and not text.startswith("postgres:"):
        raise ValueError("must be a SQLite file or postgres:<connection string>")
    return text


def _data_path(value: object) -> str:
    text = str(value).strip()
    if "://" in text and not text.startswith(("s3://", "gcs://", "gs://", "r2://", "az://", "abfss://")):
        raise ValueError("must be a folder or s3://bucket/prefix")
    return text


Count = Annotated[int, _whole_number(0)]
AtLeastOne = Annotated[int, _whole_number(1)]


def _var(name: str, default: object = None, description: str = "", **kwargs) -> object:
    return Field(default=default, alias=name, description=description, **kwargs)


class Settings(BaseModel):
    """Every configuration variable (its environment name is the alias)."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    home: Path = _var("MEDIA_ANALYTICS_HOME", Path("var"), "State folder: warehouse, reports, outbox, "
                      "Dagster's run history (dagster/), sample media (media/).")
    landing_dir: Path | None = _var("LANDING_DIR", None, "Landing zone (default $MEDIA_ANALYTICS_HOME/landing).")
    warehouse_catalog: Annotated[str, BeforeValidator(_catalog)] = _var(
        "WAREHOUSE_CATALOG", "", "The warehouse's DuckLake catalog: a SQLite file (default "
        "$MEDIA_ANALYTICS_HOME/warehouse/catalog.sqlite) or postgres:<libpq connection string>.")
    warehouse_data_path: Annotated[str, BeforeValidator(_data_path)] = _var(
        "WAREHOUSE_DATA_PATH", "", "The warehouse's Parquet files: a folder (default "
        "$MEDIA_ANALYTICS_HOME/warehouse/data) or s3://bucket/prefix.")
    warehouse_path: Path | None = _var("WAREHOUSE_PATH", None, "The single-file warehouse of earlier "
                                       "versions, read by `media-analytics import-warehouse`.")
    media_root: Path | None = _var("MEDIA_ROOT", None, "Folder of the media files (optional).")
    reports_dir: Path | None = _var("REPORTS_DIR", None, "Static HTML report site.")
    outbox_dir: Path | None = _var("OUTBOX_DIR", None, "Emails as .eml files when SMTP_HOST is not set.")
    report_timezone: Annotated[str, BeforeValidator(_timezone)] = _var("REPORT_TIMEZONE", "UTC")
    partitions_start: Annotated[str, BeforeValidator(_day)] = _var("PARTITIONS_START", "2025-01-01")
    storage_quota_bytes: Count | None = _var("STORAGE_QUOTA_BYTES", None)
    unused_lookback_days: AtLeastOne = _var("UNUSED_LOOKBACK_DAYS", 90)
    max_reject_ratio: Annotated[float, BeforeValidator(_ratio)] = _var("MAX_REJECT_RATIO", 0.05)
    retention_bucket_seconds: AtLeastOne = _var("RETENTION_BUCKET_SECONDS", 10)
    rebuild_days: AtLeastOne = _var("REBUILD_DAYS", 3, "Days the nightly schedule builds: the day that "
                                    "ended and the ones before it (late data).")
    report_recipients: Annotated[tuple[str, ...], BeforeValidator(_addresses)] = _var(
        "REPORT_RECIPIENTS", ("media-team@example.org",))
    report_from: str = _var("REPORT_FROM", "Media Analytics <media-analytics@localhost>")
    report_base_url: Annotated[str, BeforeValidator(_base_url)] = _var("REPORT_BASE_URL", "")
    report_email_max_age_days: Count = _var("REPORT_EMAIL_MAX_AGE_DAYS", 1)
    smtp_host: str = _var("SMTP_HOST", "")
    smtp_port: Count = _var("SMTP_PORT", 0, "0: 25 for none, 587 for starttls, 465 for ssl.")
    smtp_security: Annotated[str, BeforeValidator(_security)] = _var("SMTP_SECURITY", "none")
    duckdb_memory_limit: Annotated[str, BeforeValidator(_memory_limit)] = _var("DUCKDB_MEMORY_LIMIT", "")
    duckdb_temp_directory: str = _var("DUCKDB_TEMP_DIRECTORY", "")
    duckdb_threads: Count = _var("DUCKDB_THREADS", 0, "DuckDB threads per process; 0: one per core.")
    media_url_prefixes: Annotated[tuple[str, ...], BeforeValidator(_prefixes)] = _var(
        "MEDIA_URL_PREFIXES", ("/media/",))
    tracking_allowed_origins: Annotated[tuple[str, ...], BeforeValidator(_origins)] = _var(
        "TRACKING_ALLOWED_ORIGINS", (), "Origins whose pages may post tracking events from the browser.")
    tracking_max_age_hours: AtLeastOne = _var("TRACKING_MAX_AGE_HOURS", 48,
                                              "Oldest timestamp a posted event may carry, in hours.")
    tracking_trusted_proxies: Annotated[tuple[str, ...], BeforeValidator(_networks)] = _var(
        "TRACKING_TRUSTED_PROXIES", (), "Reverse proxies whose X-Forwarded-For is believed.")
    tracking_rate_limit: Count = _var("TRACKING_RATE_LIMIT", 100,
                                      "Requests a second per client and worker process; 0: no limit.")
    tracking_rotate_seconds: AtLeastOne = _var("TRACKING_ROTATE_SECONDS", 60,
                                               "Seconds before the open landing file is renamed into place.")
    read_api_cache_mb: Count = _var("READ_API_CACHE_MB", 64, "Memory for the read API's answers, per worker "
                                    "process (MB); 0: every request is computed.")

    @model_validator(mode="after")
    def _paths_under_home(self) -> Settings:
        self.home = self.home.expanduser().absolute()
        for name, folder in (("landing_dir", "landing"), ("warehouse_path", "warehouse.duckdb"),
                             ("reports_dir", "reports"), ("outbox_dir", "outbox")):
            value = getattr(self, name)
            setattr(self, name, value.expanduser().absolute() if value else self.home / folder)
        if self.media_root:
            self.media_root = self.media_root.expanduser().absolute()
        catalog = self.warehouse_catalog.removeprefix("sqlite:")
        if not catalog.startswith("postgres:"):
            catalog = str(Path(catalog).expanduser().absolute()) if catalog else str(
                self.home / "warehouse" / "catalog.sqlite")
        self.warehouse_catalog = catalog
        data = self.warehouse_data_path
        if "://" not in data:
            data = str(Path(data).expanduser().absolute()) if data else str(self.home / "warehouse" / "data")
        self.warehouse_data_path = data
        return self

    @property
    def dagster_home(self) -> Path:
        return self.home / "dagster"

    @property
    def optimised_dir(self) -> Path:
        return self.home / "optimised"


# Secrets: read by the resources as `dg.EnvVar` when set, so their values stay out of run config and
# the UI (DAGSTER_POSTGRES_URL, which may hold a password, by the instance's dagster.yaml as
# `{env: ...}`: pipelines/dagster_home.py); listed in `.env.example` like the rest.
SECRETS = ("IP_HASH_SALT", "SMTP_USER", "SMTP_PASSWORD", "DAGSTER_POSTGRES_URL", "API_TOKENS")


def default(field: str) -> object:
    """The documented default of a setting (resource classes use it for their own defaults)."""
    return Settings.model_fields[field].default


def variables() -> dict[str, object]:
    """Every variable's environment name and its default (None: unset, or derived from another)."""
    return {info.alias: info.default for info in Settings.model_fields.values()}


def load_settings(env: dict[str, str] | None = None) -> Settings:
    """Read the settings from `env` (default: the process environment). An empty value is unset."""
    env = dict(os.environ if env is None else env)
    names = set(variables())
    given = {name: value for name, value in env.items() if name in names and str(value).strip()}
    try:
        return Settings.model_validate(given)
    except ValidationError as error:
        first = error.errors()[0]
        name = first["loc"][0] if first["loc"] else "configuration"
        message = first["msg"].removeprefix("Value error, ")
        raise ConfigurationError(f"{name} {message}, got {given.get(name)!r}") from None
