"""Dagster's instance storage on a private PostgreSQL (dagster-postgres): a build records its run
there and not in SQLite files, as several machines sharing one instance need."""

import psycopg2

import dagster as dg
from postgres_cluster import postgres  # noqa: F401 - the fixture
from cli_process import finish, start


def test_a_build_records_its_run_in_the_postgresql_instance(landed, postgres, monkeypatch):  # noqa: F811
    postgres.create_database("dagster")
    url = postgres.url("dagster", scheme="postgresql+psycopg2")  # dagster-postgres needs psycopg2 (ENVIRONMENT.md)
    code, out, err = finish(start("build", "2026-11-02", home=landed.root, DAGSTER_POSTGRES_URL=url), timeout=400)
    assert code == 0, err
    assert out.split()[:2] == ["2026-11-02", "ok"]
    assert not list((landed.root / "dagster").rglob("*.db"))  # no SQLite storage was made
    con = psycopg2.connect(postgres.url("dagster"))
    try:
        cursor = con.cursor()
        cursor.execute("SELECT status, partition FROM runs")
        assert cursor.fetchall() == [("SUCCESS", "2026-11-02")]
    finally:
        con.close()
    monkeypatch.setenv("DAGSTER_POSTGRES_URL", url)
    with dg.DagsterInstance.from_config(str(landed.root / "dagster")) as instance:
        [run] = instance.get_runs()
        assert run.tags["dagster/partition"] == "2026-11-02" and run.is_success
