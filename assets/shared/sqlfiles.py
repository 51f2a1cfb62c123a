"""Read the DuckDB SQL files in `assets/<domain>/sql/` and write one day of a table in one transaction.

A query is named by its file name alone (`load_sql("daily_media_usage")`): each domain keeps its SQL
beside its assets, and a name may exist in one domain only.
"""

from __future__ import annotations

from datetime import date
import re
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

import duckdb

from assets.shared.warehouse import write

SCHEMA_PREFIX = "schema"


@cache
def sql_files() -> dict[str, Traversable]:
    """Every `assets/<domain>/sql/<name>.sql` by name."""
    found: dict[str, Traversable] = {}
    for domain in sorted(resources.files("assets").iterdir(), key=lambda p: p.name):
        folder = domain.joinpath("sql")
        if not folder.is_dir():
            continue
        for file in folder.iterdir():
            if not file.name.endswith(".sql"):
                continue
            name = file.name[:-4]
            if name in found:
                raise RuntimeError(f"two SQL files are named {name}.sql: {found[name]} and {file}")
            found[name] = file
    return found


@cache
def load_sql(name: str) -> str:
    """The text of `assets/<domain>/sql/<name>.sql`."""
    try:
        file = sql_files()[name]
    except KeyError:
        raise FileNotFoundError(f"no SQL file {name}.sql in any assets/<domain>/sql/") from None
    return file.read_text(encoding="utf-8")


@cache
def schema_sql() -> list[str]:
    """Every `schema*.sql` (the core tables in shared/, then one file per domain), in file-name order."""
    return [load_sql(name) for name in sorted(sql_files()) if name.startswith(SCHEMA_PREFIX)]


def bind(sql: str, params: dict[str, object]) -> dict[str, object]:
    """The subset of `params` that `sql` names as `$name` (DuckDB refuses unused parameters)."""
    code = re.sub(r"--[^\n]*", "", sql)  # a $name in a comment is not a parameter
    names = set(re.findall(r"\$([A-Za-z_]\w*)", code))
    return {name: value for name, value in params.items() if name in names}


def run_sql(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, object]) -> duckdb.DuckDBPyConnection:
    """Execute `sql/<name>.sql` with the parameters it names."""
    sql = load_sql(name)
    return con.execute(sql, bind(sql, params))


def fetch_dicts(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, object]) -> list[dict]:
    """The rows of `sql/<name>.sql` as dicts keyed by column name."""
    cursor = run_sql(con, name, params)
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


def replace_day(
    con: duckdb.DuckDBPyConnection, table: str, day: date, params: dict[str, object]
) -> int:
    """Replace `table`'s rows for `day` with the rows of `sql/<table>.sql` (which binds `$day` and
    any of `params`) in one write transaction: a reader sees the day's old rows or its new ones,
    never a mix. Returns the number of rows written."""
    select = load_sql(table)
    _, inserted = write(con, [
        (f"DELETE FROM {table} WHERE day = $day", {"day": day}),
        (f"INSERT INTO {table} BY NAME {select}", bind(select, {"day": day, **params})),
    ])
    return inserted[0][0]
