"""aisre.demo.traffic: simulated user traffic for the reference service, and its feedback.

A :class:`TrafficGenerator` turns a :class:`TrafficProfile` (rate, daily
cycle, bursts, mix of languages, query types and request options) into
requests on simulated time: golden questions verbatim, and questions made
from templates over the knowledge base, with the typos, greetings and
context real users add. A :class:`FeedbackModel` turns what happened to each
request into the thumbs, hallucination reports and comments its user gives.

Example:
    >>> from datetime import UTC, datetime
    >>> generator = TrafficGenerator(
    ...     datetime(2026, 11, 20, 9, tzinfo=UTC), 3600, seed=7, profile_at=TrafficProfile()
    ... )
    >>> for request in generator.requests():
    ...     body = request.chat_body()  # POST it to /v1/chat/completions
"""

from ._feedback import FeedbackEvent, FeedbackModel, Outcome
from ._generator import TrafficGenerator
from ._profile import LANGUAGES, QUERY_TYPES, Burst, TrafficProfile
from ._request import ANSWER_SCHEMA, SYSTEM_PROMPT, TrafficRequest

__all__ = [
    "ANSWER_SCHEMA",
    "LANGUAGES",
    "QUERY_TYPES",
    "SYSTEM_PROMPT",
    "Burst",
    "FeedbackEvent",
    "FeedbackModel",
    "Outcome",
    "TrafficGenerator",
    "TrafficProfile",
    "TrafficRequest",
]
