"""aisre.capture: getting interactions in: redaction, the gateway, OTLP and the SDK."""

from ._gateway import Gateway
from ._gateway_record import Exchange, approx_tokens, build_interaction
from ._gateway_stream import StreamObserver
from ._otlp_codec import (
    OTLP_CONTENT_TYPES,
    OTLP_JSON,
    OTLP_PROTOBUF,
    decode_export_request,
    encode_export_response,
    encode_otlp_status,
    otlp_media_type,
)
from ._otlp_map import OtlpResult, RetrievalCache, map_export_request
from ._recorder import Recorder
from ._redact import BUILTIN_PATTERNS, Redactor, luhn_ok
from ._sdk_config import SdkConfig
from ._sdk_configure import configure, flush, sdk_stats, shutdown
from ._sdk_context import retrieved
from ._sdk_openai import instrument
from ._sdk_sender import SdkStats
from ._sdk_trace import trace

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
