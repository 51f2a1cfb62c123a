"""nginx access-log lines for the media server, in the documented ``media`` log format::

    log_format media '$remote_addr - $remote_user [$time_local] "$request" $status '
                     '$body_bytes_sent "$http_referer" "$http_user_agent" '
                     '$request_time $upstream_cache_status';

:data:`LINE_PATTERN` matches every well-formed line. Requests are for ``/media/<path>`` of originals
and renditions (the one the page's ``srcset`` chooses), sometimes the optimisation plugin's
``<file>.webp`` copy, a query string or needlessly percent-encoded characters. Statuses are mostly
200 and 304; video and audio are fetched in 206 byte ranges (documents sometimes too, by PDF
viewers); a few downloads are cut off (200 with fewer bytes than the file); deleted media answer 404
to the bots and hot-linkers that still ask; a few 500s. Bodies match the file sizes. Cache status is
HIT, MISS or EXPIRED for cached answers and ``-`` otherwise.
"""

from __future__ import annotations

import random
import re
from dataclasses import replace

from sampledata import variants
from sampledata import vocabulary as words
from sampledata.model import MediaItem
from sampledata.randomness import weighted
from sampledata.timestamps import nginx_time
from sampledata.visitors import BOT_AGENTS, HOTLINK_REFERRERS, Visitor

LINE_PATTERN = re.compile(
    r'^(?P<remote_addr>\S+) - (?P<remote_user>\S+) '
    r'\[(?P<time_local>\d{2}/[A-Z][a-z]{2}/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4})\] '
    r'"(?P<request>[^"]*)" (?P<status>\d{3}) (?P<body_bytes_sent>\d+) '
    r'"(?P<http_referer>[^"]*)" "(?P<http_user_agent>[^"]*)" '
    r'(?P<request_time>\d+\.\d{3}) (?P<upstream_cache_status>HIT|MISS|EXPIRED|-)$'
)
NOT_FOUND_BYTES = 153
SERVER_ERROR_BYTES = 177
BAD_REQUEST_BYTES = 157
_CACHE = weighted([("HIT", 72), ("MISS", 20), ("EXPIRED", 8)])
_QUERY_STRINGS = ("?ver=6.5.2", "?w=300", "?utm_source=newsletter&utm_medium=email", "?v=2",
                  "?fbclid=IwAR0example")
# Paths never in the inventory (media paths from before any upload the generator makes).
_PROBES = ("/wp-login.php", "/xmlrpc.php", "/.env", "/media/../../etc/passwd", "/admin/config.php",
           "/media/2019/03/old-banner.jpg", "/media/2018/11/summer-festival-768x512.jpg",
           "/media/2019/02/logo-final.png", "/favicon.ico")
_SCANNER_AGENTS = ("-", "python-requests/2.31.0", "Mozilla/5.0 zgrab/0.x", "curl/8.5.0",
                   "Mozilla/5.0 (Windows NT 6.1; rv:60.0) Gecko/20100101 Firefox/60.0")


def request_line(visitor: Visitor, moment: float, request: str, status: int, sent: int,
                 referrer: str | None, cache: str, seconds: float) -> str:
    """One line in the ``media`` format."""
    return (f'{visitor.ip} - - [{nginx_time(moment)}] "{request}" {status} {sent} '
            f'"{referrer or "-"}" "{visitor.user_agent}" {seconds:.3f} {cache}')


def page_requests(rng: random.Random, item: MediaItem, visitor: Visitor, moment: float,
                  hotlinked: bool) -> list[tuple[float, str]]:
    """The requests one page view (or hot-linking page) makes for ``item``."""
    referrer = rng.choice(HOTLINK_REFERRERS) if hotlinked else _page_referrer(rng, item, visitor)
    if not item.is_live(moment):
        return [(moment, _answer(rng, visitor, moment, _get(rng, item.path), 404, NOT_FOUND_BYTES,
                                 referrer, "-"))]
    if item.kind in ("video", "audio") or (item.kind == "document" and rng.random() < 0.3):
        return _ranges(rng, item, visitor, moment, referrer)
    path, size = item.path, item.size
    if item.kind == "image" and not hotlinked and item.published_locations:
        location = rng.choice(item.published_locations)
        ratio = 2.0 if visitor.device in ("mobile", "tablet") else 1.0
        path, size = variants.fetched_file(item, variants.slot_width(item, location), ratio)
    if item.webp_variant and rng.random() < 0.8:
        path, size = path + variants.WEBP_SUFFIX, variants.webp_bytes(item, size)
    return [(moment, _whole_file(rng, visitor, moment, path, size, referrer))]


def admin_thumbnail(rng: random.Random, item: MediaItem, visitor: Visitor, moment: float
                    ) -> tuple[float, str]:
    """An editor's media-library grid loading the item's thumbnail."""
    path, size = variants.thumbnail(item)
    return moment, _whole_file(rng, visitor, moment, path, size,
                               f"{words.SITE_URL}/wp-admin/upload.php")


def crawl(rng: random.Random, item: MediaItem, visitor: Visitor, moment: float
          ) -> tuple[float, str]:
    """A bot fetching an original, deleted or not."""
    visitor = _as_bot(rng, visitor)
    method = "HEAD" if rng.random() < 0.1 else "GET"
    request = f"{method} {variants.media_url(item.path)} HTTP/1.1"
    if not item.is_live(moment):
        return moment, _answer(rng, visitor, moment, request, 404, NOT_FOUND_BYTES, None, "-")
    sent = 0 if method == "HEAD" else item.size
    return moment, _answer(rng, visitor, moment, request, 200, sent, None, _CACHE.draw(rng))


def probe(rng: random.Random, visitor: Visitor, moment: float) -> tuple[float, str]:
    """A request for something that is not in the inventory: scanners, stale links, a TLS hello."""
    visitor = replace(visitor, user_agent=rng.choice(_SCANNER_AGENTS))
    if rng.random() < 0.1:
        request = "\\x16\\x03\\x01\\x00\\xA5\\x01\\x00\\x00\\xA1\\x03\\x03"
        return moment, _answer(rng, visitor, moment, request, 400, BAD_REQUEST_BYTES, None, "-")
    path = rng.choice(_PROBES)
    status = 400 if ".." in path else 404
    return moment, _answer(rng, visitor, moment, f"GET {path} HTTP/1.1", status,
                           BAD_REQUEST_BYTES if status == 400 else NOT_FOUND_BYTES, None, "-")


def _whole_file(rng, visitor, moment, path, size, referrer) -> str:
    request = _get(rng, path)
    roll = rng.random()
    if roll < 0.002:
        return _answer(rng, visitor, moment, request, 500, SERVER_ERROR_BYTES, referrer, "-")
    if roll < 0.13:
        return _answer(rng, visitor, moment, request, 304, 0, referrer, "HIT")
    sent = size if rng.random() >= 0.02 else round(size * rng.uniform(0.05, 0.95))  # cut off
    return _answer(rng, visitor, moment, request, 200, sent, referrer, _CACHE.draw(rng))


def _ranges(rng, item, visitor, moment, referrer) -> list[tuple[float, str]]:
    """Byte-range requests of a player or PDF viewer: consecutive chunks, maybe not to the end."""
    lines, offset = [], 0
    chunk = max(65_536, item.size // rng.randrange(2, 6))
    cache = _CACHE.draw(rng)
    while offset < item.size:
        length = min(chunk, item.size - offset)
        request = _get(rng, item.path)
        lines.append((moment, _answer(rng, visitor, moment, request, 206, length, referrer, cache)))
        offset += length
        moment += rng.uniform(0.2, 4.0)
        if rng.random() < 0.25:  # the viewer stopped; the rest was never fetched
            break
    return lines


def _answer(rng, visitor, moment, request, status, sent, referrer, cache) -> str:
    if cache == "HIT":
        seconds = rng.uniform(0.0, 0.004)
    elif cache in ("MISS", "EXPIRED"):
        seconds = rng.uniform(0.02, 0.25)
    else:
        seconds = rng.uniform(0.0, 0.05)
    seconds += sent * 8 / (visitor.bandwidth_kbps * 1000)  # nginx times until the last byte left
    return request_line(visitor, moment, request, status, sent, referrer, cache, seconds)


def _get(rng: random.Random, path: str) -> str:
    url = variants.media_url(path)
    roll = rng.random()
    if roll < 0.03:
        url += rng.choice(_QUERY_STRINGS)
    elif roll < 0.035:
        url = url.replace("-", "%2D").replace("_", "%5F")
    version = "HTTP/2.0" if rng.random() < 0.6 else "HTTP/1.1"
    return f"GET {url} {version}"


def _page_referrer(rng: random.Random, item: MediaItem, visitor: Visitor) -> str | None:
    if item.published_locations and rng.random() < 0.8:
        return rng.choice(item.published_locations).url
    return visitor.referrer


def _as_bot(rng: random.Random, visitor: Visitor) -> Visitor:
    if visitor.is_bot:
        return visitor
    return replace(visitor, device="bot", user_agent=rng.choice(BOT_AGENTS))
