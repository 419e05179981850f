"""Watching an OpenAI server-sent-event stream go by, without holding it up.

The gateway passes every chunk of a streamed completion to the client as it
arrives; :class:`StreamObserver` is fed the same bytes and keeps what the
interaction needs: when the first content token came (TTFT), the gaps between
content chunks (inter-token time), the text, the finish reason, the usage of
the last chunk, the ``x_aisre`` extension, and whether ``[DONE]`` arrived.

Example:
    >>> observer = StreamObserver(started=0.0)
    >>> observer.feed(b'data: {"choices":[{"delta":{"content":"Hi"}}]}\\n\\n', now=0.25)
    >>> observer.ttft_s, observer.text
    (0.25, 'Hi')
"""

from __future__ import annotations

from typing import Any

import orjson

__all__ = ["StreamObserver"]


class StreamObserver:
    """Accumulates one SSE stream of ``chat.completion.chunk`` or ``text_completion`` events.

    Args:
        started: ``time.perf_counter()`` when the request was sent on.
    """

    def __init__(self, started: float) -> None:
        self.started = started
        self._buffer = b""
        self._parts: list[str] = []
        self._last: float | None = None
        self.ttft_s: float | None = None
        self.gaps_s: list[float] = []
        self.finish_reason: str | None = None
        self.usage: dict[str, Any] | None = None
        self.extension: dict[str, Any] | None = None
        self.model: str | None = None
        self.logprobs: list[float] = []
        self.done = False
        self.malformed = 0
        self._refusal: list[str] = []

    @property
    def text(self) -> str:
        """The content streamed so far."""
        return "".join(self._parts)

    @property
    def refusal(self) -> str:
        """The OpenAI ``refusal`` text streamed so far (a model's explicit refusal)."""
        return "".join(self._refusal)

    def feed(self, data: bytes, now: float) -> None:
        """Take the next bytes of the stream, received at ``now`` (perf_counter seconds)."""
        self._buffer += data
        while True:
            end = self._buffer.find(b"\n\n")
            if end < 0:
                # Tolerate CRLF framing too.
                end = self._buffer.find(b"\r\n\r\n")
                if end < 0:
                    return
                event, self._buffer = self._buffer[:end], self._buffer[end + 4 :]
            else:
                event, self._buffer = self._buffer[:end], self._buffer[end + 2 :]
            self._event(event, now)

    def _event(self, event: bytes, now: float) -> None:
        payload = b"\n".join(
            line[5:].lstrip() for line in event.splitlines() if line.startswith(b"data:")
        )
        if not payload:
            return
        if payload.strip() == b"[DONE]":
            self.done = True
            return
        try:
            chunk = orjson.loads(payload)
        except orjson.JSONDecodeError:
            self.malformed += 1
            return
        if not isinstance(chunk, dict):
            return
        self.model = chunk.get("model") or self.model
        if isinstance(chunk.get("usage"), dict):
            self.usage = chunk["usage"]
        if isinstance(chunk.get("x_aisre"), dict):
            self.extension = chunk["x_aisre"]
        for choice in chunk.get("choices") or ():
            if not isinstance(choice, dict):
                continue
            delta = choice.get("delta")
            content = delta.get("content") if isinstance(delta, dict) else choice.get("text")
            if isinstance(content, str) and content:
                self._content(content, now)
            refusal = delta.get("refusal") if isinstance(delta, dict) else None
            if isinstance(refusal, str) and refusal:
                self._refusal.append(refusal)
            if choice.get("finish_reason"):
                self.finish_reason = choice["finish_reason"]
            logprobs = choice.get("logprobs")
            if isinstance(logprobs, dict):
                for item in logprobs.get("content") or ():
                    if isinstance(item, dict) and isinstance(item.get("logprob"), int | float):
                        self.logprobs.append(float(item["logprob"]))

    def _content(self, content: str, now: float) -> None:
        if self.ttft_s is None:
            self.ttft_s = now - self.started
        elif self._last is not None:
            self.gaps_s.append(now - self._last)
        self._last = now
        self._parts.append(content)
