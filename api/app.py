"""The HTTP service: tracking — `POST /api/analytics/media/track` (usage events), `POST
/api/analytics/media/engagement` (player events), `/tracker.js` — the read API (`GET
/api/analytics/media...`, behind API_TOKENS: api/read/), its schema (`/openapi.json`, `/docs`),
`/healthz`, `/metrics`.

Starlette on uvicorn rather than FastAPI: the events are validated by the landing zone's staging
SQL, not by request models, so FastAPI's layer would add a second (and different) validation and
per-request cost without use; Starlette is what FastAPI is built on and comes with Dagster's web
server already. A 2xx means every accepted event is on disk (see api/collector.py). The read API's
schema is made from its pydantic response models (api/read/openapi.py), whose descriptions are the
report's footnotes, so it needs no FastAPI either.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from importlib import resources

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.exceptions import HTTPException
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from api.clients import ClientAddress, RateLimit
from api.collector import Collector
from api.events import BadBody, normalise, now_text, parse_body
from api.metrics import Metrics
from api.read.auth import Tokens
from api.read.cache import Answers
from api.read.endpoints import ENDPOINTS as READ_ENDPOINTS
from api.read.openapi import docs_page, openapi
from api.read.routes import read_routes
from api.read.store import Store
from assets.shared.settings import Settings, load_settings
from assets.shared.warehouse import Location

MAX_BODY = 1 << 20
CONTENT_TYPES = ("application/json", "text/plain")  # text/plain: what navigator.sendBeacon sends a string as
ENDPOINTS = {"/api/analytics/media/track": "usage_events", "/api/analytics/media/engagement": "player_events"}


def tracking_salt(settings: Settings) -> str:
    """IP_HASH_SALT, else the warehouse's own salt (the one the access logs are hashed with)."""
    configured = os.environ.get("IP_HASH_SALT", "").strip()
    if configured:
        return configured
    from assets.shared.privacy import client_id_salt
    from pipelines.resources import build_resources

    with build_resources(settings)["warehouse"].connect() as con:
        return client_id_salt(con, "")


# The line of tracker.js that holds the media URL prefixes (its default when read as a file).
PREFIXES_LINE = b'if (!prefixes.length) prefixes = ["/media/"];'


def tracker_js(prefixes: tuple[str, ...] | list[str] = ("/media/",)) -> bytes:
    """tracker.js with MEDIA_URL_PREFIXES written in: the one setting that tells which URLs are media
    for the access logs, for events sent with a media_url and for the script in the browser."""
    script = resources.files("api").joinpath("static/tracker.js").read_bytes()
    if script.count(PREFIXES_LINE) != 1:
        raise RuntimeError(f"api/static/tracker.js must hold the line {PREFIXES_LINE.decode()!r} once: "
                           "the service writes MEDIA_URL_PREFIXES into it")
    written = PREFIXES_LINE.replace(b'["/media/"]', json.dumps(list(prefixes)).encode())
    return script.replace(PREFIXES_LINE, written)


def create_app(settings: Settings | None = None, salt: str | None = None, tokens: Tokens | None = None) -> Starlette:
    settings = settings or load_settings()
    salt = salt if salt is not None else tracking_salt(settings)
    metrics = Metrics()
    collector = Collector(settings.landing_dir, salt, settings.tracking_max_age_hours, metrics,
                          rotate_seconds=settings.tracking_rotate_seconds)
    addresses = ClientAddress(settings.tracking_trusted_proxies)
    limit = RateLimit(settings.tracking_rate_limit)
    origins = set(settings.tracking_allowed_origins)
    script = tracker_js(settings.media_url_prefixes)
    # one DuckDB thread per read connection unless DUCKDB_THREADS says otherwise: requests run side by
    # side, and a small query pays more to wake threads than they save (bench/RESULTS.md, read API)
    store = Store(Location.parse(settings.warehouse_catalog, settings.warehouse_data_path),
                  settings.duckdb_memory_limit, settings.duckdb_threads or 1)

    def cors(origin: str | None) -> dict[str, str] | None:
        """The CORS headers for `origin`; None when it may not post."""
        if origin is None:
            return {}
        if "*" in origins or origin.rstrip("/") in origins:
            return {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}
        return None

    def answer(endpoint: str, status: int, body: dict, headers: dict | None = None) -> Response:
        metrics.count_response(endpoint, status)
        return JSONResponse(body, status_code=status, headers=headers)

    async def track(request: Request) -> Response:
        path = request.scope["path"]
        source = ENDPOINTS[path]
        allowed = cors(request.headers.get("origin"))
        if allowed is None:
            return answer(path, 403, {"error": f"origin {request.headers['origin']!r} is not in TRACKING_ALLOWED_ORIGINS"})
        media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type not in CONTENT_TYPES:
            return answer(path, 415, {"error": f"content type {media_type or '(none)'!r}: send application/json "
                                               "(or text/plain, as navigator.sendBeacon does)"}, allowed)
        ip = addresses.of(request.client.host if request.client else None, request.headers.get("x-forwarded-for"))
        if not limit.allow(ip):
            return answer(path, 429, {"error": f"more than {settings.tracking_rate_limit} requests a second "
                                               "from this client (TRACKING_RATE_LIMIT)"},
                          {**allowed, "Retry-After": "1"})
        try:
            events = parse_body(await _body(request))
        except BadBody as bad:
            return answer(path, bad.status, {"error": bad.reason}, allowed)
        received = now_text()
        agent = request.headers.get("user-agent")
        raws = [normalise(source, event, agent, received) for event in events]
        outcome = await collector.submit(source, raws, ip)
        if outcome.error:
            return answer(path, 503, {"error": outcome.error}, {**allowed, "Retry-After": "5"})
        if outcome.rejected:
            return answer(path, 422, {"accepted": outcome.accepted, "rejected": [
                {"index": index, "reason": reason} for index, reason in outcome.rejected]}, allowed)
        return answer(path, 202, {"accepted": outcome.accepted}, allowed)

    async def preflight(request: Request) -> Response:
        allowed = cors(request.headers.get("origin"))
        if not allowed:
            return Response(status_code=403)
        return Response(status_code=204, headers={
            **allowed, "Access-Control-Allow-Methods": "POST, OPTIONS",
            "Access-Control-Allow-Headers": "Content-Type", "Access-Control-Max-Age": "86400"})

    async def script_file(request: Request) -> Response:
        return Response(script, media_type="application/javascript",
                        headers={"Cache-Control": "public, max-age=3600", "Access-Control-Allow-Origin": "*"})

    async def healthz(request: Request) -> Response:
        landing = settings.landing_dir
        try:
            free = shutil.disk_usage(landing if landing.exists() else landing.parent).free
        except OSError as error:
            return JSONResponse({"status": "failing", "error": f"landing folder: {error}"}, status_code=503)
        if collector.last_error:
            return JSONResponse({"status": "failing", "error": collector.last_error, "free_bytes": free},
                                status_code=503)
        return JSONResponse({"status": "ok", "landing_dir": str(landing), "free_bytes": free})

    async def metrics_text(request: Request) -> Response:
        return PlainTextResponse(metrics.text(), media_type="text/plain; version=0.0.4")

    @contextlib.asynccontextmanager
    async def lifespan(app):
        await collector.start()
        try:
            yield
        finally:
            await collector.stop()
            store.close()

    async def openapi_json(request: Request) -> Response:
        return JSONResponse(openapi(tuple(READ_ENDPOINTS)))

    async def docs(request: Request) -> Response:
        return HTMLResponse(docs_page(openapi(tuple(READ_ENDPOINTS))))

    routes = [Route(path, track, methods=["POST"]) for path in ENDPOINTS]
    routes += [Route(path, preflight, methods=["OPTIONS"]) for path in ENDPOINTS]
    routes += [Route("/tracker.js", script_file, methods=["GET"]), Route("/healthz", healthz, methods=["GET"]),
               Route("/metrics", metrics_text, methods=["GET"]),
               Route("/openapi.json", openapi_json, methods=["GET"]), Route("/docs", docs, methods=["GET"])]
    routes += read_routes(READ_ENDPOINTS, store, tokens or Tokens.from_environment(), settings.report_timezone,
                          Answers(settings.read_api_cache_mb))
    return Starlette(routes=routes, lifespan=lifespan, exception_handlers={
        HTTPException: _http_error, Exception: _server_error})


async def _http_error(request: Request, error: HTTPException) -> Response:
    # Starlette's own answers (no such path, wrong method) as JSON like every other error
    reason = {404: f"no endpoint {request.url.path!r}: see /docs",
              405: f"{request.method} is not allowed on {request.url.path!r}"}.get(error.status_code, error.detail)
    return JSONResponse({"error": reason}, status_code=error.status_code, headers=error.headers)


async def _server_error(request: Request, error: Exception) -> Response:
    return JSONResponse({"error": "internal error: the server log has the details"}, status_code=500)


async def _body(request: Request) -> bytes:
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > MAX_BODY:
        raise BadBody(413, f"body of {int(length):,} bytes: at most {MAX_BODY:,} (1 MiB)")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise BadBody(413, f"body over {MAX_BODY:,} bytes (1 MiB)")
        chunks.append(chunk)
    return b"".join(chunks)
