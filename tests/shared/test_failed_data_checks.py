"""failed_data_checks: a day's data checks whose latest evaluation failed, whichever run of the day
evaluated them (a range build checks a day's tables in one run and writes its report in another)."""

import dagster as dg
import pytest

from assets.shared.checks import failed_data_checks

days = dg.DailyPartitionsDefinition(start_date="2026-11-01")


class Rows(dg.Config):
    duplicated: int = 0


@dg.asset(partitions_def=days,
          check_specs=[dg.AssetCheckSpec("table_has_unique_keys", asset="table")])
def table(config: Rows):
    return dg.MaterializeResult(check_results=[dg.AssetCheckResult(
        check_name="table_has_unique_keys", passed=config.duplicated == 0)])


@dg.asset(partitions_def=days, deps=[table], check_specs=[
    dg.AssetCheckSpec("summary_is_tidy", asset="summary"),
    dg.AssetCheckSpec("summary_is_small", asset="summary")])
def summary():
    """Fails a warning (not a data check: not named) and an error."""
    return dg.MaterializeResult(check_results=[
        dg.AssetCheckResult(check_name="summary_is_tidy", passed=False,
                            severity=dg.AssetCheckSeverity.WARN),
        dg.AssetCheckResult(check_name="summary_is_small", passed=False)])


@pytest.fixture
def instance():
    with dg.DagsterInstance.ephemeral() as instance:
        yield instance


def build_table(instance, day, duplicated):
    assert dg.materialize([table], partition_key=day, instance=instance, run_config=dg.RunConfig(
        ops={"table": Rows(duplicated=duplicated)})).success


def test_a_check_failed_in_an_earlier_run_of_the_day_counts(instance):
    build_table(instance, "2026-11-02", duplicated=2)
    assert dg.materialize([summary], partition_key="2026-11-02", instance=instance,
                          selection=[summary]).success  # the second run: another asset of the day
    assert failed_data_checks(instance, "2026-11-02") == ["summary_is_small",
                                                          "table_has_unique_keys"]


def test_a_rebuild_that_passes_replaces_the_earlier_failure(instance):
    build_table(instance, "2026-11-02", duplicated=2)
    build_table(instance, "2026-11-02", duplicated=0)
    assert failed_data_checks(instance, "2026-11-02") == []
    build_table(instance, "2026-11-02", duplicated=1)
    assert failed_data_checks(instance, "2026-11-02") == ["table_has_unique_keys"]


def test_only_the_days_own_checks_count_and_ignored_ones_do_not(instance):
    build_table(instance, "2026-11-01", duplicated=2)
    build_table(instance, "2026-11-02", duplicated=0)
    assert failed_data_checks(instance, "2026-11-02") == []
    assert failed_data_checks(instance, "2026-11-01") == ["table_has_unique_keys"]
    own = dg.AssetCheckKey(dg.AssetKey("table"), "table_has_unique_keys")
    assert failed_data_checks(instance, "2026-11-01", ignore={own}) == []
