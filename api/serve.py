"""`media-analytics serve`: the tracking service on uvicorn."""

from __future__ import annotations

import os

import uvicorn


def serve(host: str, port: int, workers: int) -> int:
    from api.app import tracking_salt
    from assets.shared.settings import load_settings

    # Resolved once here so that the workers need not each open the warehouse for it.
    os.environ["IP_HASH_SALT"] = tracking_salt(load_settings())
    uvicorn.run("api.app:create_app", factory=True, host=host, port=port, workers=workers,
                proxy_headers=False, access_log=False, timeout_graceful_shutdown=10)
    return 0
