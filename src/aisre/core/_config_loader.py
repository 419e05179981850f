"""Loading ``aisre.yaml`` and ``AISRE_*`` overrides into :class:`AisreConfig`.

An invalid value is reported with the file, the line and the dotted field, and
what was expected::

    aisre.yaml:7: lake.retention_days: Input should be greater than or equal to 1 (got 0)

Variables override the file: ``AISRE_<SECTION>_<FIELD>``, e.g.
``AISRE_LAKE_URL``, ``AISRE_STATE_URL``, ``AISRE_SERVER_PORT``,
``AISRE_LAKE_S3_ENDPOINT_URL``. A list-valued field takes JSON. ``AISRE_CONFIG``
names the file itself; ``AISRE_TEST_*`` variables belong to the test suite and
``AISRE_SDK_*`` variables to the Python SDK (docs/sdk.md), which a process may
set next to the server's. An unknown ``AISRE_*`` variable is an error, so a
typo does not pass silently.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from ._config import AisreConfig
from ._errors import ConfigError

ENV_PREFIX = "AISRE_"
#: Variables with the prefix that are not configuration fields.
RESERVED_ENV = ("AISRE_CONFIG",)
RESERVED_ENV_PREFIXES = ("AISRE_TEST_", "AISRE_SDK_")
DEFAULT_FILE = "aisre.yaml"

_Path = tuple[str | int, ...]


def load_config(
    path: str | os.PathLike[str] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
) -> AisreConfig:
    """Read the configuration: the file (if any), then ``AISRE_*`` overrides, then defaults.

    Args:
        path: The YAML file. When None, ``$AISRE_CONFIG`` or ``./aisre.yaml`` if it
            exists; otherwise only defaults and variables.
        environ: The environment to read overrides from (``os.environ`` by default).

    Raises:
        ConfigError: The file is missing, not YAML, or a field is invalid.
    """
    env = os.environ if environ is None else environ
    from_env = path is None and bool(env.get("AISRE_CONFIG"))
    if path is None:
        path = env.get("AISRE_CONFIG") or (DEFAULT_FILE if Path(DEFAULT_FILE).exists() else None)
    source = str(path) if path is not None else None
    data: dict[str, Any] = {}
    lines: dict[_Path, int] = {}
    if path is not None:
        data, lines = _read_yaml(Path(path), from_env=from_env)
    origins: dict[_Path, str] = {}
    _apply_env(data, env, origins)
    try:
        config = AisreConfig.model_validate(data)
    except ValidationError as exc:
        raise _config_error(exc, source, lines, origins) from None
    base = Path(path).resolve().parent if path is not None else Path.cwd()
    return resolve_paths(config, base)


def resolve_paths(config: AisreConfig, base: Path) -> AisreConfig:
    """Make the relative local paths of ``config`` absolute, relative to ``base``."""

    def local(p: str) -> str:
        if "://" in p:
            return p
        return str((base / p).resolve()) if not Path(p).is_absolute() else p

    state_url = config.state.url
    prefix = "sqlite:///"
    if state_url.startswith(prefix) and not state_url.startswith(prefix + "/"):
        rest = state_url[len(prefix) :]
        if rest and rest != ":memory:":
            state_url = prefix + local(rest)
    lake = config.lake.model_copy(
        update={"url": local(config.lake.url), "spool_dir": local(config.lake.spool_dir)}
    )
    state = config.state.model_copy(update={"url": state_url})
    return config.model_copy(update={"lake": lake, "state": state})


def _read_yaml(path: Path, *, from_env: bool = False) -> tuple[dict[str, Any], dict[_Path, int]]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        hint = (
            "AISRE_CONFIG names it: fix or unset the variable"
            if from_env
            else "create it, or run without --config"
        )
        raise ConfigError("file not found", source=str(path), hint=hint) from None
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}", source=str(path)) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(
            "not UTF-8 text",
            source=str(path),
            line=exc.object[: exc.start].count(b"\n") + 1,
            hint="save the file as UTF-8",
        ) from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else None
        raise ConfigError(f"not valid YAML: {exc.problem}", source=str(path), line=line) from None
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        raise ConfigError(
            f"expected a mapping of sections at the top, got {type(data).__name__}",
            source=str(path),
            line=1,
        )
    lines: dict[_Path, int] = {}
    if node is not None:
        _index_lines(node, (), lines)
    return data, lines


def _index_lines(node: yaml.Node, path: _Path, out: dict[_Path, int]) -> None:
    out.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = (*path, str(key.value))
            out[child] = key.start_mark.line + 1
            _index_lines(value, child, out)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index_lines(item, (*path, i), out)


def _apply_env(data: dict[str, Any], env: Mapping[str, str], origins: dict[_Path, str]) -> None:
    for name in sorted(env):
        if not name.startswith(ENV_PREFIX) or name in RESERVED_ENV:
            continue
        if name.startswith(RESERVED_ENV_PREFIXES):
            continue
        rest = name[len(ENV_PREFIX) :].lower()
        path = _field_path(AisreConfig, rest)
        if path is None:
            raise ConfigError(
                "unknown configuration variable",
                source=f"{name} (environment)",
                hint="variables are AISRE_<SECTION>_<FIELD>, e.g. AISRE_LAKE_URL; "
                "see docs/configuration.md",
            )
        raw = env[name]
        if not raw:  # VAR= in a shell or a compose file: as if it were not set
            continue
        value: Any = raw
        if raw[0] in "[{":
            try:
                value = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise ConfigError(
                    f"not valid JSON: {exc.msg}", source=f"{name} (environment)"
                ) from None
        target = data
        for key in path[:-1]:
            existing = target.get(key)
            if not isinstance(existing, dict):
                existing = {}
                target[key] = existing
            target = existing
        target[path[-1]] = value
        origins[path] = f"{name} (environment)"


def _field_path(model: type[BaseModel], rest: str) -> tuple[str, ...] | None:
    fields = model.model_fields
    if rest in fields:
        return (rest,)
    for name in sorted(fields, key=len, reverse=True):
        annotation = fields[name].annotation
        if (
            rest.startswith(name + "_")
            and isinstance(annotation, type)
            and issubclass(annotation, BaseModel)
        ):
            sub = _field_path(annotation, rest[len(name) + 1 :])
            if sub is not None:
                return (name, *sub)
    return None


def _config_error(
    exc: ValidationError, source: str | None, lines: dict[_Path, int], origins: dict[_Path, str]
) -> ConfigError:
    errors = []
    for err in exc.errors():
        loc = tuple(p for p in err["loc"] if isinstance(p, (str, int)))
        where_source, line = source, None
        for n in range(len(loc), -1, -1):
            prefix = loc[:n]
            if prefix in origins:
                where_source = origins[prefix]
                break
            if prefix in lines:
                line = lines[prefix]
                break
        field = ".".join(str(p) for p in loc) or "<top>"
        errors.append(ConfigError(_describe(err), source=where_source, line=line, field=field))
    first = errors[0]
    if len(errors) > 1:
        first.message = "\n".join(e.message for e in errors)
        first.args = (first.message,)
    return first


def _describe(err: Any) -> str:
    kind = err["type"]
    if kind == "extra_forbidden":
        return "unknown field (check the spelling; docs/configuration.md lists the fields)"
    if kind == "missing":
        return "required field is missing"
    message = str(err["msg"]).removeprefix("Value error, ")
    value = err.get("input")
    if isinstance(value, (str, int, float, bool)):
        message += f" (got {value!r})"
    return message
