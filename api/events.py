"""A posted body → the events to validate: one event or a JSON array, camelCase or snake_case.

Only the landing contract's fields are kept (DESIGN.md "Inputs"), under their snake_case names;
what a browser cannot be trusted with or does not send is filled by the service: `event_id` and
`timestamp` when absent, `user_agent` from the request header, the client IP (hashed by the
staging SQL's own macro, never written). No value is checked here: that is the staging SQL's job.
"""

from __future__ import annotations

import json
import re
import uuid
from functools import lru_cache
from datetime import datetime, timezone

MAX_BATCH = 500

FIELDS = {
    "usage_events": ("event_id", "media_id", "media_url", "event_type", "timestamp", "user_id", "session_id",
                     "referrer", "user_agent", "country", "page_url", "usage", "load_time_ms", "bytes"),
    "player_events": ("event_id", "media_id", "media_url", "event_type", "timestamp", "position",
                      "from_position", "to_position", "duration", "user_id", "session_id", "quality",
                      "user_agent", "country"),
}
# The seed's names that are not the contract's name in camelCase.
ALIASES = {"videoId": "media_id", "currentTime": "position", "from": "from_position", "to": "to_position"}


class BadBody(ValueError):
    """The body as a whole cannot be read as events (not JSON, too many, none)."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


@lru_cache(maxsize=1024)
def snake(name: str) -> str:
    return ALIASES.get(name) or re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def parse_body(body: bytes) -> list:
    """The posted events: a JSON object is one event, an array up to MAX_BATCH of them."""
    try:
        document = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise BadBody(400, f"body is not JSON: {error}") from None
    if isinstance(document, list):
        if not document:
            raise BadBody(422, "empty batch: send one event or an array of 1 to 500")
        if len(document) > MAX_BATCH:
            raise BadBody(413, f"batch of {len(document)} events: at most {MAX_BATCH} per request")
        return document
    return [document]


def now_text() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds").replace("+00:00", "Z")


def normalise(source: str, posted, user_agent: str | None, received: str) -> str:
    """One posted event as the JSON text of a landing row (without the client IP); an event that is
    not an object is passed on as it came, for the staging SQL to reject."""
    if not isinstance(posted, dict):
        return json.dumps(posted)
    fields = FIELDS[source]
    event = {}
    for name, value in posted.items():
        key = name if name in fields else snake(name)
        if key in fields and (key not in event or name == key):
            event[key] = value
    if event.get("event_type") is None and source == "player_events" and isinstance(posted.get("buffering"), bool):
        event["event_type"] = "buffer_start" if posted["buffering"] else "buffer_end"
    if event.get("event_id") is None:
        event["event_id"] = uuid.uuid4().hex
    if event.get("timestamp") is None:
        event["timestamp"] = received
    if event.get("user_agent") is None and user_agent:
        event["user_agent"] = user_agent
    text = json.dumps(event, separators=(",", ":"), ensure_ascii=False)
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate ("\ud800" is JSON, not UTF-8): keep it escaped
            text = json.dumps(event, separators=(",", ":"))
    return text


def with_field(text: str, name: str, value: str | None) -> str:
    """`text` (a JSON object's text, as `normalise` writes it) with one more string field."""
    if value is None or not text.endswith("}"):
        return text
    joiner = "," if text != "{}" else ""
    return f"{text[:-1]}{joiner}{json.dumps(name)}:{json.dumps(value)}}}"
