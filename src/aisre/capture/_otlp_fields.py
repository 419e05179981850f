"""The attribute-derived fields of an interaction: sampling parameters, token counts, labels.

Each reader takes the span's attribute dict and its
:class:`~._otlp_layout.Layout` (which key holds what) and returns plain values;
the rules are the table in ``docs/otlp.md``.
"""

from __future__ import annotations

from typing import Any

from ._otlp_layout import Layout
from ._otlp_values import Attrs, count, json_value, number, text

MAX_NAME = 256
_PLAIN = frozenset({str, int, float, bool})


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


def scan(attrs: Attrs, marked: tuple[str, ...]) -> tuple[dict[str, Any], dict[str, str], bool]:
    """``gen_ai.request.*``, ``aisre.attribute.*``, and whether there are documents.

    ``marked`` lists the keys of those families (and of ``retrieval.documents.*``),
    from the span's :class:`~._otlp_layout.Layout`: only they are looked at.
    """
    request: dict[str, Any] = {}
    extra: dict[str, str] = {}
    documents = False
    for key in marked:
        if key.startswith("gen_ai.request."):
            if key != "gen_ai.request.model":
                request[key[15:]] = attrs[key]
        elif key.startswith("aisre.attribute."):
            if (v := text(attrs[key])) is not None:
                extra[key[16:]] = v
        else:
            documents = True
    return request, extra, documents


def params(attrs: Attrs, request: dict[str, Any]) -> tuple[float | None, dict[str, Any]]:
    """Temperature and the other sampling parameters; ``request`` (from :func:`scan`) is used up."""
    invocation = attrs.get("llm.invocation_parameters")
    if invocation is not None:
        invocation = json_value(invocation)
    if isinstance(invocation, dict):
        params: dict[str, Any] = dict(invocation)
        params.update(request)
    else:
        params = request  # the caller's own dict, made for this span
    temperature = number(params.pop("temperature", None))
    params.pop("model", None)
    params.pop("messages", None)
    plain = _PLAIN
    return temperature, {k: v if v.__class__ in plain else _json_safe(v) for k, v in params.items()}


def tokens(attrs: Attrs, layout: Layout) -> tuple[int | None, int | None]:
    """Input and output token counts; a missing one of the two is the total minus the other."""
    tokens_in = None if layout.tokens_in is None else count(attrs[layout.tokens_in])
    tokens_out = None if layout.tokens_out is None else count(attrs[layout.tokens_out])
    if (tokens_in is None) == (tokens_out is None) or layout.tokens_total is None:
        return tokens_in, tokens_out  # both known, or no way to work one out
    total = count(attrs[layout.tokens_total])
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


def labels(attrs: Attrs, extra: dict[str, str], layout: Layout) -> dict[str, str]:
    """The interaction's ``attributes``: provider, known labels, then ``aisre.attribute.*``."""
    provider = None if layout.provider is None else text(attrs[layout.provider])
    labels = {"provider": provider} if provider else {}
    for key, label in layout.labels:
        if (value := text(attrs[key])) is not None:
            labels[label] = value
    if extra:
        labels.update(extra)
    return labels
