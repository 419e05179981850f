"""aisre.capture: getting interactions in: redaction, the gateway, OTLP and the SDK.

Names are loaded from their modules on first use, so that an application
using only the SDK (``aisre.instrument``) does not pay for importing the
gateway, the OTLP receiver and the event lake.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._gateway import Gateway as Gateway
    from ._gateway_record import Exchange as Exchange
    from ._gateway_record import approx_tokens as approx_tokens
    from ._gateway_record import build_interaction as build_interaction
    from ._gateway_stream import StreamObserver as StreamObserver
    from ._otlp_codec import OTLP_CONTENT_TYPES as OTLP_CONTENT_TYPES
    from ._otlp_codec import OTLP_JSON as OTLP_JSON
    from ._otlp_codec import OTLP_PROTOBUF as OTLP_PROTOBUF
    from ._otlp_codec import decode_export_request as decode_export_request
    from ._otlp_codec import encode_export_response as encode_export_response
    from ._otlp_codec import encode_otlp_status as encode_otlp_status
    from ._otlp_codec import otlp_media_type as otlp_media_type
    from ._otlp_map import OtlpResult as OtlpResult
    from ._otlp_map import RetrievalCache as RetrievalCache
    from ._otlp_map import map_export_request as map_export_request
    from ._recorder import Recorder as Recorder
    from ._redact import BUILTIN_PATTERNS as BUILTIN_PATTERNS
    from ._redact import Redactor as Redactor
    from ._redact import luhn_ok as luhn_ok
    from ._sdk_config import SdkConfig as SdkConfig
    from ._sdk_configure import configure as configure
    from ._sdk_configure import flush as flush
    from ._sdk_configure import sdk_stats as sdk_stats
    from ._sdk_configure import shutdown as shutdown
    from ._sdk_context import retrieved as retrieved
    from ._sdk_openai import instrument as instrument
    from ._sdk_sender import SdkStats as SdkStats
    from ._sdk_trace import trace as trace

#: Where each public name lives.
_WHERE: dict[str, str] = {
    "Gateway": "_gateway",
    "Exchange": "_gateway_record",
    "approx_tokens": "_gateway_record",
    "build_interaction": "_gateway_record",
    "StreamObserver": "_gateway_stream",
    "OTLP_CONTENT_TYPES": "_otlp_codec",
    "OTLP_JSON": "_otlp_codec",
    "OTLP_PROTOBUF": "_otlp_codec",
    "decode_export_request": "_otlp_codec",
    "encode_export_response": "_otlp_codec",
    "encode_otlp_status": "_otlp_codec",
    "otlp_media_type": "_otlp_codec",
    "OtlpResult": "_otlp_map",
    "RetrievalCache": "_otlp_map",
    "map_export_request": "_otlp_map",
    "Recorder": "_recorder",
    "BUILTIN_PATTERNS": "_redact",
    "Redactor": "_redact",
    "luhn_ok": "_redact",
    "SdkConfig": "_sdk_config",
    "configure": "_sdk_configure",
    "flush": "_sdk_configure",
    "sdk_stats": "_sdk_configure",
    "shutdown": "_sdk_configure",
    "retrieved": "_sdk_context",
    "instrument": "_sdk_openai",
    "SdkStats": "_sdk_sender",
    "trace": "_sdk_trace",
}

__all__ = [
    "BUILTIN_PATTERNS",
    "OTLP_CONTENT_TYPES",
    "OTLP_JSON",
    "OTLP_PROTOBUF",
    "Exchange",
    "Gateway",
    "OtlpResult",
    "Recorder",
    "Redactor",
    "RetrievalCache",
    "SdkConfig",
    "SdkStats",
    "StreamObserver",
    "approx_tokens",
    "build_interaction",
    "configure",
    "decode_export_request",
    "encode_export_response",
    "encode_otlp_status",
    "flush",
    "instrument",
    "luhn_ok",
    "map_export_request",
    "otlp_media_type",
    "retrieved",
    "sdk_stats",
    "shutdown",
    "trace",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'aisre.capture' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"aisre.capture.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_WHERE])
