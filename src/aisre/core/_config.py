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
    score_sample_rate: float | None = Field(
        default=None,
        ge=0,
        le=1,
        description="share of this service's interactions scored online; scoring.sample_rate "
        "when unset (interactions with feedback or errors are always scored)",
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


class EmbeddingsConfig(_Section):
    """Where scorers and drift get sentence embeddings."""

    backend: Literal["wordllama", "minilm", "openai"] = Field(
        default="wordllama",
        description="wordllama (offline, bundled), minilm (the optional extra "
        "aisre[minilm]), or openai (any OpenAI-compatible /v1/embeddings at url)",
    )
    url: str | None = Field(
        default=None, description="for openai: the base URL, up to and without /v1"
    )
    model: str | None = Field(default=None, description="for openai: the model to ask for")
    api_key_env: str = Field(
        default="OPENAI_API_KEY",
        description="for openai: the environment variable holding the API key, if any",
    )
    timeout_s: float = Field(default=30.0, gt=0)
    cache_size: int = Field(default=50_000, ge=0, description="texts whose vectors are kept")

    @model_validator(mode="after")
    def _url_for_openai(self) -> EmbeddingsConfig:
        if self.backend == "openai" and not self.url:
            raise ValueError("backend openai needs url (e.g. http://127.0.0.1:8400)")
        return self


class JudgeConfig(_Section):
    """An LLM judge: any OpenAI-compatible chat endpoint; off unless ``url`` is set."""

    url: str | None = Field(
        default=None, description="base URL of an OpenAI-compatible API, up to and without /v1"
    )
    model: str = ""
    api_key_env: str = "OPENAI_API_KEY"
    samples: int = Field(
        default=3, ge=1, le=15, description="answers asked per verdict; the majority wins"
    )
    timeout_s: float = Field(default=30.0, gt=0)


class ScoringConfig(_Section):
    """Which scorers run online, on what share of traffic, with which backends."""

    scorers: list[str] = Field(
        default=[
            "refusal",
            "grounding",
            "retrieval_relevance",
            "context_utilization",
            "schema_validity",
            "leak",
            "task_completion",
        ],
        description="scorers by name (built-in or from the aisre.scorers entry-point group)",
    )
    options: dict[str, dict[str, object]] = Field(
        default={}, description="per-scorer options, by scorer name"
    )
    sample_rate: float = Field(
        default=1.0,
        ge=0,
        le=1,
        description="share of interactions scored online (feedback and errors always are)",
    )
    canaries: list[str] = Field(
        default=[], description="system-prompt canary strings that must never appear in outputs"
    )
    secrets: list[str] = Field(
        default=[], description="secret values that must never appear in outputs"
    )
    embeddings: EmbeddingsConfig = EmbeddingsConfig()
    judge: JudgeConfig = JudgeConfig()


class QueueConfig(_Section):
    """The work queue feeding scorers: in-process, or Redis Streams for ``aisre worker``s."""

    url: str | None = Field(
        default=None,
        description="redis://host:port/db for Redis Streams consumer groups; in-process "
        "when unset (AISRE_QUEUE_URL)",
    )
    stream: str = "aisre:scoring"
    group: str = "aisre-scorers"
    batch_size: int = Field(default=64, ge=1)
    max_pending: int = Field(
        default=100_000,
        ge=1,
        description="interactions waiting to be scored before producers are slowed down",
    )
    claim_idle_s: float = Field(
        default=30.0,
        gt=0,
        description="a message unacknowledged this long is taken over by another worker",
    )

    @field_validator("url")
    @classmethod
    def _redis_url(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^rediss?://", value):
            raise ValueError("must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379/0")
        return value


class AisreConfig(_Section):
    """The whole configuration: one ``aisre.yaml``."""

    server: ServerConfig = ServerConfig()
    lake: LakeConfig = LakeConfig()
    state: StateConfig = StateConfig()
    redaction: RedactionConfig = RedactionConfig()
    sli: SLIDefaults = SLIDefaults()
    gateway: GatewayConfig = GatewayConfig()
    scoring: ScoringConfig = ScoringConfig()
    queue: QueueConfig = QueueConfig()
    services: list[ServiceConfig] = []

    @field_validator("services")
    @classmethod
    def _unique_names(cls, value: list[ServiceConfig]) -> list[ServiceConfig]:
        names = [service.name for service in value]
        repeated = sorted({name for name in names if names.count(name) > 1})
        if repeated:
            raise ValueError(f"service names must be unique; repeated: {', '.join(repeated)}")
        return value
