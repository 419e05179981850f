"""Text helpers shared by retrieval, answering and evaluation.

One tokenizer for all three, so that "the answer overlaps the question" and
"the answer is supported by the passages" mean the same thing everywhere.
"""

from __future__ import annotations

import re

__all__ = [
    "STOPWORDS",
    "content_tokens",
    "names",
    "numbers",
    "split_sentences",
    "stem",
    "terms",
    "tokens",
]

# Function words plus the words every passage shares ("relay", "northwind"),
# which carry no signal about which passage answers a question.
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "then",
        "else",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "as",
        "into",
        "onto",
        "about",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "am",
        "do",
        "does",
        "did",
        "done",
        "doing",
        "have",
        "has",
        "had",
        "having",
        "can",
        "could",
        "will",
        "would",
        "shall",
        "should",
        "may",
        "might",
        "must",
        "i",
        "me",
        "my",
        "we",
        "our",
        "you",
        "your",
        "he",
        "she",
        "it",
        "its",
        "they",
        "them",
        "their",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "when",
        "where",
        "why",
        "how",
        "not",
        "no",
        "nor",
        "so",
        "than",
        "too",
        "very",
        "just",
        "also",
        "only",
        "own",
        "same",
        "such",
        "both",
        "each",
        "few",
        "more",
        "most",
        "other",
        "some",
        "any",
        "all",
        "up",
        "down",
        "out",
        "over",
        "under",
        "again",
        "further",
        "once",
        "s",
        "t",
        "get",
        "got",
        "use",
        "used",
        "using",
        "relay",
        "northwind",
        "please",
        "tell",
        "know",
        "want",
        "need",
        "does",
        "much",
        "many",
        "there's",
        "what's",
        "i'm",
        "let",
        "lets",
    ]
)

_TOKEN = re.compile(r"[a-z0-9]+(?:[.\-_/][a-z0-9]+)*")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z`\"'(\[])")
# Capitalised words and code-like identifiers (RLY-1234, eu-central, nwr).
_NAME = re.compile(r"\b[A-Z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)*\b")
_ABBREV = re.compile(r"\b(?:e\.g|i\.e|etc|vs)\.$")


def tokens(text: str) -> list[str]:
    """Lowercase word tokens; hyphenated and dotted identifiers stay whole."""
    found = _TOKEN.findall(text.lower())
    out: list[str] = []
    for tok in found:
        out.append(tok)
        # Also index the parts, so "eu-central" matches "central" and "v2".
        if any(sep in tok for sep in ".-_/"):
            out.extend(p for p in re.split(r"[.\-_/]", tok) if p)
    return out


def _stem(tok: str) -> str:
    # A light suffix strip: enough to match "retries"/"retry", "keys"/"key".
    for suffix, repl in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if tok.endswith(suffix) and len(tok) - len(suffix) >= 3:
            return tok[: len(tok) - len(suffix)] + repl
    return tok


def content_tokens(text: str) -> list[str]:
    """Stemmed tokens without stopwords: the terms retrieval and overlap use."""
    return [_stem(t) for t in tokens(text) if t not in STOPWORDS]


def stem(tok: str) -> str:
    """A stemmer for matching questions to passages, more careful than the one of
    :func:`content_tokens` (which judging keeps): singular and plural, ``-ed``
    and ``-ing`` forms and a final ``e`` meet ("message"/"messages",
    "role"/"roles", "create"/"created"/"creating", "retry"/"retried").

    Tokens with digits or punctuation (codes, versions, flags) are kept whole.
    """
    tok = _IRREGULAR.get(tok, tok)
    if len(tok) <= 3 or not tok.isalpha():
        return tok
    if tok.endswith("sses"):
        tok = tok[:-2]
    elif tok.endswith("ies") and len(tok) > 4:
        tok = tok[:-3] + "y"
    elif tok.endswith("s") and not tok.endswith(("ss", "us", "is")):
        tok = tok[:-1]
    if tok.endswith("ied") and len(tok) > 4:
        tok = tok[:-3] + "y"
    elif tok.endswith("ed") and not tok.endswith("eed") and len(tok) > 4:
        tok = tok[:-2]
    elif tok.endswith("ing") and len(tok) > 5:
        tok = tok[:-3]
    else:
        return tok[:-1] if tok.endswith("e") and len(tok) > 4 else tok
    if len(tok) > 3 and tok[-1] == tok[-2] and tok[-1] not in "lsz":
        tok = tok[:-1]  # stopped -> stop, running -> run
    return tok[:-1] if tok.endswith("e") and len(tok) > 4 else tok


# Irregular past forms of verbs common in support questions and documentation.
_IRREGULAR = {
    past: base
    for base, forms in {
        "send": "sent",
        "pay": "paid",
        "keep": "kept",
        "make": "made",
        "tell": "told",
        "build": "built",
        "run": "ran",
        "leave": "left",
        "hold": "held",
        "sell": "sold",
        "buy": "bought",
        "lose": "lost",
        "choose": "chose chosen",
        "write": "wrote written",
        "take": "took taken",
        "give": "gave given",
        "show": "shown",
        "know": "knew known",
        "break": "broke broken",
        "begin": "began begun",
        "go": "went gone",
        "get": "got gotten",
        "freeze": "froze frozen",
        "hide": "hid hidden",
        "spend": "spent",
        "lend": "lent",
        "throw": "threw thrown",
        "understand": "understood",
    }.items()
    for past in forms.split()
}


def terms(text: str) -> list[str]:
    """Tokens without stopwords, stemmed with :func:`stem`: retrieval's and answering's terms."""
    return [stem(t) for t in tokens(text) if t not in STOPWORDS]


def numbers(text: str) -> set[str]:
    """The numbers in ``text``, normalised (no thousands separators, no ``$``)."""
    out = set()
    for raw in re.findall(r"\d[\d,]*(?:\.\d+)?", text):
        value = raw.rstrip(",.").replace(",", "")
        if value:
            out.add(value)
    return out


def names(text: str) -> set[str]:
    """Capitalised names and identifiers, excluding sentence-initial words."""
    out: set[str] = set()
    for sentence in split_sentences(text):
        for i, match in enumerate(_NAME.finditer(sentence)):
            word = match.group(0)
            if i == 0 and match.start() == 0 and word.lower() in STOPWORDS | _COMMON_STARTS:
                continue
            if word.lower() in STOPWORDS:
                continue
            out.add(word)
    return out


_COMMON_STARTS = frozenset(
    [
        "yes",
        "no",
        "to",
        "for",
        "if",
        "when",
        "after",
        "before",
        "once",
        "each",
        "every",
        "most",
        "all",
        "new",
        "free",
    ]
)


def split_sentences(text: str) -> list[str]:
    """Split a passage into sentences, keeping abbreviations like "Inc." whole."""
    parts = _SENTENCE.split(text.strip())
    merged: list[str] = []
    for part in parts:
        if merged and _ABBREV.search(merged[-1]):
            merged[-1] = f"{merged[-1]} {part}"
        else:
            merged.append(part)
    return [p.strip() for p in merged if p.strip()]
