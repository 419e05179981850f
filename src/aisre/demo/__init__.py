"""aisre.demo: the demo run and its simulated traffic."""

from ._run import DEMO_START, DemoResult, demo_config, run_demo
from ._synthetic import GOOD, REGRESSED, ModelProfile, SyntheticTraffic

__all__ = [
    "DEMO_START",
    "GOOD",
    "REGRESSED",
    "DemoResult",
    "ModelProfile",
    "SyntheticTraffic",
    "demo_config",
    "run_demo",
]
