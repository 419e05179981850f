"""What a capture layer records of one request to the reference service.

The runner calls the service in-process, so it records the interaction the
way the gateway would from the HTTP exchange: status, latency and time to
first token, token usage, the versions that served it, the retrieved chunks
of the ``x_aisre`` extension, and whether a structured answer validates
against its schema. Ground truth that no gateway can see (was the answer
really supported?) is kept apart, in :class:`Truth`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any

import jsonschema

from aisre.core import Interaction, RetrievedChunk
from aisre.demo.service._chat import ChatReply
from aisre.demo.service._openai import chat_model_id
from aisre.demo.service._structured import ANSWER_SCHEMAS
from aisre.demo.traffic import TrafficRequest

__all__ = ["Timing", "Truth", "record", "schema_valid"]


@dataclass(frozen=True, slots=True)
class Timing:
    """When a request was answered, in simulated time.

    Attributes:
        arrival: when the request arrived.
        latency_s: from arrival to the last byte (queueing included).
        ttft_s: from arrival to the first content token of a stream.
    """

    arrival: datetime
    latency_s: float
    ttft_s: float | None = None

    @property
    def finished(self) -> datetime:
        """When the last byte was sent."""
        return self.arrival + timedelta(seconds=self.latency_s)


@dataclass(frozen=True, slots=True)
class Truth:
    """What only the simulation knows about an answer; the labels of one interaction."""

    interaction_id: str
    ok: bool
    refused: bool
    supported: bool | None
    correct: bool | None
    golden_id: str | None

    def as_dict(self) -> dict[str, Any]:
        """A JSON object for ``truth.jsonl``."""
        return {
            "interaction_id": self.interaction_id,
            "ok": self.ok,
            "refused": self.refused,
            "supported": self.supported,
            "correct": self.correct,
            "golden_id": self.golden_id,
        }


@cache
def _validator(schema: str) -> jsonschema.protocols.Validator:
    cls = jsonschema.validators.validator_for(ANSWER_SCHEMAS[schema])
    validator: jsonschema.protocols.Validator = cls(ANSWER_SCHEMAS[schema])
    return validator


def schema_valid(content: str, schema: str) -> bool:
    """Whether ``content`` is JSON that validates against the bundled ``schema``."""
    try:
        document = json.loads(content)
    except ValueError:
        return False
    return bool(_validator(schema).is_valid(document))


def _error_type(reply: ChatReply, cut: bool) -> str | None:
    if reply.error is not None:
        return reply.error.code or reply.error.type
    return "stream_interrupted" if cut else None


def record(
    request: TrafficRequest,
    reply: ChatReply,
    timing: Timing,
    *,
    interaction_id: str,
    service: str,
    attributes: dict[str, str],
) -> Interaction:
    """The interaction a gateway would record for ``request`` answered with ``reply``."""
    completion = reply.completion
    params: dict[str, Any] = {"seed": request.seed, "stream": request.stream}
    # The service names its versions in headers on every response, errors included.
    versions = reply.versions
    fields: dict[str, Any] = {
        "model": chat_model_id(versions.model),
        "model_version": versions.model,
        "prompt_template_version": versions.prompt,
        "retrieval_index_version": versions.index,
    }
    if completion is not None:
        answer = completion.answer
        streamed_out = request.stream and completion.stream_cut
        pieces = completion.pieces[: len(completion.pieces) // 2] if streamed_out else None
        output = "".join(pieces) if pieces is not None else completion.content
        fields |= {
            "model": chat_model_id(answer.model_version),
            "model_version": answer.model_version,
            "prompt_template_version": answer.prompt_version,
            "retrieval_index_version": answer.index_version,
            "output": output,
            "finish_reason": None if streamed_out else completion.finish_reason,
            "input_tokens": answer.prompt_tokens,
            "output_tokens": len(pieces) if pieces is not None else len(completion.pieces),
            "retrieval_used": bool(answer.retrieved),
            "retrieval_chunks": [
                RetrievedChunk(id=c.id, text=c.text, score=round(c.score, 6))
                for c in answer.retrieved
            ],
        }
        if completion.schema is not None:
            fields["output_schema"] = completion.schema
            fields["schema_valid"] = schema_valid(output, completion.schema)
    cut = completion is not None and bool(request.stream) and completion.stream_cut
    failed = reply.status != 200 or cut
    return Interaction(
        id=interaction_id,
        service=service,
        timestamp=timing.arrival,
        latency_ms=round(timing.latency_s * 1000.0, 3),
        ttft_ms=None if timing.ttft_s is None else round(timing.ttft_s * 1000.0, 3),
        temperature=request.temperature,
        params=params,
        input=request.question,
        status="error" if failed else "ok",
        status_code=reply.status,
        error_type=_error_type(reply, cut),
        attributes=attributes,
        **fields,
    )
