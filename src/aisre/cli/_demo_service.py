"""``aisre demo-service``: run the reference RAG service behind an OpenAI-compatible API."""

from __future__ import annotations

import logging
import random
from typing import Annotated

import typer

from aisre.core import AisreError

from ._app import app
from ._output import console, reports_errors


@app.command("demo-service")
@reports_errors
def demo_service(
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8400,
    host: Annotated[
        str, typer.Option(help="Address to listen on. The API checks no API key.")
    ] = "127.0.0.1",
    model: Annotated[
        str,
        typer.Option(
            help="Model version served first: v1 (good), v2-regressed (unsupported "
            "answers) or v1-cautious (refuses often)."
        ),
    ] = "v1",
    prompt: Annotated[str, typer.Option(help="Prompt version served first: p1 or p2.")] = "p1",
    index: Annotated[
        str,
        typer.Option(
            help="Index version served first: fresh, stale (recent passages missing) or "
            "corrupted (rows shuffled)."
        ),
    ] = "fresh",
    seed: Annotated[
        int,
        typer.Option(
            help="Seed of the service's randomness; the same seed replays the same "
            "answers to the same sequence of requests without a seed of their own."
        ),
    ] = 0,
    access_log: Annotated[
        bool, typer.Option("--access-log/--no-access-log", help="Log every HTTP request.")
    ] = False,
    aisre_url: Annotated[
        str | None,
        typer.Option(
            help="Base URL of a running `aisre up` (e.g. http://127.0.0.1:8700): every "
            "version switch is posted there as a change event, as a deployment would be."
        ),
    ] = None,
    aisre_api_key: Annotated[
        str | None,
        typer.Option(help="An API key with the ingest scope, if that aisre requires keys."),
    ] = None,
    service_name: Annotated[
        str, typer.Option(help="The service name the change events carry.")
    ] = "northwind-support",
    pace: Annotated[
        str,
        typer.Option(
            help="How fast answers are generated: instant (as fast as computed) or "
            "realistic (an LLM's prefill and about 55 tokens/s, streamed token by token)."
        ),
    ] = "instant",
) -> None:
    """Run the reference RAG service (a Northwind Relay support assistant) as an OpenAI API.

    Serves POST /v1/chat/completions (streaming too), POST /v1/embeddings and
    GET /v1/models, so any OpenAI client works against it with base URL
    http://HOST:PORT/v1. Switch the model, prompt or index version while it
    runs with POST /admin/versions, e.g. {"model": "v2-regressed"}, to
    simulate a bad deployment. Stop with Ctrl-C.
    """
    import uvicorn

    from aisre.core import SystemClock
    from aisre.demo.service import WordLlamaEmbedder
    from aisre.demo.service._api import create_service_app
    from aisre.demo.service._change_events import change_poster
    from aisre.demo.service._pace import PACES
    from aisre.demo.service._state import ServiceState
    from aisre.server._run import bind

    if pace not in PACES:
        raise AisreError(f"unknown pace {pace!r}", hint=f"use one of: {', '.join(PACES)}")
    clock = SystemClock()
    hook = (
        change_poster(aisre_url, service=service_name, clock=clock, api_key=aisre_api_key)
        if aisre_url
        else None
    )
    state = ServiceState(
        WordLlamaEmbedder(),
        model=model,
        prompt=prompt,
        index=index,
        rng=random.Random(seed),
        clock=clock,
        on_change=hook,
        pace=PACES[pace],
    )
    try:
        sock = bind(host, port)
    except AisreError as exc:  # its hint names server.port, which this command has not
        raise AisreError(exc.message, hint="choose another --port, or stop what uses it") from None
    try:
        # Load the embedder and build the index now, not on the first request.
        state.warm_up()
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
        server = uvicorn.Server(
            uvicorn.Config(
                create_service_app(state),
                host=host,
                port=port,
                log_level="info" if access_log else "warning",
                access_log=access_log,
                timeout_graceful_shutdown=5,
            )
        )
        bound_host, bound_port = sock.getsockname()[:2]
        url = f"http://{f'[{bound_host}]' if ':' in bound_host else bound_host}:{bound_port}"
        versions = state.versions
        console.print(
            f"reference service listening on {url} (model {versions.model}, prompt "
            f"{versions.prompt}, index {versions.index}); OpenAI base URL {url}/v1",
            highlight=False,
        )
        server.run(sockets=[sock])
    finally:
        sock.close()
