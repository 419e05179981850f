"""The shape every scorer has: registry, options from the configuration, errors as scores."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import ClassVar

import numpy as np
import numpy.typing as npt
import pytest

from aisre.core import ConfigError, Interaction, Registry, ScoringConfig, SimulatedClock
from aisre.scoring import (
    SCORERS,
    CachedEmbedder,
    ScorerContext,
    Verdict,
    build_scorers,
    run_scorers,
    score_id,
)

T0 = datetime(2026, 11, 30, tzinfo=UTC)


class Length:
    name: ClassVar[str] = "test_length"
    version: ClassVar[str] = "2"

    def __init__(self, context: ScorerContext, limit: int = 10) -> None:
        self.limit = limit

    def score(self, interaction: Interaction) -> Verdict | None:
        if not interaction.output:
            return None
        n = len(interaction.output)
        return Verdict(n, n <= self.limit, "long" if n > self.limit else "short", f"{n} chars")


class Broken:
    name: ClassVar[str] = "test_broken"
    version: ClassVar[str] = "1"

    def __init__(self, context: ScorerContext) -> None:
        pass

    def score(self, interaction: Interaction) -> Verdict | None:
        raise RuntimeError("the judge timed out")


SCORERS.add("test_length", Length)
SCORERS.add("test_broken", Broken)


def interaction(output: str) -> Interaction:
    return Interaction(id="i-1", service="s", timestamp=T0, latency_ms=1.0, output=output)


def test_scorers_are_made_by_name_with_their_options() -> None:
    config = ScoringConfig(scorers=["test_length"], options={"test_length": {"limit": 3}})
    (made,) = build_scorers(config)
    (score,) = run_scorers([made], interaction("four"), SimulatedClock(T0))
    assert (score.scorer, score.scorer_version, score.value, score.passed) == (
        "test_length",
        "2",
        4,
        False,
    )
    assert score.label == "long" and score.explanation == "4 chars"
    assert score.id == score_id("i-1", "test_length", "2")
    assert score.timestamp == T0 and score.service == "s"


def test_a_scorer_that_does_not_apply_gives_no_score() -> None:
    made = build_scorers(ScoringConfig(scorers=["test_length"]))
    assert run_scorers(made, interaction(""), SimulatedClock(T0)) == []


def test_a_failing_scorer_gives_an_error_never_a_verdict() -> None:
    made = build_scorers(ScoringConfig(scorers=["test_broken", "test_length"]))
    broken, length = run_scorers(made, interaction("ok"), SimulatedClock(T0))
    assert broken.error == "RuntimeError: the judge timed out"
    assert broken.passed is None and broken.value is None
    assert length.passed is True


def test_unknown_names_and_bad_options_say_where() -> None:
    with pytest.raises(ConfigError, match=r"scoring.scorers\[1\]: unknown scorer 'nope'"):
        build_scorers(ScoringConfig(scorers=["test_length", "nope"]))
    with pytest.raises(ConfigError, match=r"scoring\.options\.test_length: bad options"):
        build_scorers(ScoringConfig(scorers=["test_length"], options={"test_length": {"x": 1}}))
    with pytest.raises(ConfigError, match="not enabled: test_broken"):
        build_scorers(ScoringConfig(scorers=["test_length"], options={"test_broken": {}}))


def test_a_registry_takes_a_name_once_and_lists_what_it_knows() -> None:
    shapes: Registry[type] = Registry("shape", "aisre.test_shapes")

    @shapes.register("circle")
    class Circle:
        pass

    assert shapes.get("circle") is Circle and shapes.names() == ["circle"]
    with pytest.raises(ValueError, match="registered already"):
        shapes.add("circle", int)
    with pytest.raises(ConfigError, match="unknown shape 'square'; known: circle"):
        shapes.get("square")


class Counting:
    def __init__(self) -> None:
        self.asked: list[str] = []

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        self.asked += texts
        return np.array([[len(t), 1.0] for t in texts], dtype=np.float32)


def test_the_embedding_cache_embeds_each_text_once() -> None:
    inner = Counting()
    cached = CachedEmbedder(inner, size=2)
    first = cached.embed(["a", "bb", "a"])
    assert inner.asked == ["a", "bb"]
    assert first.shape == (3, 2) and first[0].tolist() == first[2].tolist()
    cached.embed(["bb", "ccc"])  # "a" is the least recently used: dropped
    cached.embed(["a"])
    assert inner.asked == ["a", "bb", "ccc", "a"]
    assert cached.hits == 1 and cached.misses == 4


def test_third_party_scorers_come_from_their_entry_point_group(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from importlib.metadata import EntryPoint

    import aisre.core._registry as registry_module

    shapes: Registry[type] = Registry("shape", "aisre.test_plugins")
    found = [
        EntryPoint("ordered_dict", "collections:OrderedDict", "aisre.test_plugins"),
        EntryPoint("broken", "no_such_module:Thing", "aisre.test_plugins"),
    ]

    def entry_points(group: str) -> list[EntryPoint]:
        return found if group == "aisre.test_plugins" else []

    monkeypatch.setattr(registry_module, "entry_points", entry_points)
    from collections import OrderedDict

    assert shapes.get("ordered_dict") is OrderedDict  # loaded on first lookup
    assert shapes.names() == ["ordered_dict"]  # a broken plugin is logged and left out


def test_any_openai_compatible_embeddings_endpoint(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    from aisre.core import EmbeddingsConfig
    from aisre.demo.service import ServiceState, WordLlamaEmbedder, create_service_app
    from aisre.scoring import OpenAIEmbedder, embedder_from_config

    from .helpers import serving

    state = ServiceState(WordLlamaEmbedder(tmp_path_factory.mktemp("wordllama")))
    with serving(create_service_app(state)) as url:
        remote = OpenAIEmbedder(url, model="northwind-embed", batch=2)
        vectors = remote.embed(["rotate a key", "invoices", "dead-letter queue"])
        remote.close()
        config = EmbeddingsConfig(backend="openai", url=url, model="northwind-embed")
        configured = embedder_from_config(config)
        assert isinstance(configured, CachedEmbedder)
        again = configured.embed(["rotate a key"])
        configured.close()
    assert vectors.shape[0] == 3 and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert np.allclose(again[0], vectors[0], atol=1e-5)
