"""Split an answer into the claims a grounding check looks at, and text into sentences.

A claim is one sentence of the answer that states something about the world.
Sentences about the assistant itself ("I'm sorry", "I don't have that
information", "Let me know if…") are not claims, and an attribution preamble
("Based on the documentation: …", "According to the context, …") is cut off
the sentence it introduces. Long sentences are not split further: a sentence
is what a reader checks against a passage.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["split_claims", "split_sentences"]

# A sentence ends at . ! ? (or a closing quote or bracket after them) before a
# space and a capital, digit, quote or bracket; HaluEval's knowledge often glues
# two passages together ("…century.First for Women"), which ends one too. A
# line break always ends a sentence.
_END = re.compile(r"[.!?][\"')\]]?(?=\s|[A-Z][a-z])|\n")
_STARTS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789`\"'([")
# Words whose final dot is not the end of a sentence.
_ABBREVIATIONS = frozenset(
    [
        "e.g",
        "i.e",
        "etc",
        "vs",
        "approx",
        "incl",
        "no",
        "nos",
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "jr",
        "sr",
        "prof",
        "gen",
        "col",
        "lt",
        "sgt",
        "rev",
        "gov",
        "sen",
        "rep",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.k",
        "a.m",
        "p.m",
    ]
)


def _abbreviated(piece: str) -> bool:
    """Whether ``piece`` ends with an abbreviation's dot ("Inc.", "e.g.", "J.")."""
    if not piece.endswith("."):
        return False
    last = piece[-12:].split()[-1].lstrip("(\"'[")[:-1]
    return last.lower() in _ABBREVIATIONS or (len(last) == 1 and last.isupper())


_PREAMBLE = re.compile(
    r"^\s*(?:(?:based\s+on|according\s+to|per|from)\s+(?:the\s+|our\s+)?"
    r"(?:provided\s+|available\s+|retrieved\s+)?"
    r"(?:documentation|docs|context|passages?|sources?|information|knowledge(?:\s+base)?"
    r"|articles?|help\s+center)\s*[,:\-\u2013\u2014]\s*"
    r"|(?:sure|yes|no|certainly|of\s+course|in\s+short|in\s+summary|short\s+answer)\s*[,:!.\-\u2013\u2014]\s*)",
    re.IGNORECASE,
)
# Citation markers ("[1]", "[2, 3]", "[source 1]") and list bullets ("- ", "1. ").
_CITATION = re.compile(r"\s?\[(?:source\s*|doc\s*|passage\s*)?\d+(?:\s*[,;\u2013-]\s*\d+)*\]", re.I)
_LIST_NUMBER = re.compile(r"\d{1,2}[.)]")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)])\s+")
# Sentences about the assistant, the conversation or the user, not the world.
_NOT_A_CLAIM = re.compile(
    r"^\s*(?:i\b|i'm\b|i\u2019m\b|i've\b|i'd\b|sorry\b|apologies\b|my\s+apologies\b"
    r"|unfortunately,?\s+(?:i\b|that\s+(?:is|falls)\s+outside)"
    r"|let\s+me\s+know\b|hope\s+(?:this|that)\s+helps\b|feel\s+free\b|thanks?\b|thank\s+you\b"
    r"|(?:is\s+there\s+)?anything\s+else\b|happy\s+to\s+help\b|good\s+luck\b"
    r"|please\s+(?:let\s+me\s+know|reach\s+out|contact\s+support)\b)",
    re.IGNORECASE,
)


@lru_cache(maxsize=8192)
def split_sentences(text: str) -> tuple[str, ...]:
    """The sentences of ``text``, abbreviations ("Inc.", "e.g.") kept inside their sentence."""
    out: list[str] = []
    start, n = 0, len(text)
    for match in _END.finditer(text):
        cut = match.end()
        if text[match.start()] != "\n":
            j = cut
            while j < n and text[j].isspace():
                j += 1
            if j == n:
                break
            if j == cut:  # glued: "…century.First"; only after a lower-case letter or digit
                before = text[match.start() - 1] if match.start() else ""
                if not (before.islower() or before.isdigit() or before == ")"):
                    continue
            elif text[j] not in _STARTS:
                continue
            if _abbreviated(text[start:cut]) or _LIST_NUMBER.fullmatch(text[start:cut].strip()):
                continue
        piece = text[start:cut].strip()
        if piece:
            out.append(piece)
        start = cut
    piece = text[start:].strip()
    if piece:
        out.append(piece)
    return tuple(out)


def _strip_preamble(sentence: str) -> str:
    sentence = _BULLET.sub("", sentence, count=1)
    while (match := _PREAMBLE.match(sentence)) is not None and match.end() > 0:
        sentence = sentence[match.end() :]
    return sentence


@lru_cache(maxsize=8192)
def split_claims(answer: str) -> tuple[str, ...]:
    """The claims of ``answer``: its sentences, minus preambles and sentences that claim nothing.

    Citation markers (``[1]``), list bullets and Markdown emphasis are removed first.

    Example:
        >>> split_claims("Based on the documentation: Links last 24 hours. Hope this helps!")
        ('Links last 24 hours.',)
    """
    claims = []
    answer = _CITATION.sub("", answer).replace("**", "").replace("`", "")
    for sentence in split_sentences(answer):
        if _NOT_A_CLAIM.match(sentence):
            continue
        claim = _strip_preamble(sentence).strip()
        if claim and any(c.isalnum() for c in claim):
            claims.append(claim)
    return tuple(claims)
