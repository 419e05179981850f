"""The root Typer app; each command group lives in a module of its own."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="aisre",
    help="aisre: an SRE control plane for AI services. It captures every request to an "
    "LLM or RAG service, scores its behavior, and runs SLOs, error budgets, burn-rate "
    "alerts, incidents, eval gates and chaos experiments on it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def main() -> None:
    """Entry point of the ``aisre`` script."""
    from . import _commands  # noqa: F401  (registers the commands)

    app()
