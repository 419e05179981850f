"""Redaction: secrets and personal data are cut out before anything reaches disk.

Built-in patterns (each can be switched off in ``redaction.builtin``):

* ``api_key`` — provider keys (``sk-…``, ``AKIA…``, ``ghp_…``, ``xox?-…``,
  ``AIza…``) and ``key=value`` assignments of keys, tokens, secrets and passwords;
* ``email`` — e-mail addresses;
* ``card_number`` — 13 to 19 digit numbers that pass the Luhn check.

Matches become ``[REDACTED:<name>]``. Redaction sits on the ingest hot path
(tens of thousands of texts a second), and a regular-expression scan of a
prose paragraph costs microseconds per pattern even when nothing matches —
patterns starting with ``\\b`` or a case-insensitive alternation defeat the
engine's literal-prefix search. So each built-in pattern has a pre-check that
is a strict superset of what the pattern can match, built from substring
searches and byte translations that run in C:

* ``email`` — an ``@``;
* ``card_number`` — thirteen ASCII digits in a row once spaces and hyphens
  are dropped (one byte translation), then the exact shape the pattern needs:
  thirteen digits, each pair apart by at most one space or hyphen;
* ``api_key`` — a provider prefix, or a ``:`` / ``=`` preceded (across
  whitespace) by a key word: only the few separators are looked at, not
  every position of the text.

A pattern whose pre-check fails on a text is not run on it, so ordinary text
costs a few sub-microsecond searches; for an interaction the pre-checks run
once, on all of its texts joined. ``tests/test_redact.py`` checks that
pre-checked redaction equals running every pattern unconditionally.

Digits are ASCII digits here: like the checks before them, the pre-checks do
not look for other Unicode decimal digits, which ``\\d`` in the card pattern
would match (and which the Luhn check cannot read anyway).

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

#: Digits become ``0``, the card pattern's separators (space, hyphen) a space,
#: everything else (non-ASCII UTF-8 bytes too) an ``x``.
_CARD_SHAPE = bytes(0x30 if 0x30 <= b <= 0x39 else 0x20 if b in b" -" else 0x78 for b in range(256))
_THIRTEEN = b"0" * 13
#: Thirteen digits, each pair apart by at most one separator, in the shape above.
_CARD_RUN = re.compile(b"0 ?" * 12 + b"0")
#: The words that can end the "name: value" branch of ``api_key`` (``api_key``
#: and ``access-token`` end in ``key`` and ``token``), case-folded.
_KEY_ENDINGS = ("key", "token", "secret", "passwd", "password")
_KEY_WORDS = ("key", "token", "secret", "passw")
#: Provider prefixes as regexes with a literal prefix, which the engine finds
#: faster than ``in`` does for these (measured).
_GOOGLE_OR_AWS = re.compile("A(?:KIA|Iza)")
_XOX = re.compile("xox")
#: No key word of the pattern is longer than this ("access_token").
_KEY_WINDOW = 12

# The start of the pattern's "name: value" branch: the exact check, for texts
# with many separators.
_KEY_ASSIGNMENT = re.compile(
    r"(?i)\b(?:api[_-]?key|access[_-]?token|secret|password|passwd|token)\b\s*[:=]"
)


def _may_hold_key(text: str) -> bool:
    """Whether ``api_key`` can match: a provider prefix, or a key word before ``:`` or ``=``."""
    # A substring search costs up to a nanosecond a character, one for a single
    # character (memchr) far less: the hyphen and underscore go first.
    if "-" in text and ("sk-" in text or _XOX.search(text) is not None):
        return True
    if ("_" in text and "ghp_" in text) or _GOOGLE_OR_AWS.search(text) is not None:
        return True
    return _may_assign_key(text)


def _may_assign_key(text: str) -> bool:
    """Whether a key word stands before a ``:`` or ``=``, across whitespace (case-insensitive).

    Prose such as "Context: ... the API key page" names a key without
    assigning one. Only the few separators are looked at: back from each,
    across whitespace, for a key word. ``casefold`` rather than ``lower``: the
    pattern is case-insensitive, and the regex engine also equates the long s
    (U+017F) with "s" and the Kelvin sign with "k", as ``casefold`` does.
    """
    limit = 16 + len(text) // 16  # past this many separators, one scan costs less
    seen = 0
    for separator in ":=":
        at = text.find(separator)
        while at >= 0:
            seen += 1
            if seen > limit:
                folded = text.casefold()
                if not any(word in folded for word in _KEY_WORDS):
                    return False
                return _KEY_ASSIGNMENT.search(text) is not None
            end = at
            while end and text[end - 1].isspace():  # str.isspace is what \s matches
                end -= 1
            if text[max(0, end - _KEY_WINDOW) : end].casefold().endswith(_KEY_ENDINGS):
                return True
            at = text.find(separator, at + 1)
    return False


def _may_hold_card(text: str) -> bool:
    """Whether ``card_number`` can match: 13 digits apart by at most one space or hyphen."""
    raw = text.encode()
    # Separators dropped: thirteen digits in a row if any digits are apart by
    # nothing but separators (a cheap superset); then the exact shape.
    if _THIRTEEN not in raw.translate(_CARD_SHAPE, b" -"):
        return False
    return _CARD_RUN.search(raw.translate(_CARD_SHAPE)) is not None


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
            _Rule(name, re.compile(BUILTIN_PATTERNS[name]), _PRECHECKS[name])
            for name in config.builtin
        ]
        rules += [_Rule(p.name, re.compile(p.regex), _always) for p in config.patterns]
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

    def interactions(self, items: Sequence[Interaction]) -> None:
        """Redact inputs, outputs, chunk texts and attribute values in place.

        The pre-checks run once on all of an interaction's texts joined (a NUL
        between two texts matches nothing a pattern spans), so a record without
        anything to redact, the usual one, costs one pre-check a pattern.
        """
        rules = self._rules
        if not rules:
            return
        self._passages_of(items)
        apply = self._apply
        for item in items:
            attributes = item.attributes
            joined = "\x00".join((item.input, item.output, *attributes.values()))
            # A pattern that can match in one of the texts passes its pre-check on
            # the join. A built-in pattern's replacement creates no match for a
            # later built-in one, and custom patterns (run last) have no pre-check,
            # so the rules judged here are all that can apply.
            wanted = [rule for rule in rules if rule.precheck(joined)]
            if not wanted:
                continue
            text = item.input
            if (done := apply(text, wanted)) is not text:
                item.input = done
            text = item.output
            if (done := apply(text, wanted)) is not text:
                item.output = done
            changed: dict[str, str] | None = None
            for key, text in attributes.items():
                if (done := apply(text, wanted)) is not text:
                    if changed is None:  # a copy: the dict may be the caller's
                        changed = dict(attributes)
                    changed[key] = done
            if changed is not None:
                item.attributes = changed

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

    __slots__ = ("min_length", "name", "precheck", "regex", "replacement")

    def __init__(self, name: str, regex: re.Pattern[str], precheck: Callable[[str], bool]) -> None:
        self.name = name
        self.regex = regex
        self.precheck = precheck
        #: No match is shorter: shorter texts (labels, languages) skip the rule.
        self.min_length = _MIN_LENGTHS.get(name, 0) if precheck is not _always else 0
        self.replacement: str | Callable[[re.Match[str]], str] = (
            _card_replacement if name == "card_number" else f"[REDACTED:{name}]"
        )


def _card_replacement(match: re.Match[str]) -> str:
    digits = re.sub(r"\D", "", match.group())
    return "[REDACTED:card_number]" if luhn_ok(digits) else match.group()
