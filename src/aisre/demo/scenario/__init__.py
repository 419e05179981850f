"""aisre.demo.scenario: scenarios for the reference service, as YAML files, and their ground truth.

A scenario is a duration, the traffic, and a timeline: deployments at
instants ("at 01:30 deploy model v2-regressed") and windows of faults or
traffic ("from 02:00 to 02:20 add 1.5 s of latency"). A runner asks it, as
simulated time passes, which versions, faults and traffic are in force; the
labels it derives are what detectors are measured against. The format and the
library are described in docs/scenarios.md.

Example:
    >>> scenario = load_scenario("model-regression")
    >>> [(c.kind, c.to_version) for c in scenario.changes()]
    [('model', 'v2-regressed'), ('model', 'v1')]
"""

from ._checks import TrafficValidator
from ._entries import VERSION_KINDS, ScheduledChange, TimelineEntry, VersionKind
from ._errors import ScenarioError
from ._labels import FAULT_KINDS, SYMPTOMS, VERSION_SYMPTOMS, Label, LabelKind
from ._library import bundled_scenarios, load_scenario
from ._parse import TOP_KEYS, parse_scenario
from ._spec import DEFAULT_SERVICE, DEFAULT_START, DEFAULT_VERSIONS, Scenario
from ._timeline import ENTRY_KEYS
from ._times import format_offset, parse_seconds

__all__ = [
    "DEFAULT_SERVICE",
    "DEFAULT_START",
    "DEFAULT_VERSIONS",
    "ENTRY_KEYS",
    "FAULT_KINDS",
    "SYMPTOMS",
    "TOP_KEYS",
    "VERSION_KINDS",
    "VERSION_SYMPTOMS",
    "Label",
    "LabelKind",
    "Scenario",
    "ScenarioError",
    "ScheduledChange",
    "TimelineEntry",
    "TrafficValidator",
    "VersionKind",
    "bundled_scenarios",
    "format_offset",
    "load_scenario",
    "parse_scenario",
    "parse_seconds",
]
