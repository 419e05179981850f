"""The SDK's controls: :func:`configure`, :func:`flush`, :func:`sdk_stats`, :func:`shutdown`.

An ``atexit`` handler shuts the SDK down, so what is queued when the program
ends is sent (for a few seconds at most).
"""

from __future__ import annotations

import atexit
import os
from typing import Any

from aisre.core import Clock

from ._sdk_config import Export, SdkConfig
from ._sdk_runtime import Runtime, current_runtime, swap_runtime
from ._sdk_sender import SdkStats

__all__ = ["configure", "flush", "sdk_stats", "shutdown"]

_EXIT_TIMEOUT_S = 3.0


def configure(
    url: str | None = None,
    api_key: str | None = None,
    service: str | None = None,
    environment: str | None = None,
    *,
    batch_size: int | None = None,
    flush_interval_s: float | None = None,
    max_queue: int | None = None,
    timeout_s: float | None = None,
    max_backoff_s: float | None = None,
    otlp_endpoint: str | None = None,
    export: Export | None = None,
    enabled: bool | None = None,
    clock: Clock | None = None,
    tracer_provider: Any = None,
) -> SdkConfig:
    """Configure the SDK; a later call replaces the earlier one (flushing it first).

    Arguments left None take the ``AISRE_SDK_*`` variables, then the defaults
    of :class:`SdkConfig`, which documents each field.

    Args:
        url: Base URL of ``aisre up`` (``AISRE_SDK_URL``).
        api_key: A key with the ``ingest`` scope (``AISRE_SDK_API_KEY``).
        service: The service name (``AISRE_SDK_SERVICE``).
        environment: The deployment environment (``AISRE_SDK_ENVIRONMENT``).
        batch_size: Interactions per POST at most.
        flush_interval_s: How long an interaction may wait for a batch to fill.
        max_queue: Interactions held at most, the backlog during an outage included.
        timeout_s: Timeout of one POST.
        max_backoff_s: The longest wait between retries while aisre is down.
        otlp_endpoint: An OTLP/HTTP endpoint to export spans to (``AISRE_SDK_OTLP_ENDPOINT``).
        export: ``"aisre"``, ``"otlp"`` or ``"both"`` (``AISRE_SDK_EXPORT``).
        enabled: False records nothing.
        clock: The clock that timestamps interactions (the wall clock by default).
        tracer_provider: An OpenTelemetry ``TracerProvider`` to create spans
            with, instead of one exporting to ``otlp_endpoint``.

    Returns:
        The configuration now in force.

    Raises:
        AisreError: A value is invalid, or span export needs ``opentelemetry-sdk``.

    Example:
        >>> import aisre
        >>> aisre.configure(url="http://127.0.0.1:8700", service="support-rag")
    """
    config = SdkConfig.from_env(
        os.environ,
        url=url,
        api_key=api_key,
        service=service,
        environment=environment,
        batch_size=batch_size,
        flush_interval_s=flush_interval_s,
        max_queue=max_queue,
        timeout_s=timeout_s,
        max_backoff_s=max_backoff_s,
        otlp_endpoint=otlp_endpoint,
        export=export,
        enabled=enabled,
    )
    old = swap_runtime(Runtime(config, clock=clock, tracer_provider=tracer_provider))
    if old is not None:
        old.close(_EXIT_TIMEOUT_S)
    return config


def flush(timeout: float = 5.0) -> bool:
    """Send everything recorded so far; True when it was delivered within ``timeout`` seconds."""
    current = current_runtime()
    if current is None or current.sender is None:
        return True
    return current.sender.flush(timeout)


def sdk_stats() -> SdkStats:
    """The sender's counters: queued, sent, dropped, rejected, failed batches, batches."""
    current = current_runtime()
    if current is None or current.sender is None:
        return SdkStats()
    return current.sender.stats()


def shutdown(timeout: float = _EXIT_TIMEOUT_S) -> bool:
    """Flush and stop the SDK; True when all was sent.

    Used again afterwards, the SDK configures itself from the environment.
    """
    old = swap_runtime(None)
    return old.close(timeout) if old is not None else True


atexit.register(shutdown)
