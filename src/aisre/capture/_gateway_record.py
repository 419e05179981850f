"""The interaction the gateway records for one proxied call.

Pure functions from what crossed the gateway (the request body, the status,
the response body or the observed stream, the response headers, timings) to
an :class:`~aisre.core.Interaction`. Nothing here does I/O.
"""

from __future__ import annotations

import json
import re
import statistics
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import jsonschema

from aisre.core import Interaction, LogprobSummary, RetrievedChunk

from ._gateway_stream import StreamObserver
from ._params import SAMPLING_PARAMS

__all__ = ["Exchange", "approx_tokens", "build_interaction"]

_TOKEN = re.compile(r"\w+|[^\w\s]")
_OPERATIONS = {
    "chat/completions": "chat",
    "completions": "text_completion",
    "embeddings": "embeddings",
}


def approx_tokens(text: str) -> int:
    """Tokens counted when the upstream reports none: words and punctuation marks."""
    return len(_TOKEN.findall(text))


@dataclass
class Exchange:
    """What crossed the gateway for one call.

    Attributes:
        service / environment: the service the call was routed to.
        path: the API path after ``/v1/``, e.g. ``chat/completions``.
        request: the parsed JSON request body ({} when not JSON).
        status: the HTTP status the client got.
        started_at: when the call arrived.
        latency_s: until the last byte went to the client.
        response: the parsed JSON response of a non-streamed call.
        stream: the observed stream of a streamed call.
        headers: the upstream's response headers (lower-case names).
        error_type: a gateway-side failure (``upstream_unreachable``, ``upstream_timeout``,
            ``client_disconnected``) when there is one.
        output_schema: the configured schema for JSON answers without one in the request.
        interaction_id: the id the gateway gave the call (and told the client).
        attributes: the caller's ``X-Aisre-Attr-*`` headers.
    """

    service: str
    environment: str
    path: str
    request: dict[str, Any]
    status: int
    started_at: datetime
    latency_s: float
    response: dict[str, Any] | None = None
    stream: StreamObserver | None = None
    headers: dict[str, str] = field(default_factory=dict)
    error_type: str | None = None
    output_schema: dict[str, Any] | None = None
    interaction_id: str = ""
    attributes: dict[str, str] = field(default_factory=dict)


def _question(request: dict[str, Any]) -> str:
    messages = request.get("messages")
    if isinstance(messages, list):
        for message in reversed(messages):
            if isinstance(message, dict) and message.get("role") == "user":
                content = message.get("content")
                if isinstance(content, str):
                    return content
                if isinstance(content, list):
                    return "\n".join(str(p.get("text", "")) for p in content if isinstance(p, dict))
    for key in ("prompt", "input"):
        value = request.get(key)
        if isinstance(value, str):
            return value
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return "\n".join(value)
    return ""


def _refusal(response: dict[str, Any]) -> str:
    """The first choice's OpenAI ``refusal`` text, or ''."""
    choices = response.get("choices")
    if isinstance(choices, list) and choices and isinstance(choices[0], dict):
        message = choices[0].get("message")
        refusal = message.get("refusal") if isinstance(message, dict) else None
        if isinstance(refusal, str):
            return refusal
    return ""


def _answer(response: dict[str, Any]) -> tuple[str, str | None, list[float]]:
    choices = response.get("choices")
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        return "", None, []
    choice = choices[0]
    message = choice.get("message")
    text = message.get("content") if isinstance(message, dict) else choice.get("text")
    logprobs: list[float] = []
    raw = choice.get("logprobs")
    if isinstance(raw, dict):
        logprobs = [
            float(item["logprob"])
            for item in raw.get("content") or ()
            if isinstance(item, dict) and isinstance(item.get("logprob"), int | float)
        ]
    return (text if isinstance(text, str) else ""), choice.get("finish_reason"), logprobs


def _schema(request: dict[str, Any], configured: dict[str, Any] | None) -> tuple[str, Any] | None:
    fmt = request.get("response_format")
    if not isinstance(fmt, dict) or fmt.get("type") not in ("json_schema", "json_object"):
        return None
    spec = fmt.get("json_schema")
    if isinstance(spec, dict) and isinstance(spec.get("schema"), dict):
        return str(spec.get("name") or "json_schema"), spec["schema"]
    if isinstance(spec, dict) and configured is not None:
        return str(spec.get("name") or "configured"), configured
    return ("json_object", configured if configured is not None else {"type": "object"})


def _valid(text: str, schema: Any) -> bool:
    try:
        document = json.loads(text)
    except ValueError:
        return False
    try:
        return bool(jsonschema.validators.validator_for(schema)(schema).is_valid(document))
    except jsonschema.exceptions.SchemaError:
        return False


def _chunks(extension: Any) -> list[RetrievedChunk]:
    if not isinstance(extension, dict) or not isinstance(extension.get("retrieved"), list):
        return []
    out = []
    for item in extension["retrieved"]:
        if isinstance(item, dict) and item.get("id"):
            score = item.get("score")
            out.append(
                RetrievedChunk(
                    id=str(item["id"])[:256],
                    text=str(item.get("text") or ""),
                    score=float(score) if isinstance(score, int | float) else None,
                )
            )
    return out


def build_interaction(exchange: Exchange) -> Interaction:
    """The interaction recorded for ``exchange``."""
    request, response, stream = exchange.request, exchange.response or {}, exchange.stream
    if stream is not None:
        output, finish, logprobs = stream.text, stream.finish_reason, stream.logprobs
        usage, extension, model = stream.usage, stream.extension, stream.model
    else:
        output, finish, logprobs = _answer(response)
        usage = response.get("usage") if isinstance(response.get("usage"), dict) else None
        extension, model = response.get("x_aisre"), response.get("model")
    extension = extension if isinstance(extension, dict) else {}
    headers = exchange.headers
    question = _question(request)
    error_type = exchange.error_type
    cut = stream is not None and exchange.status == 200 and not stream.done
    if error_type is None and cut:
        error_type = "stream_interrupted"
    if error_type is None and exchange.status >= 400:
        raw_error = response.get("error")
        error: dict[str, Any] = raw_error if isinstance(raw_error, dict) else {}
        error_type = str(error.get("code") or error.get("type") or f"http_{exchange.status}")
    input_tokens = usage.get("prompt_tokens") if usage else None
    output_tokens = usage.get("completion_tokens") if usage else None
    fields: dict[str, Any] = {}
    schema = _schema(request, exchange.output_schema)
    if schema is not None and exchange.status == 200 and not cut:
        fields["output_schema"], fields["schema_valid"] = schema[0], _valid(output, schema[1])
    if logprobs:
        fields["logprobs"] = LogprobSummary(
            mean=statistics.fmean(logprobs), min=min(logprobs), tokens=len(logprobs)
        )
    attributes = dict(exchange.attributes)
    user = request.get("user")
    if isinstance(user, str) and user and "user" not in attributes:
        attributes["user"] = user[:256]
    refusal = stream.refusal if stream is not None else _refusal(response)
    if refusal:  # the model's explicit refusal (OpenAI's refusal field), for the refusal scorer
        attributes["refusal"] = refusal[:1024]
    if stream is not None and stream.gaps_s:
        gaps = sorted(stream.gaps_s)
        attributes["itl_mean_ms"] = f"{statistics.fmean(gaps) * 1000:.3f}"
        attributes["itl_p95_ms"] = f"{gaps[min(len(gaps) - 1, int(0.95 * len(gaps)))] * 1000:.3f}"
    if usage is None and exchange.status == 200:
        attributes["tokens_counted"] = "approximate"
    chunks = _chunks(extension)
    temperature = request.get("temperature")
    ok = exchange.status < 400 and error_type is None
    requested = request.get("model")
    return Interaction(
        id=exchange.interaction_id,
        service=exchange.service,
        environment=exchange.environment,
        timestamp=exchange.started_at,
        latency_ms=round(exchange.latency_s * 1000.0, 3),
        ttft_ms=None if stream is None or stream.ttft_s is None else round(stream.ttft_s * 1000, 3),
        operation=_OPERATIONS.get(exchange.path, exchange.path.replace("/", "."))[:256],
        model=str(model or requested or "")[:256] or None,
        model_version=str(
            extension.get("model_version") or headers.get("x-aisre-model-version") or model or ""
        )[:256]
        or None,
        prompt_template_version=extension.get("prompt_version")
        or headers.get("x-aisre-prompt-version"),
        retrieval_index_version=extension.get("index_version")
        or headers.get("x-aisre-index-version"),
        temperature=float(temperature) if isinstance(temperature, int | float) else None,
        params={k: request[k] for k in SAMPLING_PARAMS if k in request},
        input=question,
        output=output,
        finish_reason=None if cut else finish,
        input_tokens=int(input_tokens)
        if isinstance(input_tokens, int)
        else (approx_tokens(question) if ok else None),
        output_tokens=int(output_tokens)
        if isinstance(output_tokens, int)
        else (approx_tokens(output) if exchange.status == 200 else None),
        status="ok" if ok else "error",
        status_code=exchange.status,
        error_type=error_type[:256] if error_type else None,
        retrieval_used=bool(chunks),
        retrieval_chunks=chunks,
        attributes=attributes,
        **fields,
    )
