"""The request parameters every capture path records in ``Interaction.params``."""

from __future__ import annotations

__all__ = ["SAMPLING_PARAMS"]

#: OpenAI request fields beyond model, messages and temperature that shape an answer.
SAMPLING_PARAMS = (
    "top_p",
    "max_tokens",
    "max_completion_tokens",
    "n",
    "seed",
    "presence_penalty",
    "frequency_penalty",
    "stop",
    "stream",
    "logprobs",
    "top_logprobs",
    "reasoning_effort",
    "dimensions",
    "encoding_format",
)
