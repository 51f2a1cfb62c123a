"""Bearer tokens for the read endpoints (API_TOKENS).

API_TOKENS is a comma-separated list; an entry is a token, or `sha256:<hex>` — the SHA-256 of a
token — so that the environment need not hold the token itself. Only hashes are kept in memory; a
presented token is hashed and compared with every kept hash in constant time. Tokens never go to a
log or a response.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re

HASHED = re.compile(r"^sha256:([0-9a-fA-F]{64})$")


class Tokens:
    def __init__(self, configured: str):
        self._hashes: list[bytes] = []
        for entry in (e.strip() for e in configured.split(",")):
            if not entry:
                continue
            hashed = HASHED.match(entry)
            self._hashes.append(bytes.fromhex(hashed.group(1)) if hashed else _digest(entry))

    @classmethod
    def from_environment(cls) -> "Tokens":
        return cls(os.environ.get("API_TOKENS", ""))

    @property
    def configured(self) -> bool:
        return bool(self._hashes)

    def check(self, authorization: str | None) -> tuple[int, str] | None:
        """None when the header carries a known token; else the status (401: no token, 403: a wrong
        one) and the reason to answer with."""
        scheme, _, token = (authorization or "").strip().partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return 401, "send Authorization: Bearer <token> (a token from API_TOKENS)"
        presented = _digest(token.strip())
        known = False
        for kept in self._hashes:  # every hash compared, so the time says nothing of which matched
            known |= hmac.compare_digest(presented, kept)
        if not known:
            if not self.configured:
                return 403, "no token is accepted: the server has no API_TOKENS configured"
            return 403, "the token is not one of API_TOKENS"
        return None


def _digest(token: str) -> bytes:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).digest()
