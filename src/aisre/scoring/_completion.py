"""Task completion for golden questions: the answer against the reference answer.

An interaction of a golden question carries ``attributes.golden_id``; the
scorer looks the case up in the golden files named by the ``datasets``
option (JSON lines with ``id``, ``reference_answer``, optional ``answerable``
and ``match``) and compares:

* ``exact`` — equal after trimming;
* ``normalized`` — equal after case, whitespace and punctuation are folded;
* ``numeric`` — every number of the reference is in the answer;
* ``semantic`` (the default) — every number of the reference is in the
  answer, and the answer states the reference's content (token recall ≥
  ``recall``) or means it (embedding cosine ≥ ``similarity``).

An unanswerable golden question is completed by a decline (the ``refusal``
attribute, or an answer that says it does not know). Interactions of other
questions are not scored.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, ClassVar

from aisre.core import ConfigError, Interaction

from ._scorer import ScorerContext, Verdict, scorer
from ._tokens import content_words, numbers

__all__ = ["TaskCompletion"]

_MODES = ("exact", "normalized", "numeric", "semantic")
_DECLINE = re.compile(
    r"\b(i (?:don't|do not|can't|cannot) (?:know|find|answer|help)|not (?:in|covered by) "
    r"the (?:documentation|docs|context)|no information|i'm not able|i am not able)\b",
    re.IGNORECASE,
)


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


@scorer("task_completion")
class TaskCompletion:
    """Whether the answer to a golden question matches its reference.

    Args:
        datasets: Golden files (JSON lines), by path.
        match: The default comparison: exact, normalized, numeric or semantic.
        recall: Share of the reference's content words the answer must state (semantic).
        similarity: Embedding cosine that counts as meaning the reference (semantic).
    """

    name: ClassVar[str] = "task_completion"
    version: ClassVar[str] = "1"

    def __init__(
        self,
        context: ScorerContext,
        datasets: list[str] | None = None,
        match: str = "semantic",
        recall: float = 0.6,
        similarity: float = 0.8,
    ) -> None:
        if match not in _MODES:
            raise ConfigError(
                f"match must be one of {', '.join(_MODES)}; got {match!r}",
                field="scoring.options.task_completion.match",
            )
        self.context, self.match = context, match
        self.recall, self.similarity = recall, similarity
        self.cases: dict[str, dict[str, Any]] = {}
        for path in datasets or ():
            for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
                if not line.strip():
                    continue
                try:
                    case = json.loads(line)
                    self.cases[str(case["id"])] = case
                except (ValueError, KeyError, TypeError) as exc:
                    raise ConfigError(
                        f"a golden case needs an id and a reference_answer ({exc})",
                        source=path,
                        line=n,
                        field="scoring.options.task_completion.datasets",
                    ) from None

    def score(self, interaction: Interaction) -> Verdict | None:
        case = self.cases.get(interaction.attributes.get("golden_id", ""))
        if case is None or interaction.status != "ok":
            return None
        answer = interaction.output
        declined = bool(interaction.attributes.get("refusal")) or bool(_DECLINE.search(answer))
        if case.get("answerable", True) is False:
            if declined:
                return Verdict(1.0, True, "declined", "an unanswerable question, declined")
            return Verdict(0.0, False, "answered", "an unanswerable question was answered")
        reference = str(case.get("reference_answer", ""))
        match = str(case.get("match") or self.match)
        if match == "exact":
            ok = answer.strip() == reference.strip()
            return Verdict(float(ok), ok, "exact", "equal" if ok else "not equal to the reference")
        if match == "normalized":
            ok = _fold(answer) == _fold(reference)
            text = "equal once normalized" if ok else "differs from the reference once normalized"
            return Verdict(float(ok), ok, "normalized", text)
        missing = sorted(numbers(reference) - numbers(answer))
        if missing:
            return Verdict(
                0.0, False, "wrong_number", f"missing {', '.join(missing)} of the reference"
            )
        if match == "numeric":
            return Verdict(1.0, True, "numeric", "every number of the reference is in the answer")
        if declined:
            return Verdict(0.0, False, "declined", "declined an answerable question")
        wanted = set(content_words(reference))
        said = set(content_words(answer))
        recall = len(wanted & said) / len(wanted) if wanted else 1.0
        if recall >= self.recall:
            return Verdict(
                recall, True, "semantic", f"states {recall:.0%} of the reference's words"
            )
        vectors = self.context.embedder.embed([answer, reference])
        cosine = float(vectors[0] @ vectors[1])
        ok = cosine >= self.similarity
        explanation = (
            f"states {recall:.0%} of the reference's words; meaning similarity {cosine:.2f}"
        )
        return Verdict(max(recall, cosine if ok else recall), ok, "semantic", explanation)
