"""The unique-key check counts the keys that more than one row of the day shares (a key thrice is one
duplicated key), over one or several columns, and reads no other day."""

from datetime import date

import duckdb

from assets.shared.checks import unique_keys_check

DAY = date(2026, 11, 2)


def test_duplicated_keys_of_the_day_are_counted_once_each():
    con = duckdb.connect()
    con.execute("CREATE TABLE t (day DATE, media_id VARCHAR, kind VARCHAR)")
    con.execute("""INSERT INTO t VALUES
        ('2026-11-02', 'm1', 'all'), ('2026-11-02', 'm1', 'all'), ('2026-11-02', 'm1', 'all'),  -- m1 thrice
        ('2026-11-02', 'm2', 'all'), ('2026-11-02', 'm2', 'all'),                               -- m2 twice
        ('2026-11-02', 'm2', 'inline'), ('2026-11-02', 'm3', 'all'),
        ('2026-11-01', 'm3', 'all'), ('2026-11-01', 'm3', 'all')                                -- another day""")
    one = unique_keys_check(con, "t", ("media_id",), DAY)
    assert (one.passed, one.metadata["duplicated_keys"].value) == (False, 2)  # m1 and m2
    two = unique_keys_check(con, "t", ("media_id", "kind"), DAY)
    assert (two.passed, two.metadata["duplicated_keys"].value) == (False, 2)  # (m1, all) and (m2, all)
    con.execute("DELETE FROM t WHERE media_id IN ('m1', 'm2') AND kind = 'all'")
    clean = unique_keys_check(con, "t", ("media_id",), DAY)
    assert (clean.passed, clean.metadata["duplicated_keys"].value) == (True, 0)
