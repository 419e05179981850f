"""A small thesaurus of support vocabulary: words users say for what the docs call otherwise.

Questions are paraphrased: users "kill" a key the documentation "revokes",
"add a colleague" where it "invites a member", ask about an "outage" that the
status page calls an "incident". Each group lists interchangeable words
(any form; they are stemmed like every other term); a question term that is
in a group also matches the group's other words. The groups are general
English synonyms of the support domain, not phrasings of particular
questions.
"""

from __future__ import annotations

from ._text import terms

__all__ = ["alternatives"]

_GROUPS = (
    "revoke kill invalidate",
    "delete remove erase purge",
    "create add make",
    "invite add colleague teammate coworker member",
    "colleague teammate coworker member user",
    "transfer hand handover move",
    "outage downtime incident status",
    "limit cap quota ceiling maximum",
    "cap limit ceiling",
    "price cost fee charge",
    "charge bill invoice",
    "cancel terminate end stop",
    "stop pause halt",
    "resume unpause restart reactivate",
    "enable activate turn",
    "disable deactivate switch shut",
    "shut switch disable turn",
    "estimate forecast predict projection",
    "leak leaked expose exposed compromise compromised",
    "error failure fail",
    "quick fast speed rate",
    "throttle throttled rate limit",
    "begin start",
    "allowed permitted allow permit",
    "permission approval",
    "reward pay payout bounty",
    "money refund",
    "region location",
    "reprocess replay redeliver re-deliver rewind reset",
    "ownership owner",
    "certified certification compliant",
    "signup register",
    "login sign",
    "password credential",
    "uptime availability",
    "copy mirror replicate",
    "grace overlap",
    "holiday christmas",
)


def _build() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for group in _GROUPS:
        stems = set(terms(group))
        for stem in stems:
            table.setdefault(stem, set()).update(stems - {stem})
    return {stem: frozenset(alts) for stem, alts in table.items()}


_TABLE = _build()


def alternatives(term: str) -> frozenset[str]:
    """The other words that may stand for ``term`` (stemmed); empty when none."""
    return _TABLE.get(term, frozenset())
