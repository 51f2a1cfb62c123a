"""Device type, OS, browser and bot flag from a User-Agent string (ua-parser's maintained rules).

Parsing is per distinct string: `user_agent_table` takes the distinct user agents of a query and
returns one row each, to join back in DuckDB — thousands of parses, not one per event.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import polars as pl
from ua_parser import parse

TABLET_WORDS = ("ipad", "tablet", "kindle", "silk/", "playbook")
MOBILE_OS = ("ios", "windows phone", "blackberry os", "kaios", "firefox os")
BOT_WORDS = ("bot", "crawler", "spider", "slurp", "curl/", "wget/", "python-requests", "httpclient",
             "headlesschrome", "lighthouse", "pingdom", "uptime", "monitor")


@lru_cache(maxsize=65536)
def classify(user_agent: str | None) -> tuple[str, str, str, bool]:
    """(device_type, os, browser, is_bot) for one User-Agent. device_type is desktop, mobile,
    tablet, bot or unknown (no User-Agent)."""
    if not user_agent or not user_agent.strip():
        return ("unknown", "Other", "Other", False)
    result = parse(user_agent)
    browser = result.user_agent.family if result.user_agent else "Other"
    os_name = result.os.family if result.os else "Other"
    device = result.device.family if result.device else "Other"
    lowered = user_agent.lower()
    if device == "Spider" or any(word in lowered for word in BOT_WORDS):
        return ("bot", os_name, browser, True)
    if any(word in lowered for word in TABLET_WORDS):
        kind = "tablet"
    elif os_name == "Android":
        # Android phones say "Mobile" in their User-Agent; Android tablets do not.
        kind = "mobile" if "mobile" in lowered else "tablet"
    elif "mobi" in lowered or os_name.lower() in MOBILE_OS:
        kind = "mobile"
    else:
        kind = "desktop"
    return (kind, os_name, browser, False)


def user_agent_table(user_agents: Iterable[str | None]) -> pl.DataFrame:
    """One row per distinct user agent: user_agent, device_type, os, browser, is_bot."""
    distinct = sorted({ua for ua in user_agents if ua is not None})
    rows = [classify(ua) for ua in distinct]
    return pl.DataFrame(
        {
            "user_agent": distinct,
            "device_type": [r[0] for r in rows],
            "os": [r[1] for r in rows],
            "browser": [r[2] for r in rows],
            "is_bot": [r[3] for r in rows],
        },
        schema={"user_agent": pl.String, "device_type": pl.String, "os": pl.String, "browser": pl.String,
                "is_bot": pl.Boolean},
    )
