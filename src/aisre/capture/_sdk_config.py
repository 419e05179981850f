"""The SDK's settings: one frozen value object, from arguments and ``AISRE_SDK_*`` variables.

An argument wins over a variable, a variable over the default. The server's
configuration loader leaves every ``AISRE_SDK_*`` variable alone, so a process
may run ``aisre up`` and an instrumented application with one environment.

Example:
    >>> SdkConfig.from_env({"AISRE_SDK_SERVICE": "support-rag"}).service
    'support-rag'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from aisre.core import AisreError

__all__ = ["ENV_VARIABLES", "Export", "SdkConfig"]

Export = Literal["aisre", "otlp", "both"]

#: The variables the SDK reads, and the field each one sets.
ENV_VARIABLES: dict[str, str] = {
    "AISRE_SDK_URL": "url",
    "AISRE_SDK_API_KEY": "api_key",
    "AISRE_SDK_SERVICE": "service",
    "AISRE_SDK_ENVIRONMENT": "environment",
    "AISRE_SDK_OTLP_ENDPOINT": "otlp_endpoint",
    "AISRE_SDK_EXPORT": "export",
}
_EXPORTS = ("aisre", "otlp", "both")


@dataclass(frozen=True)
class SdkConfig:
    """Where the SDK sends interactions and how it batches them.

    Args:
        url: Base URL of ``aisre up``.
        api_key: A key with the ``ingest`` scope, sent as ``Authorization: Bearer``.
        service: The service name every interaction carries.
        environment: The deployment environment every interaction carries.
        batch_size: Interactions per POST at most.
        flush_interval_s: How long an interaction may wait for a batch to fill.
        max_queue: Interactions held at most, unsent ones during an outage
            included; beyond it new interactions are dropped and counted.
        timeout_s: Timeout of one POST.
        max_backoff_s: The longest wait between retries while aisre is down.
        otlp_endpoint: An OTLP/HTTP endpoint (``http://collector:4318``) to
            export OpenTelemetry spans to.
        export: ``"aisre"`` (the ingest API), ``"otlp"`` (spans only) or
            ``"both"``; ``"both"`` when ``otlp_endpoint`` is set, else ``"aisre"``.
        enabled: When False, nothing is recorded or sent.
    """

    url: str = "http://127.0.0.1:8700"
    api_key: str | None = None
    service: str = "unknown_service"
    environment: str = "production"
    batch_size: int = 100
    flush_interval_s: float = 1.0
    max_queue: int = 10_000
    timeout_s: float = 5.0
    max_backoff_s: float = 5.0
    otlp_endpoint: str | None = None
    export: Export | None = None
    enabled: bool = True

    def __post_init__(self) -> None:
        problems = []
        if self.batch_size < 1:
            problems.append(f"batch_size must be at least 1 (got {self.batch_size})")
        if self.max_queue < self.batch_size:
            problems.append(f"max_queue must be at least batch_size (got {self.max_queue})")
        for name in ("flush_interval_s", "timeout_s", "max_backoff_s"):
            if getattr(self, name) <= 0:
                problems.append(f"{name} must be positive (got {getattr(self, name)})")
        if not self.service or len(self.service) > 256:
            problems.append("service must be 1 to 256 characters")
        if self.export is not None and self.export not in _EXPORTS:
            problems.append(f"export must be one of {', '.join(_EXPORTS)} (got {self.export!r})")
        if problems:
            raise AisreError("invalid SDK configuration: " + "; ".join(problems))

    @property
    def exports(self) -> Export:
        """Where interactions go, with the default resolved."""
        if self.export is not None:
            return self.export
        return "both" if self.otlp_endpoint else "aisre"

    @classmethod
    def from_env(cls, environ: Mapping[str, str], **overrides: Any) -> SdkConfig:
        """The defaults, then the ``AISRE_SDK_*`` variables, then ``overrides`` (None skipped).

        Raises:
            AisreError: A value is out of range.
        """
        fields: dict[str, Any] = {
            field: environ[name] for name, field in ENV_VARIABLES.items() if environ.get(name)
        }
        fields.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**fields)
