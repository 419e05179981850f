"""An LLM judge: any OpenAI-compatible chat endpoint, asked a versioned question k times.

Scorers may ask a judge for a verdict they cannot reach offline (is this
claim supported by this passage?). The question is a :class:`JudgePrompt`
with a name and a version: the version goes into every verdict, so a change
of wording is a change of scorer, visible in the scores. The judge asks at
temperature 0, ``samples`` times (each with its own seed), and the majority
label wins. Anything that keeps it from a clear majority (an HTTP error, a
timeout, answers that name no label, a tie) raises :class:`JudgeError`:
the scorer then records an error score, never a pass or a fail.

Example:
    >>> judge = OpenAIJudge(JudgeConfig(url="http://127.0.0.1:8400", model="gpt-4o-mini"))
    >>> judge.judge("grounding", {"context": "...", "claim": "..."}).label
    'supported'
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import httpx

from aisre.core import AisreError, JudgeConfig

__all__ = [
    "PROMPTS",
    "Judge",
    "JudgeError",
    "JudgePrompt",
    "JudgeVerdict",
    "OpenAIJudge",
    "judge_from_config",
]


class JudgeError(AisreError):
    """The judge could not give a verdict (unreachable, malformed, or no majority)."""


@dataclass(frozen=True, slots=True)
class JudgePrompt:
    """A question for the judge: the answer must start with one of ``labels``."""

    name: str
    version: str
    system: str
    user: str
    labels: tuple[str, ...]

    def messages(self, variables: Mapping[str, str]) -> list[dict[str, str]]:
        """The chat messages, ``{name}`` fields filled from ``variables``."""
        try:
            user = self.user.format_map(dict(variables))
        except KeyError as exc:
            raise JudgeError(f"the {self.name} prompt needs the variable {exc}") from None
        return [{"role": "system", "content": self.system}, {"role": "user", "content": user}]


#: The judge's questions, by name.
PROMPTS: dict[str, JudgePrompt] = {
    "grounding": JudgePrompt(
        name="grounding",
        version="1",
        system=(
            "You check answers of a retrieval-augmented assistant against the passages it "
            "retrieved. A claim is supported only if the passages state it; numbers, names "
            "and dates must match exactly. Answer with one word: supported or unsupported."
        ),
        user="Passages:\n{context}\n\nClaim:\n{claim}\n\nIs the claim supported?",
        labels=("supported", "unsupported"),
    ),
    "refusal": JudgePrompt(
        name="refusal",
        version="1",
        system=(
            "You read an assistant's answer and say whether it refuses or declines to answer "
            "(fully or in part) or answers. Answer with one word: refusal, partial or answer."
        ),
        user="Question:\n{question}\n\nAnswer:\n{answer}",
        labels=("refusal", "partial", "answer"),
    ),
    "relevance": JudgePrompt(
        name="relevance",
        version="1",
        system=(
            "You judge whether a retrieved passage helps answer a question. Answer with one "
            "word: relevant or irrelevant."
        ),
        user="Question:\n{question}\n\nPassage:\n{passage}",
        labels=("relevant", "irrelevant"),
    ),
}


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


def _label_of(text: str, labels: tuple[str, ...]) -> str | None:
    """The label the answer gives: the first label word in it (longest first on ties)."""
    found = [
        (m.start(), -len(label), label)
        for label in labels
        if (m := re.search(rf"\b{re.escape(label)}\b", text, re.IGNORECASE))
    ]
    return min(found)[2] if found else None


class OpenAIJudge:
    """A judge behind any OpenAI-compatible ``/v1/chat/completions``.

    Args:
        config: ``scoring.judge``: URL, model, API key variable, samples, timeout.
        prompts: The questions it knows (``PROMPTS`` by default).
        client: An ``httpx.Client`` to use (tests).
    """

    def __init__(
        self,
        config: JudgeConfig,
        prompts: Mapping[str, JudgePrompt] | None = None,
        client: httpx.Client | None = None,
    ) -> None:
        if not config.url:
            raise ValueError("a judge needs scoring.judge.url")
        key = os.environ.get(config.api_key_env)
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        self.config = config
        self.prompts = dict(prompts or PROMPTS)
        self._client = client or httpx.Client(
            base_url=config.url.rstrip("/"), headers=headers, timeout=config.timeout_s
        )

    def close(self) -> None:
        """Close the HTTP connections."""
        self._client.close()

    def judge(self, prompt: str, variables: Mapping[str, str]) -> JudgeVerdict:
        """Ask ``samples`` times at temperature 0; the majority label wins."""
        question = self.prompts.get(prompt)
        if question is None:
            raise JudgeError(f"no judge prompt {prompt!r}; known: {', '.join(self.prompts)}")
        messages = question.messages(variables)
        votes = []
        for seed in range(self.config.samples):
            text = self._ask(messages, seed)
            label = _label_of(text, question.labels)
            if label is None:
                raise JudgeError(
                    f"the judge's answer names none of {', '.join(question.labels)}: {text[:200]!r}"
                )
            votes.append(label)
        ranked = Counter(votes).most_common()
        if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
            raise JudgeError(f"no majority among the judge's answers: {votes}")
        label, count = ranked[0]
        return JudgeVerdict(label, count / len(votes), tuple(votes), prompt, question.version)

    def _ask(self, messages: list[dict[str, str]], seed: int) -> str:
        body: dict[str, object] = {
            "messages": messages,
            "temperature": 0,
            "seed": seed,
            "max_tokens": 16,
        }
        if self.config.model:
            body["model"] = self.config.model
        try:
            response = self._client.post("/v1/chat/completions", json=body)
        except httpx.HTTPError as exc:
            raise JudgeError(f"the judge at {self.config.url} failed: {exc!r}") from None
        if response.status_code != 200:
            raise JudgeError(f"the judge answered {response.status_code}: {response.text[:200]!r}")
        try:
            content = response.json()["choices"][0]["message"]["content"]
        except (ValueError, KeyError, IndexError, TypeError):
            raise JudgeError(
                f"the judge's answer is not a chat completion: {response.text[:200]!r}"
            ) from None
        if not isinstance(content, str):
            raise JudgeError("the judge's answer has no text")
        return content


def judge_from_config(config: JudgeConfig) -> Judge | None:
    """The configured judge, or None when ``scoring.judge.url`` is unset."""
    return OpenAIJudge(config) if config.url else None
