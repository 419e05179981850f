"""Run a scenario: its traffic against the reference service, on simulated time.

For each request of the traffic, in arrival order, the runner brings the
service to the scenario's state at that instant (versions switched at their
scheduled times, the faults of the windows in force), waits for a free GPU
slot, and answers it in-process through the same code path as the HTTP API,
on a clock of the request's own. Injected latency and generation time advance
that clock instead of sleeping, so six simulated hours take about a minute;
nothing measured depends on the machine, so a seed replays the same run.

Everything a capture layer would see goes to a :class:`Sink` (aisre's ingest
API in ``aisre demo``): the interactions, the users' feedback, and the change
events of the switches. What only the simulation knows — the timeline's
labels and each answer's true quality — is returned and can be written out.
"""

from __future__ import annotations

import asyncio
import bisect
import dataclasses
import json
import random
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import orjson
from starlette.types import ASGIApp

from aisre.capture import StreamObserver
from aisre.core import ChangeEvent, ContextClock, Feedback, SimulatedClock
from aisre.demo.scenario import Label, Scenario, ScheduledChange
from aisre.demo.service import (
    REALISTIC,
    ChatReply,
    Embedder,
    GoldenCase,
    Pace,
    ServiceState,
    create_service_app,
    is_correct,
    load_golden,
    run_chat,
)
from aisre.demo.service._change_events import KINDS
from aisre.demo.service._load import LoadSnapshot, LoadTracker
from aisre.demo.service._openai import ChatCompletionRequest
from aisre.demo.traffic import (
    FeedbackModel,
    Outcome,
    TrafficGenerator,
    TrafficProfile,
    TrafficRequest,
)

from ._asgi_client import call_asgi
from ._gpu import GpuQueue
from ._record import Timing, Truth, record
from ._sink import Sink
from ._slots import Slots

__all__ = ["RunResult", "ScenarioRunner"]

#: Called with (simulated seconds done, simulated seconds in all).
Progress = Callable[[float, float], None]


@dataclass
class RunResult:
    """What a scenario run did.

    Attributes:
        scenario: the scenario's name.
        requests: requests sent to the service.
        statuses: how many got each HTTP status.
        feedback: feedback records made.
        changes: change events made.
        simulated_s: simulated seconds covered.
        wall_s: wall-clock seconds the run took.
        labels: the timeline's ground truth.
        truths: each interaction's true quality, in request order.
        load: the simulated GPU once a simulated minute (queue depth,
            utilization, memory), as the service's ``/metrics`` shows it.
    """

    scenario: str
    requests: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    feedback: int = 0
    changes: int = 0
    simulated_s: float = 0.0
    wall_s: float = 0.0
    labels: list[Label] = field(default_factory=list)
    truths: list[Truth] = field(default_factory=list)
    load: list[LoadSnapshot] = field(default_factory=list)

    def write(self, directory: Path) -> None:
        """Write ``labels.jsonl``, ``truth.jsonl`` and ``load.jsonl`` into ``directory``."""
        directory.mkdir(parents=True, exist_ok=True)
        for name, rows in (
            ("labels.jsonl", [label.as_dict() for label in self.labels]),
            ("truth.jsonl", [truth.as_dict() for truth in self.truths]),
            ("load.jsonl", [dataclasses.asdict(sample) for sample in self.load]),
        ):
            (directory / name).write_text(
                "".join(json.dumps(row, default=str) + "\n" for row in rows), encoding="utf-8"
            )

    @property
    def speedup(self) -> float:
        """Simulated seconds per wall-clock second."""
        return self.simulated_s / self.wall_s if self.wall_s > 0 else float("inf")


class ScenarioRunner:
    """Runs one scenario against an in-process reference service.

    Args:
        scenario: The scenario to run.
        embedder: The service's embedder (shared between runs to load it once).
        sink: Where interactions, feedback and change events go.
        pace: How fast the simulated model generates.
        slots: Requests the simulated GPU serves at once.
        progress: Called now and then with simulated seconds done and in all.
        clock: The scenario's clock, shared with whatever records the run (an
            in-process aisre); it is moved to each request's arrival. A new
            one starting at the scenario's start by default.
    """

    def __init__(
        self,
        scenario: Scenario,
        *,
        embedder: Embedder,
        sink: Sink,
        pace: Pace = REALISTIC,
        slots: int = 8,
        progress: Progress | None = None,
        clock: SimulatedClock | None = None,
    ) -> None:
        self.scenario = scenario
        self.sink = sink
        self.progress = progress
        self._clock = clock or SimulatedClock(scenario.start)
        #: The service's clock (and a gateway's): each request's own while it is served.
        self.clock = ContextClock(self._clock)
        self._slots = Slots(slots)
        self._load = LoadTracker(self._clock, slots=slots)
        self._next_sample = 0.0
        initial = scenario.initial
        self.state = ServiceState(
            embedder,
            model=initial["model"],
            prompt=initial["prompt"],
            index=initial["index"],
            rng=random.Random(scenario.seed),
            fault_rng=random.Random(scenario.seed + 1),
            clock=self.clock,
            on_change=self._on_change,
            pace=pace,
        )
        self._replies: list[ChatReply] = []
        self.state.on_reply = self._replies.append
        self._golden: dict[str, GoldenCase] = {c.id: c for c in load_golden()}
        self._feedback = FeedbackModel(scenario.seed + 2)
        self._pending_description = ""
        self._result = RunResult(scenario.name)
        breakpoints = scenario.breakpoints()
        self._profile_breaks = breakpoints
        self._profiles = [TrafficProfile.from_dict(scenario.traffic_at(t)) for t in breakpoints]

    def _profile_at(self, elapsed_s: float) -> TrafficProfile:
        i = bisect.bisect_right(self._profile_breaks, elapsed_s) - 1
        return self._profiles[max(0, i)]

    def _on_change(self, kind: str, old: str, new: str) -> None:
        description = self._pending_description
        self.sink.add_change(
            ChangeEvent(
                service=self.scenario.service,
                kind=KINDS[kind],
                timestamp=self._clock.now(),
                name=kind,
                from_version=old,
                to_version=new,
                description=description or f"{kind} {old} -> {new}",
                author="aisre scenario",
                attributes={"scenario": self.scenario.name},
            )
        )
        self._result.changes += 1

    def service_app(self) -> ASGIApp:
        """The reference service's HTTP app, queueing on the GPU's slots, for :meth:`run`'s gateway.

        Name it as the upstream app of the scenario's service in aisre's
        ``BackgroundServer(upstream_apps=...)``, whose clock is :attr:`clock`.
        """
        return GpuQueue(
            create_service_app(self.state), self.clock, self.scenario.start, self._slots
        )

    def run(self, gateway: ASGIApp | None = None) -> RunResult:
        """Run the whole scenario; the sink is flushed at the end.

        Args:
            gateway: aisre's app: each request is then sent through its gateway
                (to :meth:`service_app`), which records the interactions; the
                sink gets the feedback and change events only. Without it, the
                service is called directly and the sink gets the interactions
                as a gateway would record them.
        """
        scenario = self.scenario
        started = time.perf_counter()
        self.state.warm_up()
        changes = deque(scenario.changes())
        if gateway is None:
            for request, offset in self._arrivals(changes):
                self._serve(request, offset)
        else:

            async def through_gateway() -> None:
                for request, _ in self._arrivals(changes):
                    await self._serve_through(gateway, request)

            asyncio.run(through_gateway())
        while changes:
            self._apply_change(changes.popleft())
        self._sample(scenario.duration_s)
        self.sink.flush()
        result = self._result
        result.simulated_s = scenario.duration_s
        result.wall_s = time.perf_counter() - started
        result.labels = scenario.labels()
        if self.progress is not None:
            self.progress(scenario.duration_s, scenario.duration_s)
        return result

    def _arrivals(self, changes: deque[ScheduledChange]) -> Iterator[tuple[TrafficRequest, float]]:
        """The traffic's requests with their offsets, the service brought to each one's instant."""
        scenario = self.scenario
        generator = TrafficGenerator(
            scenario.start, scenario.duration_s, scenario.seed, self._profile_at
        )
        faults = self.state.faults
        next_progress = 0.0
        for request in generator.requests():
            offset = (request.at - scenario.start).total_seconds()
            while changes and changes[0].at_s <= offset:
                self._apply_change(changes.popleft())
            self._sample(offset)
            self._clock.set(request.at)
            wanted = scenario.faults_at(offset)
            if wanted != faults:
                self.state.faults = faults = wanted
            yield request, offset
            if self.progress is not None and offset >= next_progress:
                self.progress(offset, scenario.duration_s)
                next_progress = offset + 60.0

    def _sample(self, offset: float) -> None:
        """Record the GPU once per simulated minute up to ``offset``."""
        while self._next_sample <= offset:
            when = self.scenario.start + timedelta(seconds=self._next_sample)
            self._result.load.append(self._load.snapshot(at=when))
            self._next_sample += 60.0

    def _apply_change(self, change: ScheduledChange) -> None:
        when = self.scenario.start + timedelta(seconds=change.at_s)
        self._clock.set(max(when, self._clock.now()))
        self._pending_description = change.description
        self.state.switch(**{change.kind: change.to_version})
        self._pending_description = ""

    def _serve(self, request: TrafficRequest, offset: float) -> None:
        """Answer ``request`` in-process and record it as a gateway would."""
        begin = self._slots.start(offset)
        clock = SimulatedClock(self.scenario.start + timedelta(seconds=begin))
        chat = ChatCompletionRequest.model_validate(request.chat_body())
        reply = run_chat(self.state, chat, clock)
        observer = None
        if reply.completion is not None and request.stream:
            # Read the stream as the gateway would, each event at its simulated time.
            observer = StreamObserver(started=request.at.timestamp())
            for event in reply.completion.events(include_usage=True):
                observer.feed(event, clock.now().timestamp())
        latency_s = (clock.now() - request.at).total_seconds()
        self._slots.finish(begin + (latency_s - (begin - offset)))
        timing = Timing(request.at, latency_s)
        interaction_id = self._interaction_id(request)
        interaction = record(
            request,
            reply,
            timing,
            interaction_id=interaction_id,
            service=self.scenario.service,
            attributes=self._attributes(request),
            stream=observer,
        )
        self.sink.add_interaction(interaction)
        self._answered(request, reply, timing, interaction_id)

    async def _serve_through(self, gateway: ASGIApp, request: TrafficRequest) -> None:
        """Send ``request`` through aisre's gateway, which records it; the service queues it."""
        clock = SimulatedClock(request.at)
        interaction_id = self._interaction_id(request)
        headers = [
            (b"content-type", b"application/json"),
            (b"x-aisre-interaction-id", interaction_id.encode()),
        ]
        headers += [
            (b"x-aisre-attr-" + key.replace("_", "-").encode(), value.encode())
            for key, value in self._attributes(request).items()
        ]
        self._replies.clear()
        with self.clock.using(clock):
            answer = await call_asgi(
                gateway,
                "POST",
                f"/gateway/{self.scenario.service}/v1/chat/completions",
                headers,
                orjson.dumps(request.chat_body()),
            )
        if len(self._replies) != 1:
            raise RuntimeError(
                f"the gateway answered {answer.status} without reaching the reference service: "
                f"{answer.body[:300]!r}"
            )
        latency_s = (clock.now() - request.at).total_seconds()
        self._answered(request, self._replies[0], Timing(request.at, latency_s), interaction_id)

    def _interaction_id(self, request: TrafficRequest) -> str:
        return f"{self.scenario.name}-{self.scenario.seed}-{request.seq:07d}"

    def _attributes(self, request: TrafficRequest) -> dict[str, str]:
        attributes = {
            "query_type": request.query_type,
            "language": request.language,
            "user": request.user,
            "scenario": self.scenario.name,
        }
        if request.golden_id is not None:
            attributes["golden_id"] = request.golden_id
        return attributes

    def _answered(
        self, request: TrafficRequest, reply: ChatReply, timing: Timing, interaction_id: str
    ) -> None:
        """Account for an answered request: the GPU's load, the truth, the user's feedback."""
        completion = reply.completion
        tokens = 0
        if completion is not None:
            tokens = completion.answer.prompt_tokens + len(completion.pieces)
        ticket = self._load.begin(tokens, at=request.at)
        self._load.end(ticket, at=timing.finished)
        cut = completion is not None and bool(request.stream) and completion.stream_cut
        truth = self._truth(request, reply, interaction_id, reply.status == 200 and not cut)
        self._result.truths.append(truth)
        self._result.requests += 1
        self._result.statuses[reply.status] += 1
        outcome = Outcome(
            ok=truth.ok,
            latency_ms=round(timing.latency_s * 1000.0, 3),
            refused=truth.refused,
            supported=truth.supported,
            correct=truth.correct,
        )
        for event in self._feedback.feedback(request, outcome):
            self.sink.add_feedback(
                Feedback(
                    interaction_id=interaction_id,
                    kind=event.kind,
                    timestamp=timing.finished + timedelta(seconds=event.delay_s),
                    service=self.scenario.service,
                    comment=event.comment,
                    user=request.user,
                )
            )
            self._result.feedback += 1

    def _truth(
        self, request: TrafficRequest, reply: ChatReply, interaction_id: str, ok: bool
    ) -> Truth:
        golden_id = request.golden_id
        completion = reply.completion
        if completion is None:
            return Truth(interaction_id, False, False, None, None, golden_id)
        answer = completion.answer
        case = self._golden.get(golden_id) if golden_id is not None else None
        return Truth(
            interaction_id,
            ok and not completion.malformed,
            answer.refusal,
            None if answer.refusal else answer.supported,
            None if case is None else is_correct(answer, case),
            golden_id,
        )
