"""The salt that turns client IPs into `client_id`s: IP_HASH_SALT, else one made on first use."""

from __future__ import annotations

import secrets

import duckdb

from assets.shared.warehouse import transaction


def client_id_salt(con: duckdb.DuckDBPyConnection, configured: str) -> str:
    """`configured` when set (IP_HASH_SALT); otherwise the warehouse's own random salt, made once,
    so one client keeps one id across days without the IP ever being stored."""
    if configured:
        return configured
    row = con.execute("SELECT salt FROM privacy_salt LIMIT 1").fetchone()
    if row:
        return row[0]
    with transaction(con):  # under the writer lock: two first runs at once still make one salt
        row = con.execute("SELECT salt FROM privacy_salt LIMIT 1").fetchone()
        if row:
            return row[0]
        salt = secrets.token_hex(16)
        con.execute("INSERT INTO privacy_salt VALUES ($salt)", {"salt": salt})
    return salt
