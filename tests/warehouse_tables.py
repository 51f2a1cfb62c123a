"""Every table of a warehouse as a comparable value, for tests that build the same days two ways
(a killed and a clean build, days side by side and one after another) and expect the same tables."""

from __future__ import annotations

from pathlib import Path

from assets.shared.resources import WarehouseResource
from conftest import Workspace

VOLATILE = {"first_seen_at", "sent_at", "message_id", "created_at", "built_at", "run_id"}  # when a build ran, not what it built


def rounded(value):
    """Doubles to 12 significant digits: DuckDB sums them in parallel, in no fixed order, so two
    builds of the same rows may differ in the last bits (61.766000000000005 and 61.76600000000001)."""
    if isinstance(value, float):
        return float(f"{value:.12g}")
    if isinstance(value, (list, tuple)):
        return type(value)(rounded(v) for v in value)
    if isinstance(value, dict):
        return {k: rounded(v) for k, v in value.items()}
    return value


def tables(where: Path | WarehouseResource, home: Path | None = None) -> dict[str, list[str]]:
    """Every table's rows (as text, sorted: a multiset) without the columns that say when it ran,
    of the warehouse in state folder `where` (the embedded default) or of a configured one. The
    state folder's path (`home`, default `where`) reads `$HOME` in file names, so that warehouses
    built in two folders from copies of the same files compare equal."""
    warehouse = Workspace(where).warehouse() if isinstance(where, Path) else where
    home = home or (where if isinstance(where, Path) else None)
    with warehouse.connect(read_only=True) as con:
        columns = {}
        for table, column in con.execute(
                "SELECT table_name, column_name FROM duckdb_columns() WHERE database_name = current_database() "
                "AND table_name <> 'warehouse_migrations' ORDER BY table_name, column_index").fetchall():
            if column not in VOLATILE:
                columns.setdefault(table, []).append(f'"{column}"')
        return {t: sorted(_text(row, home) for row in con.execute(f"SELECT {', '.join(c)} FROM {t}").fetchall())
                for t, c in columns.items()}


def _text(row: tuple, home: Path | None) -> str:
    text = repr(rounded(row))
    return text.replace(str(home), "$HOME") if home else text
