"""aisre.server: the HTTP API (ingest, read, /metrics, /healthz) and how to run it."""

from ._app import create_app
from ._auth import ApiKeyAuth, is_loopback
from ._run import BackgroundServer, Stores, serve

__all__ = ["ApiKeyAuth", "BackgroundServer", "Stores", "create_app", "is_loopback", "serve"]
