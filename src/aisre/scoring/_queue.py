"""The work queue between capture and the scorers, and its in-process implementation.

Producers (aisre's ingest, gateway and OTLP receiver) put interactions;
workers take batches, score them, write the scores, and acknowledge. A
message taken and not acknowledged (its worker died) is taken over by
another worker after ``claim_idle_s``: delivery is at-least-once, and a
score's deterministic id makes a repeated score recognisable.

:class:`MemoryQueue` serves one process; :class:`~._queue_redis.RedisQueue`
(Redis Streams consumer groups) lets ``aisre worker`` processes scale out.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import msgspec

from aisre.core import Interaction

__all__ = ["MemoryQueue", "Message", "WorkQueue", "decode", "encode"]

_encoder = msgspec.json.Encoder()
_decoder = msgspec.json.Decoder(Interaction)


def encode(interaction: Interaction) -> bytes:
    """An interaction as the queue carries it."""
    return _encoder.encode(interaction)


def decode(payload: bytes) -> Interaction:
    """An interaction back from the queue."""
    return _decoder.decode(payload)


@dataclass(frozen=True, slots=True)
class Message:
    """One interaction to score.

    Attributes:
        id: the queue's id of the message, for :meth:`WorkQueue.ack`.
        interaction: what to score.
        enqueued_at: ``time.time()`` when it was put (for the scoring lag).
        deliveries: how many times it has been handed out, this one included.
    """

    id: str
    interaction: Interaction
    enqueued_at: float
    deliveries: int = 1


@runtime_checkable
class WorkQueue(Protocol):
    """Interactions waiting to be scored."""

    def put(self, interactions: Sequence[Interaction]) -> int:
        """Enqueue; returns how many were taken (the rest found the queue full)."""
        ...

    def take(self, consumer: str, count: int, block_s: float) -> list[Message]:
        """Up to ``count`` messages for ``consumer``, waiting up to ``block_s`` for the first."""
        ...

    def ack(self, ids: Sequence[str]) -> None:
        """The messages are done: their scores are durable."""
        ...

    def depth(self) -> int:
        """Messages not yet acknowledged (waiting or being scored)."""
        ...

    def close(self) -> None:
        """Release connections."""
        ...


class MemoryQueue:
    """A bounded queue in this process; what is taken and not acknowledged is redelivered.

    Args:
        max_pending: Messages held, waiting or taken, before :meth:`put` refuses more.
        claim_idle_s: A taken message not acknowledged this long is handed out again.
    """

    def __init__(self, max_pending: int = 100_000, claim_idle_s: float = 30.0) -> None:
        self.max_pending, self.claim_idle_s = max_pending, claim_idle_s
        self._waiting: deque[Message] = deque()
        self._taken: dict[str, tuple[Message, float]] = {}
        self._cond = threading.Condition()
        self._next = 0

    def put(self, interactions: Sequence[Interaction]) -> int:
        now = time.time()
        with self._cond:
            room = self.max_pending - len(self._waiting) - len(self._taken)
            accepted = interactions[: max(0, room)]
            for item in accepted:
                self._next += 1
                self._waiting.append(Message(str(self._next), item, now))
            if accepted:
                self._cond.notify_all()
            return len(accepted)

    def take(self, consumer: str, count: int, block_s: float) -> list[Message]:
        deadline = time.monotonic() + block_s
        with self._cond:
            self._reclaim()
            while not self._waiting:
                left = deadline - time.monotonic()
                if left <= 0:
                    return []
                self._cond.wait(min(left, 0.5))
                self._reclaim()
            taken: list[Message] = []
            now = time.monotonic()
            while self._waiting and len(taken) < count:
                message = self._waiting.popleft()
                self._taken[message.id] = (message, now)
                taken.append(message)
            return taken

    def _reclaim(self) -> None:
        stale = time.monotonic() - self.claim_idle_s
        for key, (message, at) in list(self._taken.items()):
            if at < stale:
                del self._taken[key]
                self._waiting.appendleft(
                    Message(
                        message.id, message.interaction, message.enqueued_at, message.deliveries + 1
                    )
                )

    def ack(self, ids: Sequence[str]) -> None:
        with self._cond:
            for key in ids:
                self._taken.pop(key, None)
            self._cond.notify_all()

    def depth(self) -> int:
        with self._cond:
            return len(self._waiting) + len(self._taken)

    def close(self) -> None:
        return None
