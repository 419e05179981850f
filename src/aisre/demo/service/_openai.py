"""The OpenAI wire format the reference service speaks: requests, responses, errors.

Only what the service needs is modelled. Unknown request fields are ignored,
as a lenient OpenAI-compatible server does. Every completion, and the stream
chunk that carries the ``finish_reason``, has one extension field::

    "x_aisre": {
        "model_version": "v1", "prompt_version": "p1", "index_version": "fresh",
        "temperature": 0.0,
        "retrieved": [{"id": "kb-0017", "text": "...", "score": 1.23}, ...],
        "used_chunk_ids": ["kb-0017"]
    }

so a capture layer can score groundedness and retrieval without a second call.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ._answer import Answer

__all__ = [
    "CHAT_MODEL_PREFIX",
    "ChatCompletionRequest",
    "ChatMessage",
    "EmbeddingRequest",
    "OpenAIError",
    "VersionsRequest",
    "aisre_extension",
    "chat_model_id",
    "completion_chunk",
    "split_for_stream",
]

CHAT_MODEL_PREFIX = "northwind-support-"


def chat_model_id(model_version: str) -> str:
    """The OpenAI model id of a model version: ``northwind-support-v1`` for ``v1``."""
    return CHAT_MODEL_PREFIX + model_version


class OpenAIError(Exception):
    """An error answered as ``{"error": {"message", "type", "param", "code"}}``."""

    def __init__(
        self,
        message: str,
        *,
        status: int = 400,
        param: str | None = None,
        code: str | None = None,
        type: str = "invalid_request_error",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.param = param
        self.code = code
        self.type = type

    def body(self) -> dict[str, Any]:
        """The JSON body of the error response."""
        return {
            "error": {
                "message": self.message,
                "type": self.type,
                "param": self.param,
                "code": self.code,
            }
        }


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore")


class ContentPart(_Lenient):
    """One part of a multi-part message content; only text parts carry a question."""

    type: str
    text: str | None = None


class ChatMessage(_Lenient):
    """One message of a conversation."""

    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: str | list[ContentPart] | None = None

    def text(self) -> str:
        """The text of the message, text parts joined by newlines."""
        if isinstance(self.content, str):
            return self.content
        if self.content is None:
            return ""
        return "\n".join(p.text for p in self.content if p.type == "text" and p.text)


class JsonSchemaFormat(_Lenient):
    """``response_format.json_schema``: the name picks one of the bundled answer schemas."""

    name: str
    description: str | None = None
    schema_: dict[str, Any] | None = Field(default=None, alias="schema")
    strict: bool | None = None


class ResponseFormat(_Lenient):
    """``response_format``: plain text, any JSON object, or a named JSON schema."""

    type: Literal["text", "json_object", "json_schema"]
    json_schema: JsonSchemaFormat | None = None


class StreamOptions(_Lenient):
    """``stream_options``: whether a last chunk reports the token usage."""

    include_usage: bool = False


class ChatCompletionRequest(_Lenient):
    """``POST /v1/chat/completions``.

    ``temperature`` defaults to 1 as in the OpenAI API; ``top_p`` is checked
    but has no effect (the answerer samples among its top five candidate
    sentences whatever it is). The requested ``model`` is not a switch: the
    current deployment answers, and the response's ``model`` says which.
    """

    model: str
    messages: list[ChatMessage]
    temperature: float | None = Field(default=None, ge=0, le=2)
    top_p: float | None = Field(default=None, ge=0, le=1)
    max_tokens: int | None = Field(default=None, ge=1)
    max_completion_tokens: int | None = Field(default=None, ge=1)
    n: int | None = None
    stream: bool | None = False
    stream_options: StreamOptions | None = None
    response_format: ResponseFormat | None = None
    seed: int | None = None

    def question(self) -> str:
        """The last user message, which is what the service answers."""
        if not self.messages:
            raise OpenAIError(
                "messages must hold at least one message", param="messages", code="empty_array"
            )
        if self.n not in (None, 1):
            raise OpenAIError(
                f"n={self.n} is not supported; this service returns exactly one choice (n=1)",
                param="n",
                code="unsupported_value",
            )
        for message in reversed(self.messages):
            if message.role == "user" and message.text().strip():
                return message.text()
        raise OpenAIError(
            "messages hold no user message with text: the last one is the question",
            param="messages",
            code="invalid_value",
        )

    def token_limit(self) -> int | None:
        """``max_completion_tokens``, else ``max_tokens``, else no limit."""
        return self.max_completion_tokens or self.max_tokens


class EmbeddingRequest(_Lenient):
    """``POST /v1/embeddings``: one text or a list of texts; token arrays are refused."""

    model: str
    input: str | list[str] | list[int] | list[list[int]]
    encoding_format: Literal["float", "base64"] | None = "float"
    dimensions: int | None = Field(default=None, ge=1)

    def texts(self) -> list[str]:
        """The texts to embed, checked to be non-empty strings."""
        texts = [self.input] if isinstance(self.input, str) else list(self.input)
        if not texts:
            raise OpenAIError("input must not be empty", param="input", code="empty_array")
        if not all(isinstance(t, str) for t in texts):
            raise OpenAIError(
                "token arrays are not supported; send the input as text",
                param="input",
                code="invalid_type",
            )
        strings = [t for t in texts if isinstance(t, str)]
        if any(not t.strip() for t in strings):
            raise OpenAIError(
                "input must not contain empty strings", param="input", code="invalid_value"
            )
        return strings


class VersionsRequest(BaseModel):
    """``POST /admin/versions``: the versions to serve from now on; unset ones are kept."""

    model_config = ConfigDict(extra="forbid")

    model: str | None = None
    prompt: str | None = None
    index: str | None = None


_PIECE = re.compile(r"\s*\S+")


def split_for_stream(text: str) -> list[str]:
    """``text`` as stream deltas of one word each, with the whitespace before it.

    The deltas concatenate to ``text`` exactly (trailing whitespace aside);
    their count is the whitespace token count the usage reports.
    """
    return _PIECE.findall(text)


def aisre_extension(answer: Answer) -> dict[str, Any]:
    """The ``x_aisre`` field of a completion: what served the answer and what it used."""
    return {
        "model_version": answer.model_version,
        "prompt_version": answer.prompt_version,
        "index_version": answer.index_version,
        "temperature": answer.temperature,
        "retrieved": [
            {"id": chunk.id, "text": chunk.text, "score": round(chunk.score, 6)}
            for chunk in answer.retrieved
        ],
        "used_chunk_ids": list(answer.used_chunk_ids),
    }


def completion_chunk(
    head: dict[str, Any],
    delta: dict[str, Any],
    finish_reason: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A ``chat.completion.chunk`` with one choice; ``head`` holds id, created, model."""
    return {
        **head,
        "object": "chat.completion.chunk",
        "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}],
        **extra,
    }
