"""The typed configuration of aisre, as read from ``aisre.yaml``.

Every section has defaults, so an empty file (or none) gives a working
single-machine setup: a local event lake and spool under ``./aisre-data``,
SQLite state, a server on ``127.0.0.1:8700``. See ``docs/configuration.md``.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Scope = Literal["ingest", "read", "admin"]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ApiKeyConfig(_Section):
    """An API key given in the file by the SHA-256 of its secret (never the secret itself)."""

    name: str = Field(min_length=1)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="hex SHA-256 of the key")
    scopes: list[Scope] = Field(min_length=1)


class ServerConfig(_Section):
    """Where ``aisre up`` listens and what it accepts."""

    host: str = "127.0.0.1"
    port: int = Field(default=8700, ge=0, le=65535)
    max_body_bytes: int = Field(default=16 * 1024 * 1024, gt=0)
    api_keys: list[ApiKeyConfig] = []
    require_api_keys: bool | None = Field(
        default=None,
        description="force keys on (true) or off (false); by default they are required "
        "whenever the server listens beyond localhost",
    )


class S3Config(_Section):
    """Connection settings for an ``s3://`` lake; unset values fall back to the AWS_* variables."""

    endpoint_url: str | None = None
    region: str | None = None
    access_key_id: str | None = None
    secret_access_key: str | None = None
    session_token: str | None = None

    @model_validator(mode="after")
    def _keys_in_pairs(self) -> S3Config:
        if (self.access_key_id is None) != (self.secret_access_key is None):
            raise ValueError(
                "set both access_key_id and secret_access_key, or neither "
                "(then the AWS_* variables and instance credentials are used)"
            )
        return self


class LakeConfig(_Section):
    """The event lake: where interactions, scores and changes are kept, and for how long."""

    url: str = "./aisre-data/lake"
    spool_dir: str = "./aisre-data/spool"
    retention_days: int = Field(default=30, ge=1)
    flush_interval_s: float = Field(default=1.0, gt=0, le=3600)
    segment_max_bytes: int = Field(default=16 * 1024 * 1024, ge=1024)
    compact_min_files: int = Field(
        default=32, ge=2, description="merge an hour's small files once it has this many"
    )
    compact_target_bytes: int = Field(
        default=64 * 1024 * 1024, ge=1024, description="files at least this large are left alone"
    )
    duckdb_threads: int | None = Field(
        default=None,
        ge=1,
        description="threads DuckDB may use; default: the CPUs this process may run on",
    )
    duckdb_memory_limit: str = Field(
        default="1GB",
        pattern=r"^\s*\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*$",
        description="memory DuckDB may use for queries, e.g. 512MB or 2GiB",
    )
    s3: S3Config = S3Config()


class StateConfig(_Section):
    """The state store (SLO state, incidents, registry, keys): SQLite or PostgreSQL by URL."""

    url: str = "sqlite:///./aisre-data/state.db"


class RedactionPattern(_Section):
    """A regular expression whose matches are replaced by ``[REDACTED:<name>]``."""

    name: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.-]+$")
    regex: str

    @field_validator("regex")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a valid regular expression: {exc}") from exc
        return value


class RedactionConfig(_Section):
    """What is removed from inputs, outputs and retrieved chunks before anything is stored."""

    enabled: bool = True
    builtin: list[Literal["api_key", "email", "card_number"]] = [
        "api_key",
        "email",
        "card_number",
    ]
    patterns: list[RedactionPattern] = []


class SLIDefaults(_Section):
    """Defaults for the service-level indicators."""

    latency_threshold_ms: float = Field(default=2000.0, gt=0)


class ServiceConfig(_Section):
    """An AI service aisre watches.

    With ``upstream`` set, ``aisre up``'s gateway proxies the service's
    OpenAI-compatible API and records every call (see docs/gateway.md).
    """

    name: str = Field(min_length=1, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    description: str = ""
    environment: str = "production"
    upstream: str | None = Field(
        default=None,
        description="base URL of the service's OpenAI-compatible API, up to and without "
        "/v1 (e.g. http://127.0.0.1:8400); the gateway forwards /v1/... there",
    )
    output_schema: dict[str, object] | None = Field(
        default=None,
        description="JSON Schema that structured (JSON-mode) answers must validate against, "
        "when the request does not carry its own",
    )

    @field_validator("upstream")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^https?://[^/\s]+", value):
            raise ValueError("must be an http:// or https:// URL, e.g. http://127.0.0.1:8400")
        return None if value is None else value.rstrip("/")


class GatewayConfig(_Section):
    """How the gateway talks to upstreams and hands interactions to the lake."""

    connect_timeout_s: float = Field(default=5.0, gt=0)
    read_timeout_s: float = Field(default=300.0, gt=0)
    max_connections: int = Field(default=200, ge=1)
    pool_timeout_s: float = Field(
        default=10.0,
        gt=0,
        description="longest wait for a free upstream connection when max_connections are "
        "busy; then the call is answered 503 upstream_pool_exhausted",
    )
    max_keepalive_connections: int = Field(default=50, ge=0)
    keepalive_expiry_s: float = Field(default=30.0, ge=0)
    record_queue: int = Field(
        default=100_000,
        ge=1,
        description="interactions held in memory while the lake is slow or down; beyond "
        "this, the oldest are dropped and counted",
    )


class AisreConfig(_Section):
    """The whole configuration: one ``aisre.yaml``."""

    server: ServerConfig = ServerConfig()
    lake: LakeConfig = LakeConfig()
    state: StateConfig = StateConfig()
    redaction: RedactionConfig = RedactionConfig()
    sli: SLIDefaults = SLIDefaults()
    gateway: GatewayConfig = GatewayConfig()
    services: list[ServiceConfig] = []

    @field_validator("services")
    @classmethod
    def _unique_names(cls, value: list[ServiceConfig]) -> list[ServiceConfig]:
        names = [service.name for service in value]
        repeated = sorted({name for name in names if names.count(name) > 1})
        if repeated:
            raise ValueError(f"service names must be unique; repeated: {', '.join(repeated)}")
        return value
