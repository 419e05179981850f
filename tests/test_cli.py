"""The ``aisre`` command line: help that explains itself, clear errors, and the demo's table."""

from __future__ import annotations

import logging
import re
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

import aisre.cli._commands  # noqa: F401  (registers the commands)
from aisre.cli._app import app

runner = CliRunner()


@pytest.fixture(autouse=True)
def _keep_root_logging() -> Iterator[None]:
    # ``aisre up`` configures logging for its process; keep that out of other tests.
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in root.handlers:
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)


def squash(text: str) -> str:
    """``text`` without whitespace, so that wrapping by the console does not matter."""
    return "".join(text.split())


def subcommands(command: Any) -> dict[str, Any]:
    # Typer ships its own copy of click, so this is duck-typed rather than click.Group.
    return dict(getattr(command, "commands", None) or {})


def commands() -> list[tuple[tuple[str, ...], Any]]:
    """Every command and group of the app, as (path of names, command)."""
    found: list[tuple[tuple[str, ...], Any]] = []

    def walk(path: tuple[str, ...], command: Any) -> None:
        found.append((path, command))
        for name, sub in subcommands(command).items():
            walk((*path, name), sub)

    walk((), typer.main.get_command(app))
    return found


COMMANDS = commands()
COMMAND_IDS = [" ".join(path) or "aisre" for path, _ in COMMANDS]


def test_every_expected_command_is_registered() -> None:
    paths = {path for path, _ in COMMANDS}
    for path in [
        ("up",),
        ("demo",),
        ("db",),
        ("db", "upgrade"),
        ("db", "current"),
        ("keys",),
        ("keys", "create"),
        ("keys", "list"),
        ("keys", "revoke"),
    ]:
        assert path in paths


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=COMMAND_IDS)
def test_every_command_and_option_has_help(path: tuple[str, ...], command: Any) -> None:
    assert (command.help or "").strip(), f"`aisre {' '.join(path)}` has no help"
    for param in command.params:
        text = getattr(param, "help", None) or ""
        assert text.strip(), f"`aisre {' '.join(path)}`: {param.name} has no help"


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=COMMAND_IDS)
def test_help_output_explains_the_command(path: tuple[str, ...], command: Any) -> None:
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert "Usage:" in out
    first_line = (command.help or "").strip().splitlines()[0]
    assert " ".join(first_line.split()[:5]) in out
    for param in command.params:
        if param.param_type_name == "option":
            assert max(param.opts, key=len) in out
        else:
            assert (param.metavar or param.name).upper() in out.upper()
    for name in subcommands(command):
        assert name in out


def test_no_arguments_shows_help() -> None:
    result = runner.invoke(app, [])
    assert "Usage:" in result.output
    assert "demo" in result.output and "keys" in result.output


# -- aisre up --------------------------------------------------------------------------------


def test_up_reports_an_invalid_field_with_file_and_line(tmp_path: Path) -> None:
    config = tmp_path / "aisre.yaml"
    config.write_text("server:\n  port: 8700\nlake:\n  retention_days: 0\n")
    result = runner.invoke(app, ["up", "--config", str(config)])
    assert result.exit_code == 2, result.output
    assert f"{config}:4:lake.retention_days:" in squash(result.stderr)
    assert "greater than or equal to 1" in " ".join(result.stderr.split())
    assert "Traceback" not in result.output


def test_up_reports_an_unknown_field_with_file_and_line(tmp_path: Path) -> None:
    config = tmp_path / "aisre.yaml"
    config.write_text("# settings\nstate:\n  url: sqlite://\n  uri: sqlite://\n")
    result = runner.invoke(app, ["up", "-c", str(config)])
    assert result.exit_code == 2, result.output
    assert f"{config}:4:state.uri:unknownfield" in squash(result.stderr)


def test_up_reports_a_missing_config_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    result = runner.invoke(app, ["up", "--config", str(missing)])
    assert result.exit_code == 2, result.output
    assert str(missing) in squash(result.stderr)
    assert "not found" in result.stderr


@pytest.fixture
def busy_port() -> Iterator[int]:
    """A port held open on all interfaces: a server that tried to bind it would fail."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("0.0.0.0", 0))
        sock.listen()
        yield sock.getsockname()[1]


def _exposed_config(tmp_path: Path, port: int, *, host_in_file: bool) -> Path:
    config = tmp_path / "aisre.yaml"
    host = "  host: 0.0.0.0\n" if host_in_file else ""
    config.write_text(
        f"server:\n{host}  port: {port}\n"
        f"lake:\n  url: {tmp_path / 'lake'}\n  spool_dir: {tmp_path / 'spool'}\n"
        f"state:\n  url: sqlite:///{tmp_path / 'state.db'}\n"
    )
    return config


@pytest.mark.parametrize("host_in_file", [True, False], ids=["host-in-file", "host-option"])
def test_up_beyond_localhost_without_keys_refuses_before_binding(
    tmp_path: Path, busy_port: int, host_in_file: bool
) -> None:
    config = _exposed_config(tmp_path, busy_port, host_in_file=host_in_file)
    args = ["up", "--config", str(config)]
    if not host_in_file:
        args += ["--host", "0.0.0.0"]
    result = runner.invoke(app, args)
    # Exit 2 with the key message, not uvicorn's "address already in use" (exit 1):
    # the refusal came before any attempt to bind the port.
    assert result.exit_code == 2, result.output
    message = " ".join(result.stderr.split())
    assert "API keys are required" in message
    assert "aisre keys create" in message
    assert "Traceback" not in result.output


def test_up_that_refuses_to_start_does_not_claim_to_listen(tmp_path: Path, busy_port: int) -> None:
    config = _exposed_config(tmp_path, busy_port, host_in_file=True)
    result = runner.invoke(app, ["up", "--config", str(config)])
    assert result.exit_code == 2
    assert "listening" not in result.output


# -- aisre demo ------------------------------------------------------------------------------


SHORT_SCENARIO = """
name: cli-test
description: a short run with a bad deployment
start: 2026-11-30T00:45:00Z
duration: 25m
seed: 3
traffic: {rate_per_s: 0.5, diurnal_amplitude: 0}
timeline:
  - at: "00:10"
    deploy: {model: v2-regressed}
    description: a bad release
"""


def test_demo_prints_the_timeline_and_the_sli_table(tmp_path: Path) -> None:
    data = tmp_path / "demo"
    scenario = tmp_path / "short.yaml"
    scenario.write_text(SHORT_SCENARIO)
    result = runner.invoke(app, ["demo", "--scenario", str(scenario), "--data-dir", str(data)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    words = " ".join(out.split())
    assert "cli-test" in out and "change:model_version" in out and "a bad release" in words
    header = next(line for line in out.splitlines() if "requests" in line and "avail." in line)
    columns = ["hour", "model", "requests", "avail.", "errors"]
    columns += ["p50 ms", "p95 ms", "p99 ms", "req/min", "tok/s"]
    positions = [header.find(name) for name in columns]
    assert -1 not in positions, header
    assert positions == sorted(positions), "columns out of order"
    slis, _, behavior = out.partition("Behavior per hour")
    rows = re.findall(r"^\s*(\d\d:\d\d)\s+(v[\w-]+)\s+([\d,]+)\s+([\d.]+)%", slis, re.MULTILINE)
    assert {version for _, version, _, _ in rows} == {"v1", "v2-regressed"}
    total = sum(int(requests.replace(",", "")) for _, _, requests, _ in rows)
    assert f"{total:,} interactions" in " ".join(out.split())
    # What the scorers found: the regressed model hallucinates, v1 much less.
    scored = re.findall(r"^\s*\d\d:\d\d\s+(v[\w-]+)\s+[\d,]+\s+([\d.]+)%", behavior, re.MULTILINE)
    rates: dict[str, list[float]] = {}
    for version, rate in scored:
        rates.setdefault(version, []).append(float(rate))
    assert min(rates["v2-regressed"]) > max(rates["v1"]) + 20, behavior
    assert "User feedback per hour" in out
    assert (data / "lake").is_dir() and (data / "labels.jsonl").is_file()


def test_demo_names_a_scenario_that_does_not_exist(tmp_path: Path) -> None:
    result = runner.invoke(app, ["demo", "--scenario", "no-such-scenario"])
    assert result.exit_code == 2
    assert "no-such-scenario" in result.output and "default" in result.output


def test_demo_reports_a_bad_scenario_file_with_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(SHORT_SCENARIO.replace("{model: v2-regressed}", "{model: v9}"))
    result = runner.invoke(app, ["demo", "--scenario", str(bad)])
    assert result.exit_code == 2
    assert "bad.yaml:10" in result.output and "v9" in result.output


def test_up_on_a_port_in_use_says_so_without_claiming_to_listen(
    tmp_path: Path, busy_port: int
) -> None:
    config = _exposed_config(tmp_path, busy_port, host_in_file=False)
    result = runner.invoke(app, ["up", "--config", str(config)])
    assert result.exit_code == 2, result.output
    assert f"cannot listen on 127.0.0.1:{busy_port}" in result.output
    assert "another --port" in result.output
    assert "listening on" not in result.output
    assert "Traceback" not in result.output


# -- aisre scenario ---------------------------------------------------------------------------


def test_scenario_list_and_show() -> None:
    listed = runner.invoke(app, ["scenario", "list"])
    assert listed.exit_code == 0, listed.output
    for name in ("default", "calm-24h", "latency", "model-regression", "stale-index"):
        assert name in listed.stdout
    shown = runner.invoke(app, ["scenario", "show", "model-regression"])
    assert shown.exit_code == 0, shown.output
    assert "change:model_version" in shown.stdout and "hallucination_rate" in shown.stdout


def test_scenario_validate_names_the_line(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.yaml", tmp_path / "bad.yaml"
    good.write_text(SHORT_SCENARIO)
    bad.write_text(SHORT_SCENARIO.replace("{model: v2-regressed}", "{model: v9}"))
    assert runner.invoke(app, ["scenario", "validate", str(good)]).exit_code == 0
    result = runner.invoke(app, ["scenario", "validate", str(bad)])
    assert result.exit_code == 2
    assert "bad.yaml:10: timeline[0].deploy.model" in " ".join(result.output.split())


def test_scenario_run_records_into_a_running_aisre(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from aisre.core import SimulatedClock
    from aisre.demo import demo_config
    from aisre.server import BackgroundServer

    scenario = tmp_path / "short.yaml"
    scenario.write_text(SHORT_SCENARIO)
    out = tmp_path / "out"
    clock = SimulatedClock(datetime(2026, 11, 30, 2, tzinfo=UTC))
    with BackgroundServer(demo_config(tmp_path / "aisre"), clock=clock) as server:
        result = runner.invoke(
            app, ["scenario", "run", str(scenario), "--aisre-url", server.url, "--out", str(out)]
        )
        assert result.exit_code == 0, result.output
        assert server.stores is not None
        server.stores.lake.flush()
        (count,) = server.stores.lake.query("SELECT count(*) FROM interactions")[0]
        changes = server.stores.lake.query("SELECT to_version FROM changes")
    requests = int(re.search(r"([\d,]+) requests", result.stdout).group(1).replace(",", ""))  # type: ignore[union-attr]
    assert count == requests > 300
    assert changes == [("v2-regressed",)]
    truths = (out / "truth.jsonl").read_text().splitlines()
    assert len(truths) == requests
    assert (out / "labels.jsonl").read_text().count("\n") == 1
