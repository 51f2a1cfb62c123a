"""A running build never makes a read request fail, and requests never make the build fail (issue
18): the real service answers while `media-analytics build` rewrites the day it serves, both real
processes sharing the warehouse on disk."""

from __future__ import annotations

import json
import shutil
import threading

from cli_process import finish, start
from read_sample import FIRST, LAST, ReadService, shared_sample

MEDIA = "/api/analytics/media"


def test_reads_beside_a_build_of_the_same_day_all_answer_the_same_figures(tmp_path, tmp_path_factory):
    home = tmp_path / "home"
    shutil.copytree(shared_sample(tmp_path_factory), home, ignore=shutil.ignore_patterns("service-*.log"))
    service = ReadService(home)
    try:
        some_id = service.read(f"{MEDIA}/usage?limit=1")[1]["items"][0]["id"]
        paths = [MEDIA, f"{MEDIA}/usage?from={FIRST}&limit=50", f"{MEDIA}/{some_id}?from={FIRST}",
                 f"{MEDIA}/performance?limit=50", f"{MEDIA}/optimization?limit=50"]
        before = {path: service.read(path) for path in paths}
        assert all(status == 200 for status, _, _ in before.values())

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
        for path, _, body in answers:  # the same inputs rebuilt: every answer has the figures of before
            assert figures(body) == figures(before[path][1]), path

        after = service.read(MEDIA)
        assert after[0] == 200 and after[2]["etag"] != before[MEDIA][2]["etag"]  # the day was rebuilt
        assert after[1]["period"]["builtAt"] > before[MEDIA][1]["period"]["builtAt"]
        assert figures(after[1]) == figures(before[MEDIA][1])
    finally:
        service.stop()
    assert "Traceback" not in service.log.read_text()


def figures(body: dict) -> str:
    """The answer without when its days were built."""
    return json.dumps({**body, "period": {k: v for k, v in body["period"].items() if k != "builtAt"}}, sort_keys=True)
