"""A version switch of the reference service becomes a change event in a real aisre server."""

from __future__ import annotations

from pathlib import Path

import httpx

from aisre.core import SimulatedClock
from aisre.demo.service._change_events import change_poster
from aisre.demo.service._state import ServiceState
from aisre.server import BackgroundServer

from .helpers import T0, config_in


class _NoEmbedder:
    """The switch below builds no index: model and prompt switches need none."""

    def embed(self, texts: list[str]) -> object:
        raise AssertionError("no embedding expected")


def test_switches_are_posted_as_change_events(tmp_path: Path) -> None:
    clock = SimulatedClock(T0)
    with BackgroundServer(config_in(tmp_path), clock=clock) as server:
        state = ServiceState(
            _NoEmbedder(),  # type: ignore[arg-type]
            clock=clock,
            on_change=change_poster(server.url, service="northwind-support", clock=clock),
        )
        clock.advance(60)
        state.switch(model="v2-regressed", prompt="p2")
        assert server.stores is not None
        server.stores.lake.flush()
        changes = httpx.get(
            f"{server.url}/api/v1/changes",
            params={"start": "2026-11-30T00:00:00Z", "end": "2026-12-01T00:00:00Z"},
        ).json()["changes"]
    got = sorted((c["kind"], c["from_version"], c["to_version"]) for c in changes)
    assert got == [("model_version", "v1", "v2-regressed"), ("prompt_template", "p1", "p2")]
    assert {c["service"] for c in changes} == {"northwind-support"}
    assert {c["timestamp"] for c in changes} == {"2026-11-30T10:01:00Z"}


def test_an_unreachable_aisre_does_not_undo_the_switch() -> None:
    clock = SimulatedClock(T0)
    state = ServiceState(
        _NoEmbedder(),  # type: ignore[arg-type]
        clock=clock,
        on_change=change_poster("http://127.0.0.1:1", service="s", clock=clock, timeout_s=0.5),
    )
    state.switch(model="v1-cautious")
    assert state.versions.model == "v1-cautious"
