"""API keys with scopes: ``ingest`` (write), ``read``, ``admin`` (everything).

Keys come from ``server.api_keys`` in ``aisre.yaml`` (by SHA-256) and from the
state store (``aisre keys create``). A request carries one as
``Authorization: Bearer <key>`` or ``X-API-Key: <key>``. Keys are required
whenever the server listens beyond localhost; a key is compared by its
SHA-256 digest in constant time and is never logged.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
import threading
import time
from collections.abc import Callable

from starlette.requests import Request

from aisre.core import AuthError, ConfigError, ServerConfig
from aisre.store import ApiKeyRecord, StateStore

log = logging.getLogger("aisre.server")

#: How long a key verified against the state store is trusted before it is looked up again.
CACHE_SECONDS = 10.0


def is_loopback(host: str) -> bool:
    """Whether ``host`` only accepts connections from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class ApiKeyAuth:
    """Decides whether a request's key grants a scope.

    Args:
        config: The ``server`` section (keys from the file, listen address).
        state: The state store holding keys made with ``aisre keys create``.
        monotonic: A monotonic time source for the verification cache.
    """

    def __init__(
        self,
        config: ServerConfig,
        state: StateStore | None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._file_keys: list[tuple[bytes, frozenset[str]]] = [
            (bytes.fromhex(k.sha256), frozenset(k.scopes)) for k in config.api_keys
        ]
        self._state = state
        self._monotonic = monotonic
        self._cache: dict[bytes, tuple[float, frozenset[str] | None]] = {}
        self._lock = threading.Lock()
        required = config.require_api_keys
        self.exposed = not is_loopback(config.host)
        #: Keys switched off outright (``require_api_keys: false``), e.g. behind an
        #: authenticating proxy.
        self.disabled = required is False
        self.required = self.exposed if required is None else required

    def check_startup(self) -> None:
        """Refuse to serve without keys when keys are required."""
        if self.disabled and self.exposed:
            log.warning(
                "API keys are switched off (server.require_api_keys: false) on a server that "
                "listens beyond localhost: anyone who can reach it can read and write"
            )
        if not self.required:
            return
        stored = self._state.list_api_keys() if self._state is not None else []
        if not self._file_keys and not any(k.revoked_at is None for k in stored):
            why = (
                "the server listens beyond localhost"
                if self.exposed
                else "server.require_api_keys is true"
            )
            raise ConfigError(
                f"API keys are required ({why}) but none exist",
                field="server.api_keys",
                hint="create one with `aisre keys create NAME --scope ingest --scope read`",
            )

    def authorize(self, request: Request, scope: str) -> None:
        """Raise :class:`AuthError` unless the request's key grants ``scope``."""
        self.authorize_key(
            _secret_from(request), scope, hint="send it as `Authorization: Bearer <key>`"
        )

    def authorize_key(self, secret: str | None, scope: str, *, hint: str | None = None) -> None:
        """Raise :class:`AuthError` unless ``secret`` is a key that grants ``scope``.

        For callers whose key travels elsewhere than ``Authorization``: the
        gateway, where that header belongs to the upstream.
        """
        if self.disabled:
            return
        if not self.required and not self._file_keys and not self._has_state_keys():
            return
        if secret is None:
            raise AuthError("missing API key", hint=hint)
        scopes = self._scopes_for(secret)
        if scopes is None:
            raise AuthError("invalid or revoked API key")
        if scope not in scopes and "admin" not in scopes:
            raise AuthError(f"this API key lacks the {scope!r} scope", status_code=403)

    def _has_state_keys(self) -> bool:
        now = self._monotonic()
        with self._lock:
            hit = self._cache.get(b"")
            if hit is not None and now - hit[0] < CACHE_SECONDS:
                return hit[1] is not None
        has = self._state is not None and any(
            k.revoked_at is None for k in self._state.list_api_keys()
        )
        with self._lock:
            self._cache[b""] = (now, frozenset() if has else None)
        return has

    def _scopes_for(self, secret: str) -> frozenset[str] | None:
        digest = hashlib.sha256(secret.encode()).digest()
        for known, granted in self._file_keys:
            if hmac.compare_digest(known, digest):
                return granted
        if self._state is None:
            return None
        now = self._monotonic()
        with self._lock:
            hit = self._cache.get(digest)
        if hit is not None and now - hit[0] < CACHE_SECONDS:
            return hit[1]
        record: ApiKeyRecord | None = self._state.verify_api_key(secret)
        scopes = frozenset(record.scopes) if record is not None else None
        with self._lock:
            self._cache[digest] = (now, scopes)
        return scopes


def _secret_from(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if header:
        kind, _, value = header.partition(" ")
        if kind.lower() == "bearer" and value.strip():
            return value.strip()
    key = request.headers.get("x-api-key")
    return key.strip() if key else None
