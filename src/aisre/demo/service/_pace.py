"""How long the simulated model takes to answer: prefill, then one token at a time.

An extractive answer is computed in a few milliseconds, which no real LLM
does. A :class:`Pace` adds the time a GPU-served model would take: a fixed
start-up, prefill time proportional to the prompt, and a decode time per
output token. It is slept on the request's clock, so on simulated time it
costs nothing and on real time the service really is that slow.

Example:
    >>> REALISTIC.first_token_s(prompt_tokens=400)
    0.228
    >>> round(REALISTIC.decode_s(completion_tokens=50), 3)
    0.9
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["INSTANT", "PACES", "REALISTIC", "Pace"]


@dataclass(frozen=True, slots=True)
class Pace:
    """The simulated speed of generation; the default is instant.

    Attributes:
        start_ms: fixed time before the first token (scheduling, tokenizing).
        prefill_ms_per_1k: time per thousand prompt tokens.
        decode_ms_per_token: time per output token, between stream chunks.
    """

    start_ms: float = 0.0
    prefill_ms_per_1k: float = 0.0
    decode_ms_per_token: float = 0.0

    def __post_init__(self) -> None:
        for name in ("start_ms", "prefill_ms_per_1k", "decode_ms_per_token"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative")

    def first_token_s(self, prompt_tokens: int) -> float:
        """Seconds from the start of generation to the first output token."""
        return (self.start_ms + self.prefill_ms_per_1k * prompt_tokens / 1000.0) / 1000.0

    def decode_s(self, completion_tokens: int) -> float:
        """Seconds to produce ``completion_tokens`` after the first."""
        return self.decode_ms_per_token * completion_tokens / 1000.0

    @property
    def per_token_s(self) -> float:
        """Seconds between two stream chunks."""
        return self.decode_ms_per_token / 1000.0


#: No added time: the service answers as fast as it computes.
INSTANT = Pace()
#: Roughly a 7-8B model on one data-centre GPU: ~55 tokens/s.
REALISTIC = Pace(start_ms=180.0, prefill_ms_per_1k=120.0, decode_ms_per_token=18.0)
#: The paces by name, as the CLI and scenarios spell them.
PACES: dict[str, Pace] = {"instant": INSTANT, "realistic": REALISTIC}
