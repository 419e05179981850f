"""Where a scenario's records go: aisre's ingest API, or a list in memory.

:class:`IngestSink` posts batches to a running aisre (``/api/v1/interactions``,
``/feedback``, ``/changes``), retrying what aisre asks to be retried (429,
503, a dropped connection) with backoff, and failing loudly on anything else,
so a demo never reports records that were not accepted.

Example:
    >>> with IngestSink("http://127.0.0.1:8700") as sink:
    ...     sink.add_interaction(interaction)
"""

from __future__ import annotations

import time
from types import TracebackType
from typing import Protocol, runtime_checkable

import httpx
import msgspec

from aisre.core import AisreError, ChangeEvent, Feedback, Interaction

__all__ = ["IngestSink", "MemorySink", "Sink"]


@runtime_checkable
class Sink(Protocol):
    """Receives a scenario's interactions, feedback and change events."""

    def add_interaction(self, item: Interaction) -> None:
        """Record one interaction."""
        ...

    def add_feedback(self, item: Feedback) -> None:
        """Record one piece of user feedback."""
        ...

    def add_change(self, item: ChangeEvent) -> None:
        """Record one change event."""
        ...

    def flush(self) -> None:
        """Deliver everything held back."""
        ...


class MemorySink:
    """Keeps every record in lists; for tests and for callers that store records themselves."""

    def __init__(self) -> None:
        self.interactions: list[Interaction] = []
        self.feedback: list[Feedback] = []
        self.changes: list[ChangeEvent] = []

    def add_interaction(self, item: Interaction) -> None:
        self.interactions.append(item)

    def add_feedback(self, item: Feedback) -> None:
        self.feedback.append(item)

    def add_change(self, item: ChangeEvent) -> None:
        self.changes.append(item)

    def flush(self) -> None:
        return None


_RETRY_STATUSES = {429, 502, 503, 504}


class IngestSink:
    """Posts records to aisre's ingest API in batches.

    Args:
        url: Base URL of ``aisre up``.
        api_key: A key with the ``ingest`` scope, when aisre requires keys.
        batch_size: Records per POST.
        retries: How many times a retryable failure is retried.
        client: An ``httpx.Client`` to use instead of a new one.
    """

    def __init__(
        self,
        url: str,
        *,
        api_key: str | None = None,
        batch_size: int = 1000,
        retries: int = 5,
        client: httpx.Client | None = None,
    ) -> None:
        headers = {"content-type": "application/json"}
        if api_key:
            headers["authorization"] = f"Bearer {api_key}"
        self._client = client or httpx.Client(base_url=url.rstrip("/"), timeout=60.0)
        self._owns_client = client is None
        self._headers = headers
        self._batch_size = batch_size
        self._retries = retries
        self._encoder = msgspec.json.Encoder()
        self._pending: dict[str, list[msgspec.Struct]] = {
            "interactions": [],
            "feedback": [],
            "changes": [],
        }
        #: Records accepted by aisre so far, per kind.
        self.sent: dict[str, int] = dict.fromkeys(self._pending, 0)

    def add_interaction(self, item: Interaction) -> None:
        self._add("interactions", item)

    def add_feedback(self, item: Feedback) -> None:
        self._add("feedback", item)

    def add_change(self, item: ChangeEvent) -> None:
        self._add("changes", item)

    def _add(self, kind: str, item: msgspec.Struct) -> None:
        pending = self._pending[kind]
        pending.append(item)
        if len(pending) >= self._batch_size:
            self._post(kind)

    def flush(self) -> None:
        for kind in self._pending:
            if self._pending[kind]:
                self._post(kind)

    def _post(self, kind: str) -> None:
        items = self._pending[kind]
        body = self._encoder.encode({kind: items})
        path = f"/api/v1/{kind}"
        for attempt in range(self._retries + 1):
            try:
                response = self._client.post(path, content=body, headers=self._headers)
            except httpx.TransportError as exc:
                if attempt == self._retries:
                    raise AisreError(
                        f"could not reach aisre at {self._client.base_url}: {exc}",
                        hint="start it with `aisre up`, or check the URL",
                    ) from None
            else:
                if response.status_code == 200:
                    break
                if response.status_code not in _RETRY_STATUSES or attempt == self._retries:
                    raise AisreError(
                        f"POST {path} was answered {response.status_code}: {response.text[:500]}",
                        hint="check the API key's scopes and aisre's log",
                    )
            time.sleep(min(2.0, 0.05 * 2**attempt))
        self.sent[kind] += len(items)
        self._pending[kind] = []

    def close(self) -> None:
        """Deliver what is held back and close the connection."""
        try:
            self.flush()
        finally:
            if self._owns_client:
                self._client.close()

    def __enter__(self) -> IngestSink:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.close()
        elif self._owns_client:
            self._client.close()
