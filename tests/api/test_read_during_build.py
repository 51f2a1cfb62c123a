"""A running build never makes a read request fail, and requests never make the build fail (issue
18): the real service answers while `media-analytics build` rewrites the day it serves, both real
processes sharing the warehouse on disk; once the day is rebuilt its answers are new, not kept ones."""

from __future__ import annotations

import json
import shutil
import threading

from cli_process import finish, start
from read_sample import FIRST, LAST, ReadService, shared_sample

MEDIA = "/api/analytics/media"


def test_reads_beside_a_build_of_the_day_they_read_all_answer_and_then_show_the_rebuilt_day(
        tmp_path, tmp_path_factory):
    home = tmp_path / "home"
    shutil.copytree(shared_sample(tmp_path_factory), home, ignore=shutil.ignore_patterns("service-*.log"))
    service = ReadService(home)
    try:
        some_id = service.read(f"{MEDIA}/usage?limit=1")[1]["items"][0]["id"]
        paths = [MEDIA, f"{MEDIA}/usage?from={FIRST}&limit=50", f"{MEDIA}/{some_id}?from={FIRST}",
                 f"{MEDIA}/performance?limit=50", f"{MEDIA}/optimization?limit=50"]
        before = {path: service.read(path) for path in paths}
        assert all(status == 200 for status, _, _ in before.values())
        before_item = service.read(f"{MEDIA}/{some_id}?from={LAST}")[1]

        # one more page view of the item on the day, landed late: the rebuild counts it
        (home / "landing" / "usage_events" / "late.ndjson").write_text(json.dumps({
            "event_id": "late-view-1", "media_id": some_id, "event_type": "view",
            "timestamp": f"{LAST}T12:00:00Z", "session_id": "late-visitor"}) + "\n")
        views = before[MEDIA][1]["usage"]["totals"]["views"]
        build = start("build", LAST, home=home, MEDIA_ROOT=str(home / "media"), PARTITIONS_START=FIRST)
        answers: list[tuple[str, int, dict | None]] = []

        def read_until_built():
            while build.poll() is None:
                for path in paths:
                    status, body, _ = service.read(path)
                    answers.append((path, status, body))

        readers = [threading.Thread(target=read_until_built) for _ in range(2)]
        for reader in readers:
            reader.start()
        code, _, err = finish(build, timeout=900)
        for reader in readers:
            reader.join()
        assert code == 0, err[-3000:]

        assert len(answers) >= 20, len(answers)
        failed = [(path, status, body) for path, status, body in answers if status != 200]
        assert not failed, failed[:3]
        # each answer is the day before the rebuild or after it (tables are replaced one at a time,
        # each in one transaction: an answer may show some of them rebuilt until the report is)
        assert {body["usage"]["totals"]["views"] for path, _, body in answers if path == MEDIA} <= {views, views + 1}

        status, after, headers = service.read(MEDIA)
        assert status == 200 and headers["etag"] != before[MEDIA][2]["etag"]  # the day was rebuilt
        assert after["period"]["builtAt"] > before[MEDIA][1]["period"]["builtAt"]
        assert after["usage"]["totals"]["views"] == views + 1  # computed anew, not the answer kept before
        assert service.read(f"{MEDIA}/{some_id}?from={LAST}")[1]["usage"]["views"] == (
            before_item["usage"]["views"] + 1)
    finally:
        service.stop()
    assert "Traceback" not in service.log.read_text()

