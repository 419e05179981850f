"""The SDK's process-wide state: the configuration, the sender, the OTel exporter.

``configure`` replaces it (:func:`swap_runtime`); the first recorded call
without one configures from the ``AISRE_SDK_*`` variables. A :class:`Call` measures one recorded
call: it takes its ids (from the OpenTelemetry span when spans are exported,
so both agree) and turns its fields into an :class:`Interaction` when done.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from aisre.core import Clock, Interaction, SystemClock

from ._sdk_config import Export, SdkConfig
from ._sdk_context import TraceFrame, current_frame, new_span_id, new_trace_id
from ._sdk_sender import Sender

__all__ = ["Call", "Runtime", "current_runtime", "runtime", "swap_runtime"]

log = logging.getLogger("aisre.sdk")


@dataclass
class Call:
    """One recorded call in progress: when it started, its ids, its span."""

    runtime: Runtime
    started: datetime
    t0: float
    trace_id: str
    span_id: str
    parent: TraceFrame | None
    span: Any = None
    otel_token: Any = None  # the active-span token of a traced call, while it runs
    fields: dict[str, Any] = field(default_factory=dict)

    def elapsed_ms(self) -> float:
        """Milliseconds since the call started."""
        return (time.perf_counter() - self.t0) * 1000.0

    def finish(self, **fields: Any) -> None:
        """Record the call with ``fields`` (Interaction fields); never raises."""
        try:
            self.fields.update(fields)
            self.runtime.emit(self)
        except Exception:
            log.warning("aisre could not record a call", exc_info=True)


class Runtime:
    """A configuration with its sender and, when exporting spans, its OTel exporter."""

    def __init__(
        self, config: SdkConfig, *, clock: Clock | None = None, tracer_provider: Any = None
    ) -> None:
        self.config = config
        self.clock: Clock = clock or SystemClock()
        exports: Export = config.exports
        self.otel: Any = None
        if config.enabled and exports != "aisre":
            from ._sdk_otel import OtelExporter

            self.otel = OtelExporter(config, tracer_provider)
        self.sender = Sender(config) if config.enabled and exports != "otlp" else None

    def begin(self, name: str, *, kind: str = "client") -> Call:
        """Start measuring one call, a child of the current traced call if there is one."""
        parent = current_frame()
        span = None
        if self.otel is not None:
            span = self.otel.start(name, kind, parent)
        if span is not None:
            trace_id, span_id = self.otel.ids(span)
        else:
            trace_id = parent.trace_id if parent is not None else new_trace_id()
            span_id = new_span_id()
        return Call(self, self.clock.now(), time.perf_counter(), trace_id, span_id, parent, span)

    def emit(self, call: Call) -> None:
        """Turn a finished call into an interaction; queue it and end its span."""
        fields = call.fields
        attributes = {str(k): str(v) for k, v in fields.pop("attributes", {}).items()}
        if call.parent is not None:
            attributes["parent_span_id"] = call.parent.span_id
        item = Interaction(
            id=uuid.uuid4().hex,
            trace_id=call.trace_id,
            span_id=call.span_id,
            service=fields.pop("service", None) or self.config.service,
            environment=self.config.environment,
            timestamp=call.started,
            latency_ms=fields.pop("latency_ms", None) or call.elapsed_ms(),
            attributes=attributes,
            **fields,
        )
        if self.sender is not None:
            self.sender.submit(item)
        if call.span is not None:
            self.otel.finish(call.span, item)

    def close(self, timeout: float) -> bool:
        """Send what is left within ``timeout`` seconds and stop; True when all was sent."""
        done = self.sender.close(timeout) if self.sender is not None else True
        if self.otel is not None:
            self.otel.close(timeout)
        return done


_lock = threading.Lock()
_current: Runtime | None = None


def runtime() -> Runtime:
    """The configured runtime, configured from the environment on first use."""
    global _current
    with _lock:
        if _current is None:
            _current = Runtime(SdkConfig.from_env(os.environ))
        return _current


def current_runtime() -> Runtime | None:
    """The configured runtime, or None before the first use."""
    return _current


def swap_runtime(new: Runtime | None) -> Runtime | None:
    """Make ``new`` the runtime; returns the previous one, for the caller to close."""
    global _current
    with _lock:
        old, _current = _current, new
    return old
