"""OTLP/HTTP trace bodies: content types, compression, protobuf and JSON, and the answers.

Every problem with a body is an :class:`~aisre.core.InputError` whose
``status_code`` is the answer: 415 for a content type or encoding aisre does
not speak, 413 for a body that inflates past the limit, 400 for one that does
not decode. The OTLP/JSON encoding differs from the protobuf JSON mapping in
one place, which :func:`_hex_ids_to_base64` handles: trace and span ids are hex,
not base64.
"""

from __future__ import annotations

import base64
import zlib
from typing import Any

import orjson
from google.protobuf import json_format  # type: ignore[import-untyped]
from google.protobuf.message import DecodeError  # type: ignore[import-untyped]
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest,
    ExportTraceServiceResponse,
)

from aisre.core import InputError, PayloadTooLarge

from ._otlp_map import OtlpResult

OTLP_PROTOBUF = "application/x-protobuf"
OTLP_JSON = "application/json"
#: The content types ``/v1/traces`` accepts, and the encoding each stands for.
OTLP_CONTENT_TYPES = {
    OTLP_PROTOBUF: OTLP_PROTOBUF,
    "application/protobuf": OTLP_PROTOBUF,
    OTLP_JSON: OTLP_JSON,
}
_ENCODINGS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}
_ID_FIELDS = ("traceId", "spanId", "parentSpanId", "trace_id", "span_id", "parent_span_id")


def _error(message: str, status: int) -> InputError:
    error = InputError(message)
    error.status_code = status
    return error


def otlp_media_type(content_type: str | None) -> str:
    """The encoding of a request, :data:`OTLP_PROTOBUF` or :data:`OTLP_JSON`; else 415."""
    base = (content_type or "").split(";", 1)[0].strip().lower()
    if base not in OTLP_CONTENT_TYPES:
        raise _error(
            f"unsupported content type {base or '(none)'!r}: OTLP/HTTP traces are accepted as "
            f"{OTLP_PROTOBUF} or {OTLP_JSON}",
            415,
        )
    return OTLP_CONTENT_TYPES[base]


def inflate(body: bytes, content_encoding: str | None, max_bytes: int) -> bytes:
    """The body with its ``Content-Encoding`` (gzip, deflate) undone; at most ``max_bytes``."""
    encoding = (content_encoding or "identity").strip().lower()
    if encoding in ("", "identity"):
        return body
    if encoding not in _ENCODINGS:
        raise _error(f"unsupported content encoding {encoding!r}: use gzip, deflate or none", 415)
    inflater = zlib.decompressobj(_ENCODINGS[encoding])
    try:
        out = inflater.decompress(body, max_bytes + 1)
    except zlib.error as exc:
        raise _error(f"the body is not valid {encoding}: {exc}", 400) from None
    if len(out) > max_bytes:
        raise PayloadTooLarge(f"the body inflates to more than {max_bytes} bytes")
    if not inflater.eof:
        raise _error(f"the body is not valid {encoding}: it is truncated", 400)
    return out


def _hex_ids_to_base64(node: Any, path: str) -> None:
    """Rewrite OTLP/JSON hex ids in place to the base64 that the protobuf JSON parser expects."""
    if isinstance(node, list):
        for i, item in enumerate(node):
            _hex_ids_to_base64(item, f"{path}[{i}]")
    elif isinstance(node, dict):
        for key, value in node.items():
            if key in _ID_FIELDS and isinstance(value, str):
                try:
                    node[key] = base64.b64encode(bytes.fromhex(value)).decode()
                except ValueError:
                    raise _error(f"{path}.{key}: {value[:40]!r} is not a hex id", 400) from None
            elif isinstance(value, list | dict) and key not in ("attributes", "resource"):
                _hex_ids_to_base64(value, f"{path}.{key}")


def decode_export_request(
    body: bytes, content_type: str | None, content_encoding: str | None, *, max_bytes: int
) -> Any:
    """Decode an OTLP/HTTP trace export body into an ``ExportTraceServiceRequest``.

    Args:
        body: The body as received.
        content_type: The ``Content-Type`` header.
        content_encoding: The ``Content-Encoding`` header.
        max_bytes: The largest body accepted after decompression.

    Raises:
        InputError: With ``status_code`` 415, 413 or 400, and a message saying what is wrong.
    """
    kind = otlp_media_type(content_type)
    raw = inflate(body, content_encoding, max_bytes)
    request = ExportTraceServiceRequest()
    if kind == OTLP_PROTOBUF:
        try:
            request.ParseFromString(raw)
        except (DecodeError, RecursionError) as exc:
            raise _error(f"the body is not a valid ExportTraceServiceRequest: {exc}", 400) from None
        return request
    try:
        document = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise _error(f"malformed JSON: {exc}", 400) from None
    if not isinstance(document, dict):
        raise _error("the body must be a JSON object (an OTLP ExportTraceServiceRequest)", 400)
    _hex_ids_to_base64(document, "$")
    try:
        json_format.ParseDict(document, request, ignore_unknown_fields=True)
    except (json_format.ParseError, ValueError, TypeError, AttributeError, RecursionError) as exc:
        raise _error(f"invalid OTLP JSON: {exc}", 400) from None
    return request


def encode_export_response(result: OtlpResult, kind: str) -> bytes:
    """The ``ExportTraceServiceResponse`` for ``result``; partial success if spans were rejected."""
    response = ExportTraceServiceResponse()
    if result.rejected:
        response.partial_success.rejected_spans = len(result.rejected)
        response.partial_success.error_message = result.error_message()
    if kind == OTLP_PROTOBUF:
        body: bytes = response.SerializeToString()
        return body
    return orjson.dumps(json_format.MessageToDict(response))


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def encode_otlp_status(error: InputError, kind: str) -> bytes:
    """An OTLP error body: a ``google.rpc.Status`` (code and message) in the request's encoding.

    The JSON form carries aisre's usual ``error`` object as well, so it reads
    like every other aisre error.
    """
    code = 3  # INVALID_ARGUMENT
    if kind == OTLP_PROTOBUF:
        message = error.message.encode()
        return b"\x08" + _varint(code) + b"\x12" + _varint(len(message)) + message
    return orjson.dumps(
        {
            "code": code,
            "message": error.message,
            "error": {"type": type(error).__name__, "message": error.message},
        }
    )
