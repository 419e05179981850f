"""Drift: the statistics on known answers, calm versus shifted traffic, the API and the CLI."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import msgspec
import numpy as np
import pytest
from typer.testing import CliRunner

import aisre.cli._commands  # noqa: F401  (registers the commands)
from aisre.cli._app import app
from aisre.core import InputError, Interaction, SimulatedClock
from aisre.demo.runner import MemorySink, ScenarioRunner
from aisre.demo.scenario import parse_scenario
from aisre.demo.traffic import TrafficProfile
from aisre.scoring import DriftThresholds, WordLlamaEmbedder, compare_windows, drift_report
from aisre.scoring._drift_embedding import (
    auc_score,
    centroid_cosine_distance,
    domain_classifier,
    mmd_test,
)
from aisre.scoring._drift_stats import (
    EPSILON,
    bin_counts,
    chi2_sf,
    chi_square_test,
    psi_evidently,
    psi_from_counts,
    psi_quantile,
    quantile_edges,
)
from aisre.scoring._drift_window import Window, resolve_windows
from aisre.server import BackgroundServer

from .helpers import config_in, key_config

runner = CliRunner()


# -- chi-square ------------------------------------------------------------------------------


def test_chi2_sf_known_values() -> None:
    assert chi2_sf(3.841458820694124, 1) == pytest.approx(0.05, rel=1e-9)
    assert chi2_sf(6.634896601021214, 1) == pytest.approx(0.01, rel=1e-9)
    for x in (0.1, 1.0, 7.5, 40.0, 300.0):  # two degrees of freedom: exp(-x/2) exactly
        assert chi2_sf(x, 2) == pytest.approx(math.exp(-x / 2), rel=1e-12)
    assert chi2_sf(18.307038053275146, 10) == pytest.approx(0.05, rel=1e-9)
    assert chi2_sf(0.0, 3) == 1.0 and chi2_sf(5.0, 0) == 1.0
    assert 0.0 < chi2_sf(2000.0, 4) < 1e-300 or chi2_sf(2000.0, 4) == 0.0
    assert 0 < chi2_sf(200.0, 5) < 1e-39


def test_chi2_sf_agrees_with_scipy_where_installed() -> None:
    stats = pytest.importorskip("scipy.stats")
    for dof in (1, 2, 3, 7, 30, 99):
        for x in (0.01, 0.5, 2.0, 9.9, 31.0, 120.0):
            assert chi2_sf(x, dof) == pytest.approx(stats.chi2.sf(x, dof), rel=1e-9, abs=1e-300)


def test_chi_square_test_by_hand() -> None:
    # 2x2: expected 15 in every cell, chi2 = 4 * 5**2 / 15.
    test = chi_square_test([10, 20], [20, 10])
    assert test.statistic == pytest.approx(20 / 3)
    assert test.dof == 1
    assert test.p_value == pytest.approx(0.009823274507519247, rel=1e-9)
    assert test.cramers_v == pytest.approx(math.sqrt((20 / 3) / 60))
    same = chi_square_test([30, 50, 20], [60, 100, 40])
    assert same.statistic == pytest.approx(0.0) and same.p_value == pytest.approx(1.0)


def test_chi_square_pools_rare_categories() -> None:
    # Two categories with 1 and 2 rows: pooled (and, still too small, merged with the
    # smallest other), so they cannot dominate the statistic.
    test = chi_square_test([100, 100, 1, 0], [100, 100, 0, 2])
    assert test.cells == 2
    assert chi_square_test([100, 100, 10, 0], [100, 100, 0, 12]).cells == 3
    assert test.p_value > 0.05


# -- PSI -------------------------------------------------------------------------------------


def test_psi_from_counts_by_hand() -> None:
    expected = (0.25 - 0.5) * math.log(0.25 / 0.5) + (0.75 - 0.5) * math.log(0.75 / 0.5)
    assert psi_from_counts([50, 50], [25, 75]) == pytest.approx(expected)
    assert psi_from_counts([10, 20, 30], [20, 40, 60]) == pytest.approx(0.0)
    # An empty bin gets EPSILON instead of a division by zero.
    with_empty = (0.5 - 1.0) * math.log(0.5 / 1.0) + (0.5 - EPSILON) * math.log(0.5 / EPSILON)
    assert psi_from_counts([100, 0], [50, 50]) == pytest.approx(with_empty)


def test_quantile_bins() -> None:
    reference = np.arange(1, 101, dtype=float)
    edges = quantile_edges(reference, 10)
    assert len(edges) == 9
    assert bin_counts(reference, edges).tolist() == [10.0] * 10
    # Values beyond the reference's range land in the outer bins.
    assert bin_counts([-5.0, 1000.0], edges).tolist() == [1.0] + [0.0] * 8 + [1.0]
    # Ties merge cut points: a feature with three values has at most three bins.
    discrete = [1, 1, 1, 2, 2, 3] * 10
    assert quantile_edges(discrete, 10).tolist() == [1.0, 2.0]
    assert bin_counts(discrete, quantile_edges(discrete, 10)).tolist() == [30.0, 20.0, 10.0]


def test_psi_identical_and_shifted_distributions() -> None:
    rng = np.random.default_rng(1)
    reference = rng.normal(0, 1, 5000)
    same, _, _ = psi_quantile(reference, rng.normal(0, 1, 5000))
    shifted, _, _ = psi_quantile(reference, rng.normal(1, 1, 5000))
    assert same < 0.02
    assert shifted > 0.5
    assert psi_quantile(reference, reference)[0] == pytest.approx(0.0)


def test_psi_evidently_binning_by_hand() -> None:
    # By value over the union of values; empty shares become 1e-4 (the minimum share > 1e-4).
    ref, cur = ["a", "a", "b"], ["a", "c"]
    r = np.array([2 / 3, 1 / 3, 1e-4])
    c = np.array([1 / 2, 1e-4, 1 / 2])
    assert psi_evidently(ref, cur, "categorical") == pytest.approx(
        float(np.sum((r - c) * np.log(r / c)))
    )
    # More than 20 distinct reference values: Sturges bins over both windows.
    rng = np.random.default_rng(2)
    x, y = rng.normal(0, 1, 300), rng.normal(0.5, 1, 200)
    edges = np.histogram_bin_edges(np.concatenate([x, y]), bins="sturges")
    rx, cy = np.histogram(x, edges)[0] / 300, np.histogram(y, edges)[0] / 200
    fill = lambda s: np.where(s == 0, s[s > 0].min() / 1e6 if s[s > 0].min() <= 1e-4 else 1e-4, s)  # noqa: E731
    rx, cy = fill(rx), fill(cy)
    assert psi_evidently(x, y, "numeric") == pytest.approx(
        float(np.sum((rx - cy) * np.log(rx / cy)))
    )


def test_psi_matches_evidently_where_installed() -> None:
    pytest.importorskip("evidently")
    pd = pytest.importorskip("pandas")
    from evidently.legacy.calculations.stattests.psi import _psi
    from evidently.legacy.core import ColumnType

    rng = np.random.default_rng(3)
    x, y = rng.gamma(2.0, 50.0, 800), rng.gamma(2.5, 50.0, 600)
    ours = psi_evidently(x, y, "numeric")
    theirs, _ = _psi(pd.Series(x), pd.Series(y), ColumnType.Numerical, 0.1)
    assert abs(ours - theirs) < 1e-9
    a = rng.choice(["en", "de", "fr"], 500, p=[0.8, 0.1, 0.1]).tolist()
    b = rng.choice(["en", "de", "fr", "es"], 300).tolist()
    ours = psi_evidently(a, b, "categorical")
    theirs, _ = _psi(pd.Series(a), pd.Series(b), ColumnType.Categorical, 0.1)
    assert abs(ours - theirs) < 1e-9


# -- embeddings ------------------------------------------------------------------------------


def test_auc_by_hand() -> None:
    assert auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == pytest.approx(0.75)
    assert auc_score([0, 1], [0.5, 0.5]) == pytest.approx(0.5)  # a tie counts half
    assert auc_score([1, 1, 0], [3, 2, 1]) == pytest.approx(1.0)


def _blobs(shift: float, n: int = 300, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    reference = rng.normal(0, 1, (n, 16))
    current = rng.normal(0, 1, (n, 16))
    current[:, 0] += shift
    return reference, current


def test_domain_classifier_and_mmd_see_no_drift_in_one_distribution() -> None:
    reference, current = _blobs(0.0)
    assert 0.4 < domain_classifier(reference, current).auc < 0.6
    assert mmd_test(reference, current, permutations=200).p_value > 0.05


def test_domain_classifier_and_mmd_see_a_shift() -> None:
    reference, current = _blobs(2.0)
    classifier = domain_classifier(reference, current)
    assert classifier.auc > 0.8
    # The rows the classifier scores most "current" are the shifted ones.
    assert classifier.scores[300:].mean() > classifier.scores[:300].mean()
    mmd = mmd_test(reference, current, permutations=200)
    assert mmd.mmd2 > 0
    assert mmd.p_value == pytest.approx(1 / 201)


def test_mmd_is_deterministic_per_seed() -> None:
    reference, current = _blobs(0.2, n=80)
    assert mmd_test(reference, current, seed=4) == mmd_test(reference, current, seed=4)


def test_centroid_cosine_distance() -> None:
    assert centroid_cosine_distance([[1.0, 0.0]], [[1.0, 0.0], [1.0, 0.0]]) == pytest.approx(0.0)
    assert centroid_cosine_distance([[1.0, 0.0]], [[0.0, 1.0]]) == pytest.approx(1.0)


# -- reports on synthetic rows ---------------------------------------------------------------


def _rows(n: int, seed: int, *, tokens: float = 200.0, german: float = 0.1) -> list[dict[str, Any]]:
    rng = np.random.default_rng(seed)
    return [
        {
            "id": f"r{seed}-{i}",
            "input": "",
            "input_chars": int(rng.integers(20, 80)),
            "input_tokens": int(rng.normal(tokens, 20)),
            "output_tokens": int(rng.normal(60, 10)),
            "operation": "chat",
            "model": "m",
            "language": "de" if rng.random() < german else "en",
            "query_type": str(rng.choice(["factual", "how-to"])),
        }
        for i in range(n)
    ]


def test_report_on_identical_distributions_finds_no_drift() -> None:
    report = compare_windows(_rows(400, 1), _rows(400, 2))
    assert report.verdict == "no drift"
    assert report.drifted_features == []
    assert {f.feature for f in report.features} == {
        "input_tokens",
        "output_tokens",
        "input_chars",
        "language",
        "query_type",
        "operation",
        "model",
    }


def test_report_names_the_shifted_features_first() -> None:
    report = compare_windows(_rows(400, 1), _rows(400, 2, tokens=240.0, german=0.5))
    assert report.verdict == "drift"
    assert set(report.drifted_features) == {"input_tokens", "language"}
    assert [f.feature for f in report.features[:2]] == report.drifted_features
    tokens = report.feature("input_tokens")
    assert tokens.statistic is not None and tokens.statistic > 0.2
    language = report.feature("language")
    assert language.p_value is not None and language.p_value < 1e-10
    shares = {s["value"]: s for s in language.details["shares"]}
    assert shares["de"]["current"] > shares["de"]["reference"]
    json.dumps(report.as_dict())  # plain data


def test_not_enough_data() -> None:
    report = compare_windows(_rows(30, 1), _rows(400, 2, german=0.9))
    assert report.verdict == "not enough data"
    assert report.features == [] and "at least 50" in report.summary
    # A feature few interactions have is judged on its own: not enough data, not a guess.
    current = _rows(400, 3)
    for row in current[20:]:
        row["output_tokens"] = None
    partial = compare_windows(_rows(400, 1), current)
    tokens = partial.feature("output_tokens")
    assert tokens.severity == "not enough data" and tokens.drifted is None
    assert partial.verdict == "no drift"


def test_resolve_windows_defaults_from_the_clock() -> None:
    now = datetime(2026, 11, 30, 12, tzinfo=UTC)
    reference, current = resolve_windows(SimulatedClock(now))
    assert current == Window(now - timedelta(hours=1), now)
    assert reference == Window(now - timedelta(hours=25), now - timedelta(hours=1))
    start = datetime(2026, 11, 30, 6, tzinfo=UTC)
    reference, current = resolve_windows(SimulatedClock(now), current=(start, None))
    assert current.end == start + timedelta(hours=1) and reference.end == start
    with pytest.raises(InputError):
        Window(now, now)
    with pytest.raises(InputError):
        Window(datetime(2026, 11, 30), now)


# -- the reference service's traffic ---------------------------------------------------------

TRAFFIC = """
name: drift-{name}
description: traffic for the drift tests
duration: 20m
seed: {seed}
traffic:
  rate_per_s: 0.8
  diurnal_amplitude: 0
"""
# The mix of the library's traffic-shift scenario, from minute 10.
SHIFT = """
timeline:
  - from: "00:10"
    to: "00:20"
    traffic:
      rate_per_s: 0.8
      diurnal_amplitude: 0
      query_types: {numeric: 4, out-of-scope: 3, factual: 1, how-to: 1, policy: 1}
      languages: {en: 2, de: 1, fr: 1}
"""
SPLIT = timedelta(minutes=10)


@pytest.fixture(scope="module")
def embedder(tmp_path_factory: pytest.TempPathFactory) -> WordLlamaEmbedder:
    return WordLlamaEmbedder(tmp_path_factory.mktemp("wordllama"))


def _traffic(name: str, seed: int, extra: str, embedder: WordLlamaEmbedder) -> list[Interaction]:
    scenario = parse_scenario(
        TRAFFIC.format(name=name, seed=seed) + extra,
        f"{name}.yaml",
        traffic_validator=TrafficProfile.from_dict,
    )
    sink = MemorySink()
    ScenarioRunner(scenario, embedder=embedder, sink=sink).run()
    return sink.interactions


@pytest.fixture(scope="module")
def calm(embedder: WordLlamaEmbedder) -> list[Interaction]:
    return _traffic("calm", 41, "", embedder)


@pytest.fixture(scope="module")
def shifted(embedder: WordLlamaEmbedder) -> list[Interaction]:
    return _traffic("shift", 42, SHIFT, embedder)


def _split(items: list[Interaction]) -> tuple[list[Interaction], list[Interaction]]:
    start = min(i.timestamp for i in items)
    return (
        [i for i in items if i.timestamp - start < SPLIT],
        [i for i in items if i.timestamp - start >= SPLIT],
    )


def test_calm_traffic_does_not_drift(calm: list[Interaction], embedder: WordLlamaEmbedder) -> None:
    reference, current = _split(calm)
    assert min(len(reference), len(current)) > 300
    report = compare_windows(reference, current, embedder, permutations=100)
    assert report.verdict == "no drift", report.summary
    embedding = report.feature("input_embedding")
    assert embedding.statistic is not None and embedding.statistic < 0.6


def test_a_shifted_traffic_mix_is_detected(
    shifted: list[Interaction], embedder: WordLlamaEmbedder
) -> None:
    reference, current = _split(shifted)
    report = compare_windows(reference, current, embedder, permutations=100)
    assert report.verdict == "drift"
    assert {"language", "query_type", "input_embedding"} <= set(report.drifted_features)
    assert report.features[0].drifted
    # The examples are the unusual queries of the current window: mostly not English.
    assert len(report.examples) == 5
    assert sum(e.language != "en" for e in report.examples) >= 3
    assert all(e.id is not None and e.id.startswith("drift-shift") for e in report.examples)


# -- the API and the CLI, against a running aisre ---------------------------------------------


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory,
    shifted: list[Interaction],
    calm: list[Interaction],
) -> Iterator[BackgroundServer]:
    tmp = tmp_path_factory.mktemp("aisre")
    start = min(i.timestamp for i in shifted)
    clock = SimulatedClock(start + timedelta(minutes=20))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp / "cache"))
        with BackgroundServer(config_in(tmp), clock=clock) as background:
            encoder = msgspec.json.Encoder()
            calm_moved = [msgspec.structs.replace(i, service="calm-svc") for i in calm]
            for batch in (shifted, calm_moved):
                response = httpx.post(
                    f"{background.url}/api/v1/interactions",
                    content=encoder.encode({"interactions": batch}),
                    headers={"content-type": "application/json"},
                )
                assert response.status_code == 200, response.text
            assert background.stores is not None
            background.stores.lake.flush()
            yield background


def _iso(moment: datetime) -> str:
    return moment.isoformat()


def test_api_reports_drift_with_explicit_windows(
    server: BackgroundServer, shifted: list[Interaction]
) -> None:
    start = min(i.timestamp for i in shifted)
    response = httpx.get(
        f"{server.url}/api/v1/drift",
        params={
            "service": "support-rag",
            "reference_start": _iso(start),
            "reference_end": _iso(start + SPLIT),
            "current_start": _iso(start + SPLIT),
            "current_end": _iso(start + 2 * SPLIT),
        },
        timeout=60,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["verdict"] == "drift"
    assert {"language", "query_type", "input_embedding"} <= set(body["drifted_features"])
    reference, current = _split(shifted)
    assert (body["n_reference"], body["n_current"]) == (len(reference), len(current))
    assert body["examples"] and body["features"][0]["drifted"] is True


def test_api_defaults_to_the_last_hour_and_says_when_data_is_short(
    server: BackgroundServer,
) -> None:
    # The clock stands at the end of the run: the current hour holds all of it and the
    # 24 hours before hold nothing.
    body = httpx.get(
        f"{server.url}/api/v1/drift", params={"service": "support-rag"}, timeout=60
    ).json()
    assert body["verdict"] == "not enough data"
    assert body["n_reference"] == 0 and body["n_current"] > 500
    end = datetime.fromisoformat(body["current"]["end"].replace("Z", "+00:00"))
    assert server.clock.now() == end
    assert body["reference"]["end"] == body["current"]["start"]


def test_api_checks_its_input(server: BackgroundServer) -> None:
    missing = httpx.get(f"{server.url}/api/v1/drift")
    assert missing.status_code == 422
    unknown = httpx.get(f"{server.url}/api/v1/drift", params={"service": "x", "curent_end": "1"})
    assert unknown.status_code == 422 and "unknown query parameter 'curent_end'" in unknown.text
    empty = httpx.get(
        f"{server.url}/api/v1/drift",
        params={
            "service": "x",
            "current_start": "2026-11-30T02:00:00Z",
            "current_end": "2026-11-30T01:00:00Z",
        },
    )
    assert empty.status_code == 422 and "is empty" in empty.text


def test_api_needs_a_read_key_when_keys_exist(tmp_path: Path) -> None:
    config = config_in(tmp_path, api_keys=[key_config("ingester", "s3cret-ingest", "ingest")])
    with BackgroundServer(config, clock=SimulatedClock(datetime(2026, 11, 30, tzinfo=UTC))) as bg:
        url = f"{bg.url}/api/v1/drift"
        assert httpx.get(url, params={"service": "x"}).status_code == 401
        denied = httpx.get(
            url, params={"service": "x"}, headers={"authorization": "Bearer s3cret-ingest"}
        )
        assert denied.status_code == 403


def test_cli_prints_the_most_drifted_features_and_examples(
    server: BackgroundServer, shifted: list[Interaction]
) -> None:
    start = min(i.timestamp for i in shifted).replace(tzinfo=None)
    fmt = "%Y-%m-%dT%H:%M:%S.%f"
    result = runner.invoke(
        app,
        [
            "drift",
            "--service",
            "support-rag",
            "--reference",
            f"{start.strftime(fmt)}/{(start + SPLIT).strftime(fmt)}",
            "--current",
            f"{(start + SPLIT).strftime(fmt)}/{(start + 2 * SPLIT).strftime(fmt)}",
            "--aisre-url",
            server.url,
        ],
        terminal_width=200,
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert "support-rag: drift" in out
    names = {
        "language",
        "query_type",
        "input_embedding",
        "output_tokens",
        "input_tokens",
        "input_chars",
        "model",
        "operation",
    }
    rows = [
        line.split()[0]
        for line in out[out.index("Features") :].splitlines()
        if line.split()[:1] and line.split()[0] in names
    ]
    assert set(rows[:2]) == {"language", "query_type"}, out
    assert len(rows) == len(names)
    assert "Current queries least like the reference" in out


def test_cli_json_and_calm_service(server: BackgroundServer, calm: list[Interaction]) -> None:
    start = min(i.timestamp for i in calm)
    result = runner.invoke(
        app,
        [
            "drift",
            "--service",
            "calm-svc",
            "--reference",
            f"{start.isoformat()}/{(start + SPLIT).isoformat()}",
            "--current",
            f"{(start + SPLIT).isoformat()}/{(start + 2 * SPLIT).isoformat()}",
            "--aisre-url",
            server.url,
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert body["verdict"] == "no drift" and body["drifted_features"] == []


def test_cli_errors_are_one_clear_message(server: BackgroundServer) -> None:
    bad = runner.invoke(
        app, ["drift", "--service", "x", "--current", "yesterday", "--aisre-url", server.url]
    )
    assert bad.exit_code == 2 and "not a range" in bad.stderr
    down = runner.invoke(app, ["drift", "--service", "x", "--aisre-url", "http://127.0.0.1:9"])
    assert down.exit_code == 2 and "could not reach aisre" in down.stderr
    assert "Traceback" not in down.output


def test_drift_report_reads_the_lake(
    server: BackgroundServer, shifted: list[Interaction], embedder: WordLlamaEmbedder
) -> None:
    assert server.stores is not None
    start = min(i.timestamp for i in shifted)
    report = drift_report(
        server.stores.lake,
        "support-rag",
        (start, start + SPLIT),
        (start + SPLIT, start + 2 * SPLIT),
        embedder,
        max_rows=200,
        thresholds=DriftThresholds(),
        permutations=50,
    )
    assert report.sampled == {"reference": 200, "current": 200}
    assert report.n_reference > 200 and report.verdict == "drift"
