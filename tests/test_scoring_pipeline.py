"""Online scoring: sampling, the queue (in-process, Redis Streams), workers, idempotent scores."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis
import yaml

from aisre.core import (
    AisreConfig,
    Interaction,
    QueueConfig,
    RetrievedChunk,
    Score,
    ScoringConfig,
    ServiceConfig,
    SimulatedClock,
    SystemClock,
)
from aisre.scoring import (
    MemoryQueue,
    RedisQueue,
    SamplingPolicy,
    ScoringWorker,
    build_scorers,
    score_id,
)
from aisre.server import BackgroundServer

from .helpers import config_in

T0 = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
CHEAP = ["retrieval_relevance", "context_utilization", "leak"]
CHUNK = RetrievedChunk(id="kb-1", text="To rotate an API key, open Settings and press Rotate.")


def interaction(i: int, **fields: Any) -> Interaction:
    base: dict[str, Any] = {
        "id": f"i-{i:05d}",
        "service": "support-rag",
        "timestamp": T0 + timedelta(seconds=i),
        "latency_ms": 10.0,
        "input": "How do I rotate an API key?",
        "output": "Open Settings and press Rotate.",
        "retrieval_chunks": [CHUNK],
    }
    return Interaction(**(base | fields))


def test_sampling_is_deterministic_and_keeps_every_error() -> None:
    config = AisreConfig(
        scoring=ScoringConfig(sample_rate=0.25),
        services=[ServiceConfig(name="all", score_sample_rate=1.0)],
    )
    policy = SamplingPolicy(config)
    items = [interaction(i) for i in range(4000)]
    chosen = [policy.chosen(i) for i in items]
    assert 0.22 < sum(chosen) / len(items) < 0.28
    assert chosen == [policy.chosen(i) for i in items]  # the same every time
    assert all(policy.chosen(interaction(i, status="error")) for i in range(100))
    assert all(policy.chosen(interaction(i, service="all")) for i in range(100))


def test_a_batch_is_acknowledged_only_once_its_scores_are_written() -> None:
    queue = MemoryQueue(claim_idle_s=0.05)
    queue.put([interaction(i) for i in range(3)])
    written: list[Score] = []
    fail = {"now": True}

    def write(scores: Any) -> None:
        if fail["now"]:
            raise OSError("the lake is down")
        written.extend(scores)

    scorers = build_scorers(ScoringConfig(scorers=["leak"]))
    worker = ScoringWorker(queue, scorers, write, SimulatedClock(T0), batch_size=10)
    assert worker.run_once(block_s=0.1) == 0 and worker.stats.write_failures == 1
    assert queue.depth() == 3  # still there, to be taken again
    fail["now"] = False
    time.sleep(0.06)
    assert worker.run_once(block_s=0.1) == 3
    assert queue.depth() == 0 and worker.stats.redelivered == 3
    assert sorted(s.interaction_id for s in written) == ["i-00000", "i-00001", "i-00002"]


def test_a_full_queue_refuses_work_instead_of_growing() -> None:
    queue = MemoryQueue(max_pending=5)
    assert queue.put([interaction(i) for i in range(8)]) == 5
    assert queue.put([interaction(9)]) == 0 and queue.depth() == 5


def test_aisre_up_scores_what_it_ingests(tmp_path: Path) -> None:
    config = config_in(tmp_path, scorers=CHEAP)
    with BackgroundServer(config, clock=SystemClock()) as server:
        body = {"interactions": [_json(i) for i in range(40)]}
        assert httpx.post(f"{server.url}/api/v1/interactions", json=body).status_code == 200
        assert server.app is not None and server.stores is not None
        pipeline = server.app.state.aisre.scoring
        assert pipeline.drain(30)
        server.stores.lake.flush()
        rows = server.stores.lake.query_records(
            "SELECT interaction_id, scorer, count(*) AS n FROM scores GROUP BY ALL"
        )
        metrics = httpx.get(f"{server.url}/metrics").text
    assert len(rows) == 40 * len(CHEAP) and all(r["n"] == 1 for r in rows)
    assert "aisre_scoring_submitted_total 40.0" in metrics
    assert 'aisre_scoring_scores_total{scorer="leak"} 40.0' in metrics
    assert 'aisre_scoring_lag_seconds{quantile="0.95"}' in metrics


def _json(i: int) -> dict[str, Any]:
    import msgspec

    return msgspec.to_builtins(interaction(i))  # type: ignore[no-any-return]


def test_a_score_sent_twice_is_stored_once(tmp_path: Path) -> None:
    score = {
        "id": score_id("i-1", "leak", "1"),
        "interaction_id": "i-1",
        "scorer": "leak",
        "timestamp": T0.isoformat(),
        "passed": True,
    }
    with BackgroundServer(config_in(tmp_path), clock=SystemClock()) as server:
        for _ in range(2):
            response = httpx.post(f"{server.url}/api/v1/scores", json={"scores": [score]})
            assert response.json() == {"accepted": 1, "ids": [score["id"]]}
        assert server.stores is not None
        server.stores.lake.flush()
        (row,) = server.stores.lake.query_records("SELECT count(*) AS n FROM scores")
    assert row["n"] == 1


def test_the_redis_queue_hands_out_takes_over_and_acknowledges(
    redis_queue_config: QueueConfig,
) -> None:
    one, two = RedisQueue(redis_queue_config), RedisQueue(redis_queue_config)
    try:
        assert one.put([interaction(i) for i in range(5)]) == 5
        first = one.take("a", 3, block_s=0.1)
        assert [m.interaction.id for m in first] == ["i-00000", "i-00001", "i-00002"]
        rest = two.take("b", 10, block_s=0.1)
        assert [m.interaction.id for m in rest] == ["i-00003", "i-00004"]
        two.ack([m.id for m in rest])
        assert one.depth() == 3
        time.sleep(1.1)  # "a" died holding its batch: after claim_idle_s "b" takes it over
        taken_over = two.take("b", 10, block_s=0.1)
        assert sorted(m.interaction.id for m in taken_over) == ["i-00000", "i-00001", "i-00002"]
        assert all(m.deliveries > 1 for m in taken_over)
        two.ack([m.id for m in taken_over])
        assert one.depth() == 0 and two.take("b", 10, block_s=0.05) == []
    finally:
        one.close()
        two.close()


def test_two_workers_share_a_stream_and_one_dies_mid_batch(
    redis_queue_config: QueueConfig, tmp_path: Path
) -> None:
    queue = redis_queue_config.model_copy(update={"batch_size": 25})
    config = config_in(tmp_path, scorers=CHEAP).model_copy(update={"queue": queue})
    n = 600
    with BackgroundServer(config, clock=SystemClock()) as server:
        cfg_file = tmp_path / "worker.yaml"
        cfg_file.write_text(
            yaml.safe_dump(
                {"queue": queue.model_dump(), "scoring": {"scorers": CHEAP}}, sort_keys=False
            )
        )
        env = {k: v for k, v in os.environ.items() if not k.startswith("AISRE_")}
        logs = [(tmp_path / f"worker{k}.log").open("wb") for k in range(2)]
        workers = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "aisre",
                    "worker",
                    "--config",
                    str(cfg_file),
                    "--aisre-url",
                    server.url,
                    "--consumer",
                    f"w{k}",
                ],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            for k, log in enumerate(logs)
        ]
        try:
            body = {"interactions": [_json(i) for i in range(n)]}
            assert httpx.post(f"{server.url}/api/v1/interactions", json=body).status_code == 200
            assert server.stores is not None
            # Kill w0 without warning while it holds a batch it has not acknowledged.
            client = redis.Redis.from_url(str(queue.url))
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                held = {
                    c["name"].decode(): c["pending"]
                    for c in client.xinfo_consumers(queue.stream, queue.group)
                }
                if held.get("w0", 0) > 0:
                    break
                time.sleep(0.005)
            client.close()
            workers[0].send_signal(signal.SIGKILL)
            workers[0].wait(10)
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                server.stores.lake.flush()
                (row,) = server.stores.lake.query_records(
                    "SELECT count(DISTINCT interaction_id) AS n FROM scores"
                )
                if row["n"] == n:
                    break
                time.sleep(0.2)
            time.sleep(0.5)
            server.stores.lake.flush()
            counts = server.stores.lake.query_records(
                "SELECT interaction_id, scorer, count(*) AS n FROM scores GROUP BY ALL"
            )
        finally:
            for proc in workers:
                if proc.poll() is None:
                    proc.send_signal(signal.SIGTERM)
                    proc.wait(20)
            for log in logs:
                log.close()
    per = Counter((r["interaction_id"], r["scorer"]) for r in counts)
    assert len(per) == n * len(CHEAP), "every interaction scored by every scorer"
    assert all(r["n"] == 1 for r in counts), "exactly one score per scorer"
    assert workers[1].returncode == 0, (tmp_path / "worker1.log").read_text()
    log = (tmp_path / "worker1.log").read_text()
    taken_over = int(log.rsplit("took over ", 1)[1].split()[0])
    assert taken_over > 0, "w1 finished the batch w0 died holding"


def test_what_users_give_feedback_on_is_scored_though_sampling_left_it_out(
    tmp_path: Path,
) -> None:
    config = config_in(tmp_path, scorers=CHEAP)
    config = config.model_copy(
        update={"scoring": config.scoring.model_copy(update={"sample_rate": 0.0})}
    )
    with BackgroundServer(config, clock=SystemClock()) as server:
        body = {"interactions": [_json(i) for i in range(10)]}
        assert httpx.post(f"{server.url}/api/v1/interactions", json=body).status_code == 200
        assert server.app is not None and server.stores is not None
        pipeline = server.app.state.aisre.scoring
        assert pipeline.sampled_out == 10 and pipeline.submitted == 0
        server.stores.lake.flush()
        feedback = [
            {"interaction_id": f"i-{i:05d}", "kind": "thumbs_down", "timestamp": T0.isoformat()}
            for i in (2, 5, 7)
        ]
        feedback.append(
            {"interaction_id": "never-seen", "kind": "thumbs_up", "timestamp": T0.isoformat()}
        )
        response = httpx.post(f"{server.url}/api/v1/feedback", json={"feedback": feedback})
        assert response.status_code == 200
        deadline = time.monotonic() + 30  # the resolver looks every 2 s
        while pipeline.wanted_scored < 3 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert pipeline.drain(30)
        server.stores.lake.flush()
        rows = server.stores.lake.query_records(
            "SELECT DISTINCT interaction_id FROM scores WHERE scorer <> 'user_feedback' ORDER BY 1"
        )
    assert [r["interaction_id"] for r in rows] == ["i-00002", "i-00005", "i-00007"]


def test_an_unreachable_redis_is_a_clear_error() -> None:
    from aisre.scoring import QueueError

    expected = r"cannot reach the scoring queue at redis://127\.0\.0\.1:9/0: .*refused"
    with pytest.raises(QueueError, match=expected) as info:
        RedisQueue(QueueConfig(url="redis://127.0.0.1:9/0"))
    assert info.value.hint is not None and "unset queue.url" in info.value.hint
