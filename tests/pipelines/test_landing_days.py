"""The landing sensor's days of a file, read as a stream of blocks with access-log times cut to the
minute: the same days a line-by-line reading gives, in any time zone, whatever the block size; a
file cut short gives the days of the lines before the cut."""

from __future__ import annotations

import gzip
import random
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from pipelines import landing_days
from pipelines.landing_days import days_in_file

AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0"


def access_lines(count: int) -> tuple[list[str], list[datetime]]:
    """Combined-format lines with offsets of whole hours and odd minutes around midnights, and W3C
    (CloudFront) lines in UTC; with the instant of each."""
    rng = random.Random(3)
    lines, instants = [], []
    for n in range(count):
        offset = timezone(timedelta(minutes=rng.choice([-480, -210, 0, 60, 330, 345, 840])))
        instant = datetime(2026, 11, 1, 23, 40, tzinfo=timezone.utc) + timedelta(seconds=rng.randint(-90_000, 90_000))
        if n % 5:
            local = instant.astimezone(offset)
            lines.append(f'192.0.2.1 - - [{local.strftime("%d/%b/%Y:%H:%M:%S %z")}] "GET /media/a.jpg HTTP/1.1" '
                         f'200 512 "-" "{AGENT}"')
        else:
            lines.append(f"{instant.strftime('%Y-%m-%d')}\t{instant.strftime('%H:%M:%S')}\tLHR62-C2\t512\t192.0.2.1\t"
                         "GET\td111111abcdef8.cloudfront.net\t/media/a.jpg\t200\t-\tMozilla/5.0\t-\t-\tHit")
        instants.append(instant)
    lines.insert(7, "not a log line at all")  # skipped here, quarantined by the assets
    return lines, instants


@pytest.mark.parametrize("tz", ["UTC", "Asia/Kathmandu", "America/St_Johns", "Pacific/Kiritimati"])
def test_the_days_of_a_streamed_log_are_those_of_each_line(tmp_path, monkeypatch, tz):
    lines, instants = access_lines(3_000)
    path = tmp_path / "access.log.gz"
    with gzip.open(path, "wt") as handle:
        handle.write("\n".join(lines) + "\n")
    monkeypatch.setattr(landing_days, "BLOCK_BYTES", 8_192)  # many blocks
    expected = {i.astimezone(ZoneInfo(tz)).date() for i in instants}
    assert len(expected) >= 2
    assert days_in_file(path, "access_logs", tz) == expected


def test_a_log_cut_short_gives_the_days_of_the_lines_before_the_cut(tmp_path, monkeypatch):
    first = [f'192.0.2.1 - - [0{d}/Nov/2026:12:00:00 +0000] "GET /media/a.jpg HTTP/1.1" 200 5 "-" "{AGENT}"'
             for d in (1, 2) for _ in range(400)]
    whole = gzip.compress(("\n".join(first + [first[0].replace("01/Nov", "05/Nov")] * 400) + "\n").encode())
    path = tmp_path / "cut.log.gz"
    path.write_bytes(whole[: len(whole) * 2 // 3])
    monkeypatch.setattr(landing_days, "BLOCK_BYTES", 4_096)
    days = days_in_file(path, "access_logs", "UTC")
    assert days and days <= {datetime(2026, 11, d).date() for d in (1, 2, 5)}
    assert datetime(2026, 11, 1).date() in days


def test_event_files_are_streamed_too(tmp_path, monkeypatch):
    path = tmp_path / "events.ndjson"
    path.write_text("".join(f'{{"event_id": "{n}", "media_id": "m1", "event_type": "view", '
                            f'"timestamp": "2026-11-0{1 + n % 3}T23:30:00+01:00"}}\n' for n in range(2_000)))
    monkeypatch.setattr(landing_days, "BLOCK_BYTES", 4_096)
    assert days_in_file(path, "usage_events", "UTC") == {datetime(2026, 11, d).date() for d in (1, 2, 3)}
