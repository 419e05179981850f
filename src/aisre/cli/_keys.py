"""``aisre keys``: create, list and revoke the API keys kept in the state store."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import typer
from rich.table import Table

from aisre.core import SystemClock, load_config
from aisre.store import StateStore

from ._app import app
from ._output import console, err_console, reports_errors

__all__ = ["keys_app"]

keys_app = typer.Typer(
    name="keys",
    help="Manage the API keys that clients use to send data to and read from aisre.",
    no_args_is_help=True,
)
app.add_typer(keys_app)

ConfigOption = typer.Option(
    None,
    "--config",
    "-c",
    help="The aisre.yaml to read state.url from. Default: $AISRE_CONFIG, else ./aisre.yaml "
    "if it exists, else the built-in defaults (SQLite under ./aisre-data).",
    dir_okay=False,
)


@contextmanager
def _store(config: Path | None) -> Iterator[StateStore]:
    settings = load_config(config)
    with StateStore(settings.state.url, SystemClock()) as store:
        store.require_current()
        yield store


@keys_app.command("create")
@reports_errors
def create(
    name: str = typer.Argument(
        ..., metavar="NAME", help="A unique name for the key, e.g. the client that will use it."
    ),
    scope: list[str] = typer.Option(
        ...,
        "--scope",
        "-s",
        help="What the key may do: ingest (send interactions, scores, feedback), read "
        "(query data and SLOs), admin (change configuration). Repeat for several.",
    ),
    config: Path | None = ConfigOption,
) -> None:
    """Create an API key and print its secret: the only time it is shown."""
    with _store(config) as store:
        record, secret = store.create_api_key(name, scope)
    # The secret goes alone to stdout so that it can be piped into a secret manager.
    err_console.print(
        f"created API key [bold]{record.name}[/] with scopes {', '.join(sorted(record.scopes))}."
        "\n[yellow]Store this secret now: it will not be shown again.[/]",
        highlight=False,
    )
    typer.echo(secret)


@keys_app.command("list")
@reports_errors
def list_keys(config: Path | None = ConfigOption) -> None:
    """List the API keys with their scopes and status (secrets are never stored)."""
    with _store(config) as store:
        records = store.list_api_keys()
    if not records:
        console.print("no API keys yet; create one with `aisre keys create NAME --scope read`")
        return
    table = Table("name", "scopes", "created", "status")
    for record in records:
        status = "active" if record.revoked_at is None else f"revoked {_when(record.revoked_at)}"
        table.add_row(
            record.name, ",".join(sorted(record.scopes)), _when(record.created_at), status
        )
    console.print(table)


@keys_app.command("revoke")
@reports_errors
def revoke(
    name: str = typer.Argument(..., metavar="NAME", help="The name of the key to revoke."),
    config: Path | None = ConfigOption,
) -> None:
    """Revoke an API key: requests using it are refused from now on. Cannot be undone."""
    with _store(config) as store:
        record = store.revoke_api_key(name)
    assert record.revoked_at is not None
    console.print(f"API key [bold]{record.name}[/] revoked at {_when(record.revoked_at)}")


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")
