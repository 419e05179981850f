"""aisre.demo.runner: run a scenario's traffic against the reference service on simulated time."""

from ._record import Timing, Truth, record
from ._runner import RunResult, ScenarioRunner
from ._sink import IngestSink, MemorySink, Sink
from ._slots import Slots

__all__ = [
    "IngestSink",
    "MemorySink",
    "RunResult",
    "ScenarioRunner",
    "Sink",
    "Slots",
    "Timing",
    "Truth",
    "record",
]
