"""The reference service's OpenAI-compatible API, called by the official ``openai`` client."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import numpy as np
import openai
import pytest
from openai import OpenAI

from aisre.demo.service import ANSWER_SCHEMAS, DECLINE, REFUSALS, WordLlamaEmbedder, load_golden
from aisre.demo.service._api import create_service_app
from aisre.demo.service._state import ServiceState

from .helpers import serving

QUESTION = "How much does the Team plan cost?"
Changes = list[tuple[str, str, str]]


@pytest.fixture(scope="module")
def changes() -> Changes:
    return []


@pytest.fixture(scope="module")
def state(tmp_path_factory: pytest.TempPathFactory, changes: Changes) -> ServiceState:
    embedder = WordLlamaEmbedder(tmp_path_factory.mktemp("wordllama"))

    def record(kind: str, old: str, new: str) -> None:
        changes.append((kind, old, new))

    return ServiceState(embedder, on_change=record)


@pytest.fixture(scope="module")
def url(state: ServiceState) -> Iterator[str]:
    """The app served by uvicorn on a free local port, in a daemon thread."""
    with serving(create_service_app(state)) as served:
        yield served


@pytest.fixture
def client(url: str, state: ServiceState, changes: Changes) -> Iterator[OpenAI]:
    state.switch(model="v1", prompt="p1", index="fresh")
    changes.clear()
    with OpenAI(base_url=url + "/v1", api_key="x", max_retries=0, timeout=30) as c:
        yield c


def ask(client: OpenAI, question: str = QUESTION, **kwargs: Any) -> Any:
    return client.chat.completions.create(
        model="northwind-support-v1",
        messages=[
            {"role": "system", "content": "You are a helpful assistant."},
            {"role": "user", "content": question},
        ],
        **kwargs,
    )


def test_a_completion_has_an_answer_usage_and_the_retrieval(client: OpenAI) -> None:
    response = ask(client, temperature=0)
    assert response.id.startswith("chatcmpl-")
    assert response.object == "chat.completion"
    assert response.model == "northwind-support-v1"
    choice = response.choices[0]
    assert "$49" in (choice.message.content or "")
    assert choice.finish_reason == "stop"
    usage = response.usage
    assert usage is not None and usage.completion_tokens > 0 and usage.prompt_tokens > 0
    assert usage.total_tokens == usage.prompt_tokens + usage.completion_tokens
    extra = (response.model_extra or {})["x_aisre"]
    assert (extra["model_version"], extra["prompt_version"], extra["index_version"]) == (
        "v1",
        "p1",
        "fresh",
    )
    assert extra["retrieved"] and {"id", "text", "score"} <= set(extra["retrieved"][0])
    assert set(extra["used_chunk_ids"]) <= {c["id"] for c in extra["retrieved"]}


def test_a_stream_adds_up_to_the_same_answer_with_usage_at_the_end(client: OpenAI) -> None:
    whole = ask(client, temperature=0)
    chunks = list(ask(client, temperature=0, stream=True, stream_options={"include_usage": True}))
    deltas = [c.choices[0].delta.content or "" for c in chunks if c.choices]
    assert len(deltas) > 5
    assert "".join(deltas) == whole.choices[0].message.content
    finished = [c for c in chunks if c.choices and c.choices[0].finish_reason]
    assert [c.choices[0].finish_reason for c in finished] == ["stop"]
    extra = (finished[0].model_extra or {})["x_aisre"]
    assert extra["used_chunk_ids"] == (whole.model_extra or {})["x_aisre"]["used_chunk_ids"]
    assert chunks[-1].choices == [] and chunks[-1].usage == whole.usage
    assert len({c.id for c in chunks}) == 1


def test_a_stream_reports_usage_only_when_asked(client: OpenAI) -> None:
    chunks = list(ask(client, temperature=0, stream=True))
    assert all(c.usage is None for c in chunks)
    assert chunks[-1].choices[0].finish_reason == "stop"


def test_max_tokens_cuts_the_answer_with_finish_reason_length(client: OpenAI) -> None:
    response = ask(client, temperature=0, max_tokens=4)
    assert response.choices[0].finish_reason == "length"
    assert len((response.choices[0].message.content or "").split()) == 4
    assert response.usage is not None and response.usage.completion_tokens == 4


@pytest.mark.parametrize(
    "response_format",
    [
        {"type": "json_schema", "json_schema": {"name": "rag_answer_v1", "strict": True}},
        {"type": "json_object"},
    ],
    ids=["json_schema", "json_object"],
)
def test_json_modes_answer_with_the_schema_keys(
    client: OpenAI, response_format: dict[str, Any]
) -> None:
    response = ask(client, temperature=0, response_format=response_format)
    payload = json.loads(response.choices[0].message.content or "")
    assert set(payload) == set(ANSWER_SCHEMAS["rag_answer_v1"]["required"])
    assert "$49" in payload["answer"]
    assert payload["sources"] == (response.model_extra or {})["x_aisre"]["used_chunk_ids"]


def test_embeddings_are_wordllama_vectors(client: OpenAI) -> None:
    texts = ["How do I rotate an API key?", "Team plan price", "webhook retries"]
    response = client.embeddings.create(model="wordllama-l2-supercat", input=texts)
    vectors = np.array([d.embedding for d in response.data])
    assert vectors.shape == (3, 256)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert [d.index for d in response.data] == [0, 1, 2]
    assert response.usage.prompt_tokens == 12  # whitespace tokens
    single = client.embeddings.create(model="x", input=texts[0], encoding_format="float")
    assert np.allclose(single.data[0].embedding, vectors[0], atol=1e-6)


def test_models_lists_one_chat_model_per_version(client: OpenAI) -> None:
    ids = [m.id for m in client.models.list()]
    for version in ("v1", "v2-regressed", "v1-cautious"):
        assert f"northwind-support-{version}" in ids
    assert client.models.retrieve("northwind-support-v1").id == "northwind-support-v1"


def _refusals(client: OpenAI, questions: list[str]) -> tuple[int, set[str]]:
    refused, models = 0, set()
    for question in questions:
        response = ask(client, question, temperature=0)
        refused += response.choices[0].message.content in (*REFUSALS, DECLINE)
        models.add(response.model)
    return refused, models


def test_switching_to_the_cautious_model_brings_refusals(
    client: OpenAI, url: str, changes: Changes
) -> None:
    questions = [g.question for g in load_golden() if g.answerable][:8]
    good, good_models = _refusals(client, questions)
    reply = httpx.post(url + "/admin/versions", json={"model": "v1-cautious"})
    assert reply.status_code == 200, reply.text
    assert reply.json()["previous"]["model"] == "v1"
    assert reply.json()["current"] == {"model": "v1-cautious", "prompt": "p1", "index": "fresh"}
    assert httpx.get(url + "/admin/versions").json()["current"]["model"] == "v1-cautious"
    assert changes == [("model", "v1", "v1-cautious")]
    cautious, cautious_models = _refusals(client, questions)
    assert good_models == {"northwind-support-v1"}
    assert cautious_models == {"northwind-support-v1-cautious"}
    assert cautious >= good + 2, (good, cautious)


def _assert_openai_error(body: dict[str, Any], param: str | None) -> None:
    assert set(body) == {"message", "type", "param", "code"}
    assert body["type"] == "invalid_request_error"
    assert body["param"] == param
    assert body["message"]


@pytest.mark.parametrize(
    ("kwargs", "param"),
    [
        ({"messages": []}, "messages"),
        ({"messages": [{"role": "user", "content": QUESTION}], "n": 2}, "n"),
        ({"messages": [{"role": "user", "content": QUESTION}], "temperature": 3}, "temperature"),
        (
            {
                "messages": [{"role": "user", "content": QUESTION}],
                "response_format": {"type": "json_schema", "json_schema": {"name": "nope"}},
            },
            "response_format.json_schema.name",
        ),
    ],
    ids=["no-messages", "n=2", "temperature=3", "unknown-schema"],
)
def test_a_bad_chat_request_is_a_400_in_the_openai_shape(
    client: OpenAI, kwargs: dict[str, Any], param: str
) -> None:
    with pytest.raises(openai.BadRequestError) as caught:
        client.chat.completions.create(model="northwind-support-v1", **kwargs)
    assert caught.value.status_code == 400
    assert isinstance(caught.value.body, dict)
    _assert_openai_error(caught.value.body, param)


@pytest.mark.parametrize(
    ("body", "param"),
    [({"model": "v9"}, "model"), ({"index": "weekly"}, "index"), ({"modle": "v1"}, "modle")],
    ids=["unknown-model", "unknown-index", "misspelt-field"],
)
def test_an_unknown_version_is_a_400_naming_the_allowed_ones(
    client: OpenAI, url: str, changes: Changes, body: dict[str, str], param: str
) -> None:
    reply = httpx.post(url + "/admin/versions", json=body)
    assert reply.status_code == 400
    _assert_openai_error(reply.json()["error"], param)
    if param == "model":
        assert "v1-cautious" in reply.json()["error"]["message"]
    assert httpx.get(url + "/admin/versions").json()["current"]["model"] == "v1"
    assert changes == []


def test_healthz(url: str) -> None:
    reply = httpx.get(url + "/healthz")
    assert reply.status_code == 200 and reply.json()["status"] == "ok"
