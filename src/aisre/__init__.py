"""aisre: an SRE control plane for AI services.

The SDK's entry points are here too, loaded on first use so that
``import aisre`` stays light: :func:`instrument`, :func:`trace`,
:func:`retrieved`, :func:`configure` and :func:`flush` (all from
``aisre.capture``; see docs/sdk.md).

Example:
    >>> import aisre
    >>> client = aisre.instrument(OpenAI())
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

#: Names served from ``aisre.capture`` when first used.
_SDK_NAMES = ("configure", "flush", "instrument", "retrieved", "trace")

__all__ = ["__version__", *_SDK_NAMES]


def __getattr__(name: str) -> Any:
    if name in _SDK_NAMES:
        # Imported by name, not by an import statement, so that importing aisre
        # never loads the capture layer (tests/test_public_api.py checks both).
        value = getattr(importlib.import_module("aisre.capture"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'aisre' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_SDK_NAMES])
