"""The attribute-derived fields of an interaction: sampling parameters, token counts, labels.

Each reader takes the span's attribute dict (and what :func:`scan` gathered in
its single pass over it) and returns plain values; the rules are the table in
``docs/otlp.md``.
"""

from __future__ import annotations

from typing import Any

from ._otlp_values import Attrs, count, first, json_value, number, text

MAX_NAME = 256
ENVIRONMENT = ("deployment.environment.name", "deployment.environment")
_PLAIN = frozenset({str, int, float, bool})
_PROVIDER = ("gen_ai.provider.name", "gen_ai.system", "llm.provider", "llm.system")
_LABELS = {
    "server.address": "server.address",
    "gen_ai.response.id": "response_id",
    "session.id": "session.id",
    "user.id": "user.id",
}


def _json_safe(value: Any) -> Any:
    if value is None or value.__class__ in _PLAIN:
        return value
    if isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, list):
        return [_json_safe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    return text(value)


def scan(attrs: Attrs) -> tuple[dict[str, Any], dict[str, str], bool]:
    """One pass over the attributes: ``gen_ai.request.*``, ``aisre.attribute.*``, documents."""
    request: dict[str, Any] = {}
    extra: dict[str, str] = {}
    documents = False
    for key, value in attrs.items():
        if key.startswith("gen_ai.request."):
            if key != "gen_ai.request.model":
                request[key[15:]] = value
        elif key.startswith("aisre.attribute."):
            if (v := text(value)) is not None:
                extra[key[16:]] = v
        elif not documents and key.startswith("retrieval.documents."):
            documents = True
    return request, extra, documents


def params(attrs: Attrs, request: dict[str, Any]) -> tuple[float | None, dict[str, Any]]:
    """Temperature and the other sampling parameters."""
    invocation = attrs.get("llm.invocation_parameters")
    if invocation is not None:
        invocation = json_value(invocation)
    if isinstance(invocation, dict):
        params: dict[str, Any] = dict(invocation)
        params.update(request)
    else:
        params = dict(request)
    temperature = number(params.pop("temperature", None))
    params.pop("model", None)
    params.pop("messages", None)
    return temperature, {k: _json_safe(v) for k, v in params.items()}


def tokens(attrs: Attrs) -> tuple[int | None, int | None]:
    """Input and output token counts; a missing one of the two is the total minus the other."""
    tokens_in = count(
        first(
            attrs,
            "gen_ai.usage.input_tokens",
            "gen_ai.usage.prompt_tokens",
            "llm.token_count.prompt",
        )
    )
    tokens_out = count(
        first(
            attrs,
            "gen_ai.usage.output_tokens",
            "gen_ai.usage.completion_tokens",
            "llm.token_count.completion",
        )
    )
    total = count(first(attrs, "llm.token_count.total", "llm.usage.total_tokens"))
    if total is not None and (tokens_in is None) != (tokens_out is None):
        if tokens_in is None and tokens_out is not None and total >= tokens_out:
            tokens_in = total - tokens_out
        elif tokens_in is not None and total >= tokens_in:
            tokens_out = total - tokens_in
    return tokens_in, tokens_out


def finish_reason(attrs: Attrs) -> Any:
    """``gen_ai.response.finish_reasons[0]`` (or the value itself when it is not a list)."""
    reasons = attrs.get("gen_ai.response.finish_reasons")
    return reasons[0] if isinstance(reasons, list) and reasons else reasons


def labels(attrs: Attrs, extra: dict[str, str]) -> dict[str, str]:
    """The interaction's ``attributes``: provider, known labels, then ``aisre.attribute.*``."""
    labels = {"provider": p} if (p := text(first(attrs, *_PROVIDER))) else {}
    for key, label in _LABELS.items():
        if (value := text(attrs.get(key))) is not None:
            labels[label] = value
    labels.update(extra)
    return labels
