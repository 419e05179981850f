"""aisre.capture: getting interactions in: redaction, the gateway, OTLP and the SDK."""

from ._gateway import Gateway
from ._gateway_record import Exchange, approx_tokens, build_interaction
from ._gateway_stream import StreamObserver
from ._recorder import Recorder
from ._redact import BUILTIN_PATTERNS, Redactor, luhn_ok

__all__ = [
    "BUILTIN_PATTERNS",
    "Exchange",
    "Gateway",
    "Recorder",
    "Redactor",
    "StreamObserver",
    "approx_tokens",
    "build_interaction",
    "luhn_ok",
]
