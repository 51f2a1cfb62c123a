"""A private PostgreSQL cluster for a test: initdb + pg_ctl on a free loopback port, its data folder
under tmp_path, stopped (by its postmaster's pid, through pg_ctl) at the end.

PostgreSQL refuses to run as root: as root the cluster runs as the `postgres` user, which is given
its own folder under tmp_path and the right to pass through (not list) the folders above it.
`.ci/run` installs the server when no binaries are found; the fixture never skips.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import free_port


def _bindir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).resolve().parent
    raise RuntimeError("no PostgreSQL server binaries (initdb): `apt-get install postgresql` (.ci/run does)")


@dataclass(frozen=True)
class Cluster:
    host: str
    port: int
    user: str

    def url(self, database: str, scheme: str = "postgresql") -> str:
        return f"{scheme}://{self.user}@{self.host}:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        import psycopg2

        con = psycopg2.connect(self.url("postgres"))
        try:
            con.autocommit = True
            con.cursor().execute(f'CREATE DATABASE "{name}"')
        finally:
            con.close()
        return self.url(name)


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@pytest.fixture
def postgres(tmp_path: Path) -> Iterator[Cluster]:
    bindir = _bindir()
    folder = tmp_path / "postgres"
    folder.mkdir()
    if os.geteuid() == 0:
        account = pwd.getpwnam("postgres")
        os.chown(folder, account.pw_uid, account.pw_gid)
        for parent in [tmp_path, *tmp_path.parents]:
            os.chmod(parent, os.stat(parent).st_mode | 0o001)  # traverse only
    data, port = folder / "data", free_port()
    run = dict(check=True, capture_output=True, text=True, start_new_session=True, timeout=120)
    subprocess.run(_as_postgres([str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust",
                                 "-E", "UTF8", "--no-sync"]), **run)
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
    subprocess.run(_as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l",
                                 str(folder / "server.log"), "-w", "-t", "120", "start"]), **run)
    try:
        yield Cluster("127.0.0.1", port, "postgres")
    finally:
        subprocess.run(_as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]),
                       capture_output=True, start_new_session=True, timeout=120)
