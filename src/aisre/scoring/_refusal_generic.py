"""Refusals no phrase lists: the assistant, a negation, and what it cannot give.

The phrase patterns (:mod:`._refusal_en`, :mod:`._refusal_intl`) know how refusals are
usually worded. People and models keep finding new wordings: "Dedicated cluster pricing
isn't something I'm privy to", "Not one I can field", "The refund status isn't visible
to me", "questions about drivers' pay aren't mine to answer". What these share is a
*shape*: within one clause, a negation and the assistant itself, as

1. the subject of the negated verb: "I *simply* **can't** …", "this assistant
   **hasn't** been given …", "I **have no** idea", "I **know nothing** about …";
2. the subject of a relative clause after a negated noun: "**not** something *I'm*
   privy to", "**isn't** a call *I* can make", "**beyond** what *this assistant* covers";
3. the place the answer is missing from: "**isn't** visible *to me*", "**hasn't** been
   shared *with me*", "**not** available *on my end*", "**aren't** in *my notes*",
   "**not** *mine* to answer", "the identity team, **not** *me*".

A shape found is then judged by what it is about. An information word ("know",
"privy", "details", "visible", "share", "answer" …) makes it a limitation of what the
assistant can tell (kind ``limitation``); an action on the user's behalf makes it a
disclaimer (see ``_classify`` in :mod:`._refusal`); anything else ("I'm not a lawyer,
but …") is only a hedge, a refusal when nothing else is said.

Idioms and opinions are not limitations: "I don't think so", "I wouldn't recommend
it", "I can't stress this enough", "not that I know of", "if I'm not mistaken".
The rules are tried only when no phrase matched; they are English only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

__all__ = ["INFO_CUES", "Found", "find_limitations"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Only text with a negation is tried.
_GATE = re.compile(r"\b(?:not|no|never|nothing|unable|cannot|beyond|outside|limits|wish)\b|n't")
#: … and a mention of the assistant.
_SELF = re.compile(
    r"\b(?:i|i'm|i've|i'd|i'll|me|my|mine|assistant|chatbot|bot|chat|channel|agent)\b"
)
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|%")
#: Where a clause ends: the rules never look across these.
_BOUNDARY = re.compile(
    r"[.!?;:\n]+(?=\s|$)|,|\s[\u2014\u2013-]+\s|\u2014|\((?=\s*\w)|\)|(?<!\bhelp)\s(?:but|however|so)\s"
)
_CONTRACTIONS: Final[dict[str, tuple[str, ...]]] = {
    "can't": ("can", "not"),
    "cannot": ("can", "not"),
    "won't": ("will", "not"),
    "i'm": ("i", "am"),
    "i've": ("i", "have"),
    "i'd": ("i", "would"),
    "i'll": ("i", "will"),
}
_AUX = _words(
    "am is are was were have has had do does did can could will would should must may might "
    "be been got shall"
)
_ADVERBS = _words(
    "really just simply honestly truly genuinely actually unfortunately sadly currently still "
    "personally also even quite afraid frankly certainly definitely probably sorry "
    "regrettably kind of"
)
#: Negations that start a limitation.
_NEG = _words("not never no nothing unable")
#: Negated nouns a relative clause with the assistant can follow ("not *something* I …").
_REL_NEG = _words("not nothing never beyond outside")
#: Words between a negation and the assistant in rule 2: "not *a call* I can make", "beyond
#: *what* this assistant covers", "outside *the remit of* this assistant".
_REL_GAP = _words(
    "a an the what something anything one info information question questions call thing topic "
    "area matter detail details data request kind sort of remit scope range part piece this "
    "that 's support portal help service customer"
)
#: Advice an assistant "can't" give (a refusal) but "wouldn't" give (an opinion).
_ABLE_TO_ADVISE = _words("recommend suggest advise")
#: Opinions after "not something I …": "not something I'd recommend".
_THINK = _words("think believe recommend suggest expect worry mind")
#: Idioms after a first-person negation: "I can't help but notice", "I won't bore you",
#: "I don't have to tell you", "I won't go into every option here", "I can't tell you how
#: much simpler …".
_IDIOMS = [
    p.split()
    for p in (
        "help but",
        "help noticing",
        "help notice",
        "bore you",
        "have to",
        "need to",
        "go into",
        "how much",
        "how many",
        "how important",
    )
]
#: Idioms in German, French and Spanish (and English ones without an English negation word
#: the rules see): "No puedo sino recomendar …", "Ich kann es nicht oft genug sagen".
_IDIOM_PHRASE = re.compile(
    r"\b(?:no\s+puedo\s+(?:sino|dejar\s+de|recomendar\w*\s+lo\s+suficiente)|ich\s+kann\s+"
    r"(?:es\s+)?nicht\s+oft\s+genug|ich\s+kann\s+ihnen\s+nur\s+empfehlen|je\s+ne\s+(?:peux|"
    r"saurais)\s+(?:que|trop)|couldn't\s+agree\s+more|can't\s+stress)"
)
#: Verbs between the assistant and "nothing": "I know nothing about …", "I found nothing".
_SELF_VERBS = _words("know have see found find got hold")
#: What the assistant knows from: "my notes", "my data" (with a negation, a limitation).
_KNOWLEDGE = _words(
    "knowledge notes data information info records sources docs documentation materials "
    "training instructions remit scope wheelhouse area lane brief context files end side"
)
_COULD = [["i", "could"], ["i", "can"]]
_MY_KNOWLEDGE = [[w] for w in sorted(_KNOWLEDGE)]
_ASSISTANT = _words("assistant chatbot bot chat channel agent")
#: The object forms of the assistant as the place an answer is missing from.
_TO_ME = _words("to with for by from")
#: Words skipped between a negation and the verb it negates.
_SKIP_AFTER_NEG = _words(
    "able allowed permitted in a an position to going be been really actually quite entirely "
    "any the much exactly fully 100 % equipped authorised authorized set up supposed meant "
    "always currently personally even"
)
#: What the assistant declines when a limitation is about information.
_INFO_CUES_TEXT = """
    help assist answer respond reply tell say provide give share disclose reveal divulge
    advise comment confirm verify explain describe discuss speculate guess recommend find
    locate know known knowledge speak weigh elaborate determine estimate predict quote list
    diagnose interpret address offer supply identify track privy briefed sure certain aware
    clear familiar informed trained given shared provided told available visible accessible
    covered documented field judge call info information idea details detail data record
    records visibility insight clue found see seen hand numbers figure figures specifics
    answers said mine remit scope area wheelhouse expertise cover covers handle handles
    deal access nothing me notes sources docs documentation
"""
INFO_CUES: Final[frozenset[str]] = frozenset(_INFO_CUES_TEXT.split())
#: Verbs after a first-person negation that give an opinion or an idiom, not a limitation.
_OPINION = _words(
    "think believe recommend suggest expect worry mind stress emphasize emphasise overstate "
    "agree wait blame imagine doubt advise mistaken hesitate guarantee promise vouch"
)


@dataclass(frozen=True, slots=True)
class Found:
    """A limitation found: its span in the normalised text, as a regex match would give it."""

    begin: int
    finish: int
    info: bool

    def start(self) -> int:
        """Where the limitation starts in the normalised text."""
        return self.begin

    def end(self) -> int:
        """Where it ends."""
        return self.finish

    @property
    def lastgroup(self) -> str:
        """Its kind as a phrase group's name: ``limitation`` about information, else ``vague``."""
        return "limitation_0" if self.info else "vague_0"


def _tokens(clause: str, offset: int) -> list[tuple[str, int, int]]:
    """Words of a clause with their spans; contractions split ("can't" → can, not)."""
    out: list[tuple[str, int, int]] = []
    for m in _TOKEN.finditer(clause):
        word, start, end = m.group(), m.start() + offset, m.end() + offset
        parts = _CONTRACTIONS.get(word)
        if parts is None and word.endswith("n't"):
            parts = (word[:-3], "not")
        elif parts is None and word.endswith("'s"):
            parts = (word[:-2], "'s")
        if parts is None:
            out.append((word, start, end))
        else:
            out.extend((p, start, end) for p in parts if p)
    return out


def _is_self(words: list[str], i: int) -> bool:
    """Whether ``words[i]`` names the assistant as a subject: I, this assistant, my notes."""
    w = words[i]
    if w == "i":
        return True
    if w in _ASSISTANT:
        before = words[max(0, i - 3) : i]
        return "this" in before or "'s" in before or (before[-1:] == ["the"] and w == "assistant")
    return w in _KNOWLEDGE and i > 0 and words[i - 1] == "my"


def _subject_negation(words: list[str], i: int) -> int | None:
    """Rule 1: the index of the negation the assistant at ``i`` is the subject of."""
    j, seen = i + 1, 0
    while j < len(words) and seen < 5:
        w = words[j]
        if w in _NEG or w == "cannot":
            return j
        if w in _SELF_VERBS and j + 1 < len(words) and words[j + 1] in ("nothing", "no"):
            return j + 1
        if w not in _AUX and w not in _ADVERBS:
            return None
        j, seen = j + 1, seen + 1
    return None


def _head_at(words: list[str], j: int) -> int:
    """Where the word a negation at ``j`` is about stands: "not *able to* **tell**"."""
    k = j + 1
    while k < len(words) and words[k] in _SKIP_AFTER_NEG:
        k += 1
    return k


#: What :func:`_clause_limitation` returns when the only candidate was an idiom or opinion.
IDIOM = (-1, -1)


def _clause_limitation(words: list[str]) -> tuple[int, int] | None:
    """The first and last index of a limitation in one clause's words, :data:`IDIOM` when
    the only candidate was an idiom or an opinion, else None."""
    n = len(words)
    idiom = None
    for i, w in enumerate(words):
        # Rule 1: I (really) can't / this assistant hasn't / I have no idea.
        if _is_self(words, i):
            j = _subject_negation(words, i)
            if j is not None:
                if not _opinion(words, i, j):
                    return i, min(n - 1, j + 2)
                idiom = IDIOM
        if w in _REL_NEG:
            # Rule 2: not something I'm privy to; beyond what this assistant covers.
            for k in range(i + 1, min(n, i + 7)):
                if _is_self(words, k):
                    if _relative_ok(words, i, k):
                        return i, k
                    break
            # Rule 3: isn't visible to me; hasn't been shared with me; not mine; not me.
            for k in range(i + 1, min(n, i + 9)):
                if words[k] == "me" and (words[k - 1] in _TO_ME or words[k - 1] == "not"):
                    return i, k
                if words[k] == "mine" or (
                    words[k] == "my" and k + 1 < n and words[k + 1] in _KNOWLEDGE
                ):
                    return i, min(n - 1, k + 1)
        if w == "wish" and words[i + 1 : i + 3] in _COULD and words[i + 3 : i + 4] != ["have"]:
            return i, min(n - 1, i + 3)  # "I wish I could tell you, but …"
        if w == "limits" and i and words[i - 1] == "off" and "me" in words[i + 1 : i + 3]:
            return i - 1, i + 2  # "off-limits for me"
    return idiom


def _opinion(words: list[str], i: int, j: int) -> bool:
    """Whether a first-person negation is an opinion or an idiom, not a limitation."""
    k = _head_at(words, j)
    head = words[k] if k < len(words) else ""
    if head in _ABLE_TO_ADVISE and words[j - 1 : j] in (["can"], ["could"]):
        return "enough" in words[j + 1 : j + 6]  # "I can't recommend a provider" declines
    if head in _OPINION or "enough" in words[j + 1 : j + 5]:
        return True  # "I don't think so", "I can't say enough good things about …"
    if words[k + 1 : k + 2] in (["every"], ["all"], ["each"]):
        return True  # "I can't list every option here, but …": a scope note, then the answer
    after = words[j + 1 : j + 4]
    if any(words[m : m + 2] in _IDIOMS for m in range(j + 1, j + 4)):
        return True
    if (
        head == "see"
        and words[j + 2 : j + 3] in (["why"], ["any"])
        and words[j + 3 : j + 4] != ["information"]
    ):
        return True
    if after in (["aware", "of", "any"], ["know", "of", "any"]) or after[:2] == ["know", "of"]:
        # "I'm not aware of any limit": there is none. Only missing information refuses.
        return words[j + 4 : j + 5] not in (["information"], ["documentation"], ["details"])
    # "if I'm not mistaken", "unless I'm …"
    return i > 0 and words[i - 1] in ("if", "unless") and head in ("mistaken", "wrong")


def _relative_ok(words: list[str], i: int, k: int) -> bool:
    """Rule 2's shape: "not <noun> I <verb>", and not "not … I know of" or "I'd recommend"."""
    if words[i + 1 : i + 3] in (["that", "i"], ["to", "my"]):
        return False  # "not that I know of", "not to my knowledge": a no, not a refusal
    gap = words[i + 1 : k]
    if any(
        w not in _REL_GAP and w not in _ASSISTANT and gap[g + 1 : g + 2] != ["'s"]
        for g, w in enumerate(gap)
    ):
        return False  # "256 KB, not 512 KB as I said": no relative clause
    if words[i] in ("beyond", "outside"):
        return True  # "beyond what this assistant covers", "outside the remit of this assistant"
    after = words[k + 1 : k + 5]
    rest = [w for w in after if w not in _AUX and w not in _ADVERBS]
    if not rest:
        return bool(after)  # "not something I can do", "not something I'll do"
    if rest[0] in _THINK or rest[:2] == ["know", "of"]:
        return False
    return rest[0] != "not"  # "nothing I can't …" is not a limitation


def find_limitations(low: str) -> tuple[list[Found], bool]:
    """Every limitation in ``low`` (normalised text), one per clause at most, by position;
    and whether an idiom or an opinion was seen ("I'm not aware of any limit")."""
    if _GATE.search(low) is None or _SELF.search(low) is None:
        return [], _IDIOM_PHRASE.search(low) is not None
    found: list[Found] = []
    idiom = False
    start = 0
    bounds = [(b.start(), b.end()) for b in _BOUNDARY.finditer(low)]
    bounds.append((len(low), len(low)))
    for end, after in bounds:
        if end > start and _GATE.search(low, start, end) is not None:
            toks = _tokens(low[start:end], start)
            words = [t[0] for t in toks]
            span = _clause_limitation(words)
            if span == IDIOM:
                idiom = True
            elif span is not None:
                a, b = span
                info = any(w in INFO_CUES for w in words[a : b + 3])
                found.append(Found(toks[a][1], toks[b][2], info))
        start = after
    # The idiom phrases matter only when nothing was found.
    return found, idiom or (not found and _IDIOM_PHRASE.search(low) is not None)
