"""Which interactions are scored online: a share per service, and always the ones that matter.

Scoring every interaction of a busy service costs more than its signal is
worth; the behavior SLIs are ratios, and a sample estimates them (with the
Wilson interval the SLIs report). The choice is deterministic, a hash of the
interaction id against the rate, so every producer and every retry agrees.
Interactions that failed, and interactions a user gave feedback on, are
always scored: those are the ones an on-call engineer will look at.
"""

from __future__ import annotations

import hashlib

from aisre.core import AisreConfig, Interaction

__all__ = ["SamplingPolicy"]

_SCALE = float(1 << 64)


class SamplingPolicy:
    """``scoring.sample_rate``, overridden per service by ``services[].score_sample_rate``."""

    def __init__(self, config: AisreConfig) -> None:
        self.default = config.scoring.sample_rate
        self.rates = {
            s.name: s.score_sample_rate for s in config.services if s.score_sample_rate is not None
        }

    def rate(self, service: str) -> float:
        """The share of ``service``'s interactions scored."""
        return self.rates.get(service, self.default)

    def chosen(self, interaction: Interaction) -> bool:
        """Whether ``interaction`` is scored (ids decide, so the answer never changes)."""
        if interaction.status != "ok":
            return True
        rate = self.rate(interaction.service)
        if rate >= 1.0:
            return True
        if rate <= 0.0 or not interaction.id:
            return False
        digest = hashlib.blake2b(interaction.id.encode(), digest_size=8).digest()
        return int.from_bytes(digest, "big") / _SCALE < rate
