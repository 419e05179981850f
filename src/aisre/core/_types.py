"""The domain types: interactions, scores, change events, and user feedback.

They are ``msgspec`` structs rather than pydantic models because the ingest
path decodes and validates tens of thousands of them a second: msgspec does it
about five times faster, and its validation errors name the exact field
(``Expected `float`, got `str` - at `$.interactions[3].latency_ms```).
Configuration, which is read once, stays in pydantic.

Timestamps are RFC 3339 strings with a timezone on the wire and
timezone-aware ``datetime`` values in Python.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

import msgspec

Timestamp = Annotated[datetime, msgspec.Meta(tz=True, description="RFC 3339 with a timezone")]
NonNegative = Annotated[float, msgspec.Meta(ge=0)]
Count = Annotated[int, msgspec.Meta(ge=0)]
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=256)]
OptionalName = Annotated[str, msgspec.Meta(max_length=256)] | None

Status = Literal["ok", "error"]
ChangeKind = Literal[
    "model_version",
    "prompt_template",
    "retrieval_index",
    "fine_tune",
    "config",
    "deployment",
    "rollback",
]
FeedbackKind = Literal["thumbs_up", "thumbs_down", "hallucination_report", "comment"]


class _Strict(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, gc=False):
    """Base: keyword-only, and an unknown field is an error, not silently dropped.

    ``gc=False``: a decoded record never takes part in a reference cycle, and
    leaving thousands a second out of the cyclic garbage collector's tracking
    makes decoding about a third faster.
    """


class RetrievedChunk(_Strict):
    """One passage a retriever returned for an interaction."""

    id: Name
    text: str = ""
    score: float | None = None


class LogprobSummary(_Strict):
    """A summary of the token log-probabilities of an output."""

    mean: float
    min: float
    tokens: Count = 0


class Interaction(_Strict):
    """One request to an AI service and its response.

    ``id`` is assigned by aisre when the sender leaves it out. ``input``,
    ``output`` and chunk texts are redacted before they reach disk.
    """

    service: Name
    timestamp: Timestamp
    latency_ms: NonNegative
    id: OptionalName = None
    trace_id: OptionalName = None
    span_id: OptionalName = None
    environment: Name = "production"
    operation: Name = "chat"
    ttft_ms: NonNegative | None = None
    model: OptionalName = None
    model_version: OptionalName = None
    prompt_template_version: OptionalName = None
    retrieval_index_version: OptionalName = None
    temperature: float | None = None
    params: dict[str, Any] = {}
    input: str = ""
    output: str = ""
    finish_reason: OptionalName = None
    input_tokens: Count | None = None
    output_tokens: Count | None = None
    status: Status = "ok"
    status_code: Annotated[int, msgspec.Meta(ge=100, le=599)] | None = None
    error_type: OptionalName = None
    retrieval_used: bool = False
    retrieval_chunks: list[RetrievedChunk] = []
    retrieval_latency_ms: NonNegative | None = None
    output_schema: OptionalName = None
    schema_valid: bool | None = None
    logprobs: LogprobSummary | None = None
    attributes: dict[str, str] = {}
    received_at: Timestamp | None = None


class Score(_Strict):
    """A verdict on one interaction by one scorer; eval results and feedback are scores too.

    ``error`` is set, and ``passed`` left empty, when the scorer itself failed
    (a judge that timed out is neither a pass nor a fail).
    """

    interaction_id: Name
    scorer: Name
    timestamp: Timestamp
    id: OptionalName = None
    scorer_version: Name = "1"
    service: OptionalName = None
    value: float | None = None
    label: OptionalName = None
    passed: bool | None = None
    explanation: str = ""
    source: Name = "online"
    error: str | None = None


class Feedback(_Strict):
    """What a user said about an answer; stored as a :class:`Score` by ``feedback_to_score``."""

    interaction_id: Name
    kind: FeedbackKind
    timestamp: Timestamp
    service: OptionalName = None
    comment: str = ""
    user: OptionalName = None


class ChangeEvent(_Strict):
    """Something that changed: a model version, a prompt, an index, a config value, a deployment."""

    service: Name
    kind: ChangeKind
    timestamp: Timestamp
    id: OptionalName = None
    environment: Name = "production"
    name: OptionalName = None
    from_version: OptionalName = None
    to_version: OptionalName = None
    description: str = ""
    author: OptionalName = None
    attributes: dict[str, str] = {}


FEEDBACK_SCORER = "user_feedback"


def feedback_to_score(feedback: Feedback) -> Score:
    """Turn feedback into a score: thumbs up passes, other kinds fail, a comment is neutral.

    Example:
        >>> from datetime import datetime, timezone
        >>> f = Feedback(interaction_id="i1", kind="hallucination_report",
        ...              timestamp=datetime(2026, 1, 1, tzinfo=timezone.utc))
        >>> feedback_to_score(f).passed
        False
    """
    passed = {"thumbs_up": True, "thumbs_down": False, "hallucination_report": False}.get(
        feedback.kind
    )
    return Score(
        interaction_id=feedback.interaction_id,
        scorer=FEEDBACK_SCORER,
        timestamp=feedback.timestamp,
        service=feedback.service,
        value=None if passed is None else float(passed),
        label=feedback.kind,
        passed=passed,
        explanation=feedback.comment
        if feedback.user is None
        else f"{feedback.user}: {feedback.comment}",
        source="feedback",
    )


class InteractionBatch(_Strict):
    """The body of ``POST /api/v1/interactions``."""

    interactions: Annotated[list[Interaction], msgspec.Meta(min_length=1)]


class ScoreBatch(_Strict):
    """The body of ``POST /api/v1/scores``."""

    scores: Annotated[list[Score], msgspec.Meta(min_length=1)]


class FeedbackBatch(_Strict):
    """The body of ``POST /api/v1/feedback``."""

    feedback: Annotated[list[Feedback], msgspec.Meta(min_length=1)]


class ChangeBatch(_Strict):
    """The body of ``POST /api/v1/changes``."""

    changes: Annotated[list[ChangeEvent], msgspec.Meta(min_length=1)]
