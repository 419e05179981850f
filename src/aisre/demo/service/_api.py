"""The reference service's OpenAI-compatible HTTP API.

Endpoints:

* ``POST /v1/chat/completions`` — answers the last user message; streams as
  server-sent events with ``"stream": true``; JSON answers with
  ``response_format`` ``json_object`` or ``json_schema`` (a bundled schema
  name); one choice only (``n=1``);
* ``POST /v1/embeddings`` — WordLlama vectors (256 dimensions, or fewer with
  ``dimensions``), as floats or base64;
* ``GET /v1/models`` and ``GET /v1/models/{id}`` — one chat model per model
  version, ``northwind-support-<version>``, and the embedding model;
* ``GET /admin/versions`` and ``POST /admin/versions`` — which model, prompt
  and index versions are served, and switching them at run time;
* ``GET /admin/faults``, ``POST /admin/faults`` and ``DELETE /admin/faults`` —
  the run-time faults injected into the chat endpoint (see ``_faults``);
* ``GET /metrics`` — Prometheus metrics: queue depth, requests in flight, and
  the simulated GPU's utilization and memory under dcgm-exporter's names;
* ``GET /healthz``.

Errors have the OpenAI shape ``{"error": {"message", "type", "param",
"code"}}``; a malformed request is a 400. No API key is checked.

Example:
    >>> app = create_service_app(ServiceState(WordLlamaEmbedder()))
    >>> client = OpenAI(base_url="http://127.0.0.1:8400/v1", api_key="unused")
"""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator, Iterator
from typing import Any

import numpy as np
import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.responses import Response, StreamingResponse

from aisre.core import Clock, ContextClock, SimulatedClock

from ._chat import run_chat
from ._faults import NO_FAULTS, Faults
from ._load import LoadTracker
from ._openai import (
    CHAT_MODEL_PREFIX,
    ChatCompletionRequest,
    EmbeddingRequest,
    OpenAIError,
    VersionsRequest,
    chat_model_id,
)
from ._service_metrics import ServiceMetrics, add_metrics_route
from ._state import ALLOWED_VERSIONS, ServiceState, UnknownVersion

__all__ = ["EMBEDDING_MODEL", "create_service_app"]

EMBEDDING_MODEL = "wordllama-l2-supercat"
# Pydantic names the member of a union in an error's location; those are
# types, not request fields, and would only confuse the ``param`` reported.
# Words of the three retrieved passages a prompt carries, on average.
_CONTEXT_TOKENS = 180
_TYPE_NAMES = {"str", "int", "float", "bool", "list", "dict", "none", "literal"}


def _json(payload: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(
        orjson.dumps(payload), status_code=status, media_type="application/json", headers=headers
    )


def _param_of(loc: tuple[Any, ...]) -> str | None:
    parts: list[str] = []
    for part in loc[1:] if loc and loc[0] == "body" else loc:
        text = str(part)
        if isinstance(part, str) and (
            "[" in text or text.lower() in _TYPE_NAMES or text[:1].isupper()
        ):
            break
        parts.append(text)
    return ".".join(parts) or None


async def _openai_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, OpenAIError)
    return _json(exc.body(), exc.status)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    first = errors[0] if errors else {}
    param = _param_of(tuple(first.get("loc", ())))
    kind = first.get("type", "")
    if kind == "json_invalid":
        error = OpenAIError(
            "We could not parse the JSON body of your request: it is not valid JSON.",
            code="invalid_json",
        )
    elif kind == "missing":
        error = OpenAIError(
            f"Missing required parameter: '{param}'.",
            param=param,
            code="missing_required_parameter",
        )
    elif kind == "extra_forbidden":
        error = OpenAIError(
            f"Unrecognized request argument supplied: '{param}'.",
            param=param,
            code="unknown_parameter",
        )
    elif param is None:
        error = OpenAIError(
            f"The request body must be a JSON object: {first.get('msg', 'invalid')}.",
            code="invalid_json",
        )
    else:
        error = OpenAIError(
            f"Invalid value for '{param}': {first.get('msg', 'invalid')}.",
            param=param,
            code="invalid_value",
        )
    return _json(error.body(), 400)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code = "not_found" if exc.status_code == 404 else None
    error = OpenAIError(str(exc.detail), status=exc.status_code, code=code)
    return _json(error.body(), exc.status_code)


def _model_card(model_id: str, created: int) -> dict[str, Any]:
    return {"id": model_id, "object": "model", "created": created, "owned_by": "aisre"}


def _prompt_estimate(request: ChatCompletionRequest) -> int:
    """Prompt tokens before the answer is known: the messages' words and the retrieved context."""
    words = sum(len(m.text().split()) for m in request.messages)
    return words + _CONTEXT_TOKENS


def _sleeps(clock: Clock) -> bool:
    """Whether sleeping on ``clock`` takes real time (it does unless it is simulated)."""
    if isinstance(clock, ContextClock):
        clock = clock.current
    return not isinstance(clock, SimulatedClock)


def create_service_app(state: ServiceState) -> FastAPI:
    """The FastAPI app of the reference service over ``state``."""
    app = FastAPI(
        title="Northwind Relay support assistant (aisre reference service)",
        description=__doc__,
        version="1",
    )
    app.add_exception_handler(OpenAIError, _openai_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    started = int(state.clock.now().timestamp())
    tracker = LoadTracker(state.clock)
    metrics = ServiceMetrics(tracker)
    add_metrics_route(app, metrics)

    def _finish(
        ticket: int, status: int, model: str, prompt_tokens: int = 0, completion_tokens: int = 0
    ) -> None:
        duration = tracker.end(ticket, completion_tokens=completion_tokens)
        metrics.observe(status, model, duration, prompt_tokens, completion_tokens)

    @app.post("/v1/chat/completions", response_model=None)
    async def chat_completions(request: ChatCompletionRequest) -> Response:
        """Answer the last user message as an OpenAI chat completion (or stream).

        On a real clock, injected latency and generation time really sleep, so
        the answer is computed and streamed in worker threads and the event
        loop goes on serving. On a simulated clock nothing sleeps, and both stay
        in the event loop.
        """
        # Counted in flight from arrival, so injected latency holds a GPU slot.
        ticket = tracker.begin(_prompt_estimate(request))
        blocking = _sleeps(state.clock)
        try:
            if blocking:
                reply = await run_in_threadpool(run_chat, state, request)
            else:
                reply = run_chat(state, request)
        except BaseException:
            _finish(ticket, 500, state.versions.model)
            raise
        completion = reply.completion
        if reply.error is not None or completion is None:
            _finish(ticket, reply.status, state.versions.model)
            assert reply.error is not None
            headers = {**reply.headers, **reply.version_headers()}
            return _json(reply.error.body(), reply.status, headers)
        answer = completion.answer
        if not request.stream:
            _finish(ticket, 200, answer.model_version, answer.prompt_tokens, len(completion.pieces))
            return _json(completion.body(), headers=reply.version_headers())
        include_usage = bool(request.stream_options and request.stream_options.include_usage)

        def finish() -> None:
            _finish(ticket, 200, answer.model_version, answer.prompt_tokens, len(completion.pieces))

        def events() -> Iterator[bytes]:
            try:
                yield from completion.events(include_usage)
            finally:
                finish()

        async def events_in_loop() -> AsyncIterator[bytes]:
            try:
                for event in completion.events(include_usage):
                    yield event
            finally:
                finish()

        return StreamingResponse(
            events() if blocking else events_in_loop(),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", **reply.version_headers()},
        )

    @app.post("/v1/embeddings", response_model=None)
    def embeddings(request: EmbeddingRequest) -> Response:
        """Embed one text or a list of texts with WordLlama."""
        texts = request.texts()
        vectors = state.embedder.embed(texts)
        if request.dimensions is not None:
            if request.dimensions > vectors.shape[1]:
                raise OpenAIError(
                    f"dimensions must be at most {vectors.shape[1]}",
                    param="dimensions",
                    code="invalid_value",
                )
            # WordLlama is trained Matryoshka-style: a prefix, renormalised,
            # is a valid smaller embedding.
            vectors = vectors[:, : request.dimensions]
            norms = np.linalg.norm(vectors, axis=1, keepdims=True)
            vectors = (vectors / np.where(norms == 0, 1.0, norms)).astype(np.float32)
        data: list[dict[str, Any]] = []
        for i, vector in enumerate(vectors.astype("<f4")):
            encoded: Any = (
                base64.b64encode(vector.tobytes()).decode("ascii")
                if request.encoding_format == "base64"
                else [float(x) for x in vector]
            )
            data.append({"object": "embedding", "index": i, "embedding": encoded})
        tokens = sum(len(t.split()) for t in texts)
        return _json(
            {
                "object": "list",
                "data": data,
                "model": EMBEDDING_MODEL,
                "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
            }
        )

    def model_ids() -> list[str]:
        return [chat_model_id(v) for v in ALLOWED_VERSIONS["model"]] + [EMBEDDING_MODEL]

    @app.get("/v1/models", response_model=None)
    def list_models() -> Response:
        """Every chat model (one per model version) and the embedding model."""
        return _json({"object": "list", "data": [_model_card(m, started) for m in model_ids()]})

    @app.get("/v1/models/{model_id}", response_model=None)
    def retrieve_model(model_id: str) -> Response:
        """One model by id."""
        if model_id not in model_ids():
            raise OpenAIError(
                f"The model '{model_id}' does not exist",
                status=404,
                param="model",
                code="model_not_found",
            )
        return _json(_model_card(model_id, started))

    @app.get("/admin/versions", response_model=None)
    def get_versions() -> Response:
        """The versions served now and the allowed ones."""
        return _json(
            {
                "current": state.versions.as_dict(),
                "allowed": {k: list(v) for k, v in ALLOWED_VERSIONS.items()},
            }
        )

    @app.post("/admin/versions", response_model=None)
    def set_versions(request: VersionsRequest) -> Response:
        """Switch the model, prompt and/or index version; answers the previous and current."""
        if request.model is None and request.prompt is None and request.index is None:
            raise OpenAIError(
                "give at least one of model, prompt, index", code="missing_required_parameter"
            )
        model = request.model
        if model is not None and model.startswith(CHAT_MODEL_PREFIX):
            model = model.removeprefix(CHAT_MODEL_PREFIX)
        try:
            previous, current = state.switch(
                model=model, prompt=request.prompt, index=request.index
            )
        except UnknownVersion as exc:
            raise OpenAIError(exc.message, param=exc.kind, code="unknown_version") from None
        return _json({"previous": previous.as_dict(), "current": current.as_dict()})

    @app.get("/admin/faults", response_model=None)
    def get_faults() -> Response:
        """The run-time faults injected now."""
        return _json({"faults": state.faults.as_dict()})

    @app.post("/admin/faults", response_model=None)
    async def set_faults(request: Request) -> Response:
        """Replace the faults; unset fields take their no-fault defaults."""
        try:
            data = orjson.loads(await request.body())
        except orjson.JSONDecodeError:
            raise OpenAIError(
                "We could not parse the JSON body of your request: it is not valid JSON.",
                code="invalid_json",
            ) from None
        try:
            faults = Faults.from_dict(data)
        except (TypeError, ValueError) as exc:
            raise OpenAIError(str(exc), code="invalid_value") from None
        previous, state.faults = state.faults, faults
        return _json({"previous": previous.as_dict(), "current": faults.as_dict()})

    @app.delete("/admin/faults", response_model=None)
    def clear_faults() -> Response:
        """Inject no faults any more."""
        previous, state.faults = state.faults, NO_FAULTS
        return _json({"previous": previous.as_dict(), "current": NO_FAULTS.as_dict()})

    @app.get("/healthz", response_model=None)
    def healthz() -> Response:
        """Liveness, with the versions served."""
        return _json({"status": "ok", "versions": state.versions.as_dict()})

    return app
