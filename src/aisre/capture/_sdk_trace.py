"""``@trace``: record any sync or async callable (a RAG pipeline, a tool) as an interaction.

The traced call opens a frame in a context variable (``_sdk_context``): the
chunks given to :func:`~aisre.capture.retrieved` and the LLM calls of an
instrumented client made inside it join its trace. The callable's result or
exception reaches the caller unchanged.
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar, overload

from ._sdk_context import TraceFrame, current
from ._sdk_fields import error_fields
from ._sdk_runtime import Call, runtime

__all__ = ["trace"]

log = logging.getLogger("aisre.sdk")
F = TypeVar("F", bound=Callable[..., Any])
_INPUT_KEYS = ("question", "query", "prompt", "input")


@overload
def trace(func: F, /) -> F: ...


@overload
def trace(
    *, name: str | None = None, service: str | None = None, operation: str = "chain"
) -> Callable[[F], F]: ...


def trace(
    func: F | None = None,
    /,
    *,
    name: str | None = None,
    service: str | None = None,
    operation: str = "chain",
) -> F | Callable[[F], F]:
    """Record each call of a function as an interaction.

    The input is the first ``str`` argument (or a ``question=``, ``query=``,
    ``prompt=`` or ``input=`` keyword); the output is a ``str`` result, else
    its ``.text``, else ``str(result)``. An exception is recorded as an error
    and re-raised.

    Args:
        func: The function, when used as a bare ``@trace``.
        name: The name recorded in the ``name`` attribute and the span
            (the function's qualified name by default).
        service: The service name, instead of the configured one.
        operation: The interaction's ``operation``.

    Example:
        >>> @aisre.trace(name="answer")
        ... async def answer(question: str) -> str:
        ...     aisre.retrieved(await search(question))
        ...     return await generate(question)
    """

    def decorate(f: F) -> F:
        label = name or getattr(f, "__qualname__", None) or repr(f)
        meta = {"name": label, "service": service, "operation": operation}
        if inspect.iscoroutinefunction(f):

            @functools.wraps(f)
            async def traced_async(*args: Any, **kwargs: Any) -> Any:
                opened = _open(label)
                try:
                    result = await f(*args, **kwargs)
                except BaseException as exc:
                    _close(opened, meta, args, kwargs, error=exc)
                    raise
                _close(opened, meta, args, kwargs, result=result)
                return result

            return traced_async  # type: ignore[return-value]

        @functools.wraps(f)
        def traced(*args: Any, **kwargs: Any) -> Any:
            opened = _open(label)
            try:
                result = f(*args, **kwargs)
            except BaseException as exc:
                _close(opened, meta, args, kwargs, error=exc)
                raise
            _close(opened, meta, args, kwargs, result=result)
            return result

        return traced  # type: ignore[return-value]

    return decorate if func is None else decorate(func)


_Opened = tuple[Call, TraceFrame, Any] | None


def _open(label: str) -> _Opened:
    try:
        current_runtime = runtime()
        if not current_runtime.config.enabled:
            return None
        call = current_runtime.begin(label, kind="internal")
        parent = call.parent.span_id if call.parent is not None else None
        frame = TraceFrame(call.trace_id, call.span_id, parent, span=call.span)
        if call.span is not None:
            call.otel_token = current_runtime.otel.activate(call.span)
        return call, frame, current.set(frame)
    except Exception:
        log.warning("aisre could not start tracing %s", label, exc_info=True)
        return None


def _close(
    opened: _Opened,
    meta: Mapping[str, Any],
    args: Sequence[Any],
    kwargs: Mapping[str, Any],
    *,
    result: Any = None,
    error: BaseException | None = None,
) -> None:
    if opened is None:
        return
    call, frame, token = opened
    try:
        current.reset(token)
    except ValueError:  # reset from another context (a generator resumed elsewhere)
        current.set(None if call.parent is None else call.parent)
    if call.otel_token is not None:
        try:
            call.runtime.otel.deactivate(call.otel_token)
        except Exception:
            log.debug("could not restore the active OpenTelemetry span", exc_info=True)
    try:
        fields: dict[str, Any] = {
            "operation": meta["operation"],
            "input": _input(args, kwargs),
            "retrieval_used": frame.retrieval_used,
            "retrieval_chunks": frame.chunks,
            "retrieval_latency_ms": frame.retrieval_latency_ms,
            "attributes": {"name": meta["name"]},
        }
        if meta["service"]:
            fields["service"] = meta["service"]
        if error is not None:
            fields.update(error_fields(error))
        else:
            fields["output"] = _output(result)
        call.finish(**fields)
    except Exception:
        log.warning("aisre could not record %s", meta["name"], exc_info=True)


def _input(args: Sequence[Any], kwargs: Mapping[str, Any]) -> str:
    for arg in args:
        if isinstance(arg, str):
            return arg
    for key in _INPUT_KEYS:
        if isinstance(kwargs.get(key), str):
            return str(kwargs[key])
    return ""


def _output(result: Any) -> str:
    if result is None:
        return ""
    if isinstance(result, str):
        return result
    text = getattr(result, "text", None)
    return text if isinstance(text, str) else str(result)
