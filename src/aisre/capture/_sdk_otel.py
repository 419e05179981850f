"""OpenTelemetry export: every recorded call is also a span with the GenAI attributes.

``opentelemetry-sdk`` (and, to send to an endpoint,
``opentelemetry-exporter-otlp-proto-http``) are optional; asking for span
export without them is an :class:`~aisre.core.AisreError` naming the package.

A span starts when the call starts, as a child of the current traced call or
else of whatever span the application has active, so the SDK's spans join the
application's own traces. The interaction takes its ids from the span.
"""

from __future__ import annotations

from typing import Any

from aisre import __version__
from aisre.core import AisreError, Interaction

from ._sdk_config import SdkConfig
from ._sdk_context import TraceFrame

__all__ = ["OtelExporter", "span_attributes"]

_OPERATIONS = {"chat": "chat", "completion": "text_completion", "embeddings": "embeddings"}


def _require() -> Any:
    try:
        from opentelemetry import trace
        from opentelemetry.sdk.trace import TracerProvider  # noqa: F401
    except ImportError:
        raise AisreError(
            "exporting OpenTelemetry spans needs the opentelemetry-sdk package",
            hint="pip install opentelemetry-sdk opentelemetry-exporter-otlp-proto-http",
        ) from None
    return trace


def _traces_url(endpoint: str) -> str:
    endpoint = endpoint.rstrip("/")
    return endpoint if endpoint.endswith("/v1/traces") else endpoint + "/v1/traces"


class OtelExporter:
    """Makes spans with a tracer provider: the given one, or one exporting over OTLP/HTTP.

    Args:
        config: The SDK configuration (``otlp_endpoint``, ``service``, ``environment``).
        tracer_provider: A provider to use instead of building one.
    """

    def __init__(self, config: SdkConfig, tracer_provider: Any = None) -> None:
        self._trace = _require()
        self._owned = tracer_provider is None
        if tracer_provider is None:
            tracer_provider = self._build(config)
        self._provider = tracer_provider
        self._tracer = tracer_provider.get_tracer("aisre.sdk", __version__)

    @staticmethod
    def _build(config: SdkConfig) -> Any:
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace import TracerProvider
        from opentelemetry.sdk.trace.export import BatchSpanProcessor

        try:
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        except ImportError:
            raise AisreError(
                "exporting spans over OTLP needs opentelemetry-exporter-otlp-proto-http",
                hint="pip install opentelemetry-exporter-otlp-proto-http, or pass tracer_provider",
            ) from None
        resource = Resource.create(
            {"service.name": config.service, "deployment.environment.name": config.environment}
        )
        provider = TracerProvider(resource=resource)
        endpoint = _traces_url(config.otlp_endpoint) if config.otlp_endpoint else None
        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=endpoint)))
        return provider

    def start(self, name: str, kind: str, parent: TraceFrame | None) -> Any:
        """Start a span; its parent is ``parent``'s span, else the active span."""
        span_kind = (
            self._trace.SpanKind.CLIENT if kind == "client" else self._trace.SpanKind.INTERNAL
        )
        context = None
        parent_span = getattr(parent, "span", None)
        if parent_span is not None:
            context = self._trace.set_span_in_context(parent_span)
        return self._tracer.start_span(name, context=context, kind=span_kind)

    def activate(self, span: Any) -> Any:
        """Make ``span`` the active span, so the application's own spans nest under it."""
        from opentelemetry import context

        return context.attach(self._trace.set_span_in_context(span))

    def deactivate(self, token: Any) -> None:
        """Restore the active span from before :meth:`activate`."""
        from opentelemetry import context

        context.detach(token)

    def ids(self, span: Any) -> tuple[str, str]:
        """The span's trace id and span id, as hex."""
        ctx = span.get_span_context()
        return f"{ctx.trace_id:032x}", f"{ctx.span_id:016x}"

    def finish(self, span: Any, item: Interaction) -> None:
        """Set the attributes of ``item`` on the span and end it."""
        span.set_attributes(span_attributes(item))
        if item.status == "error":
            span.set_status(self._trace.Status(self._trace.StatusCode.ERROR, item.error_type))
        span.end()

    def close(self, timeout: float) -> None:
        """Export what is buffered and, for a provider built here, shut it down."""
        if self._owned:
            self._provider.force_flush(int(timeout * 1000))
            self._provider.shutdown()


def span_attributes(item: Interaction) -> dict[str, Any]:
    """The OpenTelemetry GenAI (and ``aisre.*``) attributes of an interaction."""
    attributes: dict[str, Any] = {
        "aisre.service": item.service,
        "aisre.operation": item.operation,
    }
    operation = _OPERATIONS.get(item.operation)
    if operation is not None:
        attributes["gen_ai.operation.name"] = operation
        attributes["gen_ai.provider.name"] = "openai"
    optional: dict[str, Any] = {
        "gen_ai.request.model": item.params.get("request_model") or item.model,
        "gen_ai.response.model": item.model,
        "gen_ai.request.temperature": item.temperature,
        "gen_ai.usage.input_tokens": item.input_tokens,
        "gen_ai.usage.output_tokens": item.output_tokens,
        "gen_ai.response.finish_reasons": [item.finish_reason] if item.finish_reason else None,
        "gen_ai.request.top_p": item.params.get("top_p"),
        "gen_ai.request.max_tokens": item.params.get("max_tokens"),
        "gen_ai.output.type": "json" if item.output_schema else None,
        "error.type": item.error_type if item.status == "error" else None,
        "http.response.status_code": item.status_code,
        "aisre.model_version": item.model_version,
        "aisre.ttft_ms": item.ttft_ms,
        "aisre.retrieval.chunk_ids": [c.id for c in item.retrieval_chunks] or None,
    }
    attributes.update({k: v for k, v in optional.items() if v is not None})
    return attributes
