"""Property: no input to the API gets a 5xx; anything malformed gets a 4xx that says why."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aisre.core import SimulatedClock
from aisre.server import Stores, create_app

from .helpers import T0, config_in, interaction

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)
FIELDS = [
    *interaction(0).keys(),
    *("id", "status", "status_code", "retrieval_chunks", "attributes", "params", "logprobs"),
]


@st.composite
def mutated_batches(draw: st.DrawFn) -> bytes:
    """A valid batch with one field deleted, retyped, or an unknown one added."""
    item: dict[str, Any] = interaction(draw(st.integers(0, 10_000)))
    action = draw(st.sampled_from(["delete", "replace", "add", "none"]))
    field = draw(st.sampled_from(FIELDS))
    if action == "delete":
        item.pop(field, None)
    elif action == "replace":
        item[field] = draw(json_values)
    elif action == "add":
        item[draw(st.text(min_size=1, max_size=10))] = draw(json_values)
    return json.dumps({"interactions": [item]}).encode()


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    tmp: Path = tmp_path_factory.mktemp("prop")
    config = config_in(tmp, max_body_bytes=4096)
    clock = SimulatedClock(T0)
    stores = Stores.open(config, clock)
    app = create_app(config, lake=stores.lake, state=stores.state, clock=clock)
    with TestClient(app) as c:
        yield c
    stores.state.dispose()


PATHS = ["/api/v1/interactions", "/api/v1/scores", "/api/v1/feedback", "/api/v1/changes"]
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _check(response: Any) -> None:
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        error = response.json()["error"]
        assert error["message"], "a 4xx must say what is wrong"


@SETTINGS
@given(path=st.sampled_from(PATHS), body=st.binary(max_size=300))
def test_arbitrary_bytes(client: TestClient, path: str, body: bytes) -> None:
    _check(client.post(path, content=body, headers={"content-type": "application/json"}))


@SETTINGS
@given(path=st.sampled_from(PATHS), value=json_values)
def test_arbitrary_json(client: TestClient, path: str, value: Any) -> None:
    _check(
        client.post(path, content=json.dumps(value), headers={"content-type": "application/json"})
    )


@SETTINGS
@given(body=mutated_batches())
def test_mutated_interactions(client: TestClient, body: bytes) -> None:
    response = client.post(
        "/api/v1/interactions", content=body, headers={"content-type": "application/json"}
    )
    _check(response)
    if response.status_code == 200:
        # Whatever was accepted must round-trip through the lake's schema.
        assert response.json()["accepted"] == 1


@SETTINGS
@given(
    params=st.dictionaries(
        st.sampled_from(
            [
                "start",
                "end",
                "limit",
                "offset",
                "group_by",
                "service",
                "latency_threshold_ms",
                "model_version",
            ]
        ),
        st.text(max_size=25),
        max_size=4,
    ),
    path=st.sampled_from(["/api/v1/interactions", "/api/v1/slis", "/api/v1/changes"]),
)
def test_arbitrary_query_parameters(client: TestClient, params: dict[str, str], path: str) -> None:
    _check(client.get(path, params=params))
