"""The tracking endpoints over real HTTP: uvicorn in a subprocess on a free loopback port."""

from __future__ import annotations

import hashlib
import json
import resource
import socket
from datetime import datetime, timedelta, timezone

import pytest

from tracking_service import SALT, Service, hidden_files, landed_lines

TRACK = "/api/analytics/media/track"
ORIGIN = "https://www.example.org"


def stamp(delta: timedelta = timedelta(0)) -> str:
    return (datetime.now(timezone.utc) + delta).isoformat().replace("+00:00", "Z")


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    landing = tmp_path_factory.mktemp("tracking") / "landing"
    running = Service(landing, env={"TRACKING_ALLOWED_ORIGINS": ORIGIN, "TRACKING_RATE_LIMIT": "0"})
    yield running
    running.stop()


def test_one_camel_case_event_is_stored_with_what_the_service_fills(tmp_path):
    service = Service(tmp_path / "landing")
    before = datetime.now(timezone.utc)
    status, answer = service.track({"mediaId": "m1", "eventType": "view", "sessionId": "s1",
                                    "pageUrl": "https://site/p", "ip": "203.0.113.9", "clientId": "forged"},
                                   headers={"User-Agent": "Agent/1.0"})
    assert (status, answer) == (202, {"accepted": 1})
    assert hidden_files(service.landing, "usage_events"), "written to a hidden .part file before rotation"
    assert landed_lines(service.landing, "usage_events") == []
    service.stop()  # SIGTERM: uvicorn shuts down gracefully, which rotates the open file
    assert hidden_files(service.landing, "usage_events") == []
    [row] = landed_lines(service.landing, "usage_events")
    assert row["media_id"] == "m1" and row["event_type"] == "view" and row["session_id"] == "s1"
    assert row["page_url"] == "https://site/p" and row["user_agent"] == "Agent/1.0"
    assert len(row["event_id"]) == 32
    assert before <= datetime.fromisoformat(row["timestamp"]) <= datetime.now(timezone.utc)
    # The peer's address, hashed as the access logs hash it (sha256 of salt + IP, 16 hex digits);
    # the posted ip and client id are not trusted, and no raw IP is written.
    assert row["client_id"] == hashlib.sha256((SALT + "127.0.0.1").encode()).hexdigest()[:16]
    assert "ip" not in row and "203.0.113.9" not in json.dumps(row)


def test_snake_case_batch_keeps_the_valid_events_and_names_each_rejected_one(service):
    batch = [
        {"event_id": "b1", "media_id": "m1", "event_type": "click", "timestamp": stamp()},
        {"event_id": "b2", "media_id": "m1", "event_type": "like", "timestamp": stamp()},
        {"event_id": "b3", "event_type": "view", "timestamp": stamp()},
        {"event_id": "b4", "media_id": "m1", "event_type": "view", "timestamp": "2026-11-02T10:00:00"},
        {"event_id": "b5", "media_id": "m1", "event_type": "view", "timestamp": stamp(timedelta(minutes=6))},
        {"event_id": "b6", "media_id": "m1", "event_type": "view", "timestamp": stamp(-timedelta(hours=49))},
        {"event_id": "b7", "media_id": "m1", "event_type": "view", "timestamp": stamp(-timedelta(hours=47))},
        "not an object",
        {"event_id": "b9", "media_id": "m1", "event_type": "download", "load_time_ms": -3},
    ]
    status, answer = service.track(batch)
    assert status == 422
    assert answer == {"accepted": 2, "rejected": [
        {"index": 1, "reason": "unknown event_type 'like'"},
        {"index": 2, "reason": "missing media_id and media_url"},
        {"index": 3, "reason": f"timestamp without UTC offset '{batch[3]['timestamp']}'"},
        {"index": 4, "reason": "timestamp more than 5 minutes in the future"},
        {"index": 5, "reason": "timestamp older than 48 hours (TRACKING_MAX_AGE_HOURS)"},
        {"index": 7, "reason": "not a JSON object"},
        {"index": 8, "reason": "invalid load_time_ms '-3'"},
    ]}


def test_player_events_in_the_seeds_names(service):
    status, answer = service.engagement([
        {"videoId": "v1", "eventType": "play", "currentTime": 0, "duration": 30, "sessionId": "s", "quality": "720p"},
        {"videoId": "v1", "eventType": "seek", "fromPosition": 3.5, "toPosition": 10, "currentTime": 10, "sessionId": "s"},
        {"videoId": "v1", "eventType": "pause", "currentTime": -1, "sessionId": "s"},
        {"videoId": "v1", "buffering": True, "currentTime": 10, "sessionId": "s"},
    ])
    assert status == 422
    assert answer["accepted"] == 3
    assert [r["index"] for r in answer["rejected"]] == [2]
    assert "position" in answer["rejected"][0]["reason"]


def test_an_item_may_be_named_by_url_on_both_endpoints_by_the_landing_rules(service):
    status, answer = service.track([
        {"mediaUrl": "/media/2026/hero-300x200.jpg", "eventType": "impression"},
        {"mediaUrl": {"href": "/media/hero.jpg"}, "eventType": "impression"},
        {"mediaUrl": "https://www.example.org?page=2", "eventType": "view"},
    ])
    assert (status, answer) == (422, {"accepted": 1, "rejected": [
        {"index": 1, "reason": "media_url is not a single value"},
        {"index": 2, "reason": "media_url without a path 'https://www.example.org?page=2'"},
    ]})
    status, answer = service.engagement({"mediaUrl": "/media/intro.mp4", "eventType": "play", "currentTime": 0,
                                         "sessionId": "s"})
    assert (status, answer) == (202, {"accepted": 1})


@pytest.mark.parametrize("content_type", ["application/json", "text/plain;charset=UTF-8"])
def test_json_and_beacon_bodies_are_accepted(service, content_type):
    status, answer = service.track({"mediaId": "m1", "eventType": "impression"}, content_type=content_type)
    assert (status, answer) == (202, {"accepted": 1})


def test_wrong_content_type_is_415(service):
    status, answer = service.track(b"mediaId=m1", content_type="application/x-www-form-urlencoded")
    assert status == 415 and "application/json" in answer["error"]


def _raw_post(service, head: bytes, body: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", service.port), timeout=10) as sock:
        sock.sendall(head + body)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
            if b"\r\n\r\n" in answer and b"}" in answer:
                break
        return answer


def test_body_over_1_mib_is_413(service):
    # Announced as larger: answered before the body is read.
    head = (f"POST {TRACK} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Content-Length: {(1 << 20) + 1}\r\n\r\n").encode()
    answer = _raw_post(service, head, b"")
    assert answer.startswith(b"HTTP/1.1 413") and b"1 MiB" in answer
    # Sent in chunks without a length: cut off once past 1 MiB.
    event = json.dumps({"mediaId": "m1", "eventType": "view", "referrer": "x" * 4000}).encode()
    body = b"[" + b",".join([event] * 300) + b"]"  # ~1.2 MB
    chunks = b"".join(f"{len(body[i:i + 65536]):x}\r\n".encode() + body[i:i + 65536] + b"\r\n"
                      for i in range(0, len(body), 65536)) + b"0\r\n\r\n"
    head = (f"POST {TRACK} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            "Transfer-Encoding: chunked\r\n\r\n").encode()
    answer = _raw_post(service, head, chunks)
    assert answer.startswith(b"HTTP/1.1 413") and b"1 MiB" in answer


def test_more_than_500_events_is_413(service):
    status, answer = service.track([{"mediaId": "m1", "eventType": "view"}] * 501)
    assert status == 413 and "at most 500" in answer["error"]


def test_body_that_is_not_json_is_400(service):
    status, answer = service.track(b"{not json")
    assert status == 400 and "not JSON" in answer["error"]


def test_a_lone_surrogate_is_rejected_alone_never_a_503_for_the_batch(service):
    # JSON may escape half a UTF-16 pair ("\\ud800"); no UTF-8 text can hold it. It used to make the
    # whole group commit fail (503 for every request in it, however valid).
    body = b'[{"mediaId": "\\ud800", "eventType": "view"}, {"mediaId": "m1", "eventType": "view", ' \
           b'"referrer": "x\\udc00"}, {"mediaId": "m2", "eventType": "view"}]'
    status, answer = service.track(body)
    assert status == 422
    assert answer["accepted"] == 1 and [r["index"] for r in answer["rejected"]] == [0, 1]
    assert all(r["reason"] == "not a JSON object" for r in answer["rejected"])  # as in a landed file


def test_cors_allows_only_the_configured_origins(service):
    status, _, headers = service.post(TRACK, {"mediaId": "m1", "eventType": "view"}, headers={"Origin": ORIGIN})
    assert status == 202 and headers["access-control-allow-origin"] == ORIGIN
    status, body, headers = service.post(TRACK, {"mediaId": "m1", "eventType": "view"},
                                         headers={"Origin": "https://evil.example"})
    assert status == 403 and "access-control-allow-origin" not in headers
    assert "TRACKING_ALLOWED_ORIGINS" in json.loads(body)["error"]
    status, _, headers = service._send(__import__("urllib.request").request.Request(
        service.base + TRACK, method="OPTIONS",
        headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST"}))
    assert status == 204 and headers["access-control-allow-origin"] == ORIGIN
    assert "POST" in headers["access-control-allow-methods"]


def test_forwarded_for_is_believed_only_from_a_trusted_proxy(tmp_path):
    trusting = Service(tmp_path / "trusting", env={"TRACKING_TRUSTED_PROXIES": "127.0.0.1,10.0.0.0/8"})
    untrusting = Service(tmp_path / "untrusting")
    hops = {"X-Forwarded-For": "198.51.100.7, 203.0.113.5, 10.1.2.3"}
    assert trusting.track({"mediaId": "m1", "eventType": "view"}, headers=hops)[0] == 202
    assert untrusting.track({"mediaId": "m1", "eventType": "view"}, headers=hops)[0] == 202
    trusting.stop()
    untrusting.stop()
    # Trusted: the right-most hop that is not a trusted proxy (the left ones anyone could write).
    [row] = landed_lines(trusting.landing, "usage_events")
    assert row["client_id"] == hashlib.sha256((SALT + "203.0.113.5").encode()).hexdigest()[:16]
    # Not trusted: the peer itself.
    [row] = landed_lines(untrusting.landing, "usage_events")
    assert row["client_id"] == hashlib.sha256((SALT + "127.0.0.1").encode()).hexdigest()[:16]


def test_rate_above_the_limit_is_429(tmp_path):
    service = Service(tmp_path / "landing", env={"TRACKING_RATE_LIMIT": "5"})
    statuses = [service.track({"mediaId": "m1", "eventType": "view"})[0] for _ in range(30)]
    service.stop()
    # 5 a second with bursts of 10: the first 10 pass at once; 30 requests take far less than 4 s.
    assert statuses[:10] == [202] * 10
    assert 429 in statuses[10:]
    assert statuses.count(202) < 30
    assert len(landed_lines(service.landing, "usage_events")) == statuses.count(202)


def test_unwritable_landing_folder_is_503_never_2xx(tmp_path):
    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / "usage_events").write_text("a file where the folder should be")
    service = Service(landing)
    status, answer = service.track({"mediaId": "m1", "eventType": "view"})
    assert status == 503 and "usage_events" in answer["error"]
    status, body, _ = service.get("/healthz")
    assert status == 503 and "usage_events" in json.loads(body)["error"]
    service.stop()


def test_a_write_the_disk_refuses_is_503_and_leaves_no_partial_line(tmp_path):
    # The file-size limit makes the kernel refuse writes past 4 KiB (EFBIG), as a full disk does (ENOSPC).
    def limit_file_size():
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    service = Service(tmp_path / "landing", preexec=limit_file_size)
    small = {"mediaId": "m1", "eventType": "view", "eventId": "first"}
    assert service.track(small)[0] == 202
    status, answer = service.track([{"mediaId": "m1", "eventType": "view", "referrer": "r" * 1000}] * 5)
    assert status == 503 and "cannot write" in answer["error"]
    service.stop()
    assert [r["event_id"] for r in landed_lines(service.landing, "usage_events")] == ["first"]


def test_healthz_metrics_and_tracker_script(service):
    status, body, _ = service.get("/healthz")
    assert status == 200 and json.loads(body)["status"] == "ok"
    service.track([{"mediaId": "m1", "eventType": "view"}, {"mediaId": "m1", "eventType": "nope"}])
    status, body, headers = service.get("/metrics")
    text = body.decode()
    assert status == 200 and headers["content-type"].startswith("text/plain")
    assert 'tracking_events_rejected_total{source="usage_events",reason="unknown event_type"' in text
    assert "tracking_events_accepted_total{source=\"usage_events\"" in text
    assert "tracking_fsync_seconds_count" in text and "tracking_files_rotated_total" in text
    status, body, headers = service.get("/tracker.js")
    assert status == 200 and headers["content-type"].startswith("application/javascript")
    assert b"sendBeacon" in body
