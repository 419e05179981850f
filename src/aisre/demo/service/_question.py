"""What a question asks for: its key terms and the type of answer it wants.

The answerer matches sentences against the question's *key terms*: its
content words (see :func:`~._text.terms`) after the glossary has made it
English, without the boilerplate of a support question ("I keep getting...",
"what does it mean", "right away") and without the German, French and
Spanish function words the glossary deliberately keeps (they are also
English words). Superlatives are mapped to the words the documentation uses
for limits ("smallest" -> "minimum"). When a question first sets the scene
("Our endpoint has long maintenance windows. How can I...?"), the terms of
the scene weigh less than those of the sentence that asks.

The *answer type* comes from the wording of the asking sentence:

* ``quantity`` — how many, how much, how long, a limit, a default or a price:
  the answer states a number;
* ``time`` — when, which date: the answer states a date;
* ``procedure`` — how do I, how can we: the answer is an instruction;
* ``reason`` — why, what caused: the answer gives a cause;
* ``definition`` — what is X, what does X mean, what counts as X;
* ``policy`` — can I, is it allowed, do you, will we: the answer states a
  rule (can, cannot, only, must...);
* ``other`` — which, what, who, where.

``wants`` names what the answer must contain when the question asks for a
kind of thing ("which error code" -> an error code, "which header" -> a
header name); see :mod:`._select`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from ._lexicon import translate_query
from ._text import split_sentences, terms

__all__ = ["Question", "analyse", "key_sequence", "key_terms"]

#: Words that phrase a support question rather than name its subject.
BOILERPLATE = frozenset(
    terms(
        "keep keeps kept getting get gets mean means meaning happen happens happened "
        "right away way exactly actually really still ever possible able okay ok "
        "thing things something someone anything everything anyone everyone "
        "question wonder wondering like would just currently now yet already "
        "tell show explain give go going goes come comes came make makes made "
        "itself themselves yourself yourselves ourselves myself whether "
        "don doesn didn isn aren won ll ve re"
    )
) | frozenset({"t", "m", "d", "ll", "ve", "re"})

#: German, French and Spanish function words the glossary leaves alone
#: because they are also English words or ambiguous between the languages.
FOREIGN_FUNCTION_WORDS = frozenset(
    [
        "el",
        "la",
        "le",
        "les",
        "un",
        "une",
        "unos",
        "unas",
        "en",
        "et",
        "est",
        "du",
        "des",
        "de",
        "del",
        "al",
        "au",
        "aux",
        "y",
        "o",
        "ou",
        "que",
        "qui",
        "si",
        "ma",
        "mon",
        "mes",
        "sa",
        "son",
        "ses",
        "se",
        "ne",
        "pas",
        "con",
        "para",
        "sin",
        "sur",
        "dans",
        "pour",
        "par",
        "die",
        "der",
        "das",
        "den",
        "dem",
        "des",
        "ein",
        "eine",
        "einen",
        "einem",
        "einer",
        "mit",
        "von",
        "im",
        "am",
        "zu",
        "zum",
        "zur",
        "und",
        "oder",
        "es",
        "ist",
        "sind",
        "auf",
        "bei",
        "nach",
        "aus",
        "wir",
        "ich",
        "sie",
        "er",
        "kann",
    ]
)

#: Question words mapped to the word the documentation uses for the idea.
SYNONYMS = {
    "smallest": "minimum",
    "lowest": "minimum",
    "min": "minimum",
    "largest": "maximum",
    "biggest": "maximum",
    "highest": "maximum",
    "longest": "maximum",
    "max": "maximum",
}
#: Weight of the terms of the sentences before the asking one.
SCENE_WEIGHT = 0.5

# "How long", "how often", "how many times": the answer type, not the subject.
_QUESTION_PHRASE = re.compile(
    r"\bhow (long|often|far|fast|big|large|soon|old|frequently|quickly|many times)\b",
    re.IGNORECASE,
)
#: What a quantity question's number measures, by the words that ask for it.
_MEASURES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "duration",
        re.compile(
            r"\bhow (long|soon)\b|\bwithin how\b"
            r"|\bhow many (seconds|minutes|hours|days|weeks|months|years)\b"
        ),
    ),
    (
        "money",
        re.compile(
            r"\bhow much (does|do|is|are|will|would|did|for)\b"
            r"|\b(price|cost|costs|fee|fees|charge|charged|pay|pays|billed|earn|reward)\b"
        ),
    ),
    ("count", re.compile(r"\bhow many\b|\bnumber of\b")),
    ("frequency", re.compile(r"\bhow (often|frequently)\b")),
    ("size", re.compile(r"\bhow (big|large)\b|\bsize\b")),
    ("speed", re.compile(r"\bhow fast\b|\brate\b|\bper second\b")),
    ("minimum", re.compile(r"\b(min|minimum|smallest|lowest|least|shortest)\b")),
    (
        "maximum",
        re.compile(r"\b(max|maximum|largest|biggest|highest|longest|most|limit|limits|up to)\b"),
    ),
    ("default", re.compile(r"\bdefault\b")),
)

_QUANTITY = re.compile(
    r"\bhow (many|much|long|often|big|large|fast|far|soon|old|frequently|quickly)\b"
    r"|\b(max|maximum|minimum|min|smallest|largest|biggest|highest|lowest|longest"
    r"|limit|limits|size|price|cost|costs|rate|quota|fee|fees|percent|percentage)\b"
    r"|^what (does|do|will|would) .{1,40} (pay|earn|reward)\b"
)
_NEGATIVE = re.compile(r"n't\b|\b(not|cannot|never|unsupported)\b")
_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("reason", re.compile(r"^(why|what caus\w*|what (was|is) the (root )?cause)\b")),
    ("time", re.compile(r"^(when|until when|by when|what date|which date|what day|which day)\b")),
    (
        "procedure",
        re.compile(
            r"^(how (do|can|should|would|could|to|does one)"
            r"|what('s| is) the (right|best|correct) way|what (do|should|can) (i|we))\b"
        ),
    ),
    (
        "definition",
        re.compile(
            r"^(what (does|do) .{1,40} (mean|stand for)"
            r"|what (is|are|counts as) (an? |the )?\S+\??$|what counts as)\b"
        ),
    ),
    (
        "policy",
        re.compile(r"^(can|could|may|is|are|do|does|will|would|should|am|must|did|have|has|if)\b"),
    ),
)
_WANTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("error", re.compile(r"\b(error code|which error|what error|status code|http code)\b")),
    ("header", re.compile(r"\bheaders?\b")),
    ("exception", re.compile(r"\bexception\b")),
    ("version", re.compile(r"\bversions?\b")),
    ("format", re.compile(r"\b(look like|format|prefix|start with|begin with)\b")),
    ("role", re.compile(r"\b(roles?|who can|who is able|who in|which members?)\b")),
    ("command", re.compile(r"\b(command|cli|nwr|terminal|command line)\b")),
    ("place", re.compile(r"^where\b|\bwhich (page|url|address|setting|tab|menu)\b")),
)


@dataclass(frozen=True, slots=True)
class Question:
    """A question as the answerer sees it.

    Attributes:
        text: the question as asked.
        english: the question after the glossary (unchanged when English).
        terms: the key terms (stemmed content words, boilerplate removed).
        weights: each key term's weight: 1, or :data:`SCENE_WEIGHT` for terms
            only in the sentences that set the scene.
        kind: the answer type (see the module docstring).
        wants: the kinds of things the answer must name (``error``,
            ``header``, ``exception``, ``version``, ``format``, ``role``,
            ``command``, ``place``) and, for a quantity, what it measures
            (``duration``, ``money``, ``count``, ``frequency``, ``size``,
            ``speed``, ``minimum``, ``maximum``, ``default``).
        unit: the noun of "how many X" (stemmed), if any.
        negative: the question asks about what does not happen or work
            ("which features don't work"): the answer says "not".
        future: the question asks what will happen: the answer says "will".
        subject: for a definition, the rarest key term (what is defined).
    """

    text: str
    english: str
    terms: frozenset[str]
    kind: str
    wants: tuple[str, ...] = ()
    weights: dict[str, float] = field(default_factory=dict)
    unit: str = ""
    negative: bool = False
    future: bool = False
    subject: str = ""


def _fold(text: str) -> str:
    # "prélèvement" -> "prelevement": one unknown word, not three fragments.
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


@lru_cache(maxsize=8192)
def _key_sequence(text: str) -> tuple[str, ...]:
    return tuple(
        SYNONYMS.get(term, term)
        for term in terms(_fold(text))
        if term not in BOILERPLATE and term not in FOREIGN_FUNCTION_WORDS
    )


def key_sequence(text: str) -> list[str]:
    """The key terms of ``text`` in order: content words without question boilerplate.

    Results are cached: the knowledge base's sentences and titles are analysed
    once per process.
    """
    return list(_key_sequence(text))


def key_terms(text: str) -> frozenset[str]:
    """The key terms of ``text`` as a set."""
    return frozenset(key_sequence(text))


def _asking_sentence(english: str) -> str:
    sentences = split_sentences(english) or [english]
    asking = [s for s in sentences if s.rstrip().endswith("?")]
    return (asking or sentences)[-1]


def _kind(asking: str) -> str:
    lowered = asking.lower().lstrip("\u00bf\u00a1 \"'")
    for kind, pattern in _KINDS:
        if pattern.search(lowered):
            if kind in ("definition", "policy") and _QUANTITY.search(lowered):
                return "quantity"
            return kind
    return "quantity" if _QUANTITY.search(lowered) else "other"


def analyse(question: str) -> Question:
    """Translate ``question`` with the glossary and find its key terms and answer type."""
    english = translate_query(question)
    asking = _asking_sentence(english)
    sequence = key_sequence(_QUESTION_PHRASE.sub(" ", english))
    all_terms = frozenset(sequence)
    asked = key_terms(_QUESTION_PHRASE.sub(" ", asking))
    weights = {t: 1.0 if t in asked else SCENE_WEIGHT for t in all_terms}
    lowered = asking.lower()
    kind = _kind(asking)
    wants = [name for name, pattern in _WANTS if pattern.search(lowered)]
    if kind == "quantity":
        wants += [name for name, pattern in _MEASURES if pattern.search(lowered)]
    many = re.search(r"\bhow many ([a-z]+)", lowered)
    unit = key_terms(many.group(1)) if many else frozenset()
    subject = ""
    if kind == "definition" and all_terms:
        # What is defined: the most specific asked term (codes and names
        # first), or of the scene when the asking sentence says "it".
        subject = max(
            sorted(asked or all_terms), key=lambda t: (any(c.isdigit() for c in t), len(t))
        )
    return Question(
        question,
        english,
        all_terms,
        kind,
        tuple(wants),
        weights,
        next(iter(unit), ""),
        negative=bool(_NEGATIVE.search(lowered)),
        future=bool(re.search(r"\bwill\b", lowered)),
        subject=subject,
    )
