"""Interaction fields read from an OpenAI request, response, stream chunk or error.

Everything here reads duck-typed objects (the ``openai`` package's pydantic
models, or plain dicts) and tolerates a missing field: an OpenAI-compatible
server may leave out usage, ``finish_reason`` or the model.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from aisre.core import LogprobSummary

from ._params import SAMPLING_PARAMS
from ._sdk_context import to_chunks

__all__ = [
    "error_fields",
    "estimate_tokens",
    "extension_fields",
    "extension_of",
    "get",
    "logprob_summary",
    "request_fields",
    "response_fields",
    "usage_fields",
]

_JSON = (str, int, float, bool, type(None))


def get(obj: Any, name: str, default: Any = None) -> Any:
    """``obj.name`` or ``obj[name]``, else ``default``."""
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _given(value: Any) -> bool:
    # openai's NOT_GIVEN and omit sentinels stand for an argument left out.
    return value is not None and type(value).__name__ not in ("NotGiven", "Omit")


def estimate_tokens(text: str) -> int:
    """About four characters a token, as OpenAI's guidance for English text has it."""
    return (len(text) + 3) // 4


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "\n".join(str(get(p, "text")) for p in content if get(p, "text"))
    return ""


def request_fields(operation: str, kwargs: Mapping[str, Any]) -> dict[str, Any]:
    """Model, temperature, sampling parameters, input and schema of a request."""
    fields: dict[str, Any] = {"operation": operation}
    if _given(kwargs.get("model")):
        fields["model"] = str(kwargs["model"])
    if _given(kwargs.get("temperature")):
        fields["temperature"] = float(kwargs["temperature"])
    params = {k: kwargs[k] for k in SAMPLING_PARAMS if _given(kwargs.get(k))}
    fields["params"] = {k: v if isinstance(v, _JSON) else str(v) for k, v in params.items()}
    if operation == "chat":
        messages = kwargs.get("messages") or []
        users = [m for m in messages if get(m, "role") == "user"]
        fields["input"] = _text(get(users[-1], "content")) if users else ""
        prompt_text = "\n".join(_text(get(m, "content")) for m in messages)
        fields["_prompt_text"] = prompt_text
    else:
        raw = kwargs.get("prompt" if operation == "completion" else "input")
        fields["input"] = raw if isinstance(raw, str) else "\n".join(map(str, raw or []))
        fields["_prompt_text"] = fields["input"]
    response_format = kwargs.get("response_format")
    if _given(response_format) and get(response_format, "type") == "json_schema":
        name = get(get(response_format, "json_schema"), "name")
        if name:
            fields["output_schema"] = str(name)[:256]
    return fields


def extension_fields(extension: Any) -> dict[str, Any]:
    """The fields of the ``x_aisre`` extension: versions and retrieved chunks."""
    if not isinstance(extension, Mapping):
        return {}
    fields: dict[str, Any] = {}
    for key, field in (
        ("model_version", "model_version"),
        ("prompt_version", "prompt_template_version"),
        ("index_version", "retrieval_index_version"),
    ):
        if extension.get(key):
            fields[field] = str(extension[key])[:256]
    if isinstance(extension.get("retrieved"), list):
        fields["retrieval_chunks"] = to_chunks(extension["retrieved"])
        fields["retrieval_used"] = True
    if isinstance(extension.get("temperature"), (int, float)):
        fields["_served_temperature"] = float(extension["temperature"])
    return fields


def extension_of(obj: Any) -> Any:
    """The ``x_aisre`` extension of a response or chunk, if it has one."""
    extra = getattr(obj, "model_extra", None)
    if isinstance(extra, Mapping):
        return extra.get("x_aisre")
    return get(obj, "x_aisre")


def response_fields(operation: str, response: Any) -> dict[str, Any]:
    """Output, finish reason, usage, model and extension fields of a whole response."""
    fields: dict[str, Any] = extension_fields(extension_of(response))
    if get(response, "model"):
        fields["model"] = str(get(response, "model"))[:256]
    choices = get(response, "choices") or []
    if choices:
        choice = choices[0]
        message = get(choice, "message")
        fields["output"] = (
            _text(get(message, "content")) if message else str(get(choice, "text") or "")
        )
        if get(choice, "finish_reason"):
            fields["finish_reason"] = str(get(choice, "finish_reason"))
        summary = logprob_summary(get(get(choice, "logprobs"), "content"))
        if summary is not None:
            fields["logprobs"] = summary
    usage = get(response, "usage")
    if usage is not None:
        fields.update(usage_fields(operation, usage))
    return fields


def usage_fields(operation: str, usage: Any) -> dict[str, Any]:
    """Token counts of a ``usage`` object."""
    fields: dict[str, Any] = {}
    if isinstance(get(usage, "prompt_tokens"), int):
        fields["input_tokens"] = get(usage, "prompt_tokens")
    if operation != "embeddings" and isinstance(get(usage, "completion_tokens"), int):
        fields["output_tokens"] = get(usage, "completion_tokens")
    return fields


def logprob_summary(tokens: Any) -> LogprobSummary | None:
    """Mean and minimum of the token log-probabilities, when the response has them."""
    values = [get(t, "logprob") for t in tokens or []]
    numbers = [float(v) for v in values if isinstance(v, (int, float))]
    if not numbers:
        return None
    return LogprobSummary(mean=sum(numbers) / len(numbers), min=min(numbers), tokens=len(numbers))


def error_fields(exc: BaseException) -> dict[str, Any]:
    """Status, status code and error type of an exception raised by the client."""
    fields: dict[str, Any] = {"status": "error"}
    status = getattr(exc, "status_code", None)
    if isinstance(status, int) and 100 <= status <= 599:
        fields["status_code"] = status
    name = type(exc).__name__
    if "Timeout" in name:
        kind = "timeout"
    elif name == "APIConnectionError":
        kind = "connection_error"
    else:
        code, type_ = getattr(exc, "code", None), getattr(exc, "type", None)
        snake = re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
        kind = str(code or type_ or snake)
    fields["error_type"] = kind[:256]
    return fields
