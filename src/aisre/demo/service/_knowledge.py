"""The bundled knowledge base and golden dataset, read as frozen dataclasses.

The data ship inside the package (``aisre/demo/kb``) and are described in its
README; they are read once per process through ``importlib.resources``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

__all__ = ["GoldenCase", "Passage", "load_golden", "load_passages"]


@dataclass(frozen=True, slots=True)
class Passage:
    """One knowledge-base passage (``kb-NNNN``)."""

    id: str
    title: str
    section: str
    text: str
    updated: str  # ISO date; compares correctly as a string


@dataclass(frozen=True, slots=True)
class GoldenCase:
    """One golden question with its reference answer."""

    id: str
    question: str
    query_type: str
    reference_answer: str
    supporting_ids: tuple[str, ...]
    answerable: bool
    language: str


def _read_jsonl(name: str) -> list[dict[str, object]]:
    text = (files("aisre") / "demo" / "kb" / name).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@cache
def load_passages() -> tuple[Passage, ...]:
    """All 370 passages of the bundled knowledge base, in id order."""
    return tuple(
        Passage(
            id=str(row["id"]),
            title=str(row["title"]),
            section=str(row["section"]),
            text=str(row["text"]),
            updated=str(row["updated"]),
        )
        for row in _read_jsonl("passages.jsonl")
    )


@cache
def load_golden() -> tuple[GoldenCase, ...]:
    """All golden questions, in id order."""
    cases = []
    for row in _read_jsonl("golden.jsonl"):
        ids = row["supporting_ids"]
        assert isinstance(ids, list)
        cases.append(
            GoldenCase(
                id=str(row["id"]),
                question=str(row["question"]),
                query_type=str(row["query_type"]),
                reference_answer=str(row["reference_answer"]),
                supporting_ids=tuple(str(i) for i in ids),
                answerable=bool(row["answerable"]),
                language=str(row["language"]),
            )
        )
    return tuple(cases)
