"""A German, French and Spanish to English glossary for retrieval queries.

Retrieval is English-only: the passages are English, the WordLlama embedding
model is English, and BM25 matches English terms. A question asked in German,
French or Spanish therefore shares almost no terms with the passage that
answers it and is missed. :func:`translate_query` narrows that gap by
replacing every known foreign word with its English equivalent before the
query is embedded and scored.

This is a glossary, not a translator: it swaps words (and a few fixed phrases
such as "mot de passe" or "wie viel") one for one and leaves grammar and word
order alone, which is enough for bag-of-words scoring and for an averaged
embedding. The vocabulary was derived from the knowledge base: the most
frequent content words of the passages, their titles and sections (plan,
price, month, message, queue, retention, key, region, invoice, refund...),
their usual translations with common inflections, with and without accents,
plus the question words (how much, when, which...). It lives in
``aisre/demo/kb/glossary.json``.

German compounds the glossary lacks are split into two words it has, with
an optional linking "s" ("Prioritätswarteschlangen" -> "priority queues").

Unknown words are kept as they are, so product names, error codes such as
RLY-1003, CLI flags and numbers survive. A foreign word that is also an
English word ("tag", "file", "comment", "pour", "sin", "actual") is left out
on purpose, so that English queries come back unchanged.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib.resources import files

__all__ = ["LEXICON", "translate_query"]

# Foreign word or phrase (lower case) -> English. Keys are unique across the
# three languages; where two languages share a spelling the more frequent
# meaning in a support question wins ("je" is French "I", "quelle" French
# "which", "mes" Spanish "month").
#: The glossary, foreign word or phrase -> English; kept as package data.
LEXICON: dict[str, str] = json.loads(
    (files("aisre") / "demo" / "kb" / "glossary.json").read_text(encoding="utf-8")
)


def _compile(lexicon: dict[str, str]) -> re.Pattern[str]:
    # Longest first, so that "combien de temps" wins over "combien". Inside a
    # phrase any run of whitespace matches, and either apostrophe.
    keys = sorted(lexicon, key=len, reverse=True)
    alternation = "|".join(
        re.escape(k).replace(r"\ ", r"\s+").replace("'", "['\u2019]") for k in keys
    )
    # A word boundary that also keeps words glued into identifiers intact:
    # not after a letter, digit, "_", ".", "/", "@" or "--" (a CLI flag), and
    # not before a letter, digit, "_", "/", "@" or ".x" (a domain or file).
    # A single hyphen is a boundary, so "API-Schlüssel" becomes "API-key".
    return re.compile(rf"(?<![\w./@])(?<!--)(?:{alternation})(?![\w/@]|\.\w)", re.IGNORECASE)


_PATTERN = _compile(LEXICON)
_LEADING = " \t\n\"'(\u00bf\u00a1"  # what may precede a capitalised first word


def _replace(match: re.Match[str]) -> str:
    english = LEXICON[re.sub(r"\s+", " ", match.group(0).lower().replace("\u2019", "'"))]
    if match.group(0)[0].isupper() and not match.string[: match.start()].strip(_LEADING):
        return english[0].upper() + english[1:]
    return english


_WORD = re.compile(r"(?<![\w./@-])[^\W\d_]{8,}(?![\w/@-])")
_LINKS = ("", "s", "es")


def _decompound(match: re.Match[str]) -> str:
    word = match.group(0)
    lowered = word.lower()
    if lowered in LEXICON:
        return word
    for cut in range(len(lowered) - 4, 3, -1):
        head, tail = lowered[:cut], lowered[cut:]
        if tail not in LEXICON:
            continue
        for link in _LINKS:
            if link and not head.endswith(link):
                continue
            stem = head[: len(head) - len(link)] if link else head
            if len(stem) >= 4 and stem in LEXICON:
                return f"{LEXICON[stem]} {LEXICON[tail]}"
    return word


@lru_cache(maxsize=8192)
def translate_query(text: str) -> str:
    """``text`` with each known German, French or Spanish word replaced by English.

    Matching is case-insensitive and word-boundary aware; unknown words,
    numbers, codes and product names are kept. English text is unchanged.
    Results are cached: support traffic repeats its questions.

    Example:
        >>> translate_query("Wie viel kostet der Team-Plan pro Monat?")
        'How much costs the Team-Plan pro month?'
    """
    text = _WORD.sub(_decompound, text)
    if _may_match(text):
        return _PATTERN.sub(_replace, text)
    return text


# Every glossary entry starts with a run of word characters; a match starts
# where a run of the text starts and has that run (a phrase) or is that run
# (a word), so a text none of whose runs opens an entry is left as it is.
# The check is exact for Latin-1 text (where lower-casing is the regular
# expression's case folding); other text always goes through the pattern.
_RUN = re.compile(r"\w+")
_OPENINGS = frozenset(m.group(0) for k in LEXICON if (m := _RUN.match(k)))
_CHECKABLE = all(_RUN.match(k) for k in LEXICON) and all(max(k) <= "\xff" for k in LEXICON)


def _may_match(text: str) -> bool:
    if not _CHECKABLE or (text and max(text) > "\xff"):
        return True
    return any(run.lower() in _OPENINGS for run in _RUN.findall(text))
