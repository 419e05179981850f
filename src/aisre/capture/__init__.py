"""aisre.capture: getting interactions in (redaction here; gateway, OTLP and SDK later)."""

from ._redact import BUILTIN_PATTERNS, Redactor, luhn_ok

__all__ = ["BUILTIN_PATTERNS", "Redactor", "luhn_ok"]
