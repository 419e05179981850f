"""What each request asks, and who asks it: the content half of the generator.

A profile's mixes become cumulative tables once; each request then costs a
dozen uniform draws from one ``random.Random``, so the same seed and the same
profiles replay the same requests.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from dataclasses import dataclass
from datetime import datetime

from ._bank import QueryBank, cumulative, query_bank
from ._profile import TrafficProfile
from ._request import TrafficRequest

__all__ = ["Composer"]

#: Zipf exponent of user activity: of 1,000 users, the busiest sends about 6 % of the
#: requests and the busiest 100 about half.
USER_SKEW = 0.8
# How often a generated question is dressed up (golden questions never are).
_CASUAL = 0.15  # lower-cased, no question mark
_CONTEXT = 0.12  # "We're on the Team plan." first
_GREETING = 0.08
_THANKS = 0.06
_SECOND_TYPO = 0.25


@dataclass(frozen=True, slots=True)
class _Tables:
    """A profile's mixes as cumulative weights, for drawing by bisection."""

    languages: tuple[str, ...]
    language_cum: tuple[float, ...]
    query_types: tuple[str, ...]
    query_type_cum: tuple[float, ...]
    temperatures: tuple[float, ...]
    temperature_cum: tuple[float, ...]
    users: tuple[str, ...]
    user_cum: tuple[float, ...]


def _tables(profile: TrafficProfile, users: tuple[tuple[str, ...], tuple[float, ...]]) -> _Tables:
    return _Tables(
        tuple(profile.languages),
        cumulative(list(profile.languages.values())),
        tuple(profile.query_types),
        cumulative(list(profile.query_types.values())),
        tuple(profile.temperatures),
        cumulative(list(profile.temperatures.values())),
        *users,
    )


class Composer:
    """Draws the content of each request under the profile in force.

    Args:
        seed: The seed of every draw.
        bank: The questions to draw from; the bundled one by default.
    """

    def __init__(self, seed: int, bank: QueryBank | None = None) -> None:
        rng = random.Random(f"aisre-traffic-content-{seed}")
        self._random = rng.random
        self._bits = rng.getrandbits
        # Typos draw from their own stream, so the typo rate changes nothing but the typos.
        self._typo_random = random.Random(f"aisre-traffic-typos-{seed}").random
        self._seed = seed
        self._bank = bank = bank or query_bank()
        self._golden_questions = {c.question for cases in bank.golden.values() for c in cases}
        self._profile: TrafficProfile | None = None
        self._tables: _Tables | None = None
        self._known: dict[TrafficProfile, _Tables] = {}
        self._users: dict[int, tuple[tuple[str, ...], tuple[float, ...]]] = {}

    def request(self, seq: int, at: datetime, profile: TrafficProfile) -> TrafficRequest:
        """The request number ``seq``, arriving at ``at``, drawn under ``profile``."""
        tables = self._tables_for(profile)
        random = self._random
        language = tables.languages[bisect_right(tables.language_cum, random())]
        query_type = tables.query_types[bisect_right(tables.query_type_cum, random())]
        golden_id = None
        cases = self._bank.golden.get((language, query_type))
        if cases and random() < profile.golden_share:
            case = cases[int(random() * len(cases))]
            question, golden_id = case.question, case.id
        else:
            question = self.question(language, query_type, profile.typo_rate)
        return TrafficRequest(
            seq=seq,
            at=at,
            question=question,
            query_type=query_type,
            language=language,
            golden_id=golden_id,
            structured=random() < profile.structured_share,
            stream=random() < profile.stream_share,
            temperature=tables.temperatures[bisect_right(tables.temperature_cum, random())],
            seed=self._bits(31),
            user=tables.users[bisect_right(tables.user_cum, random())],
        )

    def question(self, language: str, query_type: str, typo_rate: float = 0.0) -> str:
        """A generated (non-golden) question of ``language`` and ``query_type``."""
        text = self._draft(language, query_type)
        for _ in range(20):  # a generated question must not pass for a golden one
            if text not in self._golden_questions:
                break
            text = self._draft(language, query_type)
        if self._random() < typo_rate:
            text = self._typo(text)
            if self._typo_random() < _SECOND_TYPO:
                text = self._typo(text)
        return text

    def _draft(self, language: str, query_type: str) -> str:
        """A question from the bank, dressed up as users do: casual, with context, polite."""
        random = self._random
        bank = self._bank
        cell = bank.cells[(language, query_type)]
        pools = cell.families[bisect_right(cell.cum_weights, random())]
        pool = pools[int(random() * len(pools))]
        text = pool[int(random() * len(pool))]
        if random() < _CASUAL and text.endswith("?"):
            text = text[:1].lower() + text[1:-1].rstrip()
        if random() < _CONTEXT:
            contexts = bank.contexts[language]
            context = contexts[int(random() * len(contexts))]
            text = f"{context[int(random() * len(context))]} {text}"
        if random() < _GREETING:
            greetings = bank.greetings[language]
            greeting = greetings[int(random() * len(greetings))]
            text = f"{greeting} {_lower_first(text) if greeting.endswith(',') else text}"
        if random() < _THANKS:
            thanks = bank.thanks[language]
            text = f"{text} {thanks[int(random() * len(thanks))]}"
        return text

    def _typo(self, text: str) -> str:
        """``text`` with one slip of the keyboard: two letters swapped, one dropped or doubled."""
        letters = [i for i, c in enumerate(text) if c.isalpha()]
        if len(letters) < 4:
            return text
        i = letters[int(self._typo_random() * len(letters))]
        kind = int(self._typo_random() * 3)
        if kind == 0 and i + 1 < len(text):
            return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        if kind == 1:
            return text[:i] + text[i + 1 :]
        return text[:i] + text[i] + text[i:]

    def _tables_for(self, profile: TrafficProfile) -> _Tables:
        """The tables of ``profile``: the last one's, else cached per distinct profile."""
        if profile is self._profile and self._tables is not None:
            return self._tables
        tables = self._known.get(profile)
        if tables is None:
            if len(self._known) > 256:  # a caller building a new profile per call
                self._known.clear()
            tables = self._known[profile] = _tables(profile, self._user_table(profile.users))
        self._profile, self._tables = profile, tables
        return tables

    def _user_table(self, count: int) -> tuple[tuple[str, ...], tuple[float, ...]]:
        """Users ``u-0001``… in a seeded order of activity, and their cumulative Zipf weights."""
        table = self._users.get(count)
        if table is None:
            width = max(4, len(str(count)))
            ids = [f"u-{n:0{width}d}" for n in range(1, count + 1)]
            random.Random(f"aisre-traffic-users-{self._seed}-{count}").shuffle(ids)
            weights = [1.0 / rank**USER_SKEW for rank in range(1, count + 1)]
            table = self._users[count] = (tuple(ids), cumulative(weights))
        return table


def _lower_first(text: str) -> str:
    """``text`` as it continues a sentence: "How do I…" → "how do I…", but "I'm", "API" kept."""
    start = 1 if text[:1] in ("¿", "¡") else 0
    word = text[start:].split(" ", 1)[0]
    if word in ("I", "I'm", "I've", "I'd") or word[1:2].isupper() or not word[1:2].isalpha():
        return text
    return text[:start] + text[start].lower() + text[start + 1 :]
