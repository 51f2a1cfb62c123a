"""Every resource, built once from the settings (assets/shared/settings.py; `.env.example`)."""

from __future__ import annotations

import os

import dagster as dg

from assets.shared.resources import (
    LandingResource, MediaFilesResource, MetricsResource, ReportingResource, WarehouseResource,
)
from assets.shared.settings import Settings


def _secret(name: str) -> str | dg.EnvVar:
    # An EnvVar keeps the value out of the run's config and the UI; unset means "not configured".
    return dg.EnvVar(name) if os.environ.get(name) else ""


def build_resources(settings: Settings) -> dict[str, dg.ConfigurableResource]:
    return {
        "warehouse": WarehouseResource(
            catalog=settings.warehouse_catalog,
            data_path=settings.warehouse_data_path,
            memory_limit=settings.duckdb_memory_limit,
            temp_directory=settings.duckdb_temp_directory,
            threads=settings.duckdb_threads,
        ),
        "landing": LandingResource(
            landing_dir=str(settings.landing_dir),
            ip_hash_salt=_secret("IP_HASH_SALT"),
            media_url_prefixes=list(settings.media_url_prefixes),
        ),
        "metrics": MetricsResource(
            timezone=settings.report_timezone,
            storage_quota_bytes=settings.storage_quota_bytes,
            unused_lookback_days=settings.unused_lookback_days,
            max_reject_ratio=settings.max_reject_ratio,
            retention_bucket_seconds=settings.retention_bucket_seconds,
        ),
        "media": MediaFilesResource(root=str(settings.media_root) if settings.media_root else "",
                                    optimised_dir=str(settings.optimised_dir)),
        "reporting": ReportingResource(
            reports_dir=str(settings.reports_dir),
            outbox_dir=str(settings.outbox_dir),
            base_url=settings.report_base_url,
            recipients=list(settings.report_recipients),
            sender=settings.report_from,
            email_max_age_days=settings.report_email_max_age_days,
            smtp_host=settings.smtp_host,
            smtp_port=settings.smtp_port,
            smtp_user=_secret("SMTP_USER"),
            smtp_password=_secret("SMTP_PASSWORD"),
            smtp_security=settings.smtp_security,
        ),
    }
