"""What aisre's gateway records of one request to the reference service.

A run through the gateway is recorded by the gateway itself. A direct run
(the service called in-process, without HTTP) builds the same interaction
with the gateway's own code: :func:`record` hands the exchange (the request
body, the status, the response body or the observed stream, the version
headers) to :func:`aisre.capture.build_interaction`, so both runs record the
same thing. Ground truth that no gateway can see (was the answer really
supported?) is kept apart, in :class:`Truth`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from aisre.capture import Exchange, StreamObserver, build_interaction
from aisre.core import Interaction
from aisre.demo.service._chat import ChatReply
from aisre.demo.traffic import TrafficRequest

__all__ = ["Timing", "Truth", "record"]


@dataclass(frozen=True, slots=True)
class Timing:
    """When a request was answered, in simulated time.

    Attributes:
        arrival: when the request arrived.
        latency_s: from arrival to the last byte (queueing included).
    """

    arrival: datetime
    latency_s: float

    @property
    def finished(self) -> datetime:
        """When the last byte was sent."""
        return self.arrival + timedelta(seconds=self.latency_s)


@dataclass(frozen=True, slots=True)
class Truth:
    """What only the simulation knows about an answer; the labels of one interaction."""

    interaction_id: str
    ok: bool
    refused: bool
    supported: bool | None
    correct: bool | None
    golden_id: str | None

    def as_dict(self) -> dict[str, Any]:
        """A JSON object for ``truth.jsonl``."""
        return {
            "interaction_id": self.interaction_id,
            "ok": self.ok,
            "refused": self.refused,
            "supported": self.supported,
            "correct": self.correct,
            "golden_id": self.golden_id,
        }


def record(
    request: TrafficRequest,
    reply: ChatReply,
    timing: Timing,
    *,
    interaction_id: str,
    service: str,
    attributes: dict[str, str],
    stream: StreamObserver | None = None,
) -> Interaction:
    """The interaction the gateway records for ``request`` answered with ``reply``.

    Args:
        stream: the answer's events as the gateway would have observed them, for a
            streamed answer (fed with the simulated time of each).
    """
    completion = reply.completion
    response: dict[str, Any] | None = None
    if completion is None:
        assert reply.error is not None
        response = reply.error.body()
    elif stream is None:
        response = completion.body()
    headers = {k.lower(): v for k, v in reply.headers.items()} | reply.version_headers()
    return build_interaction(
        Exchange(
            service=service,
            environment="production",
            path="chat/completions",
            request=request.chat_body(),
            status=reply.status,
            started_at=timing.arrival,
            latency_s=timing.latency_s,
            response=response,
            stream=stream,
            headers=headers,
            interaction_id=interaction_id,
            attributes=attributes,
        )
    )
