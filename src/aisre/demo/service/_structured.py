"""Structured output: an answer as JSON text that matches a bundled JSON schema."""

from __future__ import annotations

import json
from typing import Any

from ._answer import Answer

__all__ = ["ANSWER_SCHEMAS", "answer_json"]

ANSWER_SCHEMAS: dict[str, dict[str, Any]] = {
    "rag_answer_v1": {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "rag_answer_v1",
        "type": "object",
        "properties": {
            "answer": {"type": "string"},
            "sources": {"type": "array", "items": {"type": "string", "pattern": "^kb-[0-9]{4}$"}},
            "confidence": {"type": "number", "minimum": 0, "maximum": 1},
        },
        "required": ["answer", "sources", "confidence"],
        "additionalProperties": False,
    }
}


def answer_json(answer: Answer, schema_name: str = "rag_answer_v1") -> str:
    """Render ``answer`` as JSON text matching the schema ``schema_name``.

    Example:
        >>> answer_json(answer)
        '{"answer": "...", "sources": ["kb-0033"], "confidence": 0.71}'
    """
    if schema_name not in ANSWER_SCHEMAS:
        raise ValueError(f"unknown schema {schema_name!r}; known: {sorted(ANSWER_SCHEMAS)}")
    payload = {
        "answer": answer.text,
        "sources": list(answer.used_chunk_ids),
        "confidence": round(answer.confidence, 4),
    }
    return json.dumps(payload, ensure_ascii=False)
