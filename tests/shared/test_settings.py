"""Configuration: the documented defaults, and a clear error for a value that cannot work."""

import re
from pathlib import Path

import pytest

from assets.shared.resources import MetricsResource, ReportingResource
from assets.shared.settings import SECRETS, ConfigurationError, load_settings, variables
from conftest import ROOT


def test_defaults_live_under_the_state_folder(tmp_path):
    settings = load_settings({"MEDIA_ANALYTICS_HOME": str(tmp_path)})
    assert settings.landing_dir == tmp_path / "landing"
    assert settings.warehouse_path == tmp_path / "warehouse.duckdb"
    assert settings.reports_dir == tmp_path / "reports"
    assert settings.outbox_dir == tmp_path / "outbox"
    assert settings.dagster_home == tmp_path / "dagster"
    assert settings.media_root is None
    assert settings.report_timezone == "UTC"
    assert settings.storage_quota_bytes is None
    assert settings.smtp_security == "none"


def test_the_default_state_folder_is_var_in_the_working_directory():
    assert load_settings({}).home == Path("var").absolute()


def test_each_path_can_be_set_on_its_own(tmp_path):
    settings = load_settings({"MEDIA_ANALYTICS_HOME": str(tmp_path), "LANDING_DIR": "/srv/landing",
                              "REPORT_RECIPIENTS": "a@example.org; b@example.org,", "STORAGE_QUOTA_BYTES": "1000"})
    assert settings.landing_dir == Path("/srv/landing")
    assert settings.report_recipients == ("a@example.org", "b@example.org")
    assert settings.storage_quota_bytes == 1000


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [("REPORT_TIMEZONE", "Mars/Olympus", "not an IANA time zone"),
     ("STORAGE_QUOTA_BYTES", "10GB", "must be a whole number"),
     ("STORAGE_QUOTA_BYTES", "-1", "must not be negative"),
     ("PARTITIONS_START", "01/02/2025", "YYYY-MM-DD"),
     ("SMTP_SECURITY", "tls", "none, starttls or ssl"),
     ("MAX_REJECT_RATIO", "five", "must be a number"),
     ("RETENTION_BUCKET_SECONDS", "0", "at least 1"),
     ("REPORT_BASE_URL", "reports.example.org", "http:// or https://"),
     ("RETENTION_BUCKET_SECONDS", "ten", "must be a whole number"),
     ("UNUSED_LOOKBACK_DAYS", "0", "at least 1"),
     ("MAX_REJECT_RATIO", "1.5", "between 0 and 1"),
     ("DUCKDB_MEMORY_LIMIT", "4 gigs'; SET threads=1; --", "a size such as 4GB"),
     ("MEDIA_URL_PREFIXES", " , /", "at least one path"),
     ("SMTP_PORT", "587.5", "must be a whole number")],
)
def test_a_bad_value_is_named_in_the_error(name, value, message):
    with pytest.raises(ConfigurationError, match=message) as error:
        load_settings({name: value})
    assert str(error.value).startswith(name)
    assert "\n" not in str(error.value)  # one line, not pydantic's report


def test_a_valid_memory_limit_is_kept():
    assert load_settings({"DUCKDB_MEMORY_LIMIT": "4GB"}).duckdb_memory_limit == "4GB"
    assert load_settings({"DUCKDB_MEMORY_LIMIT": "512MiB"}).duckdb_memory_limit == "512MiB"


def _env_example() -> dict[str, str]:
    lines = (ROOT / ".env.example").read_text().splitlines()
    return dict(re.match(r"^([A-Z_]+)=(.*)$", line).groups() for line in lines if re.match(r"^[A-Z_]+=", line))


def test_env_example_lists_every_variable_and_nothing_else():
    assert set(_env_example()) == set(variables()) | set(SECRETS)


def test_env_example_values_are_the_defaults(tmp_path):
    # A user who copies .env.example unchanged gets exactly what an empty environment gives.
    home = str(tmp_path)
    example = {name: value.replace("${MEDIA_ANALYTICS_HOME}", home).replace("./var", home)
               for name, value in _env_example().items() if name not in SECRETS}
    assert load_settings(example) == load_settings({"MEDIA_ANALYTICS_HOME": home})


def test_resources_take_their_defaults_from_the_settings():
    settings = load_settings({})
    metrics = MetricsResource()
    assert (metrics.timezone, metrics.unused_lookback_days, metrics.max_reject_ratio,
            metrics.retention_bucket_seconds) == (settings.report_timezone, settings.unused_lookback_days,
                                                 settings.max_reject_ratio, settings.retention_bucket_seconds)
    reporting = ReportingResource(reports_dir="r", outbox_dir="o", recipients=[], sender="s")
    assert (reporting.email_max_age_days, reporting.smtp_security) == (
        settings.report_email_max_age_days, settings.smtp_security)


def test_the_warehouse_is_a_catalog_and_a_data_folder_under_the_state_folder(tmp_path):
    settings = load_settings({"MEDIA_ANALYTICS_HOME": str(tmp_path)})
    assert settings.warehouse_catalog == str(tmp_path / "warehouse" / "catalog.sqlite")
    assert settings.warehouse_data_path == str(tmp_path / "warehouse" / "data")


def test_the_warehouse_can_live_on_postgresql_and_object_storage(tmp_path):
    settings = load_settings({"MEDIA_ANALYTICS_HOME": str(tmp_path),
                              "WAREHOUSE_CATALOG": "postgres:host=db dbname=lake user=media",
                              "WAREHOUSE_DATA_PATH": "s3://media-bucket/lake"})
    assert settings.warehouse_catalog == "postgres:host=db dbname=lake user=media"
    assert settings.warehouse_data_path == "s3://media-bucket/lake"


@pytest.mark.parametrize("name, value, message", [
    ("WAREHOUSE_CATALOG", "mysql://db/lake", "WAREHOUSE_CATALOG must be a SQLite file or postgres:"),
    ("WAREHOUSE_DATA_PATH", "ftp://host/lake", "WAREHOUSE_DATA_PATH must be a folder or s3://"),
])
def test_a_warehouse_location_that_cannot_work_is_one_clear_error(tmp_path, name, value, message):
    with pytest.raises(ConfigurationError, match=message):
        load_settings({"MEDIA_ANALYTICS_HOME": str(tmp_path), name: value})
