"""The current trace, carried in a context variable, and :func:`retrieved`.

A call wrapped by ``@trace`` opens a :class:`TraceFrame`; everything recorded
inside it, in the same thread or task, shares its trace id: nested traced
calls and the calls of an instrumented client. ``retrieved(chunks)`` attaches
chunks to the innermost frame. Context variables follow ``asyncio`` tasks, so
concurrent requests never see each other's frames.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from aisre.core import RetrievedChunk

__all__ = ["TraceFrame", "current_frame", "new_span_id", "new_trace_id", "retrieved", "to_chunks"]

log = logging.getLogger("aisre.sdk")

_ID_KEYS = ("id", "chunk_id", "doc_id", "document_id")
_TEXT_KEYS = ("text", "content", "page_content")


@dataclass
class TraceFrame:
    """One open ``@trace`` call: its ids and the chunks attached to it."""

    trace_id: str
    span_id: str
    parent_span_id: str | None = None
    chunks: list[RetrievedChunk] = field(default_factory=list)
    retrieval_latency_ms: float | None = None
    retrieval_used: bool = False
    span: Any = None  # the OpenTelemetry span, when spans are exported


current: ContextVar[TraceFrame | None] = ContextVar("aisre_sdk_trace", default=None)


def current_frame() -> TraceFrame | None:
    """The innermost open ``@trace`` call of this thread or task, if any."""
    return current.get()


def new_trace_id() -> str:
    """32 random hex digits, as a W3C trace id."""
    return os.urandom(16).hex()


def new_span_id() -> str:
    """16 random hex digits, as a W3C span id."""
    return os.urandom(8).hex()


def retrieved(chunks: Iterable[Any], *, latency_ms: float | None = None) -> None:
    """Attach retrieved chunks to the current ``@trace`` call.

    Outside a traced call this does nothing (it logs at debug level); it never
    raises into the caller.

    Args:
        chunks: Dicts with ``id``, ``text`` and ``score`` (``content`` or
            ``page_content`` are read as the text), ``(id, text, score)`` or
            ``(id, text)`` tuples, or objects with those attributes.
        latency_ms: How long retrieval took, when known.

    Example:
        >>> @trace
        ... def answer(question: str) -> str:
        ...     hits = search(question)
        ...     retrieved([(h.id, h.text, h.score) for h in hits])
        ...     return llm(question, hits)
    """
    try:
        frame = current.get()
        if frame is None:
            log.debug("aisre.retrieved() outside a traced call is ignored")
            return
        frame.chunks.extend(to_chunks(chunks))
        frame.retrieval_used = True
        if latency_ms is not None and latency_ms >= 0:
            frame.retrieval_latency_ms = (frame.retrieval_latency_ms or 0.0) + latency_ms
    except Exception:
        log.warning("aisre.retrieved() could not read the chunks", exc_info=True)


def to_chunks(items: Iterable[Any]) -> list[RetrievedChunk]:
    """Chunks from dicts, tuples or objects; an item without an id or text is skipped."""
    out: list[RetrievedChunk] = []
    for item in items:
        chunk = _chunk(item)
        if chunk is None:
            log.debug("skipped a retrieved chunk aisre cannot read: %r", item)
        else:
            out.append(chunk)
    return out


def _chunk(item: Any) -> RetrievedChunk | None:
    if isinstance(item, RetrievedChunk):
        return item
    if isinstance(item, Mapping):
        raw_id = next((item[k] for k in _ID_KEYS if item.get(k) is not None), None)
        text = next((item[k] for k in _TEXT_KEYS if item.get(k) is not None), "")
        score = item.get("score")
    elif isinstance(item, (tuple, list)) and 1 <= len(item) <= 3:
        raw_id, text, score = (*item, "", None)[:3]
    else:
        raw_id = next((getattr(item, k) for k in _ID_KEYS if hasattr(item, k)), None)
        text = next((getattr(item, k) for k in _TEXT_KEYS if hasattr(item, k)), "")
        score = getattr(item, "score", None)
    if raw_id is None or str(raw_id) == "":
        return None
    try:
        value = None if score is None else float(score)
    except (TypeError, ValueError):
        value = None
    return RetrievedChunk(id=str(raw_id)[:256], text=str(text or ""), score=value)
