"""An LLM judge: any OpenAI-compatible chat endpoint asked a versioned question k times."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

__all__ = ["Judge", "JudgeVerdict"]


@dataclass(frozen=True, slots=True)
class JudgeVerdict:
    """The majority answer of a judge and how many of its samples agreed."""

    label: str
    agreement: float
    votes: tuple[str, ...]
    prompt: str
    prompt_version: str


@runtime_checkable
class Judge(Protocol):
    """Asks a model to judge; raises :class:`JudgeError` when it cannot."""

    def judge(self, prompt: str, variables: Mapping[str, str]) -> JudgeVerdict:
        """The verdict of the prompt named ``prompt`` filled with ``variables``."""
        ...
