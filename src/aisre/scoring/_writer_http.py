"""Writing scores to a running aisre over its ingest API (what ``aisre worker`` does).

A worker process has no lake of its own: it posts each batch's scores to
``POST /api/v1/scores``, retrying what aisre asks to be retried (429, 503, a
dropped connection) with backoff. If the scores still do not land, the
error reaches the worker, which leaves the batch unacknowledged, so it is
scored and written again later; aisre stores a repeated score id once.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import httpx
import msgspec

from aisre.core import Score, ScoreBatch

__all__ = ["HttpScoreWriter"]

_RETRY = {429, 502, 503, 504}


class HttpScoreWriter:
    """Posts scores to aisre.

    Args:
        url: Base URL of ``aisre up``.
        api_key: A key with the ``ingest`` scope, when aisre requires keys.
        retries: Retries of a retryable failure before giving up.
        timeout_s: Per request.
    """

    def __init__(
        self, url: str, api_key: str | None = None, retries: int = 5, timeout_s: float = 30.0
    ) -> None:
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(base_url=url.rstrip("/"), headers=headers, timeout=timeout_s)
        self.retries = retries
        self._encoder = msgspec.json.Encoder()

    def __call__(self, scores: Sequence[Score]) -> None:
        """Post ``scores`` (in batches of 1,000); raises when aisre does not take them."""
        for start in range(0, len(scores), 1000):
            body = self._encoder.encode(ScoreBatch(scores=list(scores[start : start + 1000])))
            self._post(body)

    def _post(self, body: bytes) -> None:
        delay = 0.2
        for attempt in range(self.retries + 1):
            try:
                response = self._client.post(
                    "/api/v1/scores", content=body, headers={"Content-Type": "application/json"}
                )
            except httpx.TransportError:
                if attempt == self.retries:
                    raise
            else:
                if response.status_code < 300:
                    return
                if response.status_code not in _RETRY or attempt == self.retries:
                    response.raise_for_status()
            time.sleep(delay)
            delay = min(5.0, delay * 2)

    def close(self) -> None:
        """Close the connections."""
        self._client.close()
