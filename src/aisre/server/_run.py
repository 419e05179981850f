"""Running the server: in the foreground for ``aisre up``, or in a thread for the demo and tests."""

from __future__ import annotations

import gc
import logging
import socket
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import uvicorn
from fastapi import FastAPI
from starlette.types import ASGIApp

from aisre.core import AisreConfig, AisreError, Clock, SystemClock
from aisre.store import EventLake, StateStore

from ._app import create_app

log = logging.getLogger("aisre.server")


@dataclass
class Stores:
    """The stores a server runs on, opened from the configuration."""

    lake: EventLake
    state: StateStore

    @classmethod
    def open(cls, config: AisreConfig, clock: Clock) -> Stores:
        state = StateStore.open(config.state.url, clock)
        try:
            lake = EventLake(config.lake, clock)
        except Exception:
            state.dispose()
            raise
        return cls(lake, state)


def _uvicorn_config(app: object, host: str, port: int, access_log: bool) -> uvicorn.Config:
    return uvicorn.Config(
        app,  # type: ignore[arg-type]
        host=host,
        port=port,
        log_level="info" if access_log else "warning",
        access_log=access_log,
        lifespan="on",
        timeout_graceful_shutdown=10,
    )


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port``, or an error that says what to change."""
    sock: socket.socket | None = None
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except OSError as exc:
        if sock is not None:
            sock.close()
        raise AisreError(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}",
            hint="choose another --port (or server.port), or stop what is using it",
        ) from None
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def serve(
    config: AisreConfig,
    *,
    clock: Clock | None = None,
    access_log: bool = False,
    announce: Callable[[str], None] | None = None,
) -> None:
    """Run the server in the foreground until SIGINT or SIGTERM.

    Args:
        config: The whole configuration.
        clock: The clock (the system clock by default).
        access_log: Log every HTTP request.
        announce: Called with the server's URL once it is ready to start.
    """
    clock = clock or SystemClock()
    stores = Stores.open(config, clock)
    try:
        try:
            app = create_app(config, lake=stores.lake, state=stores.state, clock=clock)
        except BaseException:
            stores.lake.close(flush=False)
            raise
        sock = bind(config.server.host, config.server.port)
        # Everything allocated so far lives as long as the process: keep it
        # out of the collector's full passes, which ingest would otherwise
        # trigger every few batches.
        gc.freeze()
        server = uvicorn.Server(
            _uvicorn_config(app, config.server.host, config.server.port, access_log)
        )
        if announce is not None:
            host, port = sock.getsockname()[:2]
            announce(f"http://{f'[{host}]' if ':' in host else host}:{port}")
        server.run(sockets=[sock])
    finally:
        stores.state.dispose()


@dataclass
class BackgroundServer:
    """The server on a free local port in a daemon thread; a context manager.

    ``upstream_apps`` names services whose upstream is an ASGI app in this
    process (see :class:`~aisre.capture.Gateway`).

    Example:
        >>> with BackgroundServer(config, clock=clock) as server:
        ...     httpx.get(server.url + "/healthz")
    """

    config: AisreConfig
    clock: Clock = field(default_factory=SystemClock)
    upstream_apps: Mapping[str, ASGIApp] | None = None
    stores: Stores | None = None
    url: str = ""
    app: FastAPI | None = None
    _server: uvicorn.Server | None = None
    _thread: threading.Thread | None = None

    def __enter__(self) -> BackgroundServer:
        self.stores = Stores.open(self.config, self.clock)
        try:
            app = self.app = create_app(
                self.config,
                lake=self.stores.lake,
                state=self.stores.state,
                clock=self.clock,
                upstream_apps=self.upstream_apps,
            )
        except BaseException:
            self.stores.lake.close(flush=False)
            self.stores.state.dispose()
            raise
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        self._server = uvicorn.Server(_uvicorn_config(app, "127.0.0.1", port, False))
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, name="aisre-server", daemon=True
        )
        self._thread.start()
        while not self._server.started:
            if not self._thread.is_alive():
                raise RuntimeError("the aisre server failed to start; see the log above")
            threading.Event().wait(0.01)
        self.url = f"http://127.0.0.1:{port}"
        return self

    def __exit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=30)
        if self.stores is not None:
            self.stores.state.dispose()
