"""``instrument(client)``: record every call of an ``openai`` client, sync or async.

It replaces ``create`` on the client's ``chat.completions``, ``completions``
and ``embeddings`` resources with a wrapper that measures the call and records
an interaction. The wrapper returns exactly what ``create`` returned (a stream
is observed in place, see ``_sdk_stream``) and re-raises exactly what it
raised. Only the client passed is instrumented; ``with_raw_response`` and
``with_streaming_response`` calls are not recorded.
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from ._sdk_llm import LlmCall
from ._sdk_stream import observe, observe_async

__all__ = ["instrument"]

log = logging.getLogger("aisre.sdk")
C = TypeVar("C")

_RESOURCES = (
    ("chat.completions", "chat"),
    ("completions", "completion"),
    ("embeddings", "embeddings"),
)
_MARK = "_aisre_instrumented"


def instrument(client: C) -> C:
    """Record every call the client makes; returns the same client.

    Calling it twice on one client is harmless. It never raises: a client it
    cannot instrument is returned as it is, with a warning in the log.

    Args:
        client: An ``openai.OpenAI`` or ``openai.AsyncOpenAI`` client (or an
            Azure one, or any object with the same resources).

    Example:
        >>> from openai import OpenAI
        >>> client = aisre.instrument(OpenAI(base_url="http://127.0.0.1:8400/v1"))
        >>> client.chat.completions.create(model="m", messages=[...])  # recorded
    """
    try:
        asynchronous = _is_async(client)
        for path, operation in _RESOURCES:
            resource = _resolve(client, path)
            create = getattr(resource, "create", None)
            if resource is None or create is None or getattr(resource, _MARK, False):
                continue
            wrap = _wrap_async if asynchronous else _wrap_sync
            resource.create = functools.wraps(create)(wrap(create, operation))
            setattr(resource, _MARK, True)
    except Exception:
        log.warning("aisre could not instrument %r", type(client), exc_info=True)
    return client


def _is_async(client: Any) -> bool:
    try:
        import openai

        if isinstance(client, openai.AsyncOpenAI):
            return True
        if isinstance(client, openai.OpenAI):
            return False
    except ImportError:
        pass
    create = getattr(_resolve(client, "chat.completions"), "create", None)
    return inspect.iscoroutinefunction(inspect.unwrap(create)) if create else False


def _resolve(client: Any, path: str) -> Any:
    obj = client
    for name in path.split("."):
        obj = getattr(obj, name, None)
        if obj is None:
            return None
    return obj


def _wrap_sync(create: Callable[..., Any], operation: str) -> Callable[..., Any]:
    def recorded_create(*args: Any, **kwargs: Any) -> Any:
        llm = LlmCall.begin(operation, kwargs)
        try:
            result = create(*args, **kwargs)
        except Exception as exc:
            if llm is not None:
                llm.error(exc)
            raise
        return _returned(result, llm, kwargs, observe)

    return recorded_create


def _wrap_async(create: Callable[..., Awaitable[Any]], operation: str) -> Callable[..., Any]:
    async def recorded_create(*args: Any, **kwargs: Any) -> Any:
        llm = LlmCall.begin(operation, kwargs)
        try:
            result = await create(*args, **kwargs)
        except Exception as exc:
            if llm is not None:
                llm.error(exc)
            raise
        return _returned(result, llm, kwargs, observe_async)

    return recorded_create


def _returned(
    result: Any, llm: LlmCall | None, kwargs: dict[str, Any], observer: Callable[..., Any]
) -> Any:
    """What ``create`` gives the caller: the result, a stream wrapped to be observed."""
    if llm is None:
        return result
    if kwargs.get("stream") is True:
        return _safely(observer, result, llm)
    llm.ok(result)
    return result


def _safely(wrap: Callable[[Any, LlmCall], Any], stream: Any, llm: LlmCall) -> Any:
    try:
        return wrap(stream, llm)
    except Exception:
        log.warning("aisre could not observe a stream", exc_info=True)
        return stream
