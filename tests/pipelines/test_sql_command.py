"""`media-analytics sql`: the warehouse for analysts and outside checks — one statement with -c
(table, CSV or JSON), or an interactive shell; read-only either way. Run from outside the repo,
as such checks run it."""

import csv
import io
import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT, Workspace
from assets.shared.warehouse import write


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    """A state folder whose warehouse holds two known ledger rows (written through the one way in)."""
    root = tmp_path_factory.mktemp("home")
    with Workspace(root).connect(read_only=False) as con:
        write(con, ["INSERT INTO email_ledger VALUES "
                    "('2026-11-01', 'a@example.org', TIMESTAMPTZ '2026-11-02 06:00:00+00', 'outbox', '<m1>'), "
                    "('2026-11-02', 'b,c@example.org', TIMESTAMPTZ '2026-11-03 06:00:00+00', 'smtp://x:25', '<m2>')"])
    return root


def sql(home, *args, stdin=None, cwd=None):
    media_analytics = [sys.executable, "-c", "import sys; from pipelines.cli import main; sys.exit(main())"]
    return subprocess.run([*media_analytics, "sql", *args], cwd=cwd or home, input=stdin, capture_output=True,
                          text=True, timeout=300,
                          env={**os.environ, "MEDIA_ANALYTICS_HOME": str(home), "PYTHONPATH": str(ROOT)})


def test_json_is_a_list_of_objects(home):
    done = sql(home, "-c", "SELECT day, recipient, sent_at FROM email_ledger ORDER BY day", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [
        {"day": "2026-11-01", "recipient": "a@example.org", "sent_at": "2026-11-02T06:00:00+00:00"},
        {"day": "2026-11-02", "recipient": "b,c@example.org", "sent_at": "2026-11-03T06:00:00+00:00"},
    ]


def test_csv_has_a_header_and_quotes_what_needs_it(home):
    done = sql(home, "-c", "SELECT recipient, transport FROM email_ledger ORDER BY day", "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert list(csv.reader(io.StringIO(done.stdout))) == [
        ["recipient", "transport"], ["a@example.org", "outbox"], ["b,c@example.org", "smtp://x:25"]]
    assert done.stdout.splitlines()[2] == '"b,c@example.org",smtp://x:25'


def test_the_shell_reads_statements_until_their_semicolon(home):
    done = sql(home, stdin="SELECT count(*)\n  AS n FROM email_ledger;\nSELECT 'two' AS word;\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["n", "-", "2", "(1 row)", "word", "----", "two", "(1 row)"]


def test_it_cannot_change_the_warehouse(home):
    done = sql(home, "-c", "DELETE FROM email_ledger")
    assert done.returncode == 1
    assert done.stderr.startswith("error: ") and "read-only" in done.stderr and "Traceback" not in done.stderr
    assert json.loads(sql(home, "-c", "SELECT count(*) AS n FROM email_ledger", "--format", "json").stdout) == [{"n": 2}]


def test_a_bad_statement_in_the_shell_is_reported_and_the_shell_goes_on(home):
    done = sql(home, stdin="SELECT nope FROM email_ledger;\nSELECT 1 AS one;\n")
    assert done.returncode == 1
    assert "error: " in done.stderr and "nope" in done.stderr
    assert done.stdout.splitlines() == ["one", "---", "1", "(1 row)"]
