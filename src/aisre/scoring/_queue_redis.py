"""The work queue on Redis Streams: a consumer group shared by ``aisre worker`` processes.

* ``put`` — ``XADD`` of each interaction (its JSON and the time it was put);
  refused beyond ``max_pending`` entries, so producers feel backpressure.
* ``take`` — first ``XAUTOCLAIM``: messages another worker took more than
  ``claim_idle_s`` ago and never acknowledged (it died mid-batch) move to
  this one; then ``XREADGROUP`` for new ones, blocking up to ``block_s``.
* ``ack`` — ``XACK`` and ``XDEL``: the stream holds only unfinished work, so
  its length is the backlog.

Delivery is at-least-once; scores carry deterministic ids, so a message
scored twice gives the same scores, which aisre stores once.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import redis

from aisre.core import AisreError, Interaction, QueueConfig

from ._queue import Message, decode, encode

__all__ = ["QueueError", "RedisQueue"]


class QueueError(AisreError):
    """The Redis queue cannot be reached or used."""


class RedisQueue:
    """Interactions to score in a Redis stream, taken through a consumer group.

    Args:
        config: The ``queue`` section (``url``, ``stream``, ``group``, ``max_pending``,
            ``claim_idle_s``).
        client: A ``redis.Redis`` to use instead of one made from ``config.url``.
    """

    def __init__(self, config: QueueConfig, client: Any = None) -> None:
        if client is None:
            assert config.url is not None
            client = redis.Redis.from_url(config.url, socket_timeout=30)
        self.config, self.redis = config, client
        self.stream, self.group = config.stream, config.group
        self._ensure_group()

    def _ensure_group(self) -> None:
        try:
            # From the start of the stream: work put before any worker came is not lost.
            self.redis.xgroup_create(self.stream, self.group, id="0", mkstream=True)
        except redis.ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise
        except redis.RedisError as exc:
            where = (self.config.url or "").split("@")[-1]
            raise QueueError(
                f"cannot reach the scoring queue at {where}: {exc}",
                hint="start Redis there, or unset queue.url (AISRE_QUEUE_URL) to score in "
                "this process",
            ) from None

    def put(self, interactions: Sequence[Interaction]) -> int:
        if not interactions:
            return 0
        room = self.config.max_pending - int(self.redis.xlen(self.stream))
        accepted = interactions[: max(0, room)]
        if accepted:
            now = repr(time.time()).encode()
            pipe = self.redis.pipeline(transaction=False)
            for item in accepted:
                pipe.xadd(self.stream, {"i": encode(item), "t": now})
            pipe.execute()
        return len(accepted)

    def take(self, consumer: str, count: int, block_s: float) -> list[Message]:
        idle_ms = int(self.config.claim_idle_s * 1000)
        claimed = self.redis.xautoclaim(
            self.stream, self.group, consumer, min_idle_time=idle_ms, start_id="0-0", count=count
        )
        messages = [self._message(key, fields, 2) for key, fields in claimed[1] if fields]
        if len(messages) >= count:
            return messages
        block_ms = max(1, int(block_s * 1000)) if not messages else None
        read = self.redis.xreadgroup(
            self.group, consumer, {self.stream: ">"}, count=count - len(messages), block=block_ms
        )
        for _, entries in read or ():
            messages += [self._message(key, fields, 1) for key, fields in entries]
        return messages

    @staticmethod
    def _message(key: bytes, fields: dict[bytes, bytes], deliveries: int) -> Message:
        return Message(key.decode(), decode(fields[b"i"]), float(fields[b"t"]), deliveries)

    def ack(self, ids: Sequence[str]) -> None:
        if not ids:
            return
        pipe = self.redis.pipeline(transaction=False)
        pipe.xack(self.stream, self.group, *ids)
        pipe.xdel(self.stream, *ids)
        pipe.execute()

    def depth(self) -> int:
        return int(self.redis.xlen(self.stream))

    def close(self) -> None:
        self.redis.close()
