"""Streams: observe each chunk as the caller reads it, record the interaction at the end.

The ``openai`` client's ``Stream`` and ``AsyncStream`` read their chunks from
an internal iterator; :func:`observe` puts a generator in front of it that
looks at each chunk and passes it on unchanged, the moment it arrives. The
caller keeps the very object the client returned, so ``isinstance`` checks,
``with`` blocks, ``.response`` and ``close()`` all work as before. The
interaction is recorded when the stream ends, fails, or is closed early.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any, TypeVar

from ._sdk_fields import (
    error_fields,
    extension_fields,
    extension_of,
    get,
    logprob_summary,
    usage_fields,
)
from ._sdk_llm import LlmCall

__all__ = ["StreamRecorder", "observe", "observe_async"]

log = logging.getLogger("aisre.sdk")
S = TypeVar("S")


class StreamRecorder:
    """Accumulates what a stream's chunks say: text, TTFT, finish reason, usage, extension."""

    def __init__(self, llm: LlmCall) -> None:
        self.llm = llm
        self.parts: list[str] = []
        self.fields: dict[str, Any] = {}
        self.logprobs: list[Any] = []
        self.ttft_ms: float | None = None

    def on_chunk(self, chunk: Any) -> None:
        """Read one chunk; never raises."""
        try:
            self.fields.update(extension_fields(extension_of(chunk)))
            if get(chunk, "model"):
                self.fields["model"] = str(get(chunk, "model"))[:256]
            usage = get(chunk, "usage")
            if usage is not None:
                self.fields.update(usage_fields(self.llm.request["operation"], usage))
            for choice in get(chunk, "choices") or []:
                if get(choice, "index", 0) != 0:
                    continue
                delta = get(choice, "delta")
                text = get(delta, "content") if delta is not None else get(choice, "text")
                if isinstance(text, str) and text:
                    if self.ttft_ms is None:
                        self.ttft_ms = self.llm.call.elapsed_ms()
                    self.parts.append(text)
                if get(choice, "finish_reason"):
                    self.fields["finish_reason"] = str(get(choice, "finish_reason"))
                self.logprobs.extend(get(get(choice, "logprobs"), "content") or [])
        except Exception:
            log.warning("aisre could not read a stream chunk", exc_info=True)

    def done(self, error: BaseException | None = None, *, complete: bool = True) -> None:
        """Record the stream: finished, failed with ``error``, or closed before its end."""
        try:
            fields = dict(self.fields)
            fields["output"] = "".join(self.parts)
            fields["ttft_ms"] = self.ttft_ms
            summary = logprob_summary(self.logprobs)
            if summary is not None:
                fields["logprobs"] = summary
            if error is not None:
                fields.update(error_fields(error))
            elif not complete:
                fields["attributes"] = {"stream_closed_early": "true"}
            self.llm.finish(fields, estimate=error is None)
        except Exception:
            log.warning("aisre could not record a stream", exc_info=True)


def _iterate(iterator: Iterator[Any], recorder: StreamRecorder) -> Iterator[Any]:
    complete, error = False, None
    try:
        for chunk in iterator:
            recorder.on_chunk(chunk)
            yield chunk
        complete = True
    except Exception as exc:
        error = exc
        raise
    finally:
        recorder.done(error, complete=complete)


async def _aiterate(iterator: AsyncIterator[Any], recorder: StreamRecorder) -> AsyncIterator[Any]:
    complete, error = False, None
    try:
        async for chunk in iterator:
            recorder.on_chunk(chunk)
            yield chunk
        complete = True
    except Exception as exc:
        error = exc
        raise
    finally:
        recorder.done(error, complete=complete)


def _start(stream: object, llm: LlmCall) -> tuple[StreamRecorder, Any]:
    """The stream's recorder and its chunk iterator (None, recorded at once, if it has none)."""
    recorder = StreamRecorder(llm)
    iterator = getattr(stream, "_iterator", None)
    if iterator is None:
        log.warning("aisre cannot observe a %s; recording it without its chunks", type(stream))
        recorder.done()
    return recorder, iterator


def observe(stream: S, llm: LlmCall) -> S:
    """Observe a sync ``Stream``; returns the same object."""
    recorder, iterator = _start(stream, llm)
    if iterator is None:
        return stream
    stream._iterator = _iterate(iterator, recorder)  # type: ignore[attr-defined]
    close = stream.close  # type: ignore[attr-defined]

    def close_and_record() -> None:
        try:
            close()
        finally:
            recorder.done(complete=False)

    stream.close = close_and_record  # type: ignore[attr-defined]
    return stream


def observe_async(stream: S, llm: LlmCall) -> S:
    """Observe an ``AsyncStream``; returns the same object."""
    recorder, iterator = _start(stream, llm)
    if iterator is None:
        return stream
    stream._iterator = _aiterate(iterator, recorder)  # type: ignore[attr-defined]
    close = stream.close  # type: ignore[attr-defined]

    async def close_and_record() -> None:
        try:
            await close()
        finally:
            recorder.done(complete=False)

    stream.close = close_and_record  # type: ignore[attr-defined]
    return stream
