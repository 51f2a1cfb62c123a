"""Rung 4: the code location loads, and its names match what users and outside checks rely on."""

import tomllib

from datetime import datetime, timezone

import dagster as dg
import yaml

from pipelines.definitions import defs
from conftest import ROOT

DAILY_TABLES = {"raw_usage_events", "media_inventory", "daily_media_usage", "daily_storage", "unused_media",
                "daily_media_delivery", "daily_delivery_totals", "unmatched_requests",
                "raw_player_events", "video_session_events", "video_watch_segments", "video_views", "daily_video_engagement",
                "video_retention", "media_file_facts", "image_optimization_opportunities",
                "media_duplicates", "video_optimization_opportunities", "document_searchability",
                "daily_document_access"}


def test_definitions_load():
    dg.Definitions.validate_loadable(defs)


def test_workspace_yaml_and_dg_config_point_at_the_same_module():
    workspace = yaml.safe_load((ROOT / "workspace.yaml").read_text())
    modules = [entry["python_module"] for entry in workspace["load_from"]]
    dg_config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["dg"]["project"]
    assert modules == ["pipelines.definitions"]
    assert dg_config["code_location_target_module"] == "pipelines.definitions"
    assert dg_config["root_module"] == "pipelines"


def test_the_job_builds_every_daily_table_and_the_report():
    job = defs.resolve_job_def("daily_analytics_job")
    keys = {key.to_user_string() for key in job.asset_layer.executable_asset_keys}
    assert DAILY_TABLES | {"daily_report", "report_email"} <= keys


def test_the_schedule_runs_the_job_daily_after_the_day_ends():
    schedule = defs.resolve_schedule_def("daily_analytics_schedule")
    assert schedule.job_name == "daily_analytics_job"
    assert schedule.cron_schedule == "0 2 * * *"


def test_each_scheduled_run_rebuilds_the_last_days_oldest_first(monkeypatch):
    schedule = defs.resolve_schedule_def("daily_analytics_schedule")
    at = datetime(2026, 11, 5, 2, 0, tzinfo=timezone.utc)

    def days(**env):
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        with dg.build_schedule_context(scheduled_execution_time=at) as context:
            requests = list(schedule(context))
        return [(r.partition_key, r.tags["media-analytics/rebuild"]) for r in requests]

    monkeypatch.delenv("REBUILD_DAYS", raising=False)
    assert days() == [("2026-11-02", "late data"), ("2026-11-03", "late data"), ("2026-11-04", "new day")]
    assert days(REBUILD_DAYS="1") == [("2026-11-04", "new day")]
    assert [d for d, _ in days(REBUILD_DAYS="5")] == ["2026-10-31", "2026-11-01", "2026-11-02", "2026-11-03",
                                                      "2026-11-04"]


def test_every_asset_is_described_grouped_daily_partitioned_and_has_kinds():
    for spec in defs.resolve_all_asset_specs():
        name = spec.key.to_user_string()
        assert spec.description and len(spec.description) > 40, name
        assert spec.group_name != "default", name
        assert spec.kinds, name
        if spec.group_name == "maintenance":  # the lakehouse's weekly housekeeping: not a day's table
            assert spec.partitions_def is None, name
            continue
        assert isinstance(spec.partitions_def, dg.DailyPartitionsDefinition), name


def test_every_raw_table_has_a_reject_ratio_check():
    checks = {key.name for key in defs.resolve_asset_graph().asset_check_keys}
    for table in ("raw_usage_events", "media_inventory", "raw_access_log"):
        assert f"{table}_reject_ratio_below_threshold" in checks


def test_every_daily_table_has_a_unique_keys_check():
    checks = {key.name for key in defs.resolve_asset_graph().asset_check_keys}
    for table in DAILY_TABLES:
        assert f"{table}_has_unique_keys" in checks


def test_the_shipped_dagster_yaml_queues_one_run_and_lets_two_steps_write(tmp_path, monkeypatch):
    # One queued run at a time: a job-page backfill does not wait for the days a day reads. Two
    # warehouse steps at a time: `build --jobs 2` runs own-day parts of two days side by side.
    from pipelines.dagster_home import ensure_dagster_home

    monkeypatch.setenv("DAGSTER_HOME", str(ensure_dagster_home(tmp_path / "dagster")))
    with dg.DagsterInstance.get() as instance:
        config = instance.get_concurrency_config()
        assert config.run_queue_config.max_concurrent_runs == 1
        assert config.pool_config.default_pool_limit == 2
        assert instance.telemetry_enabled is False


def test_every_asset_writes_the_warehouse_from_one_pool():
    for node in defs.resolve_asset_graph().asset_nodes:
        assert node.pools == {"duckdb_warehouse"}, node.key


def test_the_landing_sensor_runs_the_daily_job_and_starts_switched_off():
    sensor = defs.resolve_sensor_def("landing_files_sensor")
    assert sensor.job_name == "daily_analytics_job"
    assert sensor.default_status == dg.DefaultSensorStatus.STOPPED


def test_the_report_waits_for_every_table_it_reads():
    upstream = {key.to_user_string() for key in defs.resolve_asset_graph().get(dg.AssetKey("daily_report")).parent_keys}
    assert {"daily_media_usage", "daily_storage", "unused_media", "daily_media_delivery", "daily_delivery_totals",
            "daily_video_engagement", "video_retention", "image_optimization_opportunities", "media_duplicates",
            "document_searchability", "daily_document_access", "video_optimization_opportunities"} <= upstream
