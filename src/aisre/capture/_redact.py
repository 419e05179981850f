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
        r"\b(?:sk-(?:ant-|proj-)?[A-Za-z0-9_-]{16,}|AKIA[0-9A-Z]{16}|ghp_[A-Za-z0-9]{36}"
        r"|xox[abprs]-[A-Za-z0-9-]{10,}|AIza[0-9A-Za-z_-]{35})"
        r"|(?i:\b(?:api[_-]?key|access[_-]?token|secret|password|passwd|token)\b\s*[:=]\s*"
        r"['\"]?[^\s'\"]{6,}['\"]?)"
    ),
    "email": r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b",
    "card_number": r"\b\d(?:[ -]?\d){12,18}\b",
}

_KEY_PREFIXES = ("sk-", "AKIA", "ghp_", "xox", "AIza")
_KEY_WORDS = ("key", "token", "secret", "passw")


def _may_hold_key(text: str) -> bool:
    if any(p in text for p in _KEY_PREFIXES):
        return True
    if "=" not in text and ":" not in text:
        return False
    lowered = text.lower()
    return any(w in lowered for w in _KEY_WORDS)


def _may_hold_card(text: str) -> bool:
    return sum(map(text.count, "0123456789")) >= 13


def _may_hold_email(text: str) -> bool:
    return "@" in text


_PRECHECKS: dict[str, Callable[[str], bool]] = {
    "api_key": _may_hold_key,
    "email": _may_hold_email,
    "card_number": _may_hold_card,
}


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
        rules: list[tuple[str, re.Pattern[str], Callable[[str], bool] | None]] = [
            (name, re.compile(BUILTIN_PATTERNS[name]), _PRECHECKS[name]) for name in config.builtin
        ]
        rules += [(p.name, re.compile(p.regex), None) for p in config.patterns]
        self._rules = rules if config.enabled else []

    def redact(self, text: str) -> str:
        """Return ``text`` with every match replaced by ``[REDACTED:<name>]``."""
        if not text:
            return text
        for name, regex, precheck in self._rules:
            if precheck is not None and not precheck(text):
                continue
            if name == "card_number":
                text = regex.sub(_card_replacement, text)
            else:
                text = regex.sub(f"[REDACTED:{name}]", text)
        return text

    def interactions(self, items: Sequence[Interaction]) -> None:
        """Redact inputs, outputs, chunk texts and attribute values in place."""
        if not self._rules:
            return
        redact = self.redact
        for item in items:
            item.input = redact(item.input)
            item.output = redact(item.output)
            for chunk in item.retrieval_chunks:
                chunk.text = redact(chunk.text)
            if item.attributes:
                item.attributes = {k: redact(v) for k, v in item.attributes.items()}

    def scores(self, items: Sequence[Score]) -> None:
        """Redact explanations (they may quote the answer) in place."""
        if not self._rules:
            return
        for item in items:
            item.explanation = self.redact(item.explanation)

    def changes(self, items: Sequence[ChangeEvent]) -> None:
        """Redact change descriptions in place."""
        if not self._rules:
            return
        for item in items:
            item.description = self.redact(item.description)


def _card_replacement(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group())
    return "[REDACTED:card_number]" if luhn_ok(digits) else match.group()
