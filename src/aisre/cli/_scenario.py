"""``aisre scenario``: list, show, check and run the reference service's scenarios."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich import box
from rich.table import Table

from ._app import app
from ._output import console, reports_errors

scenario_app = typer.Typer(
    help="Scenarios of the reference RAG service: a duration, the traffic, and a timeline of "
    "deployments and faults, run on simulated time. See docs/scenarios.md.",
    no_args_is_help=True,
)
app.add_typer(scenario_app, name="scenario")

_NAME_OR_FILE = "A bundled scenario's name (see `aisre scenario list`) or a scenario YAML file."


def _duration(seconds: float) -> str:
    hours, rest = divmod(int(seconds), 3600)
    return f"{hours}h{rest // 60:02d}m" if hours else f"{rest // 60}m"


@scenario_app.command("list")
@reports_errors
def list_scenarios() -> None:
    """List the bundled scenarios: one per fault kind, a calm day, and the demo's default."""
    from aisre.demo import load_demo_scenario
    from aisre.demo.scenario import bundled_scenarios

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, padding=(0, 1))
    table.add_column("name", no_wrap=True)
    table.add_column("duration", justify="right", no_wrap=True)
    table.add_column("labels", justify="right")
    table.add_column("description")
    for name in bundled_scenarios():
        scenario = load_demo_scenario(name)
        table.add_row(
            name,
            _duration(scenario.duration_s),
            str(len(scenario.labels())),
            " ".join(scenario.description.split()),
        )
    console.print(table)


@scenario_app.command("show")
@reports_errors
def show(scenario: Annotated[str, typer.Argument(help=_NAME_OR_FILE)]) -> None:
    """Check a scenario and print its timeline with the labels detectors are measured against."""
    from aisre.demo import load_demo_scenario

    from ._demo import timeline_table

    loaded = load_demo_scenario(scenario)
    console.print(
        f"[bold]{loaded.name}[/]: {' '.join(loaded.description.split())}\n"
        f"start {loaded.start.isoformat()}, {_duration(loaded.duration_s)}, seed {loaded.seed}, "
        f"service {loaded.service}; initial versions "
        + ", ".join(f"{k} {v}" for k, v in loaded.initial.items()),
        highlight=False,
    )
    console.print(timeline_table(loaded))


@scenario_app.command("validate")
@reports_errors
def validate(files: Annotated[list[Path], typer.Argument(help="Scenario YAML files.")]) -> None:
    """Check scenario files; an error names the file, the line and the field."""
    from aisre.demo import load_demo_scenario

    for path in files:
        loaded = load_demo_scenario(path)
        console.print(
            f"{path}: ok ({loaded.name}, {_duration(loaded.duration_s)}, "
            f"{len(loaded.timeline)} timeline entries)",
            highlight=False,
        )


@scenario_app.command("run")
@reports_errors
def run(
    scenario: Annotated[str, typer.Argument(help=_NAME_OR_FILE)],
    aisre_url: Annotated[
        str, typer.Option(help="Base URL of a running `aisre up` that records the run.")
    ] = "http://127.0.0.1:8700",
    api_key: Annotated[
        str | None,
        typer.Option(envvar="AISRE_API_KEY", help="An API key with the ingest scope, if needed."),
    ] = None,
    seed: Annotated[int | None, typer.Option(help="Seed instead of the scenario's.")] = None,
    out: Annotated[
        Path | None,
        typer.Option(help="Write labels.jsonl, truth.jsonl and load.jsonl into this directory."),
    ] = None,
) -> None:
    """Run a scenario on simulated time and record it in a running aisre.

    The reference service runs in-process; its interactions (with their
    simulated timestamps), the users' feedback and the change events are
    posted to AISRE_URL's ingest API, as a gateway and a deployment pipeline
    would post them.
    """
    import dataclasses

    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from aisre.demo import load_demo_scenario
    from aisre.demo.runner import IngestSink, ScenarioRunner
    from aisre.demo.service import WordLlamaEmbedder

    loaded = load_demo_scenario(scenario)
    if seed is not None:
        loaded = dataclasses.replace(loaded, seed=seed)
    with (
        IngestSink(aisre_url, api_key=api_key) as sink,
        Progress(
            TextColumn(f"[bold]{loaded.name}"),
            BarColumn(),
            TextColumn("{task.percentage:>3.0f}%"),
            TimeRemainingColumn(),
            console=console,
            transient=True,
        ) as bar,
    ):
        task = bar.add_task("run", total=loaded.duration_s)
        runner = ScenarioRunner(
            loaded,
            embedder=WordLlamaEmbedder(),
            sink=sink,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )
        result = runner.run()
    if out is not None:
        result.write(out)
    statuses = ", ".join(f"{code}: {n:,}" for code, n in sorted(result.statuses.items()))
    console.print(
        f"{loaded.name}: {result.requests:,} requests ({statuses}), {result.feedback:,} feedback, "
        f"{result.changes} change events recorded in {aisre_url}; "
        f"{result.simulated_s / 3600:.1f} simulated hours in {result.wall_s:.0f} s.",
        highlight=False,
    )
