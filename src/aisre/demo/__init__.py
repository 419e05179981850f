"""aisre.demo: the demo run, the reference service's scenarios and their runner."""

from ._run import DEFAULT_SCENARIO, DemoResult, demo_config, load_demo_scenario, run_demo

__all__ = [
    "DEFAULT_SCENARIO",
    "DemoResult",
    "demo_config",
    "load_demo_scenario",
    "run_demo",
]
