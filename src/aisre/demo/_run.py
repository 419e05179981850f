"""``aisre demo``: the whole loop, so far, on simulated time.

It starts aisre in-process and runs a scenario (six hours by default) of user
traffic against the reference RAG service through aisre's gateway, which
records every interaction as it would for a real service; the users'
feedback and the change events go through aisre's ingest API. The SLIs are
then read back from the event lake. The reference service is served in the
same process (its requests carry simulated time, which no socket would).
The scenario's labels (what was injected when), each answer's true quality
and the simulated GPU's load once a minute are written beside the lake:
``labels.jsonl``, ``truth.jsonl``, ``load.jsonl``.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from importlib.resources import files
from pathlib import Path
from typing import Any

import httpx

from aisre.capture import Gateway
from aisre.core import (
    FEEDBACK_SCORER,
    AisreConfig,
    LakeConfig,
    ScoringConfig,
    ServiceConfig,
    SimulatedClock,
    StateConfig,
)
from aisre.server import BackgroundServer

from .runner import IngestSink, MemorySink, RunResult, ScenarioRunner
from .scenario import Scenario, load_scenario
from .service import Embedder, WordLlamaEmbedder
from .traffic import TrafficProfile

DEFAULT_SCENARIO = "default"


@dataclass(frozen=True)
class DemoResult:
    """What the demo did and measured.

    Attributes:
        scenario: the scenario run.
        run: what the run sent and how fast it went.
        rows: the SLI rows per hour and model version, read back from aisre.
        feedback: feedback counts per hour and kind, read back from aisre.
        behavior: what aisre's scorers found per hour and model version (hallucination
            and refusal rates, retrieval precision, parse errors), read back from aisre.
        data_dir: where the lake, the state, the labels and the truths are.
    """

    scenario: Scenario
    run: RunResult
    rows: list[dict[str, Any]]
    feedback: list[dict[str, Any]]
    behavior: list[dict[str, Any]]
    data_dir: Path

    @property
    def interactions(self) -> int:
        """Interactions recorded."""
        return self.run.requests


#: The reference service's nominal address: the demo serves it in-process.
REFERENCE_UPSTREAM = "http://reference-service.in-process"


#: What the scorers found, per hour and model version (errors of scorers left out).
BEHAVIOR_SQL = """
SELECT date_trunc('hour', i.timestamp) AS hour, i.model_version,
       count(DISTINCT i.id) AS scored,
       avg(CASE WHEN s.scorer = 'grounding' THEN CAST(NOT s.passed AS INTEGER) END)
           AS hallucination_rate,
       avg(CASE WHEN s.scorer = 'refusal' THEN CAST(NOT s.passed AS INTEGER) END)
           AS refusal_rate,
       avg(CASE WHEN s.scorer = 'retrieval_relevance' THEN s.value END) AS retrieval_precision,
       avg(CASE WHEN s.scorer = 'context_utilization' THEN s.value END) AS context_utilization,
       avg(CASE WHEN s.scorer = 'schema_validity' THEN CAST(NOT s.passed AS INTEGER) END)
           AS parse_error_rate,
       avg(CASE WHEN s.scorer = 'task_completion' THEN CAST(s.passed AS INTEGER) END)
           AS task_completion
FROM interactions i JOIN scores s ON s.interaction_id = i.id
WHERE s.source = 'online' AND s.error IS NULL
GROUP BY ALL ORDER BY ALL
"""


def demo_config(data_dir: Path, service: str | None = None) -> AisreConfig:
    """A configuration keeping everything under ``data_dir``; ``service`` behind the gateway."""
    services = [] if service is None else [ServiceConfig(name=service, upstream=REFERENCE_UPSTREAM)]
    # Golden questions in the traffic are judged against their reference answers.
    golden = str(files("aisre") / "demo" / "kb" / "golden.jsonl")
    return AisreConfig(
        lake=LakeConfig(url=str(data_dir / "lake"), spool_dir=str(data_dir / "spool")),
        state=StateConfig(url=f"sqlite:///{data_dir / 'state.db'}"),
        services=services,
        scoring=ScoringConfig(options={"task_completion": {"datasets": [golden]}}),
    )


def load_demo_scenario(name_or_path: str | Path = DEFAULT_SCENARIO) -> Scenario:
    """A bundled scenario by name, or a scenario file, with its traffic checked."""
    return load_scenario(name_or_path, traffic_validator=TrafficProfile.from_dict)


def run_demo(
    *,
    scenario: str | Path | Scenario = DEFAULT_SCENARIO,
    data_dir: Path | None = None,
    progress: Callable[[float, float], None] | None = None,
    embedder: Embedder | None = None,
) -> DemoResult:
    """Run ``scenario`` through an in-process aisre and return what aisre measured.

    Args:
        scenario: A bundled scenario's name, a scenario file, or a loaded scenario.
        data_dir: Where to keep the lake, the state, ``labels.jsonl``,
            ``truth.jsonl`` and ``load.jsonl``; a temporary directory (deleted
            after) when None.
        progress: Called with (simulated seconds done, in all) as the run goes.
        embedder: The reference service's embedder (WordLlama by default).
    """
    if not isinstance(scenario, Scenario):
        scenario = load_demo_scenario(scenario)
    tmp = None
    if data_dir is None:
        tmp = tempfile.TemporaryDirectory(prefix="aisre-demo-")
        data_dir = Path(tmp.name)
    data_dir.mkdir(parents=True, exist_ok=True)
    end = scenario.start + timedelta(seconds=scenario.duration_s)
    clock = SimulatedClock(scenario.start)
    try:
        runner = ScenarioRunner(
            scenario,
            embedder=embedder or WordLlamaEmbedder(),
            sink=MemorySink(),  # replaced below, once aisre listens
            progress=progress,
            clock=clock,
        )
        # The reference service answers in-process, behind aisre's own gateway,
        # on the scenario's simulated time.
        with BackgroundServer(
            demo_config(data_dir, scenario.service),
            clock=runner.clock,
            upstream_apps={scenario.service: runner.service_app()},
        ) as server:
            with IngestSink(server.url) as sink:
                runner.sink = sink
                assert server.app is not None
                result = runner.run(gateway=server.app)
            gateway: Gateway = server.app.state.gateway
            if not gateway.recorder.drain(timeout_s=120):
                raise RuntimeError("the gateway's recorder did not deliver every interaction")
            scoring = server.app.state.aisre.scoring
            if scoring is not None and not scoring.drain(timeout_s=600):
                raise RuntimeError("online scoring did not finish within 10 minutes")
            clock.set(max(clock.now(), end) + timedelta(seconds=1))
            assert server.stores is not None
            server.stores.lake.flush()
            rows = _slis(server.url, scenario)
            # Feedback is stored as scores of the user_feedback scorer.
            feedback = server.stores.lake.query_records(
                "SELECT date_trunc('hour', timestamp) AS hour, label AS kind, count(*) AS n "
                "FROM scores WHERE scorer = ? GROUP BY ALL ORDER BY ALL",
                [FEEDBACK_SCORER],
            )
            behavior = server.stores.lake.query_records(BEHAVIOR_SQL)
        result.write(data_dir)
    finally:
        if tmp is not None:
            tmp.cleanup()
    return DemoResult(scenario, result, rows, feedback, behavior, data_dir)


def _slis(url: str, scenario: Scenario) -> list[dict[str, Any]]:
    end = scenario.start + timedelta(seconds=scenario.duration_s)
    response = httpx.get(
        f"{url}/api/v1/slis",
        params={
            "start": scenario.start.isoformat(),
            "end": end.isoformat(),
            "group_by": "hour,model_version",
        },
        timeout=60,
    )
    response.raise_for_status()
    rows: list[dict[str, Any]] = response.json()["rows"]
    return rows
