"""How the CLI reports: errors as one clear message with a hint, never a traceback."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import typer
from rich import box
from rich.console import Console
from rich.table import Table

from aisre.core import AisreError

P = ParamSpec("P")
R = TypeVar("R")

console = Console()
err_console = Console(stderr=True)


def reports_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn an :class:`AisreError` raised by a command into a message and exit code 2."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except AisreError as exc:
            err_console.print(f"[bold red]error:[/] {exc.message}", highlight=False)
            if exc.hint:
                err_console.print(f"[dim]hint:[/] {exc.hint}", highlight=False)
            raise typer.Exit(2) from None

    return wrapper


def plain_table(title: str | None = None, *, compact: bool = False) -> Table:
    """A borderless table with a left-aligned title, the way every command prints one.

    ``compact`` drops the padding between columns, for wide tables of figures.
    """
    return Table(
        title=title,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=compact,
        show_edge=False,
        padding=(0, 0) if compact else (0, 1),
    )
