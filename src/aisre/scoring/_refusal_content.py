"""What in an answer is content: answer words, routing only, questions only, hedged parts.

The refusal scorer (:mod:`._refusal`) finds refusal phrases and shapes; this module
decides what the rest of the answer says. Apologies, redirects ("please contact support
about that"), offers of other help and pleasantries are not content; an answer that is
only routing, only questions back, or a hedge after an answer part is told apart here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from ._refusal_clauses import (
    ADDRESS,
    CLAUSE_END,
    CLAUSE_SPLIT,
    FILLER,
    OFFER_LIST,
    ROUTE,
    ROUTE_CLAUSE,
    ROUTE_FILLER,
    ROUTE_GATE,
    STOPWORDS,
    TOPIC_PREFIX,
    WORD,
)

__all__ = [
    "Match",
    "answer_words",
    "declines_part",
    "has_content",
    "only_questions",
    "only_routing",
    "phrase_words",
]

#: What turns a hedge into a hedged answer: "…, but here's what I know", "…, so here are both".
_LEADS_ON = re.compile(r"\b(?:but|so|though|however)\b")
_SENTENCE = re.compile(r"[^.!?]+[.!?]*")


class Match(Protocol):
    """A refusal found in the text: a phrase's regex match or a limitation's span."""

    def start(self) -> int: ...

    def end(self) -> int: ...

    @property
    def lastgroup(self) -> str | None: ...


def declines_part(low: str, hedge: Match) -> bool:
    """Whether a hedge says one part is unknown ("Team keeps 7 days. I'm not sure about
    Business.").

    A hedge before the answer ("I'm not sure which SDK you use; in Python, …"), or one that
    leads into it ("Not 100 % sure, but I believe it's 30 days", "It depends: …"), is a
    hedged answer.
    """
    if answer_words(low[: hedge.start()], low, [])[0] < 2:
        return False
    end = CLAUSE_END.search(low, hedge.end())
    stop = end.start() if end else len(low)
    if ":" in low[hedge.end() : stop]:
        return False
    if end is None:
        return True
    joint = low[end.start() : end.end() + 10]
    return _LEADS_ON.search(joint) is None


def only_questions(low: str) -> bool:
    """Whether ``low`` only asks back ("Which region do you mean?"): every sentence a
    question or a pleasantry, and at least one question."""
    if "?" not in low:
        return False
    asked = False
    for sentence in _SENTENCE.findall(low):
        sentence = sentence.strip()
        if not sentence:
            continue
        if sentence.endswith("?"):
            asked = True
        elif has_content(sentence.rstrip(".!")):
            return False
    return asked


def only_routing(low: str, tokens: list[str]) -> bool:
    """Whether ``low`` says nothing but where to go (or that it depends), with no answer."""
    if ROUTE_GATE.isdisjoint(tokens) or ROUTE.search(low) is None:
        return False
    rest = " ".join(w for w in tokens if not ADDRESS.fullmatch(w.rstrip(".,;:!?)")))
    return all(not has_content(clause) for clause in CLAUSE_SPLIT.split(rest))


def has_content(clause: str) -> bool:
    """Whether a clause says anything once routing, hedging and filler are set aside."""
    if ROUTE_CLAUSE.search(clause):
        return False
    clause = FILLER.sub(" ", ROUTE_FILLER.sub(" ", TOPIC_PREFIX.sub("", clause)))
    return any(w not in STOPWORDS for w in WORD.findall(clause))


def phrase_words(low: str, matches: Sequence[Match]) -> int:
    """Words inside refusal phrases; overlapping phrases (in position order) count once."""
    words, end = 0, -1
    for m in matches:
        start = max(m.start(), end)
        if m.end() > start:
            words += len(low[start : m.end()].split())
            end = m.end()
    return words


def answer_words(low: str, original: str, matches: Sequence[Match]) -> tuple[int, str]:
    """Meaningful words in the clauses without a refusal phrase, and the first such clause."""
    spans = [(m.start(), m.end()) for m in matches]
    count, sample = 0, ""
    start = 0
    # "I can help with:" and a list of topics is an offer: nothing after it is an answer.
    offer = OFFER_LIST.search(low)
    limit = offer.start() if offer else len(low)
    bounds = [(b.start(), b.end()) for b in CLAUSE_SPLIT.finditer(low, 0, limit)]
    bounds.append((limit, limit))
    for end, after in bounds:
        if end > start and not any(s < end and e > start for s, e in spans):
            clause = low[start:end]
            if ROUTE.search(clause):
                if ROUTE_CLAUSE.search(clause):
                    start = after
                    continue
                clause = ROUTE_FILLER.sub(" ", clause)
            clause = FILLER.sub(" ", clause)
            n = sum(1 for w in WORD.findall(clause) if w not in STOPWORDS)
            if n:
                count += n
                if not sample:
                    sample = original[start:end]
        start = after
    return count, sample
