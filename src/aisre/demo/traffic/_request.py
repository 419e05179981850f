"""One simulated user request, and its OpenAI chat-completions body."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from aisre.demo.service import ANSWER_SCHEMAS

__all__ = ["ANSWER_SCHEMA", "SYSTEM_PROMPT", "TrafficRequest"]

#: The system message of every request, as a support widget would send it.
SYSTEM_PROMPT = (
    "You are the support assistant of Northwind Relay. Answer from the documentation, "
    "briefly; if the documentation does not cover the question, say so."
)
#: The JSON schema that structured requests ask the answer to follow.
ANSWER_SCHEMA = "rag_answer_v1"


@dataclass(frozen=True, slots=True)
class TrafficRequest:
    """One request of the simulated traffic, as a user's client would send it.

    Attributes:
        seq: Its position in the traffic, from 0.
        at: When it arrives (simulated, timezone-aware UTC).
        question: What the user asks: a golden question verbatim, or one made
            from the templates.
        query_type: ``factual``, ``how-to``, ``policy``, ``numeric`` or ``out-of-scope``.
        language: ``en``, ``de``, ``fr`` or ``es``.
        golden_id: The golden case's id when the question is a golden one.
        structured: Whether it asks for JSON output (``rag_answer_v1``).
        stream: Whether it asks for a streamed answer.
        temperature: The sampling temperature.
        seed: The sampling seed, so that the answer replays.
        user: The pseudonymous user who asks (``u-0042``).
    """

    seq: int
    at: datetime
    question: str
    query_type: str
    language: str
    golden_id: str | None
    structured: bool
    stream: bool
    temperature: float
    seed: int
    user: str

    def chat_body(self, model: str = "northwind-support") -> dict[str, Any]:
        """The JSON body of ``POST /v1/chat/completions`` for this request.

        Example:
            >>> request.chat_body()["messages"][-1]
            {'role': 'user', 'content': 'How do I rotate an API key?'}
        """
        body: dict[str, Any] = {
            "model": model,
            "messages": [
                {"role": "system", "content": SYSTEM_PROMPT},
                {"role": "user", "content": self.question},
            ],
            "temperature": self.temperature,
            "seed": self.seed,
            "stream": self.stream,
            "user": self.user,
        }
        if self.stream:
            body["stream_options"] = {"include_usage": True}
        if self.structured:
            body["response_format"] = {
                "type": "json_schema",
                "json_schema": {
                    "name": ANSWER_SCHEMA,
                    "strict": True,
                    "schema": copy.deepcopy(ANSWER_SCHEMAS[ANSWER_SCHEMA]),
                },
            }
        return body
