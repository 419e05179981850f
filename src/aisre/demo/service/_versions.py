"""The versions the reference service can serve: model behaviours and prompt templates.

Model versions are a small registry of behaviours rather than real models:

* ``v1`` — good: answers extractively from the retrieved passages;
* ``v2-regressed`` — on at least half of its answers, answers from a passage
  it did not retrieve or swaps numbers and names for plausible wrong ones,
  so the answer is not supported by the retrieved context;
* ``v1-cautious`` — over-cautious: refuses more than half of the answerable
  questions, with varied phrasings.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "DECLINE",
    "MODEL_VERSIONS",
    "PROMPT_VERSIONS",
    "REFUSALS",
    "ModelVersion",
    "PromptTemplate",
    "model_version",
    "prompt_template",
]

DECLINE = "I don't have information about that in the documentation."

REFUSALS = (
    "I'm sorry, but I can't help with that.",
    "I don't have enough information to answer.",
    "I'm only able to help with general questions about the product documentation, "
    "so I can't answer that one.",
    "Apologies, I'm not able to give a reliable answer to that question right now.",
    "I'm sorry, I can't provide guidance on this topic. Please contact support.",
    "Unfortunately, that falls outside what I can answer with confidence.",
)


@dataclass(frozen=True, slots=True)
class ModelVersion:
    """A model behaviour.

    Attributes:
        name: the version string reported with every answer.
        unsupported_probability: chance that an answer is made unsupported.
        refusal_probability: chance that an answerable question is refused.
    """

    name: str
    unsupported_probability: float = 0.0
    refusal_probability: float = 0.0


@dataclass(frozen=True, slots=True)
class PromptTemplate:
    """A prompt-template version: the prompt shown to the model and the answer preamble."""

    name: str
    system: str
    preamble: str = ""

    def render(self, question: str, contexts: list[str]) -> str:
        """The full prompt text (used for token counts and capture)."""
        context = "\n\n".join(f"[{i + 1}] {c}" for i, c in enumerate(contexts))
        return f"{self.system}\n\nContext:\n{context}\n\nQuestion: {question}\nAnswer:"


MODEL_VERSIONS: dict[str, ModelVersion] = {
    m.name: m
    for m in (
        ModelVersion("v1"),
        ModelVersion("v2-regressed", unsupported_probability=0.6),
        ModelVersion("v1-cautious", refusal_probability=0.55),
    )
}

PROMPT_VERSIONS: dict[str, PromptTemplate] = {
    p.name: p
    for p in (
        PromptTemplate(
            "p1", "Answer the question using only the context. If it is not there, say so."
        ),
        PromptTemplate(
            "p2",
            "You are the Northwind Relay support assistant. Answer briefly from the "
            "numbered context passages only; decline questions they do not cover.",
            preamble="Based on the documentation: ",
        ),
    )
}


def model_version(name: str) -> ModelVersion:
    """Look up a model version by name; ``ValueError`` lists the known ones."""
    try:
        return MODEL_VERSIONS[name]
    except KeyError:
        raise ValueError(
            f"unknown model version {name!r}; known: {sorted(MODEL_VERSIONS)}"
        ) from None


def prompt_template(name: str) -> PromptTemplate:
    """Look up a prompt-template version by name."""
    try:
        return PROMPT_VERSIONS[name]
    except KeyError:
        raise ValueError(
            f"unknown prompt version {name!r}; known: {sorted(PROMPT_VERSIONS)}"
        ) from None
