"""Which attribute supplies which field, worked out once per set of attribute keys.

Most interaction fields have several possible sources, tried in order
(``gen_ai.request.model``, else ``llm.model_name``, else …; see
``docs/otlp.md``). Trying them span by span means a few dozen dictionary
lookups for keys that are mostly absent. But the spans of one instrumentation
carry the same keys, in the same order, span after span: a :class:`Layout`
records, for one such key list, which key (if any) each field is read from,
and :func:`layout` keeps the layouts it has worked out. Mapping a span is then
a handful of direct reads.

A value is read from the first *present* key: attribute dicts never hold
None (:func:`~._otlp_values.attributes` leaves unset values out), so present
and not-None are the same, which is what the per-span rules asked.
"""

from __future__ import annotations

from dataclasses import dataclass

from ._otlp_values import FAMILIES, Attrs

MODEL = ("gen_ai.request.model", "llm.model_name", "gen_ai.response.model", "embedding.model_name")
ENVIRONMENT = ("deployment.environment.name", "deployment.environment")
TEMPLATE_VERSION = ("aisre.prompt_template_version", "llm.prompt_template.version")
STATUS_CODE = ("http.response.status_code", "http.status_code")
TTFT_SECONDS = ("gen_ai.response.time_to_first_chunk", "gen_ai.server.time_to_first_token")
TOKENS_IN = ("gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens", "llm.token_count.prompt")
TOKENS_OUT = (
    "gen_ai.usage.output_tokens",
    "gen_ai.usage.completion_tokens",
    "llm.token_count.completion",
)
TOKENS_TOTAL = ("llm.token_count.total", "llm.usage.total_tokens")
PROVIDER = ("gen_ai.provider.name", "gen_ai.system", "llm.provider", "llm.system")
#: Attributes copied into the interaction's ``attributes``, under these names.
LABELS = (
    ("server.address", "server.address"),
    ("gen_ai.response.id", "response_id"),
    ("session.id", "session.id"),
    ("user.id", "user.id"),
)
#: Without an operation attribute, any of these makes a span a model call.
MODEL_HINTS = ("gen_ai.request.model", "gen_ai.system", "llm.model_name")
#: Layouts remembered; past this many distinct key lists (a sender whose keys
#: vary without end), the memory starts over.
MAX_LAYOUTS = 1024
#: A key list longer than this (in characters) is not remembered, so that the
#: memory stays small (at most about 8 MB) whatever senders put in their keys.
MAX_KEY_CHARS = 8192


@dataclass(frozen=True, slots=True)
class Layout:
    """For one list of attribute keys: the key each field is read from, None if none is there.

    Attributes:
        families: The keys in the prefix :data:`~._otlp_values.FAMILIES`, in their
            order (``gen_ai.request.*``, ``aisre.attribute.*``, ``retrieval.documents.*``).
        model: The first present of :data:`MODEL`.
        environment: Of :data:`ENVIRONMENT`.
        template_version: Of :data:`TEMPLATE_VERSION`.
        status_code: Of :data:`STATUS_CODE`.
        ttft_seconds: Of :data:`TTFT_SECONDS`.
        tokens_in: Of :data:`TOKENS_IN`.
        tokens_out: Of :data:`TOKENS_OUT`.
        tokens_total: Of :data:`TOKENS_TOTAL`.
        provider: Of :data:`PROVIDER`.
        labels: The present pairs of :data:`LABELS`, in that order.
        model_hint: Whether any of :data:`MODEL_HINTS` is there.
        ai: Whether any key starts with ``gen_ai.`` or ``llm.``.
    """

    families: tuple[str, ...]
    model: str | None
    environment: str | None
    template_version: str | None
    status_code: str | None
    ttft_seconds: str | None
    tokens_in: str | None
    tokens_out: str | None
    tokens_total: str | None
    provider: str | None
    labels: tuple[tuple[str, str], ...]
    model_hint: bool
    ai: bool


def _first(attrs: Attrs, names: tuple[str, ...]) -> str | None:
    return next((name for name in names if name in attrs), None)


def _work_out(attrs: Attrs) -> Layout:
    return Layout(
        families=tuple(key for key in attrs if key.startswith(FAMILIES)),
        model=_first(attrs, MODEL),
        environment=_first(attrs, ENVIRONMENT),
        template_version=_first(attrs, TEMPLATE_VERSION),
        status_code=_first(attrs, STATUS_CODE),
        ttft_seconds=_first(attrs, TTFT_SECONDS),
        tokens_in=_first(attrs, TOKENS_IN),
        tokens_out=_first(attrs, TOKENS_OUT),
        tokens_total=_first(attrs, TOKENS_TOTAL),
        provider=_first(attrs, PROVIDER),
        labels=tuple(pair for pair in LABELS if pair[0] in attrs),
        model_hint=any(key in attrs for key in MODEL_HINTS),
        ai=any(key.startswith(("gen_ai.", "llm.")) for key in attrs),
    )


_LAYOUTS: dict[tuple[str, ...], Layout] = {}


def layout(attrs: Attrs) -> Layout:
    """The :class:`Layout` of ``attrs``' keys: worked out on first sight, then remembered.

    Keyed by the keys in their order (a tuple hashes faster than a set is
    built); the same keys in another order are another entry, which costs
    only memory. Safe from several threads: at worst two work out the same
    layout at once.
    """
    keys = tuple(attrs)
    found = _LAYOUTS.get(keys)
    if found is None:
        found = _work_out(attrs)
        if sum(map(len, keys)) <= MAX_KEY_CHARS:
            if len(_LAYOUTS) >= MAX_LAYOUTS:
                _LAYOUTS.clear()
            _LAYOUTS[keys] = found
    return found
