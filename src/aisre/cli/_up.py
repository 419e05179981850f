"""``aisre up``: run the control plane's server."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer

from aisre.core import load_config

from ._app import app
from ._output import console, reports_errors

ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        "-c",
        help="The aisre.yaml to read (default: $AISRE_CONFIG, else ./aisre.yaml if present, "
        "else built-in defaults).",
    ),
]


@app.command()
@reports_errors
def up(
    config: ConfigOption = None,
    host: Annotated[
        str | None,
        typer.Option(
            help="Address to listen on (overrides server.host). Anything but "
            "localhost requires API keys."
        ),
    ] = None,
    port: Annotated[
        int | None, typer.Option(help="Port to listen on (overrides server.port).")
    ] = None,
    access_log: Annotated[
        bool, typer.Option("--access-log/--no-access-log", help="Log every HTTP request.")
    ] = False,
) -> None:
    """Start the aisre server: the ingest and read API, /metrics and /healthz.

    Interactions sent to POST /api/v1/interactions are durable when the call
    returns, and queryable within lake.flush_interval_s. Stop with Ctrl-C;
    whatever is spooled is written to the lake first.
    """
    from aisre.server import serve

    cfg = load_config(config)
    server = cfg.server.model_copy(
        update={k: v for k, v in {"host": host, "port": port}.items() if v is not None}
    )
    cfg = cfg.model_copy(update={"server": server})
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )

    def announce(url: str) -> None:
        console.print(
            f"aisre listening on {url} (lake {cfg.lake.url}, state {cfg.state.url.split('@')[-1]})",
            highlight=False,
        )

    serve(cfg, access_log=access_log, announce=announce)
