"""The product's configuration: environment variables with their documented defaults.

Every variable is listed with its default in `.env.example`. Paths default to folders under
`MEDIA_ANALYTICS_HOME` (`./var`). Reading the environment is all this module does: no file is
touched and nothing is created until an asset runs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

DEFAULT_PARTITIONS_START = "2025-01-01"


class ConfigurationError(ValueError):
    """A configuration variable has a value the product cannot use."""


@dataclass(frozen=True)
class Settings:
    home: Path
    landing_dir: Path
    warehouse_path: Path
    media_root: Path | None
    reports_dir: Path
    outbox_dir: Path
    report_timezone: str
    partitions_start: str
    storage_quota_bytes: int | None
    unused_lookback_days: int
    max_reject_ratio: float
    report_recipients: tuple[str, ...]
    report_from: str
    report_email_max_age_days: int
    smtp_host: str
    smtp_port: int
    smtp_security: str
    media_url_prefixes: tuple[str, ...]
    retention_bucket_seconds: int
    report_base_url: str

    @property
    def dagster_home(self) -> Path:
        return self.home / "dagster"


def _path(env: dict[str, str], name: str, default: Path) -> Path:
    value = env.get(name, "").strip()
    return Path(value).expanduser().absolute() if value else default


def _int(env: dict[str, str], name: str, default: int | None) -> int | None:
    value = env.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ConfigurationError(f"{name} must be a whole number, got {value!r}") from None
    if number < 0:
        raise ConfigurationError(f"{name} must not be negative, got {number}")
    return number


def _float(env: dict[str, str], name: str, default: float) -> float:
    value = env.get(name, "").strip()
    if not value:
        return default
    try:
        return float(value)
    except ValueError:
        raise ConfigurationError(f"{name} must be a number, got {value!r}") from None


def _timezone(env: dict[str, str]) -> str:
    name = env.get("REPORT_TIMEZONE", "").strip() or "UTC"
    try:
        ZoneInfo(name)
    except (KeyError, ValueError):
        raise ConfigurationError(f"REPORT_TIMEZONE {name!r} is not an IANA time zone") from None
    return name


def _start(env: dict[str, str]) -> str:
    value = env.get("PARTITIONS_START", "").strip() or DEFAULT_PARTITIONS_START
    try:
        date.fromisoformat(value)
    except ValueError:
        raise ConfigurationError(f"PARTITIONS_START must be YYYY-MM-DD, got {value!r}") from None
    return value


def _security(env: dict[str, str]) -> str:
    value = env.get("SMTP_SECURITY", "").strip().lower() or "none"
    if value not in ("none", "starttls", "ssl"):
        raise ConfigurationError(f"SMTP_SECURITY must be none, starttls or ssl, got {value!r}")
    return value


def _prefixes(env: dict[str, str]) -> tuple[str, ...]:
    value = env.get("MEDIA_URL_PREFIXES", "").strip() or "/media/"
    prefixes = tuple("/" + p.strip().strip("/") + "/" for p in value.split(",") if p.strip().strip("/"))
    if not prefixes:
        raise ConfigurationError(f"MEDIA_URL_PREFIXES needs at least one path such as /media/, got {value!r}")
    return prefixes


def _bucket(env: dict[str, str]) -> int:
    seconds = _int(env, "RETENTION_BUCKET_SECONDS", 10)
    if not seconds:
        raise ConfigurationError("RETENTION_BUCKET_SECONDS must be at least 1")
    return seconds


def _base_url(env: dict[str, str]) -> str:
    value = env.get("REPORT_BASE_URL", "").strip().rstrip("/")
    if value and not value.startswith(("http://", "https://")):
        raise ConfigurationError(f"REPORT_BASE_URL must start with http:// or https://, got {value!r}")
    return value


def load_settings(env: dict[str, str] | None = None) -> Settings:
    """Read the settings from `env` (default: the process environment)."""
    env = dict(os.environ if env is None else env)
    home = _path(env, "MEDIA_ANALYTICS_HOME", Path("var").absolute())
    media_root = env.get("MEDIA_ROOT", "").strip()
    recipients = tuple(
        r.strip() for r in env.get("REPORT_RECIPIENTS", "").replace(";", ",").split(",") if r.strip()
    )
    return Settings(
        home=home,
        landing_dir=_path(env, "LANDING_DIR", home / "landing"),
        warehouse_path=_path(env, "WAREHOUSE_PATH", home / "warehouse.duckdb"),
        media_root=Path(media_root).expanduser().absolute() if media_root else None,
        reports_dir=_path(env, "REPORTS_DIR", home / "reports"),
        outbox_dir=_path(env, "OUTBOX_DIR", home / "outbox"),
        report_timezone=_timezone(env),
        partitions_start=_start(env),
        storage_quota_bytes=_int(env, "STORAGE_QUOTA_BYTES", None),
        unused_lookback_days=_int(env, "UNUSED_LOOKBACK_DAYS", 90) or 90,
        max_reject_ratio=_float(env, "MAX_REJECT_RATIO", 0.05),
        report_recipients=recipients or ("media-team@example.org",),
        report_from=env.get("REPORT_FROM", "").strip() or "Media Analytics <media-analytics@localhost>",
        report_email_max_age_days=_int(env, "REPORT_EMAIL_MAX_AGE_DAYS", 1),
        smtp_host=env.get("SMTP_HOST", "").strip(),
        smtp_port=_int(env, "SMTP_PORT", 0),
        smtp_security=_security(env),
        media_url_prefixes=_prefixes(env),
        retention_bucket_seconds=_bucket(env),
        report_base_url=_base_url(env),
    )
