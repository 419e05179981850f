"""Imports the built-in scorers, which register themselves in :data:`~._scorer.SCORERS`."""

from __future__ import annotations

from . import _completion, _grounding, _refusal, _retrieval, _validity  # noqa: F401
