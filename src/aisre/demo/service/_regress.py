"""How the regressed model version spoils an answer: wrong numbers, names or passage."""

from __future__ import annotations

import random
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence

from ._knowledge import Passage
from ._text import names, numbers, split_sentences

__all__ = ["spoil"]

# Groups of interchangeable names: a swap inside a group reads plausibly.
_NAME_GROUPS = (
    ("Free", "Team", "Business", "Enterprise"),
    ("Python", "Go", "Java", "Rust", "Ruby", "PHP"),
    ("Owner", "Admin", "Developer", "Viewer", "Billing Manager"),
    ("GitHub", "GitLab", "Bitbucket", "Okta"),
    ("Tokyo", "Sydney", "Frankfurt", "Dublin", "Virginia", "Oregon", "Singapore"),
)
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def _other_number(raw: str, forbidden: set[str], rng: random.Random) -> str:
    value = float(raw.replace(",", ""))
    for _ in range(20):
        factor = rng.choice((2, 3, 4, 5, 10, 0.5, 0.25))
        new = value * factor if value else rng.choice((1, 5, 10, 30))
        text = (
            f"{new:g}"
            if "." in raw or new != int(new)
            else f"{int(new):,}"
            if "," in raw
            else str(int(new))
        )
        if text.replace(",", "") not in forbidden and text != raw:
            return text
    return str(int(value) + 7)


def _swap_numbers(sentence: str, forbidden: set[str], rng: random.Random) -> str:
    return _NUMBER.sub(lambda m: _other_number(m.group(0), forbidden, rng), sentence)


_NAME_PATTERNS = {n: re.compile(rf"\b{re.escape(n)}\b") for group in _NAME_GROUPS for n in group}


def _swap_names(sentence: str, context: str, rng: random.Random) -> str:
    for group in _NAME_GROUPS:
        present = [n for n in group if n in sentence and _NAME_PATTERNS[n].search(sentence)]
        if not present:
            continue
        absent = [n for n in group if n not in context]
        if absent:
            sentence = _NAME_PATTERNS[present[0]].sub(rng.choice(absent), sentence)
    return sentence


def spoil(
    text: str,
    retrieved: Sequence[Passage],
    knowledge: Sequence[Passage],
    rng: random.Random,
) -> str:
    """Return an unsupported variant of ``text``.

    Swaps numbers and names for plausible values absent from the retrieved
    passages; when ``text`` has neither, answers instead with a sentence from
    a passage that was not retrieved (the "wrong passage" failure).
    """
    context = " ".join(p.text for p in retrieved)
    forbidden = numbers(context)
    spoiled = _swap_numbers(text, forbidden, rng) if numbers(text) else text
    spoiled = _swap_names(spoiled, context, rng)
    if spoiled != text and rng.random() < 0.7:
        return spoiled
    return rng.choice(candidates) if (candidates := _elsewhere(retrieved, knowledge)) else spoiled


#: The sentences of the knowledge base with their numbers and names.
_SENTENCES: list[tuple[Sequence[Passage], tuple[tuple[str, str, set[str], set[str]], ...]]] = []
#: Wrong-passage candidates of recent retrieved sets, keyed by their ids and texts.
_ELSEWHERE: OrderedDict[tuple[str, ...], tuple[str, ...]] = OrderedDict()
_ELSEWHERE_SIZE = 1024
_LOCK = threading.Lock()


def _analysed(knowledge: Sequence[Passage]) -> tuple[tuple[str, str, set[str], set[str]], ...]:
    for seen, sentences in _SENTENCES:
        if seen is knowledge:
            return sentences
    sentences = tuple(
        (p.id, s, numbers(s), names(s)) for p in knowledge for s in split_sentences(p.text)
    )
    _SENTENCES[:] = [(knowledge, sentences)]
    _ELSEWHERE.clear()
    return sentences


def _elsewhere(retrieved: Sequence[Passage], knowledge: Sequence[Passage]) -> tuple[str, ...]:
    """The sentences of passages not retrieved that state a number or name absent from them."""
    key = tuple(f"{p.id}\0{p.text}" for p in retrieved)
    with _LOCK:
        sentences = _analysed(knowledge)
        found = _ELSEWHERE.get(key)
        if found is not None:
            _ELSEWHERE.move_to_end(key)
            return found
        context = " ".join(p.text for p in retrieved)
        forbidden = numbers(context)
        retrieved_ids = {p.id for p in retrieved}
        found = tuple(
            s
            for pid, s, nums, named in sentences
            if pid not in retrieved_ids
            if (nums - forbidden) or any(n not in context for n in named)
        )
        _ELSEWHERE[key] = found
        while len(_ELSEWHERE) > _ELSEWHERE_SIZE:
            _ELSEWHERE.popitem(last=False)
        return found
