"""One instrumented LLM call: its request, then its response, stream or error, as an interaction.

Every method here swallows its own errors (logging them): instrumentation
must never change what the caller of the client sees.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from ._sdk_fields import error_fields, estimate_tokens, request_fields, response_fields
from ._sdk_runtime import Call, runtime

__all__ = ["LlmCall"]

log = logging.getLogger("aisre.sdk")


class LlmCall:
    """Measures one call of ``create``; ``begin`` returns None when the SDK is off or broken.

    Args:
        call: The measured call.
        request: Fields read from the request arguments.
    """

    def __init__(self, call: Call, request: dict[str, Any]) -> None:
        self.call = call
        self.request = request
        self._done = False

    @classmethod
    def begin(cls, operation: str, kwargs: Mapping[str, Any]) -> LlmCall | None:
        """Start measuring a call of ``operation`` made with ``kwargs``."""
        try:
            current = runtime()
            if not current.config.enabled:
                return None
            request = request_fields(operation, kwargs)
            name = f"{_SPAN_OPERATION.get(operation, operation)} {request.get('model', '')}"
            return cls(current.begin(name.strip(), kind="client"), request)
        except Exception:
            log.warning("aisre could not start recording a call", exc_info=True)
            return None

    def ok(self, response: Any) -> None:
        """Record a whole (not streamed) response."""
        try:
            self.finish(response_fields(self.request["operation"], response))
        except Exception:
            log.warning("aisre could not read a response", exc_info=True)

    def error(self, exc: BaseException) -> None:
        """Record a call that raised ``exc``."""
        try:
            self.finish(error_fields(exc), estimate=False)
        except Exception:
            log.warning("aisre could not record an error", exc_info=True)

    def finish(self, result: dict[str, Any], *, estimate: bool = True) -> None:
        """Merge request and result fields into the interaction and record it, once."""
        if self._done:
            return
        self._done = True
        fields = {**self.request, **result}
        prompt_text = fields.pop("_prompt_text", "")
        served_temperature = fields.pop("_served_temperature", None)
        request_model = self.request.get("model")
        if request_model and fields.get("model") != request_model:
            fields["params"] = {**fields["params"], "request_model": request_model}
        if fields.get("model_version") is None and "model" in result:
            fields["model_version"] = result["model"]
        if fields.get("temperature") is None and served_temperature is not None:
            fields["temperature"] = served_temperature
        attributes: dict[str, str] = fields.pop("attributes", {})
        if estimate and fields.get("input_tokens") is None:
            fields["input_tokens"] = estimate_tokens(prompt_text)
            attributes["tokens_estimated"] = "true"
        is_embedding = fields["operation"] == "embeddings"
        if estimate and not is_embedding and fields.get("output_tokens") is None:
            fields["output_tokens"] = estimate_tokens(fields.get("output", ""))
            attributes["tokens_estimated"] = "true"
        parent = self.call.parent
        if not fields.get("retrieval_used") and parent is not None and parent.retrieval_used:
            # A RAG pipeline's LLM call answers from the chunks its traced caller retrieved.
            fields["retrieval_used"] = True
            fields["retrieval_chunks"] = list(parent.chunks)
            fields["retrieval_latency_ms"] = parent.retrieval_latency_ms
        self.call.finish(attributes=attributes, **fields)


_SPAN_OPERATION = {"chat": "chat", "completion": "text_completion", "embeddings": "embeddings"}
