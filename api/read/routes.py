"""The read endpoints: bearer token, query parameters, the days covered, ETag, the figures as JSON.

Each endpoint is a function of (store, period, query, context) returning a response model; this
module does what every endpoint shares. Handlers are plain functions, which Starlette runs in its
thread pool: DuckDB releases the GIL while it reads, so requests run side by side and the event
loop (tracking posts) is never held up by a query.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timezone as tz_info
from email.utils import format_datetime, parsedate_to_datetime

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from api.read.auth import Tokens
from api.read.cache import Answers
from api.read.model import Model
from api.read.period import BadQuery, Period, Query, parse_query, resolve
from api.read.store import Store, Unavailable

log = logging.getLogger("media_analytics.read_api")

PREFIX = "/api/analytics/media"
MAX_ID_LENGTH = 200
RESPONSE_VERSION = "1"  # part of every ETag: bump when a response's shape changes
EVERY_ITEM = "\x00every item"  # the key of an item endpoint's answers for every item (no id holds a NUL)


@dataclass(frozen=True)
class Context:
    store: Store
    timezone: str
    media_id: str | None = None


@dataclass(frozen=True)
class Endpoint:
    path: str  # after PREFIX
    summary: str
    model: type[Model]
    answer: Callable[[Context, Period, Query], Model]
    parameters: frozenset[str]
    # for an item endpoint: the answers for every item of the period at once (None: too many, or none)
    every_item: Callable[[Context, Period, Query], dict[str, Model] | None] | None = None

    @property
    def item(self) -> bool:
        return "{id}" in self.path


def read_routes(endpoints: list[Endpoint], store: Store, tokens: Tokens, timezone: str,
                answers: Answers) -> list[Route]:
    def route(endpoint: Endpoint) -> Route:
        def handle(request: Request) -> Response:
            try:
                return _respond(endpoint, request, store, tokens, timezone, answers)
            except BadQuery as bad:
                return JSONResponse({"error": bad.reason, **bad.extra}, status_code=bad.status)
            except Unavailable as down:
                return JSONResponse({"error": str(down)}, status_code=503, headers={"Retry-After": "30"})
            except Exception:  # a bug: logged here, never a traceback to the client
                log.exception("read API: %s failed", PREFIX + endpoint.path)
                return JSONResponse({"error": "internal error: the server log has the details"}, status_code=500)
        return Route(PREFIX + endpoint.path, handle, methods=["GET"], name=endpoint.path)
    return [route(e) for e in endpoints]


def _respond(endpoint: Endpoint, request: Request, store: Store, tokens: Tokens, timezone: str,
             answers: Answers) -> Response:
    refused = tokens.check(request.headers.get("authorization"))
    if refused:
        status, reason = refused
        return JSONResponse({"error": reason}, status_code=status,
                            headers={"WWW-Authenticate": 'Bearer realm="media-analytics"'})
    query = parse_query(request.query_params, endpoint.parameters)
    media_id = _media_id(request.path_params["id"]) if endpoint.item else None
    every_built = store.built_days()
    latest = max(every_built, default=None)
    first, last = resolve(query, latest)
    period = Period(first, last, {day: at for day, at in every_built.items() if first <= day <= last})
    built = period.built
    if not built:
        raise BadQuery(404, f"no day from {first} to {last} is built"
                            + (f"; the latest built day is {latest}" if latest else ""),
                       notBuilt=[d.isoformat() for d in period.not_built])
    asked = sorted(request.query_params.multi_items())
    etag = _etag(endpoint, media_id, asked, period)
    headers = {"ETag": etag, "Last-Modified": format_datetime(period.built_at.astimezone(tz_info.utc), usegmt=True),
               "Cache-Control": "private, no-cache", "Vary": "Authorization"}
    if _not_modified(request, etag, period):
        return Response(status_code=304, headers=headers)
    context = Context(store, timezone, media_id)

    def compute() -> bytes:
        with store.snapshot():  # every query of the answer reads the same committed state
            if endpoint.every_item and answers.limit and _known(store, period, media_id):
                # the first miss for an item answers them all (once: the others wait for it)
                answers.get_or_compute(_etag(endpoint, EVERY_ITEM, asked, period), answer_every_item)
                kept = answers.get(etag)
                if kept is not None:
                    return kept
            return endpoint.answer(context, period, query).model_dump_json().encode()

    def answer_every_item() -> bytes:
        every = endpoint.every_item(context, period, query) or {}
        for other, model in every.items():
            answers.put(_etag(endpoint, other, asked, period), model.model_dump_json().encode())
        return f"{len(every)} items".encode()  # kept as the sign that they were computed

    body = answers.get_or_compute(etag, compute)
    return Response(body, media_type="application/json", headers=headers)


def _known(store: Store, period: Period, media_id: str) -> bool:
    """Whether the item is in the inventory of a built day of the period (an unknown id, hostile or
    mistyped, must not cost the answers for every item)."""
    return store.one("item", {**period.params(), "media_id": media_id}) is not None


def _media_id(text: str) -> str:
    if len(text) > MAX_ID_LENGTH:
        raise BadQuery(422, f"a media id is at most {MAX_ID_LENGTH} characters; got {len(text):,}")
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        raise BadQuery(422, "a media id holds no control characters (NUL, newline, ...)")
    return text


def _etag(endpoint: Endpoint, media_id: str | None, asked: list[tuple[str, str]], period: Period) -> str:
    """Changes when the request asks for something else or any built day of the range is rebuilt."""
    digest = hashlib.sha256()
    digest.update(f"{RESPONSE_VERSION}\n{endpoint.path}\n{media_id}\n".encode("utf-8", "surrogatepass"))
    for name, value in asked:
        digest.update(f"{name}={value}\n".encode("utf-8", "surrogatepass"))
    for day in period.built_days:
        digest.update(f"{day}={period.built[day].isoformat()}\n".encode())
    return f'"{digest.hexdigest()[:32]}"'


def _not_modified(request: Request, etag: str, period: Period) -> bool:
    match = request.headers.get("if-none-match")
    if match is not None:
        return match.strip() == "*" or etag in [m.strip().removeprefix("W/") for m in match.split(",")]
    since = request.headers.get("if-modified-since")
    if since:
        try:
            return period.built_at.replace(microsecond=0) <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
    return False
