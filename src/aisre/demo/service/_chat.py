"""One chat completion, from request to response pieces, without HTTP.

The HTTP endpoint and the in-process scenario runner both answer through
:func:`run_chat`, so a scenario on simulated time exercises exactly what a
client over HTTP gets. Time is taken from the clock passed in: the service's
own clock over HTTP, or a per-request simulated clock in a scenario, where
injected latency and generation time advance the clock instead of sleeping.

Order of work for one request: the request is checked first (a malformed one
is a 400 whatever the faults), then the faults drawn for it are applied
(latency, then an error, 429, timeout or retrieval outage), then the answer
is computed, then the context window is checked, then the answer is paced.
"""

from __future__ import annotations

import dataclasses
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import orjson

from aisre.core import Clock, ContextClock

from ._answer import Answer
from ._faults import Decision, Faults
from ._knowledge import load_passages
from ._openai import (
    ChatCompletionRequest,
    OpenAIError,
    aisre_extension,
    chat_model_id,
    completion_chunk,
    split_for_stream,
)
from ._pace import Pace
from ._regress import spoil
from ._state import ServiceState, Versions
from ._structured import ANSWER_SCHEMAS, answer_json

__all__ = ["ChatReply", "Completion", "run_chat"]

DEFAULT_SCHEMA = "rag_answer_v1"
#: Share of answers from "parametric memory" (retrieval down) that get a fact wrong.
MEMORY_ERROR_RATE = 0.5


def schema_name(request: ChatCompletionRequest) -> str | None:
    """The bundled schema to answer with, or None for a plain-text answer."""
    fmt = request.response_format
    if fmt is None or fmt.type == "text":
        return None
    if fmt.type == "json_object":
        return DEFAULT_SCHEMA
    if fmt.json_schema is None:
        raise OpenAIError(
            "response_format.json_schema is required when type is 'json_schema'",
            param="response_format.json_schema",
            code="missing_required_parameter",
        )
    if fmt.json_schema.name not in ANSWER_SCHEMAS:
        raise OpenAIError(
            f"unknown json_schema {fmt.json_schema.name!r}; this service answers with one "
            f"of: {', '.join(sorted(ANSWER_SCHEMAS))}",
            param="response_format.json_schema.name",
            code="invalid_value",
        )
    return fmt.json_schema.name


class Completion:
    """One answered request, in the pieces both response forms are made of.

    Attributes:
        answer: what the engine answered (ground truth included).
        pieces: the stream deltas; ``content`` is their concatenation.
        stream_cut: a streamed answer stops mid-way.
        usage: the OpenAI ``usage`` object.
        extension: the ``x_aisre`` field.
    """

    def __init__(
        self,
        answer: Answer,
        *,
        schema: str | None,
        decision: Decision,
        warning: str | None,
        token_limit: int | None,
        created: datetime,
        pace: Pace,
        clock: Clock,
    ) -> None:
        self.answer = answer
        self.schema = schema
        self.pace = pace
        self.clock = clock
        text = answer.text if schema is None else answer_json(answer, schema)
        self.stream_cut = decision.stream_cut
        self.malformed = schema is not None and decision.malformed_json
        if self.malformed:
            text = text[: max(1, len(text) // 2)]
        self.pieces = split_for_stream(text)
        self.finish_reason = answer.finish_reason
        if token_limit is not None and len(self.pieces) > token_limit:
            self.pieces = self.pieces[:token_limit]
            self.finish_reason = "length"
        self.content = "".join(self.pieces)
        completion_tokens = len(self.pieces)
        self.usage = {
            "prompt_tokens": answer.prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": answer.prompt_tokens + completion_tokens,
        }
        self.extension = aisre_extension(answer)
        if warning is not None:
            self.extension["warning"] = warning
        self.head = {
            "id": f"chatcmpl-{uuid.uuid4().hex}",
            "created": int(created.timestamp()),
            "model": chat_model_id(answer.model_version),
            # OpenAI's field for "the backend configuration changed".
            "system_fingerprint": (
                f"fp_{answer.model_version}_{answer.prompt_version}_{answer.index_version}"
            ),
        }

    def body(self) -> dict[str, Any]:
        """The non-streamed ``chat.completion`` object."""
        message = {"role": "assistant", "content": self.content, "refusal": None}
        choice = {
            "index": 0,
            "message": message,
            "logprobs": None,
            "finish_reason": self.finish_reason,
        }
        return {
            **self.head,
            "object": "chat.completion",
            "choices": [choice],
            "usage": self.usage,
            "x_aisre": self.extension,
        }

    def events(self, include_usage: bool) -> Iterator[bytes]:
        """The server-sent events of the streamed answer, paced on the clock."""
        extra: dict[str, Any] = {"usage": None} if include_usage else {}
        chunks = [completion_chunk(self.head, {"role": "assistant", "content": ""}, **extra)]
        chunks += [completion_chunk(self.head, {"content": p}, **extra) for p in self.pieces]
        chunks.append(
            completion_chunk(self.head, {}, self.finish_reason, **extra, x_aisre=self.extension)
        )
        if include_usage:
            chunks.append(
                {**self.head, "object": "chat.completion.chunk", "choices": [], "usage": self.usage}
            )
        if self.stream_cut:
            # The connection drops mid-answer: no final chunk, no [DONE].
            chunks = chunks[: 1 + len(self.pieces) // 2]
        first_token = self.pace.first_token_s(self.answer.prompt_tokens)
        for i, chunk in enumerate(chunks):
            if i == 1:
                self.clock.sleep(first_token)
            elif 1 < i <= len(self.pieces):
                self.clock.sleep(self.pace.per_token_s)
            yield b"data: " + orjson.dumps(chunk) + b"\n\n"
        if not self.stream_cut:
            yield b"data: [DONE]\n\n"


@dataclass
class ChatReply:
    """What became of one chat request.

    Attributes:
        status: the HTTP status to answer with.
        faults: the faults in force for the request.
        decision: what the faults did to it.
        completion: the answer, for a 200.
        error: the OpenAI-shaped error, otherwise.
        headers: extra response headers (``Retry-After`` of a 429).
        versions: the versions serving when the request arrived; errors
            report them too, in the ``x-aisre-*-version`` headers.
    """

    status: int
    faults: Faults
    decision: Decision
    versions: Versions
    completion: Completion | None = None
    error: OpenAIError | None = None
    headers: dict[str, str] = field(default_factory=dict)

    def version_headers(self) -> dict[str, str]:
        """The versions as response headers, so a gateway can attribute errors too."""
        return {
            "x-aisre-model-version": self.versions.model,
            "x-aisre-prompt-version": self.versions.prompt,
            "x-aisre-index-version": self.versions.index,
        }


def _fault_error(faults: Faults, decision: Decision, clock: Clock) -> OpenAIError | None:
    """Sleep the injected latency; the error the request fails with, if any."""
    clock.sleep(decision.delay_s)
    if decision.outcome == "timeout":
        clock.sleep(faults.timeout_s)
        return OpenAIError(
            "The server timed out while processing the request.",
            status=504,
            type="server_error",
            code="timeout",
        )
    if decision.outcome == "error":
        return OpenAIError(
            "The server had an error while processing your request. Sorry about that!",
            status=decision.error_status,
            type="server_error",
            code="server_error",
        )
    if decision.outcome == "rate_limit":
        return OpenAIError(
            "Rate limit reached for requests. Please try again later.",
            status=429,
            type="requests",
            code="rate_limit_exceeded",
        )
    if faults.retrieval_down and faults.retrieval_down_mode == "error":
        return OpenAIError(
            "Retrieval is unavailable; the service cannot answer now.",
            status=503,
            type="server_error",
            code="retrieval_unavailable",
        )
    return None


def _from_memory(answer: Answer, seed: int | None) -> Answer:
    """The answer as the model gives it without retrieval: no context, facts often wrong."""
    text = answer.text
    if not answer.refusal:
        rng = random.Random(answer.text if seed is None else seed)
        if rng.random() < MEMORY_ERROR_RATE:
            knowledge = load_passages()
            by_id = {p.id: p for p in knowledge}
            context = [by_id[c.id] for c in answer.retrieved if c.id in by_id]
            text = spoil(text, context, knowledge, rng)
    return dataclasses.replace(
        answer, text=text, retrieved=(), used_chunk_ids=(), supported=answer.refusal
    )


def run_chat(
    state: ServiceState, request: ChatCompletionRequest, clock: Clock | None = None
) -> ChatReply:
    """Answer one chat request under the faults in force, on ``clock``.

    Args:
        state: the service.
        request: the parsed request.
        clock: the request's clock; the service's own by default (the
            context's own, when that is a :class:`~aisre.core.ContextClock`).

    Returns:
        The reply; a non-200 carries its OpenAI error. A non-streamed answer
        has been paced already; a streamed one is paced as its events are read.
    """
    clock = clock or state.clock
    if isinstance(clock, ContextClock):
        clock = clock.current  # a stream is paced later, maybe in another thread
    reply = _reply(state, request, clock)
    if state.on_reply is not None:
        state.on_reply(reply)
    return reply


def _reply(state: ServiceState, request: ChatCompletionRequest, clock: Clock) -> ChatReply:
    versions = state.versions
    try:
        question = request.question()
        schema = schema_name(request)
    except OpenAIError as exc:
        # Checked before any fault is drawn, so bad requests do not shift the draws.
        return ChatReply(exc.status, state.faults, Decision(), versions, error=exc)
    faults, decision = state.decide_faults()
    error = _fault_error(faults, decision, clock)
    if error is not None:
        headers = {"Retry-After": str(faults.retry_after_s)} if error.status == 429 else {}
        return ChatReply(error.status, faults, decision, versions, error=error, headers=headers)
    temperature = 1.0 if request.temperature is None else request.temperature
    answer = state.answer(question, temperature, request.seed)
    if faults.context_window is not None and answer.prompt_tokens > faults.context_window:
        error = OpenAIError(
            f"This model's maximum context length is {faults.context_window} tokens. "
            f"However, your messages resulted in {answer.prompt_tokens} tokens. "
            "Please reduce the length of the messages.",
            param="messages",
            code="context_length_exceeded",
        )
        return ChatReply(400, faults, decision, versions, error=error)
    warning = None
    if faults.retrieval_down:
        answer = _from_memory(answer, request.seed)
        warning = "retrieval_unavailable: answered without retrieved context"
    completion = Completion(
        answer,
        schema=schema,
        decision=decision,
        warning=warning,
        token_limit=request.token_limit(),
        created=clock.now(),
        pace=state.pace,
        clock=clock,
    )
    if not request.stream:
        clock.sleep(state.pace.first_token_s(answer.prompt_tokens))
        clock.sleep(state.pace.decode_s(len(completion.pieces)))
    return ChatReply(200, faults, decision, versions, completion=completion)
