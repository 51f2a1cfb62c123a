"""Configuration: the documented defaults, and a clear error for a value that cannot work."""

from pathlib import Path

import pytest

from assets.shared.settings import ConfigurationError, load_settings


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
     ("RETENTION_BUCKET_SECONDS", "ten", "must be a whole number")],
)
def test_a_bad_value_is_named_in_the_error(name, value, message):
    with pytest.raises(ConfigurationError, match=message) as error:
        load_settings({name: value})
    assert name in str(error.value)
