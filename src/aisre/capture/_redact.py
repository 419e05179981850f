"""Redaction: secrets and personal data are cut out before anything reaches disk.

Built-in patterns (each can be switched off in ``redaction.builtin``):

* ``api_key`` — provider keys (``sk-…``, ``AKIA…``, ``ghp_…``, ``xox?-…``,
  ``AIza…``) and ``key=value`` assignments of keys, tokens, secrets and passwords;
* ``email`` — e-mail addresses;
* ``card_number`` — 13 to 19 digit numbers that pass the Luhn check.

Matches become ``[REDACTED:<name>]``. Each built-in pattern has a cheap
pre-check (an ``@`` for e-mail, thirteen digits for a card, a key prefix or
keyword for keys), so ordinary text costs a few substring searches rather than
a regular-expression scan per pattern: redaction sits on the ingest hot path.

Example:
    >>> r = Redactor(RedactionConfig())
    >>> r.redact("mail ana@example.com, card 4111 1111 1111 1111")
    'mail [REDACTED:email], card [REDACTED:card_number]'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from aisre.core import ChangeEvent, Interaction, RedactionConfig, Score

BUILTIN_PATTERNS: dict[str, str] = {
    "api_key": (
        # A provider key must end where a word does, as it starts: one running
        # into the next would only be found once the first became [REDACTED:…].
        r"\b(?:sk-(?:ant-|proj-)?[A-Za-z0-9_-]{16,}|AKIA[0-9A-Z]{16}|ghp_[A-Za-z0-9]{36}"
        r"|xox[abprs]-[A-Za-z0-9-]{10,}|AIza[0-9A-Za-z_-]{35})(?![A-Za-z0-9])"
        r"|(?i:\b(?:api[_-]?key|access[_-]?token|secret|password|passwd|token)\b\s*[:=]\s*"
        # A value already holding a redaction (a card number in it, say) is left
        # alone, so that redacting twice gives what redacting once gave.
        r"['\"]?(?![^\s'\"]*\[REDACTED:)[^\s'\"]{6,}['\"]?)"
    ),
    "email": r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b",
    "card_number": r"\b\d(?:[ -]?\d){12,18}\b",
}

#: Distinct retrieved passages whose redacted form is remembered.
PASSAGE_CACHE_SIZE = 20_000

_KEY_PREFIXES = ("sk-", "AKIA", "ghp_", "xox", "AIza")
_KEY_WORDS = ("key", "token", "secret", "passw")
_DIGITS = b"0123456789"


# The start of the pattern's "name: value" branch; searched only when a key word occurs.
_KEY_ASSIGNMENT = re.compile(
    r"(?i)\b(?:api[_-]?key|access[_-]?token|secret|password|passwd|token)\b\s*[:=]"
)


def _may_hold_key(text: str) -> bool:
    if any(p in text for p in _KEY_PREFIXES):
        return True
    if "=" not in text and ":" not in text:
        return False
    lowered = text.lower()
    # Prose such as "Context: ... the API key page" names a key without assigning one.
    return any(w in lowered for w in _KEY_WORDS) and _KEY_ASSIGNMENT.search(text) is not None


def _may_hold_card(text: str) -> bool:
    raw = text.encode()
    return len(raw) - len(raw.translate(None, _DIGITS)) >= 13


def _may_hold_email(text: str) -> bool:
    return "@" in text


def _always(text: str) -> bool:
    return True


#: Per-text pre-checks; a pattern whose check fails on a text is not run on it.
_PRECHECKS: dict[str, Callable[[str], bool]] = {
    "api_key": _may_hold_key,
    "email": _may_hold_email,
    "card_number": _may_hold_card,
}
#: The shortest text each built-in pattern can match (a@b.cd; token=xxxxxx; 13 digits).
_MIN_LENGTHS = {"email": 6, "api_key": 9, "card_number": 13}
#: Pre-checks cheap enough to run once on a whole batch's joined text first.
_BATCH_PRECHECKS = {"api_key", "email"}


def luhn_ok(digits: str) -> bool:
    """Whether a digit string passes the Luhn checksum that card numbers carry."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


class Redactor:
    """Applies the configured patterns to the free text of records.

    Args:
        config: The ``redaction`` section of the configuration.
    """

    def __init__(self, config: RedactionConfig) -> None:
        self.enabled = config.enabled
        rules: list[_Rule] = [
            _Rule(
                name, re.compile(BUILTIN_PATTERNS[name]), _PRECHECKS[name], name in _BATCH_PRECHECKS
            )
            for name in config.builtin
        ]
        rules += [_Rule(p.name, re.compile(p.regex), _always, False) for p in config.patterns]
        self._rules = rules if config.enabled else []
        # Retrieved passages repeat: a knowledge base of a few thousand passages
        # serves every request. Redacting is a pure function, so remember it.
        self._passages: dict[str, str] = {}

    def redact(self, text: str) -> str:
        """Return ``text`` with every match replaced by ``[REDACTED:<name>]``."""
        return self._apply(text, self._rules)

    @staticmethod
    def _apply(text: str, rules: Sequence[_Rule]) -> str:
        if not text:
            return text
        size = len(text)
        for rule in rules:
            if size >= rule.min_length and rule.precheck(text):
                text = rule.regex.sub(rule.replacement, text)
        return text

    def _rules_for(self, texts: Sequence[str]) -> list[_Rule]:
        """The rules worth running on any of ``texts``, judged once on all of them joined."""
        if not any(r.batch_check for r in self._rules):
            return self._rules
        joined = "\x00".join(texts)
        return [r for r in self._rules if not r.batch_check or r.precheck(joined)]

    def interactions(self, items: Sequence[Interaction]) -> None:
        """Redact inputs, outputs, chunk texts and attribute values in place."""
        if not self._rules:
            return
        self._passages_of(items)
        texts: list[str] = []
        for item in items:
            texts.append(item.input)
            texts.append(item.output)
            texts.extend(item.attributes.values())
        rules = self._rules_for(texts)
        if not rules:
            return
        apply = self._apply
        for item in items:
            item.input = apply(item.input, rules)
            item.output = apply(item.output, rules)
            if item.attributes:
                item.attributes = {k: apply(v, rules) for k, v in item.attributes.items()}

    def _passages_of(self, items: Sequence[Interaction]) -> None:
        cache = self._passages
        if len(cache) > PASSAGE_CACHE_SIZE:
            cache.clear()
        for item in items:
            for chunk in item.retrieval_chunks:
                text = chunk.text
                done = cache.get(text)
                if done is None:
                    done = cache[text] = self._apply(text, self._rules)
                chunk.text = done

    def scores(self, items: Sequence[Score]) -> None:
        """Redact explanations (they may quote the answer) in place."""
        for item in items:
            item.explanation = self.redact(item.explanation)
            if item.error:
                item.error = self.redact(item.error)

    def changes(self, items: Sequence[ChangeEvent]) -> None:
        """Redact change descriptions in place."""
        for item in items:
            item.description = self.redact(item.description)
            if item.attributes:
                item.attributes = {k: self.redact(v) for k, v in item.attributes.items()}


class _Rule:
    """One pattern: its regex, its replacement, and the pre-check that gates it."""

    __slots__ = ("batch_check", "min_length", "name", "precheck", "regex", "replacement")

    def __init__(
        self, name: str, regex: re.Pattern[str], precheck: Callable[[str], bool], batch_check: bool
    ) -> None:
        self.name = name
        self.regex = regex
        self.precheck = precheck
        self.batch_check = batch_check
        #: No match is shorter: shorter texts (labels, languages) skip the rule.
        self.min_length = _MIN_LENGTHS.get(name, 0) if precheck is not _always else 0
        self.replacement: str | Callable[[re.Match[str]], str] = (
            _card_replacement if name == "card_number" else f"[REDACTED:{name}]"
        )


def _card_replacement(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group())
    return "[REDACTED:card_number]" if luhn_ok(digits) else match.group()
