"""The evidence for one claim in the retrieved passages: facts, words and meaning.

Three kinds of evidence, cheapest first:

1. **Facts** (:mod:`._facts`): every number (with its unit), name, date and
   identifier of the claim must appear in the passages. A fact that appears
   in the passages, but not in the passage sentences the claim is about
   (swapped for another plan's price, another role's name), is unsupported
   too, and so are facts joined wrongly (the sentence with most of the
   claim's facts gives another value of the same kind). A word negated in
   the claim but not in its passage sentence (or the other way round) is a
   contradiction.
2. **Words**: the share of the claim's content words (stemmed, stopwords
   dropped) found in the best-matching passage sentence, and in the passages
   as a whole (words that only the question has count for half), and the
   share of its neighbouring word pairs the passages have.
3. **Meaning**: the cosine between the claim's embedding and the best passage
   sentence's. Embeddings are computed only when the words alone cannot
   decide (the decision is exact: a claim is embedded only when its
   similarity could change the outcome).

The passages and the question are analysed in :mod:`._context`, once per passage,
so live traffic, which repeats passages, pays for it rarely.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from ._context import Context, Question, Sentence
from ._facts import Fact, Facts, content_sequence, extract_facts
from ._terms import bigrams, stem

__all__ = ["ClaimEvidence", "Weights", "assess_claim", "fact_problems"]


@dataclass(frozen=True, slots=True)
class Weights:
    """How evidence is weighed; the defaults are tuned on HaluEval and the RAG dev set.

    A claim's support is ``sentence·recall + context·context_recall +
    pairs·pair_recall + embedding·similarity`` (the four weights sum to 1);
    it is supported when the support reaches its threshold and its facts match.
    The threshold depends on the claim's length: ``threshold`` for claims of
    up to ``short_claim`` content words, falling linearly to
    ``long_threshold`` at ``long_claim`` words and beyond. One unmatched word
    is a large part of a short claim; a long claim reworded by a paraphrase
    loses word pairs without saying anything the passages do not.

    Attributes:
        threshold: the support a short claim needs.
        long_threshold: the support a long claim needs.
        short_claim / long_claim: the lengths (content words) between which
            the threshold moves.
        sentence: weight of the best passage sentence's word recall.
        context: weight of the word recall over all passages.
        pairs: weight of the recall of neighbouring word pairs (word order).
        embedding: weight of the cosine with the most similar passage sentence.
        question: the credit of a claim word only the question has.
        align: a passage sentence is one the claim is about when it shares at
            least this share of the best sentence's overlap (and two words).
    """

    threshold: float = 0.7
    long_threshold: float = 0.55
    short_claim: int = 6
    long_claim: int = 10
    sentence: float = 0.3
    context: float = 0.1
    pairs: float = 0.3
    embedding: float = 0.3
    question: float = 0.5
    align: float = 0.6

    def threshold_for(self, words: int) -> float:
        """The support a claim of ``words`` content words needs."""
        if words <= self.short_claim:
            return self.threshold
        if words >= self.long_claim or self.long_claim <= self.short_claim:
            return self.long_threshold
        share = (words - self.short_claim) / (self.long_claim - self.short_claim)
        return self.threshold + share * (self.long_threshold - self.threshold)

    def lexical(self, evidence: ClaimEvidence) -> float:
        """The support without the embedding term."""
        return (
            self.sentence * evidence.recall
            + self.context * evidence.context_recall
            + self.pairs * evidence.pair_recall
        )


@dataclass(slots=True)
class ClaimEvidence:
    """What the passages say for and against one claim.

    Attributes:
        claim: the claim's text.
        words: how many content words it has.
        recall: share of its content words in the best passage sentence.
        context_recall: share of its content words anywhere in the passages.
        pair_recall: share of its neighbouring word pairs that a passage
            sentence has (as neighbours or one word apart).
        best: the passage sentence that matches it best (None: no word in common).
        similarity: cosine with the most similar passage sentence (None: not computed).
        problems: facts that do not match, each a sentence for the explanation.
        missing: content words that no passage (nor the question) has.
        support: the combined support in [0, 1] (None until decided).
        supported: the verdict on the claim.
    """

    claim: str
    words: int
    recall: float
    context_recall: float
    pair_recall: float
    best: Sentence | None
    similarity: float | None = None
    problems: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    support: float | None = None
    supported: bool = False


def _quote(text: str, limit: int = 90) -> str:
    text = text.strip()
    return f"'{text}'" if len(text) <= limit else f"'{text[: limit - 1].rstrip()}…'"


def _has_number(context: Context, fact: Fact, sentences: Sequence[Sentence] | None) -> bool:
    if sentences is None:
        units = context.numbers.get(fact.key)
    else:
        found = {
            f.unit
            for s in sentences
            for f in s.facts.facts
            if f.kind == "number" and f.key == fact.key
        }
        units = frozenset(found) if found else None
    if units is None:
        return False
    return fact.unit is None or None in units or fact.unit in units


def _same_unit_numbers(fact: Fact, sentences: Sequence[Sentence]) -> list[str]:
    return list(
        dict.fromkeys(
            f.text
            for s in sentences
            for f in s.facts.facts
            if f.kind == "number" and f.unit == fact.unit and f.key != fact.key
        )
    )


def _in_words(key: str, words: frozenset[str]) -> bool:
    return key in words or stem(key) in words


#: A passage sentence that has this many of a claim's words which its best sentence
#: lacks is one the claim is about too (the claim joins two sentences).
_COVER = 2


def fact_problems(
    facts: Facts,
    context: Context,
    aligned: Sequence[Sentence],
    question: Question,
    terms: frozenset[str] = frozenset(),
    negation: bool = True,
) -> list[str]:
    """Why the claim's facts are not supported: one sentence per failing fact."""
    problems: list[str] = []
    local = list(aligned)
    local_words: frozenset[str] | None = None
    for fact in facts.facts:
        if fact.kind == "number":
            if not _has_number(context, fact, None):
                if fact.key in context.numbers:
                    units = sorted(u or "no unit" for u in context.numbers[fact.key])
                    problems.append(
                        f"{fact.text}: the passages give {fact.key} only with {', '.join(units)}"
                    )
                    continue
                said = _same_unit_numbers(fact, local)
                hint = f"; the passage says {', '.join(said[:3])}" if said else ""
                problems.append(f"{fact.text}: {fact.key} appears in no passage{hint}")
            elif local and not _has_number(context, fact, local):
                said = _same_unit_numbers(fact, local)
                hint = f" (it says {', '.join(said[:3])})" if said else ""
                problems.append(
                    f"{fact.text}: in the passages, but not in the sentence this claim "
                    f"is about{hint}"
                )
        elif fact.kind == "id":
            spaced = fact.key.replace("-", " ")
            found = fact.key in context.lower or spaced in context.lower
            compound = fact.key.replace("-", "").isalpha()
            if not found:
                # A hyphenated word ("pen-test") may be a rewording of words the passages have.
                parts = [p for p in fact.key.split("-") if p]
                if not (compound and all(_in_words(p, context.words) for p in parts)):
                    problems.append(f"{fact.text}: appears in no passage")
            elif compound and local:
                text = " ".join(s.text for s in local).lower()
                if fact.key not in text and spaced not in text:
                    problems.append(
                        f"{fact.text}: in the passages, but not in the sentence this claim is about"
                    )
        else:  # name or date word
            if fact.kind == "date" and "-" in fact.key:
                if fact.key not in context.lower:
                    problems.append(f"{fact.text}: this date appears in no passage")
                continue
            if not _in_words(fact.key, context.words):
                if fact.kind == "name" and _in_words(fact.key, question.words):
                    continue  # the answer repeats the question's subject
                what = "date" if fact.kind == "date" else "name"
                problems.append(f"{fact.text}: this {what} appears in no passage")
            elif local:
                if local_words is None:
                    local_words = frozenset().union(*(s.words for s in local))
                if not _in_words(fact.key, local_words) and not _in_words(fact.key, question.words):
                    problems.append(
                        f"{fact.text}: in the passages, but not in the sentence this claim is about"
                    )
    if not problems and len(local) > 1:
        problems += _apart(facts, local)
    if negation and local:
        problems += _polarity(facts, terms, local)
    return problems


def _holds(sentence: Sentence, fact: Fact) -> bool:
    if fact.kind == "number":
        return _has_number_in(sentence, fact)
    return _in_words(fact.key, sentence.words)


def _has_number_in(sentence: Sentence, fact: Fact) -> bool:
    return any(
        f.kind == "number"
        and f.key == fact.key
        and (fact.unit is None or f.unit is None or f.unit == fact.unit)
        for f in sentence.facts.facts
    )


def _apart(facts: Facts, local: Sequence[Sentence]) -> list[str]:
    """Facts the passages state in different sentences, where the claim joins them wrongly.

    The passage sentence that holds most of the claim's facts is the one it is
    about; a fact of the claim missing from it, where that sentence has another
    value of the same kind (another plan's price, another role), is a swap:
    "the Business plan costs $49" when the sentence with $49 is about Team.
    """
    checked = [f for f in facts.facts if f.kind in {"number", "name", "date"}]
    if len(checked) < 2:
        return []
    covers = [[f for f in checked if _holds(s, f)] for s in local]
    best = max(range(len(local)), key=lambda i: len(covers[i]))
    covered = covers[best]
    if not covered or len(covered) == len(checked):
        return []
    sentence = local[best]
    claimed = {(f.kind, f.key) for f in facts.facts}
    out = []
    for fact in checked:
        if fact in covered:
            continue
        rivals = [
            f.text
            for f in sentence.facts.facts
            if f.kind == fact.kind
            and not f.initial
            and (f.kind, f.key) not in claimed
            and (fact.kind != "number" or (f.unit == fact.unit and f.unit is not None))
        ]
        if rivals:
            with_ = ", ".join(f.text for f in covered[:2])
            out.append(
                f"{fact.text}: the passage sentence with {with_} says "
                f"{', '.join(dict.fromkeys(rivals))} ({_quote(sentence.text, 80)})"
            )
    return out


def _polarity(facts: Facts, terms: frozenset[str], local: Sequence[Sentence]) -> list[str]:
    """A word negated in the claim but not in its passage sentences, or the other way round."""
    out = []
    negated = facts.negated | frozenset().union(*(s.facts.negated for s in local))
    for word in sorted(negated & terms):
        holding = [s for s in local if word in s.terms]
        if not holding:
            continue
        in_claim = word in facts.negated
        if all((word in s.facts.negated) != in_claim for s in holding):
            said = _quote(holding[0].text, 80)
            if in_claim:
                out.append(f"the claim negates '{word}…', the passage does not: {said}")
            else:
                out.append(f"the passage negates '{word}…', the claim does not: {said}")
    return out


def assess_claim(
    claim: str,
    context: Context,
    question: Question,
    weights: Weights,
    negation: bool = True,
) -> ClaimEvidence:
    """Facts and words for one claim; the embedding step is left to the caller."""
    sequence = content_sequence(claim)
    terms = frozenset(sequence)
    facts = extract_facts(claim)
    sentences = context.sentences
    overlaps = [len(terms & s.terms) for s in sentences]
    best_overlap = max(overlaps, default=0)
    best = sentences[overlaps.index(best_overlap)] if best_overlap else None
    if terms:
        missing = terms - context.terms
        credited = len(missing & question.terms) * weights.question if missing else 0.0
        recall = (best_overlap + credited) / len(terms)
        context_recall = (len(terms) - len(missing) + credited) / len(terms)
        missing_words = sorted(missing - question.terms) if missing else []
    else:
        recall = context_recall = 1.0 if facts.facts else 0.0
        missing_words = []
    pairs = bigrams(sequence)
    pair_recall = len(pairs & context.pairs) / len(pairs) if pairs else min(1.0, recall)
    evidence = ClaimEvidence(
        claim, len(terms), min(1.0, recall), min(1.0, context_recall), pair_recall, best
    )
    evidence.missing = missing_words
    aligned: list[Sentence] = []
    if best is not None and best_overlap >= 2:
        floor = max(2, weights.align * best_overlap)
        aligned = [best] + [
            s for s, n in zip(sentences, overlaps, strict=True) if n >= floor and s is not best
        ]
        # A claim that joins two passage sentences is about both: also the one
        # that has words of the claim the best sentence does not have.
        rest = terms - best.terms
        aligned += [s for s in sentences if s not in aligned and len(rest & s.terms) >= _COVER]
    negation = negation and len(terms) >= 4
    evidence.problems = fact_problems(facts, context, aligned, question, terms, negation)
    return evidence


def best_similarity(
    claim_vectors: npt.NDArray[np.float32], sentence_vectors: npt.NDArray[np.float32]
) -> npt.NDArray[np.float32]:
    """For each claim, the cosine with its most similar passage sentence."""
    if claim_vectors.size == 0 or sentence_vectors.size == 0:
        return np.zeros(len(claim_vectors), dtype=np.float32)
    result: npt.NDArray[np.float32] = (claim_vectors @ sentence_vectors.T).max(axis=1)
    return result


class VectorCache:
    """The passage-sentence embeddings of recent contexts (small LRU, thread-safe)."""

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._items: OrderedDict[tuple[str, ...], npt.NDArray[np.float32]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, ...]) -> npt.NDArray[np.float32] | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: tuple[str, ...], value: npt.NDArray[np.float32]) -> None:
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
