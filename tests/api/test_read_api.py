"""The read API as a client meets it (issue 18): bearer tokens, parameters and their errors, hostile
media ids, the days a response covers, ETag/304, pages of a list, and the OpenAPI schema whose
definitions are the report's footnotes. Against the real `media-analytics serve` on a built sample."""

from __future__ import annotations

import hashlib
import json
import urllib.parse

import pytest

from api.read.auth import Tokens
from api.read.definitions import ALL_FOOTNOTES
from read_sample import FIRST, LAST, TOKEN, home, service  # noqa: F401 - fixtures

MEDIA = "/api/analytics/media"
COLLECTIONS = ["", "/usage", "/performance", "/optimization"]


@pytest.fixture(scope="module")
def some_id(service) -> str:
    status, body, _ = service.read(f"{MEDIA}/usage?limit=1")
    assert status == 200
    return body["items"][0]["id"]


def test_read_endpoints_want_a_known_bearer_token_and_never_log_it(service):
    status, body, headers = service.read(MEDIA, token=None)
    assert status == 401 and "Bearer" in body["error"] and headers["www-authenticate"].startswith("Bearer")
    status, body, _ = service.read(MEDIA, headers={"Authorization": "Basic dXNlcjpwYXNz"})
    assert status == 401
    wrong = "not-the-token-" + "x" * 20
    status, body, _ = service.read(MEDIA, token=wrong)
    assert status == 403 and "not one of API_TOKENS" in body["error"]
    assert service.read(MEDIA)[0] == 200
    log = service.log.read_text()
    assert TOKEN not in log and wrong not in log


def test_tokens_are_kept_and_compared_as_hashes():
    digest = hashlib.sha256(b"s3cret").hexdigest()
    for configured in ("s3cret", f"other, sha256:{digest}", f" sha256:{digest.upper()} "):
        tokens = Tokens(configured)
        assert tokens.check("Bearer s3cret") is None
        assert tokens.check("bearer   s3cret ") is None
        assert tokens.check("Bearer s3cre")[0] == 403
        assert "s3cret" not in repr(tokens.__dict__)
    assert Tokens("").check("Bearer anything") == (403, "no token is accepted: the server has no API_TOKENS configured")
    assert Tokens("a").check(None)[0] == 401 and Tokens("a").check("Bearer ")[0] == 401


def test_tracking_stays_public_while_reads_want_a_token(service):
    status, _, _ = service.post(f"{MEDIA}/track", {"event_id": "x1", "media_id": "m1", "event_type": "view",
                                                   "timestamp": "2026-11-03T10:00:00Z"})
    assert status in (202, 422)  # validated and answered, never asked for a token


@pytest.mark.parametrize("hostile, status", [
    ("' OR 1=1 --", 404), ("m1' UNION SELECT * FROM built_days --", 404), ("..%2F..%2Fetc%2Fpasswd", 404),
    ("../../etc/passwd", 404), ("%00", 422), ("m1%00x", 422), ("a" * 10_000, 422), ("%E2%80%AE%F0%9F%92%A3", 404),
    ("%0d%0aSet-Cookie:%20x=1", 422),
])
def test_hostile_media_ids_get_a_clean_404_or_422(service, hostile, status):
    path = hostile if "%" in hostile else urllib.parse.quote(hostile, safe="./")
    for suffix in ("", "/usage"):
        answered, body, headers = service.read(f"{MEDIA}/{path}{suffix}")
        assert answered == status, (hostile, body)
        assert set(body) == {"error"} and "Traceback" not in json.dumps(body)
        assert "set-cookie" not in {h.lower() for h in headers}


@pytest.mark.parametrize("query, status, reason", [
    ("from=2026-13-01", 400, "from must be a date"), ("to=yesterday", 400, "to must be a date"),
    ("from=2026-W45-1", 400, "from must be a date"), ("from=%EF%BC%92026-11-01", 400, "from must be a date"),
    (f"from={LAST}&to={FIRST}", 400, "is after"), ("from=2025-01-01&to=2026-01-05", 400, "at most 366"),
    ("limit=0", 422, "limit must be"), ("limit=abc", 422, "limit must be"), ("limit=501", 422, "limit must be"),
    ("type=movie", 422, "type must be one of"), ("cursor=bm9wZQ", 422, "cursor is not one"),
    ("colour=red", 422, "unknown parameter 'colour'"), ("limit=1&limit=2", 422, "more than once"),
])
def test_bad_parameters_are_refused_with_the_reason(service, query, status, reason):
    answered, body, _ = service.read(f"{MEDIA}/usage?{query}")
    assert answered == status and reason in body["error"], body


def test_the_overview_takes_no_list_parameters(service):
    answered, body, _ = service.read(f"{MEDIA}?limit=5")
    assert answered == 422 and "unknown parameter 'limit'" in body["error"]


def test_a_response_names_the_days_it_covers_and_those_not_built(service):
    status, body, _ = service.read(MEDIA)
    assert status == 200
    assert body["period"] | {"builtAt": None} == {"from": LAST, "to": LAST, "days": 1, "builtDays": 1,
                                                  "notBuilt": [], "asOf": LAST, "builtAt": None}
    status, body, _ = service.read(f"{MEDIA}/usage?from=2026-10-30&to={LAST}")
    assert status == 200
    assert body["period"]["notBuilt"] == ["2026-10-30", "2026-10-31"] and body["period"]["builtDays"] == 3
    status, body, _ = service.read(f"{MEDIA}?from=9999-12-30")  # the last dates there are
    assert status == 404 and body["notBuilt"] == ["9999-12-30"]
    status, body, _ = service.read(f"{MEDIA}?from=2020-01-01&to=2020-01-02")
    assert status == 404 and body["notBuilt"] == ["2020-01-01", "2020-01-02"]
    assert f"the latest built day is {LAST}" in body["error"]


def test_etag_and_last_modified_answer_304_until_the_day_is_rebuilt(service):
    for path in [MEDIA + p for p in COLLECTIONS]:
        status, _, headers = service.read(path)
        assert status == 200 and headers["etag"].startswith('"') and headers["last-modified"].endswith("GMT")
        status, body, again = service.read(path, headers={"If-None-Match": headers["etag"]})
        assert status == 304 and body is None and again["etag"] == headers["etag"]
        assert service.read(path, headers={"If-Modified-Since": headers["last-modified"]})[0] == 304
        assert service.read(path, headers={"If-None-Match": '"something-else"'})[0] == 200
    etags = {service.read(f"{MEDIA}/usage?{q}")[2]["etag"] for q in ("", "limit=5", f"from={FIRST}", "type=image")}
    assert len(etags) == 4


def test_following_the_cursor_pages_through_the_whole_list_once(service):
    for path in ("/usage", "/performance", "/optimization"):
        key = "opportunities" if path == "/optimization" else "items"
        status, whole, _ = service.read(f"{MEDIA}{path}?from={FIRST}&limit=500")
        assert status == 200 and whole["page"]["nextCursor"] is None
        everything = [json.dumps(i, sort_keys=True) for i in whole[key]]
        assert len(everything) > 7, path
        pages, cursor = [], ""
        while True:
            status, body, _ = service.read(f"{MEDIA}{path}?from={FIRST}&limit=7{cursor}")
            assert status == 200
            pages += [json.dumps(i, sort_keys=True) for i in body[key]]
            if body["page"]["nextCursor"] is None:
                break
            cursor = "&cursor=" + body["page"]["nextCursor"]
        assert pages == everything, path


def test_type_filters_the_lists(service):
    for path, key in (("/usage", "items"), ("/performance", "items"), ("/optimization", "opportunities")):
        status, body, _ = service.read(f"{MEDIA}{path}?type=document&limit=500&from={FIRST}")
        assert status == 200 and body[key] and {i.get("mediaType", i.get("type")) for i in body[key]} == {"document"}


def test_an_item_and_its_usage_answer_for_a_known_id(service, some_id):
    status, body, _ = service.read(f"{MEDIA}/{some_id}?from={FIRST}")
    assert status == 200 and body["item"]["id"] == some_id and body["usage"]["id"] == some_id
    status, body, _ = service.read(f"{MEDIA}/{some_id}/usage?from={FIRST}")
    assert status == 200 and [d["day"] for d in body["trend"]] == [FIRST, "2026-11-02", LAST]


def test_every_field_of_the_openapi_schema_has_the_definition_the_report_prints(service):
    status, raw, _ = service.get("/openapi.json")
    assert status == 200
    document = json.loads(raw)
    assert {MEDIA + p for p in COLLECTIONS} | {f"{MEDIA}/{{id}}", f"{MEDIA}/{{id}}/usage"} <= set(document["paths"])
    schemas = document["components"]["schemas"]
    for name, schema in schemas.items():
        for field, spec in schema.get("properties", {}).items():
            assert spec.get("description") or all(schemas[ref]["description"] for ref in refs(spec)) and refs(spec), (
                f"{name}.{field} has no definition")
    cache = next(n for n in ALL_FOOTNOTES if n.term == "Cache hit rate")
    assert schemas["Performance"]["properties"]["cacheHitRate"]["description"].startswith(
        f"Cache hit rate: {cache.definition}")
    assert "impact" in schemas["OptimizationOpportunity"]["x-not-computed"]
    status, page, _ = service.get("/docs")
    assert status == 200 and cache.definition.replace("'", "&#x27;") in page.decode()


def refs(spec: dict) -> list[str]:
    """The schemas a property refers to: itself, its items, or its anyOf choices."""
    found = [spec["$ref"].rsplit("/", 1)[1]] if "$ref" in spec else []
    for inner in ([spec["items"]] if "items" in spec else []) + spec.get("anyOf", []):
        found += refs(inner)
    return found


def test_unknown_paths_and_methods_answer_json(service):
    status, raw, _ = service.get("/api/analytics/nothing")
    assert status == 404 and "error" in json.loads(raw)
    status, raw, _ = service.post(f"{MEDIA}/usage", {})
    assert status == 405 and "error" in json.loads(raw)


def test_kept_answers_go_least_recently_used_first_within_the_limit():
    from api.read.cache import Answers

    answers = Answers(1)  # 1 MB
    answers.put('"a"', b"a" * 400_000)
    answers.put('"b"', b"b" * 400_000)
    assert answers.get('"a"') == b"a" * 400_000  # a is now the most recently used
    answers.put('"c"', b"c" * 400_000)
    assert answers.get('"b"') is None and answers.get('"a"') and answers.get('"c"')
    answers.put('"huge"', b"x" * 2_000_000)
    assert answers.get('"huge"') is None
    none = Answers(0)
    none.put('"a"', b"a")
    assert none.get('"a"') is None
