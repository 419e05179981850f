"""How the API answers errors: JSON ``{"error": {"type", "message", "hint"}}``; bad input is 4xx."""

from __future__ import annotations

import logging

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import Response

from aisre.core import AisreError, AuthError, ConfigError, InputError, NotFound, StoreError

log = logging.getLogger("aisre.server")


def error_response(status: int, kind: str, message: str, hint: str | None = None) -> Response:
    """A JSON error response."""
    body: dict[str, object] = {"type": kind, "message": message}
    if hint:
        body["hint"] = hint
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return Response(
        orjson.dumps({"error": body}),
        status_code=status,
        media_type="application/json",
        headers=headers,
    )


def _status_of(exc: AisreError) -> int:
    if isinstance(exc, (InputError, AuthError)):
        return exc.status_code
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, (StoreError, ConfigError)):
        return 503
    return 500


async def _aisre_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, AisreError)
    status = _status_of(exc)
    if status >= 500:
        log.error("%s %s failed: %s", request.method, request.url.path, exc)
    return error_response(status, type(exc).__name__, exc.message, exc.hint)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    parts = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err.get("loc", ()))
        parts.append(f"{loc}: {err.get('msg')}")
    return error_response(422, "InputError", "; ".join(parts) or "invalid request")


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return error_response(exc.status_code, "HTTPError", str(exc.detail))


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers that turn exceptions into JSON error responses."""
    app.add_exception_handler(AisreError, _aisre_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
