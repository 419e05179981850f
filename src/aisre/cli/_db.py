"""``aisre db``: create and upgrade the state store's schema."""

from __future__ import annotations

from pathlib import Path

import typer

from aisre.core import SystemClock, load_config
from aisre.store import StateStore

from ._app import app
from ._output import console, reports_errors

__all__ = ["db_app"]

db_app = typer.Typer(
    name="db",
    help="Manage the state store's schema (SQLite or PostgreSQL, set by state.url).",
    no_args_is_help=True,
)
app.add_typer(db_app)

ConfigOption = typer.Option(
    None,
    "--config",
    "-c",
    help="The aisre.yaml to read state.url from. Default: $AISRE_CONFIG, else ./aisre.yaml "
    "if it exists, else the built-in defaults (SQLite under ./aisre-data).",
    dir_okay=False,
)


@db_app.command("upgrade")
@reports_errors
def upgrade(config: Path | None = ConfigOption) -> None:
    """Create the tables, or migrate them to this version of aisre. Safe to run again."""
    settings = load_config(config)
    with StateStore(settings.state.url, SystemClock()) as store:
        revision = store.upgrade()
        console.print(f"state store {store.url} is at revision [bold]{revision}[/] (newest)")


@db_app.command("current")
@reports_errors
def current(config: Path | None = ConfigOption) -> None:
    """Show the schema revision of the state store and whether it is the newest."""
    settings = load_config(config)
    with StateStore(settings.state.url, SystemClock()) as store:
        revision, head = store.current_revision(), store.head_revision()
        if revision is None:
            console.print(f"state store {store.url} has no schema yet; run `aisre db upgrade`")
        elif revision == head:
            console.print(f"state store {store.url} is at revision [bold]{revision}[/] (newest)")
        else:
            console.print(
                f"state store {store.url} is at revision [bold]{revision}[/]; "
                f"the newest is {head}: run `aisre db upgrade`"
            )
