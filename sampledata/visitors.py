"""Who is visiting: browsers and bots, addresses, countries, clock offsets, referrers, signed-in
users.

Addresses come only from the ranges reserved for documentation (RFC 5737: 192.0.2.0/24,
198.51.100.0/24, 203.0.113.0/24; RFC 3849: 2001:db8::/32), so no real person's address appears.
Countries are ISO 3166 alpha-2 codes weighted like a UK heritage site's audience; a client in
central Europe or North America sometimes reports its local clock (``+01:00``, ``-05:00``) instead
of UTC.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from sampledata import vocabulary as words
from sampledata.randomness import hex_id, weighted

USER_AGENTS = weighted([
    (("desktop", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                 "Chrome/124.0.0.0 Safari/537.36"), 24.0),
    (("desktop", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, "
                 "like Gecko) Version/17.4 Safari/605.1.15"), 9.0),
    (("desktop", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 "
                 "Firefox/125.0"), 5.0),
    (("desktop", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                 "Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80"), 6.0),
    (("desktop", "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0"), 1.5),
    (("mobile", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 "
                "(KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1"), 22.0),
    (("mobile", "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
                "Chrome/124.0.6367.82 Mobile Safari/537.36"), 16.0),
    (("mobile", "Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S911B) AppleWebKit/537.36 (KHTML, like "
                "Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36"), 4.0),
    (("tablet", "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
                "Gecko) Version/17.4 Mobile/15E148 Safari/604.1"), 5.0),
    (("tablet", "Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) "
                "Chrome/124.0.0.0 Safari/537.36"), 1.5),
])
BOT_AGENTS = (
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Googlebot-Image/1.0",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
    "Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
)
COUNTRIES = weighted([
    ("GB", 30), ("US", 14), ("DE", 7), ("FR", 6), ("NL", 5), ("IE", 4), ("ES", 4), ("IT", 3),
    ("CA", 3), ("AU", 3), ("IN", 3), ("SE", 2), ("PL", 2), ("BE", 2), ("BR", 2), ("JP", 2),
    ("PT", 1), ("CH", 1), ("DK", 1), ("NO", 1), ("NZ", 1), ("ZA", 1), ("MX", 1), ("CN", 1),
])
_LOCAL_CLOCKS = {"DE": 60, "FR": 60, "NL": 60, "ES": 60, "IT": 60, "SE": 60, "PL": 60, "BE": 60,
                 "CH": 60, "DK": 60, "NO": 60, "US": -300, "CA": -300}
REFERRER_CLASSES = weighted([("search", 30), ("social", 12), ("email", 6), ("internal", 25),
                             ("direct", 22), ("other", 5)])
_REFERRERS = {
    "search": ("https://www.google.com/", "https://www.google.co.uk/", "https://www.bing.com/",
               "https://duckduckgo.com/", "https://www.ecosia.org/", "https://search.yahoo.com/"),
    "social": ("https://t.co/", "https://www.facebook.com/", "https://l.facebook.com/",
               "https://www.instagram.com/", "https://www.linkedin.com/",
               "https://www.reddit.com/r/museum/", "https://mastodon.social/",
               "https://www.pinterest.co.uk/"),
    "email": ("https://mail.google.com/", "https://outlook.live.com/",
              "https://outlook.office.com/", "https://mail.yahoo.com/"),
    "other": ("https://news.ycombinator.com/", "https://en.wikipedia.org/wiki/Harbour",
              "https://www.tripadvisor.co.uk/", "https://forum.example.net/t/day-trips/4412",
              "https://blog.example.com/weekend-by-the-sea/"),
}
HOTLINK_REFERRERS = ("https://forum.example.net/t/old-photos/912", "https://blog.example.com/",
                     "https://www.pinterest.co.uk/", "https://example.net/wallpapers/", "-")
_IPV4_PREFIXES = ("192.0.2.", "198.51.100.", "203.0.113.")


@dataclass(frozen=True)
class Visitor:
    """One browsing session's client: the same address, browser and referrer for all its events."""

    session_id: str
    user_id: str | None
    device: str
    user_agent: str
    ip: str
    country: str
    offset_minutes: int
    referrer_class: str
    referrer: str | None  # None: the header was absent; "": present but empty (both mean direct)
    bandwidth_kbps: float
    latency_ms: float

    @property
    def is_bot(self) -> bool:
        return self.device == "bot"


def new_visitor(rng: random.Random, users: int, bot_share: float = 0.02) -> Visitor:
    """A fresh session; ``users`` is the size of the signed-in user base (25 % sign in)."""
    if rng.random() < bot_share:
        device, agent = "bot", rng.choice(BOT_AGENTS)
    else:
        device, agent = USER_AGENTS.draw(rng)
    country = "US" if device == "bot" else COUNTRIES.draw(rng)
    local = _LOCAL_CLOCKS.get(country, 0)
    offset = local if local and rng.random() < 0.5 else 0
    signed_in = device != "bot" and rng.random() < 0.25
    user_id = f"u{int(users * rng.random() ** 2) + 1:06d}" if signed_in else None
    referrer_class, referrer = ("direct", None) if device == "bot" else referrer_for(rng)
    mobile = device in ("mobile", "tablet")
    return Visitor(
        session_id=hex_id(rng, 24), user_id=user_id, device=device, user_agent=agent,
        ip=random_ip(rng), country=country, offset_minutes=offset, referrer_class=referrer_class,
        referrer=referrer,
        bandwidth_kbps=rng.uniform(3_000, 40_000) if mobile else rng.uniform(15_000, 150_000),
        latency_ms=rng.uniform(60, 300) if mobile else rng.uniform(15, 90),
    )


def referrer_for(rng: random.Random) -> tuple[str, str | None]:
    """A referrer class and the referrer a browser would send for it."""
    referrer_class = REFERRER_CLASSES.draw(rng)
    if referrer_class == "direct":
        return referrer_class, None if rng.random() < 0.6 else ""
    if referrer_class == "internal":
        slug, _ = rng.choice(words.PAGES)
        return referrer_class, f"{words.SITE_URL}/{slug}/"
    return referrer_class, rng.choice(_REFERRERS[referrer_class])


def random_ip(rng: random.Random) -> str:
    """An IPv4 (80 %) or IPv6 address from the documentation ranges."""
    if rng.random() < 0.8:
        return f"{rng.choice(_IPV4_PREFIXES)}{rng.randrange(1, 255)}"
    groups = ":".join(f"{rng.getrandbits(16):x}" for _ in range(6))
    return f"2001:db8:{groups}"
