"""The HTTP API: ingest, read, errors, auth, body limit and /metrics, against a real app."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from aisre.core import ConfigError, SimulatedClock
from aisre.server import Stores, create_app

from .helpers import T0, config_in, interaction, key_config


@pytest.fixture
def make_client(tmp_path: Path) -> Iterator:  # type: ignore[type-arg]
    opened: list[tuple[TestClient, Stores]] = []

    def make(**server: object) -> tuple[TestClient, Stores]:
        config = config_in(tmp_path, **server)
        clock = SimulatedClock(T0)
        stores = Stores.open(config, clock)
        app = create_app(config, lake=stores.lake, state=stores.state, clock=clock)
        client = TestClient(app)
        client.__enter__()
        opened.append((client, stores))
        return client, stores

    yield make
    for client, stores in opened:
        client.__exit__(None, None, None)
        stores.state.dispose()


RANGE = {"start": "2026-11-30T00:00:00Z", "end": "2026-12-01T00:00:00Z"}


def test_ingest_then_read_back(make_client) -> None:  # type: ignore[no-untyped-def]
    client, stores = make_client()
    items = [interaction(i) for i in range(5)]
    items[0]["id"] = "given-id"
    response = client.post("/api/v1/interactions", json={"interactions": items})
    assert response.status_code == 200
    body = response.json()
    assert body["accepted"] == 5
    assert body["ids"][0] == "given-id" and len(set(body["ids"])) == 5
    stores.lake.flush()
    listed = client.get("/api/v1/interactions", params=RANGE).json()
    assert listed["count"] == 5
    assert [r["id"] for r in listed["interactions"]][-1] == "given-id"  # newest first
    one = client.get("/api/v1/interactions/given-id").json()
    assert one["interaction"]["output"] == "answer 0"
    assert one["interaction"]["received_at"].startswith("2026-11-30T10:00")
    assert client.get("/api/v1/stats").json()["interactions_total"] == 5


def test_stats_count_spooled_records_before_flush(make_client) -> None:  # type: ignore[no-untyped-def]
    client, _ = make_client()
    client.post("/api/v1/interactions", json={"interactions": [interaction(1)]})
    stats = client.get("/api/v1/stats").json()
    assert stats["interactions_total"] == 1
    assert stats["interactions_queryable"] + stats["pending"] == 1


def test_filters_and_unknown_interaction(make_client) -> None:  # type: ignore[no-untyped-def]
    client, stores = make_client()
    items = [
        interaction(0, model_version="v1"),
        interaction(1, model_version="v2"),
        interaction(2, model_version="v2", status="error", error_type="timeout"),
    ]
    client.post("/api/v1/interactions", json={"interactions": items})
    stores.lake.flush()
    v2 = client.get("/api/v1/interactions", params={**RANGE, "model_version": "v2"}).json()
    assert v2["count"] == 2
    errors = client.get("/api/v1/interactions", params={**RANGE, "status": "error"}).json()
    assert [r["error_type"] for r in errors["interactions"]] == ["timeout"]
    missing = client.get("/api/v1/interactions/nope")
    assert missing.status_code == 404
    assert "nope" in missing.json()["error"]["message"]


def test_scores_feedback_and_changes(make_client) -> None:  # type: ignore[no-untyped-def]
    client, stores = make_client()
    client.post("/api/v1/interactions", json={"interactions": [interaction(0, id="i0")]})
    ts = "2026-11-30T10:00:05Z"
    score = {"interaction_id": "i0", "scorer": "refusal", "timestamp": ts, "passed": True}
    assert client.post("/api/v1/scores", json={"scores": [score]}).status_code == 200
    feedback = {
        "interaction_id": "i0",
        "kind": "hallucination_report",
        "timestamp": ts,
        "comment": "wrong price",
        "user": "u1",
    }
    assert client.post("/api/v1/feedback", json={"feedback": [feedback]}).status_code == 200
    change = {
        "service": "svc",
        "kind": "model_version",
        "timestamp": ts,
        "from_version": "v1",
        "to_version": "v2",
    }
    assert client.post("/api/v1/changes", json={"changes": [change]}).status_code == 200
    stores.lake.flush()
    one = client.get("/api/v1/interactions/i0").json()
    by_scorer = {s["scorer"]: s for s in one["scores"]}
    assert by_scorer["refusal"]["passed"] is True
    assert by_scorer["user_feedback"]["label"] == "hallucination_report"
    assert by_scorer["user_feedback"]["passed"] is False
    changes = client.get("/api/v1/changes", params=RANGE).json()["changes"]
    assert [(c["from_version"], c["to_version"]) for c in changes] == [("v1", "v2")]


def test_redaction_happens_before_disk(make_client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    client, stores = make_client()
    secret = "sk-abcdefghijklmnopqrstuvwx"
    item = interaction(0, input=f"my key is {secret}", output="write to ana@example.org")
    client.post("/api/v1/interactions", json={"interactions": [item]})
    spooled = b"".join(p.read_bytes() for p in (tmp_path / "spool").glob("*.jsonl"))
    assert secret.encode() not in spooled and b"ana@example.org" not in spooled
    stores.lake.flush()
    files = b"".join(p.read_bytes() for p in (tmp_path / "lake").rglob("*.parquet"))
    assert secret.encode() not in files
    row = client.get("/api/v1/interactions", params=RANGE).json()["interactions"][0]
    assert row["input"] == "my key is [REDACTED:api_key]"
    assert row["output"] == "write to [REDACTED:email]"


@pytest.mark.parametrize(
    ("body", "status", "needle"),
    [
        (b"{not json", 400, "malformed JSON"),
        (b"", 400, "empty"),
        (b"[]", 422, "Expected `object`"),
        (b'{"interactions": []}', 422, "length"),
        (
            b'{"interactions": [{"service": "s", "timestamp": "2026-11-30T10:00:00Z"}]}',
            422,
            "latency_ms",
        ),
        (
            b'{"interactions": [{"service": "s", "timestamp": "2026-11-30T10:00:00Z",'
            b' "latency_ms": "fast"}]}',
            422,
            "$.interactions[0].latency_ms",
        ),
        (
            b'{"interactions": [{"service": "s", "timestamp": "2026-11-30T10:00:00",'
            b' "latency_ms": 1}]}',
            422,
            "timezone",
        ),
        (
            b'{"interactions": [{"service": "s", "timestamp": "2026-11-30T10:00:00Z",'
            b' "latency_ms": -1}]}',
            422,
            ">= 0",
        ),
        (
            b'{"interactions": [{"service": "s", "timestamp": "2026-11-30T10:00:00Z",'
            b' "latency_ms": 1, "colour": "red"}]}',
            422,
            "unknown field `colour`",
        ),
        (
            b'{"interactions": [{"service": "s", "timestamp": "2026-11-30T10:00:00Z",'
            b' "latency_ms": 1, "status": "meh"}]}',
            422,
            "status",
        ),
    ],
)
def test_bad_input_gets_4xx_that_says_what_is_wrong(make_client, body, status, needle) -> None:  # type: ignore[no-untyped-def]
    client, stores = make_client()
    response = client.post(
        "/api/v1/interactions", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert needle in error["message"]
    assert stores.lake.health().spooled_total == 0


def test_oversized_body_is_413(make_client) -> None:  # type: ignore[no-untyped-def]
    client, _ = make_client(max_body_bytes=2000)
    items = [interaction(i) for i in range(50)]
    response = client.post("/api/v1/interactions", json={"interactions": items})
    assert response.status_code == 413
    assert "max_body_bytes" in response.json()["error"]["message"]
    ok = client.post("/api/v1/interactions", json={"interactions": items[:2]})
    assert ok.status_code == 200


def test_query_parameter_errors_are_422(make_client) -> None:  # type: ignore[no-untyped-def]
    client, _ = make_client()
    assert client.get("/api/v1/interactions", params={"limit": 0}).status_code == 422
    bad_time = client.get("/api/v1/slis", params={"start": "yesterday"})
    assert bad_time.status_code == 422 and "start" in bad_time.json()["error"]["message"]
    empty = client.get("/api/v1/slis", params={"start": RANGE["end"], "end": RANGE["start"]})
    assert empty.status_code == 422 and "empty" in empty.json()["error"]["message"]
    assert client.get("/api/v1/slis", params={"group_by": "colour"}).status_code == 422


def test_slis_endpoint_groups(make_client) -> None:  # type: ignore[no-untyped-def]
    client, stores = make_client()
    items = [interaction(i, model_version="v1", latency_ms=100) for i in range(4)]
    items += [interaction(i, model_version="v2", latency_ms=3000) for i in range(4)]
    client.post("/api/v1/interactions", json={"interactions": items})
    stores.lake.flush()
    rows = client.get("/api/v1/slis", params={**RANGE, "group_by": "model_version"}).json()["rows"]
    by_version = {r["group"]["model_version"]: r for r in rows}
    assert by_version["v1"]["availability"] == 1.0
    assert by_version["v2"]["availability"] == 0.0
    assert by_version["v2"]["latency_p95_ms"] == 3000.0


def _samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    from prometheus_client.parser import text_string_to_metric_families

    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def test_metrics_exposition(make_client) -> None:  # type: ignore[no-untyped-def]
    client, stores = make_client()
    items = [
        interaction(0, latency_ms=30),
        interaction(1, status="error", error_type="timeout", latency_ms=5000),
    ]
    client.post("/api/v1/interactions", json={"interactions": items})
    stores.lake.flush()
    samples = _samples(client.get("/metrics").text)
    base = {
        "environment": "production",
        "model": "m",
        "model_version": "v1",
        "operation": "chat",
        "service": "svc",
    }

    def value(name: str, **labels: str) -> float:
        return samples[(name, frozenset({**base, **labels}.items()))]

    assert value("aisre_interactions_total", status="ok") == 1
    assert value("aisre_interactions_total", status="error") == 1
    assert value("aisre_interaction_errors_total", error_type="timeout") == 1
    # GenAI operation-duration buckets: 30 ms falls in le=0.04, 5 s in le=5.12.
    assert value("aisre_interaction_duration_seconds_bucket", le="0.02") == 0
    assert value("aisre_interaction_duration_seconds_bucket", le="0.04") == 1
    assert value("aisre_interaction_duration_seconds_bucket", le="5.12") == 2
    assert value("aisre_interaction_duration_seconds_sum") == pytest.approx(5.03)
    assert value("aisre_tokens_total", type="output") == 40
    assert value("aisre_token_usage_bucket", type="input", le="16.0") == 2
    assert samples[("aisre_capture_spooled_total", frozenset())] == 2
    assert samples[("aisre_capture_written_total", frozenset())] == 2
    assert samples[("aisre_capture_dropped_total", frozenset())] == 0
    assert ("aisre_capture_lag_seconds", frozenset()) in samples
    assert any(name == "aisre_http_requests_total" for name, _ in samples)
    assert ("process_resident_memory_bytes", frozenset()) in samples


def test_healthz(make_client) -> None:  # type: ignore[no-untyped-def]
    client, _ = make_client()
    assert client.get("/healthz").json()["status"] == "ok"


def test_openapi_documents_ingest_bodies(make_client) -> None:  # type: ignore[no-untyped-def]
    client, _ = make_client()
    spec = client.get("/openapi.json").json()
    body = spec["paths"]["/api/v1/interactions"]["post"]["requestBody"]
    assert body["content"]["application/json"]["schema"]["$ref"].endswith("/InteractionBatch")
    assert "latency_ms" in spec["components"]["schemas"]["Interaction"]["properties"]


class TestApiKeys:
    def test_keys_required_beyond_localhost_and_none_exist(self, make_client) -> None:  # type: ignore[no-untyped-def]
        with pytest.raises(ConfigError, match="aisre keys create"):
            make_client(host="0.0.0.0")

    def test_scopes(self, make_client) -> None:  # type: ignore[no-untyped-def]
        client, _ = make_client(
            host="0.0.0.0",
            api_keys=[
                key_config("writer", "w-secret", "ingest"),
                key_config("reader", "r-secret", "read"),
                key_config("root", "a-secret", "admin"),
            ],
        )
        batch = {"interactions": [interaction(0)]}
        assert client.post("/api/v1/interactions", json=batch).status_code == 401
        wrong = client.post(
            "/api/v1/interactions", json=batch, headers={"authorization": "Bearer nope"}
        )
        assert wrong.status_code == 401
        assert "nope" not in wrong.text
        assert (
            client.post(
                "/api/v1/interactions", json=batch, headers={"authorization": "Bearer w-secret"}
            ).status_code
            == 200
        )
        assert (
            client.post(
                "/api/v1/interactions", json=batch, headers={"x-api-key": "r-secret"}
            ).status_code
            == 403
        )
        assert client.get("/api/v1/stats", headers={"x-api-key": "w-secret"}).status_code == 403
        assert client.get("/api/v1/stats", headers={"x-api-key": "r-secret"}).status_code == 200
        assert client.get("/metrics", headers={"x-api-key": "a-secret"}).status_code == 200
        assert client.get("/metrics").status_code == 401
        assert client.get("/healthz").status_code == 200

    def test_keys_from_the_state_store(self, make_client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
        from aisre.core import SystemClock
        from aisre.store import StateStore

        with StateStore.open(f"sqlite:///{tmp_path / 'state.db'}", SystemClock()) as store:
            _, secret = store.create_api_key("ci", ["ingest", "read"])
        client, _ = make_client(host="0.0.0.0")
        headers = {"authorization": f"Bearer {secret}"}
        assert client.get("/api/v1/stats", headers=headers).status_code == 200
        assert client.get("/api/v1/stats").status_code == 401


def test_unknown_query_parameters_are_rejected(make_client) -> None:  # type: ignore[no-untyped-def]
    client, _ = make_client()
    response = client.get("/api/v1/interactions", params={**RANGE, "modle_version": "v2"})
    assert response.status_code == 422
    message = response.json()["error"]["message"]
    assert "'modle_version'" in message and "model_version" in message


def test_slis_filter_on_status_and_versions(make_client) -> None:  # type: ignore[no-untyped-def]
    client, stores = make_client()
    items = [
        interaction(0, prompt_template_version="p1"),
        interaction(1, prompt_template_version="p2", status="error", error_type="timeout"),
    ]
    client.post("/api/v1/interactions", json={"interactions": items})
    stores.lake.flush()
    rows = client.get("/api/v1/slis", params={**RANGE, "prompt_template_version": "p2"}).json()
    assert [r["requests"] for r in rows["rows"]] == [1]
    assert rows["rows"][0]["errors"] == 1
    assert rows["rows"][0]["window_start"].endswith("Z")
    ok = client.get("/api/v1/slis", params={**RANGE, "status": "ok"}).json()["rows"]
    assert [r["requests"] for r in ok] == [1]


def test_head_healthz(make_client) -> None:  # type: ignore[no-untyped-def]
    client, _ = make_client()
    assert client.head("/healthz").status_code == 200


def test_changes_and_score_errors_are_redacted(make_client) -> None:  # type: ignore[no-untyped-def]
    client, stores = make_client()
    ts = "2026-11-30T10:00:05Z"
    change = {
        "service": "svc",
        "kind": "config",
        "timestamp": ts,
        "attributes": {"owner": "ops@example.com"},
    }
    client.post("/api/v1/changes", json={"changes": [change]})
    score = {
        "interaction_id": "i0",
        "scorer": "judge",
        "timestamp": ts,
        "error": "judge at https://x failed with api_key=abcdef123456",
    }
    client.post("/api/v1/scores", json={"scores": [score]})
    stores.lake.flush()
    (row,) = stores.lake.query("SELECT attributes['owner'] FROM changes")
    assert row == ("[REDACTED:email]",)
    (err,) = stores.lake.query("SELECT error FROM scores")
    assert "abcdef123456" not in err[0]


def test_keys_switched_off_explicitly(make_client) -> None:  # type: ignore[no-untyped-def]
    client, _ = make_client(require_api_keys=False, api_keys=[key_config("k", "s", "read")])
    assert client.get("/api/v1/stats").status_code == 200


def test_keys_required_on_localhost_when_asked(make_client) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConfigError, match="require_api_keys is true"):
        make_client(require_api_keys=True)
