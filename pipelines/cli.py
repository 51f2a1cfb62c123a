"""`media-analytics`: set up the state folder, generate sample data, build days, open the UI."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from pipelines.dagster_home import ensure_dagster_home, open_instance
from pipelines.sql_shell import FORMATS
from assets.shared.settings import ConfigurationError, load_settings


SAMPLE_MEDIA = "media"  # the demo's media files, under MEDIA_ANALYTICS_HOME
DEMO_START = "demo-partitions-start"  # the demo's first day, under MEDIA_ANALYTICS_HOME
DEMO_QUOTA_BYTES = 1_000_000_000  # the demo's storage quota when STORAGE_QUOTA_BYTES is not set


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="media-analytics", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    demo = commands.add_parser("demo", help="generate the sample library and logs, build every day, "
                                             "write the report and the email")
    demo.add_argument("--days", type=int, default=30, help="days of sample logs (default 30)")
    demo.add_argument("--end", type=date.fromisoformat, default=None,
                      help="last day (default: yesterday, UTC)")
    demo.add_argument("--seed", type=int, default=42)
    demo.add_argument("--fresh", action="store_true", help="delete the state folder first")

    build = commands.add_parser("build", help="run daily_analytics_job for a range of days")
    build.add_argument("first", type=date.fromisoformat)
    build.add_argument("last", type=date.fromisoformat, nargs="?")
    build.add_argument("--jobs", type=int, default=DEFAULT_JOBS,
                       help=f"runs at a time (default {DEFAULT_JOBS}): days' own tables side by side, the "
                            "tables that read other days in day order; the tables are the same for any value")

    optimise = commands.add_parser("optimise", help="run optimise_media_job: write a day's recommended image "
                                                    "variants and a manifest (originals are only read)")
    optimise.add_argument("day", type=date.fromisoformat, nargs="?", help="default: the latest day with image opportunities")
    optimise.add_argument("--output", default="", help="default: $MEDIA_ANALYTICS_HOME/optimised/<day>")

    forget = commands.add_parser("forget", help="remove on purpose the rows of landing files already deleted "
                                                 "from the landing folder (a removed file keeps its rows)")
    forget.add_argument("paths", nargs="+", help="the removed files' paths, as the builds read them")

    ui = commands.add_parser("ui", help="start the Dagster UI (`dg dev`) on http://127.0.0.1:3000")
    ui.add_argument("--host", default="127.0.0.1")
    ui.add_argument("--port", type=int, default=3000)
    serve = commands.add_parser("serve", help="start the HTTP service: tracking (POST /api/analytics/media/track "
                                              "and /engagement, /tracker.js), the read API (GET "
                                              "/api/analytics/media..., API_TOKENS; /docs), /healthz, /metrics")
    serve.add_argument("--host", default="127.0.0.1", help="default 127.0.0.1 (put a reverse proxy in front)")
    serve.add_argument("--port", type=int, default=8000, help="default 8000")
    serve.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")

    sql = commands.add_parser("sql", help="query the warehouse (read-only): an interactive SQL shell, "
                                          "or one statement with -c")
    sql.add_argument("-c", "--command", dest="statement", help="run this statement, print its rows and exit")
    sql.add_argument("--format", choices=FORMATS, default="table",
                     help="table (default), csv, or json (a list of objects)")

    move = commands.add_parser("import-warehouse", help="copy a warehouse.duckdb made before the lakehouse "
                                                        "(every table and built day) into the lakehouse")
    move.add_argument("path", nargs="?", type=Path, help="default: WAREHOUSE_PATH")
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
    except ConfigurationError as error:
        print(f"configuration error: {error}", file=sys.stderr)
        return 2
    if args.command == "sql":
        return _sql(args.statement, args.format)
    if args.command == "import-warehouse":
        return _import_warehouse(args.path or settings.warehouse_path)
    os.environ["DAGSTER_HOME"] = str(ensure_dagster_home(settings.dagster_home))
    sample_media = settings.home / SAMPLE_MEDIA
    if settings.media_root is None and (args.command == "demo" or sample_media.is_dir()):
        # The demo writes the sample library's files there: use them unless MEDIA_ROOT says otherwise.
        os.environ["MEDIA_ROOT"] = str(sample_media)
    if args.command != "demo":
        use_demo_start(settings.home, os.environ)
    if args.command == "demo":
        return _demo(settings, args)
    if args.command == "build":
        return _build_days(settings, _days(args.first, args.last or args.first), args.jobs)
    if args.command == "optimise":
        return _optimise(args.day, args.output)
    if args.command == "serve":
        from api.serve import serve

        return serve(args.host, args.port, args.workers)
    if args.command == "forget":
        return _forget(settings, args.paths)
    return _ui(args.host, args.port)


def use_demo_start(home: Path, environ) -> str | None:
    """Set PARTITIONS_START to the demo's first day when the demo ran in `home` and the variable is
    not set, so `ui` and `build` show the demo's days, not every day since 2025-01-01; return it."""
    path = home / DEMO_START
    if environ.get("PARTITIONS_START", "").strip() or not path.is_file():
        return None
    environ["PARTITIONS_START"] = path.read_text().strip()
    return environ["PARTITIONS_START"]


def remember_demo_start(home: Path, first: date, environ) -> None:
    """The demo's partitions start on its first sample day (unless PARTITIONS_START is set): for
    this run, and for later commands on the same state folder (use_demo_start)."""
    if environ.get("PARTITIONS_START", "").strip():
        return
    home.mkdir(parents=True, exist_ok=True)
    (home / DEMO_START).write_text(first.isoformat() + "\n")
    environ["PARTITIONS_START"] = first.isoformat()


def use_demo_quota(environ) -> None:
    """The demo's storage quota, DEMO_QUOTA_BYTES, unless STORAGE_QUOTA_BYTES is set: the seed's
    dashboard shows storage against a quota ("2.4 GB / 10 GB"), and the sample library (~300 MB)
    against 1 GB shows the quota bar."""
    if not environ.get("STORAGE_QUOTA_BYTES", "").strip():
        environ["STORAGE_QUOTA_BYTES"] = str(DEMO_QUOTA_BYTES)


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _demo(settings, args) -> int:
    from sampledata import generate

    if args.fresh and settings.home.exists():
        shutil.rmtree(settings.home)
        ensure_dagster_home(settings.dagster_home)
    end = args.end or datetime.now(timezone.utc).date() - timedelta(days=1)
    media_root = settings.media_root or settings.home / SAMPLE_MEDIA
    started = time.monotonic()
    if not (settings.landing_dir / "inventory").exists():
        print(f"Generating {args.days} days of sample data up to {end} ...", flush=True)
        summary = generate(settings.landing_dir, media_root, days=args.days, end=end, seed=args.seed)
        print(summary.describe())
    else:
        print(f"Sample data already in {settings.landing_dir} (use --fresh to regenerate).")
    first = end - timedelta(days=args.days - 1)
    remember_demo_start(settings.home, first, os.environ)
    use_demo_quota(os.environ)
    status = _build_days(settings, _days(first, end))
    elapsed = time.monotonic() - started
    print(f"\nDone in {elapsed:.0f} s." if status == 0 else "\nSome days failed (see above).")
    print(f"  warehouse : {settings.warehouse_catalog} (data: {settings.warehouse_data_path})")
    print("              .venv/bin/media-analytics sql   (a read-only SQL shell on it)")
    print(f"  report    : {settings.reports_dir / end.isoformat() / 'index.html'}")
    print(f"  all days  : {settings.reports_dir / 'index.html'}")
    emails = sorted(settings.outbox_dir.glob("*.eml")) if settings.outbox_dir.exists() else []
    print(f"  email     : {emails[-1] if emails else '(none: SMTP configured or nothing sent)'}")
    print(f"  Dagster UI: .venv/bin/media-analytics ui   (then open http://127.0.0.1:3000; days from "
          f"{os.environ.get('PARTITIONS_START')})")
    print("  read API  : API_TOKENS=<a token> .venv/bin/media-analytics serve   (then "
          "http://127.0.0.1:8000/docs; the same figures as JSON)")
    return status


DEFAULT_JOBS = min(2, os.cpu_count() or 1)  # runs at a time in `build` and `demo`

# The console shows warnings and errors only; every event is still recorded in the Dagster instance.
QUIET = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


def _build_days(settings, days: list[date], jobs: int = 0) -> int:
    from pipelines.build import build_days
    from pipelines.definitions import defs

    instance = open_instance(settings.dagster_home)
    return build_days(defs.resolve_job_def("daily_analytics_job"), instance, days, settings.home / "logs",
                      jobs=jobs or DEFAULT_JOBS)


def _optimise(day: date | None, output: str) -> int:
    from pipelines.definitions import defs

    config = {"day": day.isoformat() if day else "", "output_dir": output}
    result = defs.resolve_job_def("optimise_media_job").execute_in_process(
        run_config={**QUIET, "ops": {"optimised_media_variants": {"config": config}}},
        instance=open_instance(Path(os.environ["DAGSTER_HOME"])), raise_on_error=False)
    for event in result.all_events:
        if event.is_step_failure:
            error = event.event_specific_data.error
            print(f"optimise failed: {error.message.strip() if error else event.message}", file=sys.stderr)
        if event.event_type_value == "STEP_OUTPUT":
            facts = {k: v.value for k, v in event.event_specific_data.metadata.items()}
            print(f"{facts['variants_written']} of {facts['variants_planned']} variants written for "
                  f"{facts['day']}, {facts['bytes_saved']:,} bytes smaller than their sources")
            print(f"  manifest: {Path(facts['output_dir']) / 'manifest.csv'}")
    return 0 if result.success else 1


def _forget(settings, paths: list[str]) -> int:
    from assets.ingest.landing import forget_files
    from pipelines.resources import build_resources

    resources = build_resources(settings)
    with resources["warehouse"].connect() as con:
        try:
            forgotten = forget_files(con, paths, resources["metrics"].timezone)
        except ValueError as error:
            print(f"forget: {error}", file=sys.stderr)
            return 1
    for file in forgotten:
        days = file["days"]
        print(f"forgot {file['path']} ({file['source']})")
        if days:
            print(f"  its rows were on {len(days)} day(s), {days[0]} to {days[-1]}; rebuild them: "
                  f"media-analytics build {days[0]} {days[-1]}")
    return 0


def _sql(statement: str | None, fmt: str) -> int:
    import duckdb

    from assets.shared.warehouse import WarehouseError
    from pipelines.resources import build_resources
    from pipelines.sql_shell import run_statement, shell

    try:
        with build_resources(load_settings())["warehouse"].connect(read_only=True) as con:
            if statement is None:
                return shell(con, fmt, sys.stdin, sys.stdout, sys.stderr)
            run_statement(con, statement, fmt, sys.stdout)
    except (duckdb.Error, WarehouseError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


def _import_warehouse(path: Path) -> int:
    import duckdb

    from assets.shared.moving import import_duckdb_warehouse
    from assets.shared.warehouse import WarehouseError
    from pipelines.resources import build_resources

    if not path.is_file():
        print(f"error: no warehouse file at {path} (give its path, or set WAREHOUSE_PATH)", file=sys.stderr)
        return 1
    warehouse = build_resources(load_settings())["warehouse"]
    try:
        copied = import_duckdb_warehouse(warehouse, path)
    except (duckdb.Error, WarehouseError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for table, rows in copied.items():
        print(f"  {table:40s} {rows:>12,} rows")
    print(f"{path} is in {warehouse.location().describe()}; the file itself was only read.")
    return 0


def _ui(host: str, port: int) -> int:
    """`dg dev` in the project folder (pyproject's [tool.dg] names the code location), with this
    virtual environment as the project's."""
    root = Path(__file__).resolve().parent.parent
    venv = Path(sys.prefix)
    command = [str(venv / "bin" / "dg"), "dev", "--host", host, "--port", str(port)]
    return subprocess.call(command, cwd=root, env={**os.environ, "VIRTUAL_ENV": str(venv)})


if __name__ == "__main__":
    sys.exit(main())
