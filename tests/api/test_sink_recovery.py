"""`recover` takes a `.part` exactly when no process holds its lock: not by the process id in its name,
which a zombie (a killed worker nobody reaped: CI's kill -9 test left two such files) or a reused id
would answer as alive."""

from __future__ import annotations

import fcntl
import os
import socket
import subprocess
import sys

from api.sink import FOLDER, Sink, recover


def part_named_for(folder, pid: int, lines: bytes):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f".20261205T000000-{socket.gethostname()}-{pid}-1.ndjson.part"
    path.write_bytes(lines)
    return path


def test_an_unlocked_part_named_for_a_live_process_is_landed_cut_after_its_last_whole_line(tmp_path):
    folder = tmp_path / "usage_events" / FOLDER
    # pid 1 and this test's own pid are alive: the old id check kept such files hidden forever.
    first = part_named_for(folder, 1, b'{"event_id": "a"}\n{"event_id": "b"}\n{"event_id": "c')
    landed = recover(tmp_path, "usage_events")
    assert landed == [folder / first.name[1:-len(".part")]]
    assert landed[0].read_bytes() == b'{"event_id": "a"}\n{"event_id": "b"}\n'
    assert not first.exists()


def test_a_part_another_process_holds_is_left_alone_and_landed_once_it_is_released(tmp_path):
    folder = tmp_path / "usage_events" / FOLDER
    held = part_named_for(folder, 999999, b'{"event_id": "a"}\n')
    holder = subprocess.Popen(
        [sys.executable, "-c", "import fcntl, os, sys; fd = os.open(sys.argv[1], os.O_RDWR); "
         "fcntl.flock(fd, fcntl.LOCK_EX); print('held', flush=True); sys.stdin.read()", str(held)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, start_new_session=True)
    try:
        assert holder.stdout.readline() == b"held\n"
        assert recover(tmp_path, "usage_events") == []
        assert held.exists()
    finally:
        holder.stdin.close()
        holder.wait(10)
    assert [p.name for p in recover(tmp_path, "usage_events")] == [held.name[1:-len(".part")]]


def test_a_writer_that_died_between_creating_and_naming_its_file_leaves_nothing(tmp_path):
    folder = tmp_path / "usage_events" / FOLDER
    folder.mkdir(parents=True)
    (folder / f".20261205T000000-{socket.gethostname()}-{os.getpid()}-1.ndjson.part.new").touch()
    assert recover(tmp_path, "usage_events") == []
    assert list(folder.iterdir()) == []


def test_the_sink_writes_under_a_locked_part_name_that_recover_does_not_take(tmp_path):
    sink = Sink(tmp_path, "usage_events")
    sink.append(b'{"event_id": "a"}\n')
    assert [p.suffix for p in (tmp_path / "usage_events" / FOLDER).iterdir()] == [".part"]
    assert recover(tmp_path, "usage_events") == []
    landed = sink.rotate()
    assert landed.read_bytes() == b'{"event_id": "a"}\n'
    fd = os.open(landed, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # rotation released it
    finally:
        os.close(fd)
