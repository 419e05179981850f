"""The refusal patterns, compiled: English, German, French and Spanish, grouped by gate words.

Every pattern is a *shape* of refusal, not a memorised sentence: a first
person that cannot or will not help / answer / provide / find; a scope
disclaimer ("I can only answer questions about …", "outside what I can
help with"); a statement that the information is missing ("I don't have
information about", "the documentation doesn't say"); a policy refusal
("against my guidelines"); and, weaker, a bare hedge ("I'm not sure").

The patterns run on text that :func:`normalise` made lower-case with
straight apostrophes. Capability words need a first-person subject, so
"you cannot delete the default project" or "support cannot help with
community libraries" are statements about the product, not refusals.

Kinds and their weights (the refusal confidence a match gives):

* ``explicit`` (0.95) — I can't / won't / am not able to help, answer, provide …
* ``policy`` (0.95) — I must decline; against my guidelines; as an AI I cannot …
* ``scope`` (0.9) — I can only answer questions about …; outside my scope …
* ``no_information`` (0.9) — I don't have information; the docs don't say …
* ``redirect`` (0.85) — nothing but routing: "please contact support", "this is best handled by
  the billing team", "your admin would be the right person to ask", "it depends; ask support".
* ``disclaimer`` (0.7) — declines an *action* on the user's behalf ("I can't change that for
  you", "I don't have access to your account"); a refusal only when nothing else is said.
* ``hedge`` (0.6) — I'm not sure; a refusal only when nothing else is said.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from ._refusal_en import EN_PATTERNS
from ._refusal_grammar import _DOCS, _SUBJ
from ._refusal_intl import DE_PATTERNS, ES_PATTERNS, FR_PATTERNS

__all__ = ["PATTERNS", "PhraseGroup", "compile_phrases", "starts_clause"]

#: Every pattern, as (kind, language, gate words, regex source), on :func:`normalise`d text.
#: A pattern is tried only when the text holds one of its gate words: most answers hold
#: none, and the scorer stays within microseconds.
PATTERNS: Final[list[tuple[str, str, str, str]]] = [
    *((k, "en", g, p) for k, g, p in EN_PATTERNS),
    *((k, "de", g, p) for k, g, p in DE_PATTERNS),
    *((k, "fr", g, p) for k, g, p in FR_PATTERNS),
    *((k, "es", g, p) for k, g, p in ES_PATTERNS),
]


@dataclass(frozen=True, slots=True)
class PhraseGroup:
    """Patterns that share gate words, compiled into one regex with a group per pattern.

    Group names are ``<kind>_<n>``; a match's ``lastgroup`` names its kind.
    ``clause_start`` names the groups whose match must begin a clause (a source
    written with a leading ``^^``: "Can't help with that", "… and can't help").
    """

    gate: frozenset[str]
    regex: re.Pattern[str]
    clause_start: frozenset[str] = frozenset()


_CLAUSE_END = re.compile(r"(?:^|[.!?;,:\u2014(\"-]|\b(?:and|so|but|sorry|unfortunately))\s*$")


def starts_clause(low: str, start: int) -> bool:
    """Whether position ``start`` of ``low`` begins a clause (or follows "and", "so", "but")."""
    return _CLAUSE_END.search(low, max(0, start - 16), start) is not None


def _strip_boundary(source: str) -> str:
    # A leading \b stops the regex engine from skipping ahead by the pattern's first
    # character; the scorer checks the word boundary at the start of a match itself.
    return source[2:] if source.startswith(r"\b") else source


#: Shared starts of patterns: patterns with the same gate and start are tried as one regex.
_ANCHORS: Final = (_SUBJ[2:], _DOCS, r"(?:ich|wir)", r"(?:je|nous)", r"no\s+")


def compile_phrases(extra: Sequence[str] = ()) -> tuple[list[PhraseGroup], re.Pattern[str] | None]:
    """The phrase groups, and one ungated regex of ``extra`` (kind ``custom``) if any.

    ``extra`` are a deployment's own refusal wordings, as regular expressions.
    """
    buckets: dict[tuple[str, str], list[str]] = {}
    clause_start: set[str] = set()
    for i, (kind, _, gate, source) in enumerate(PATTERNS):
        if source.startswith("^^"):
            clause_start.add(f"{kind}_{i}")
            source = source[2:]
        source = _strip_boundary(source)
        anchor = next((a for a in _ANCHORS if source.startswith(a)), "")
        rest = source[len(anchor) :] if anchor else source
        key = (gate, anchor) if anchor else (gate, f"#{i}")
        buckets.setdefault(key, []).append(f"(?P<{kind}_{i}>{rest})")
    groups = []
    for (gate, anchor), parts in buckets.items():
        prefix = "" if anchor.startswith("#") else anchor
        source = prefix + "(?:" + "|".join(parts) + ")" if prefix else "|".join(parts)
        names = frozenset(n for n in clause_start if f"(?P<{n}>" in source)
        groups.append(PhraseGroup(frozenset(gate.split()), re.compile(source), names))
    custom = (
        re.compile("|".join(f"(?P<custom_{i}>{p})" for i, p in enumerate(extra))) if extra else None
    )
    return groups, custom
