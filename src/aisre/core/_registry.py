"""One shape for pluggable components: a registry, a decorator, lookup by name, entry points.

Scorers, validators, SLI kinds, triggers, runbook actions, fault types and
notifiers are each kept in a :class:`Registry`. Built-in ones register with
the registry's decorator; third-party packages add theirs through an
entry-point group (``aisre.scorers`` and so on), loaded the first time a
name is looked up. Configuration names components; an unknown name is an
error that lists the known ones.

Example:
    >>> SHAPES: Registry[type] = Registry("shape", "aisre.shapes")
    >>> @SHAPES.register("circle")
    ... class Circle: ...
    >>> SHAPES.get("circle") is Circle
    True
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from importlib.metadata import entry_points
from typing import Generic, TypeVar

from ._errors import ConfigError

__all__ = ["Registry"]

log = logging.getLogger("aisre")

T = TypeVar("T")


class Registry(Generic[T]):
    """Components of one kind, by name.

    Args:
        kind: What the components are, for messages ("scorer").
        group: The entry-point group third-party components register under.
    """

    def __init__(self, kind: str, group: str) -> None:
        self.kind, self.group = kind, group
        self._items: dict[str, T] = {}
        self._plugins_loaded = False
        self._lock = threading.Lock()

    def register(self, name: str) -> Callable[[T], T]:
        """A decorator that registers what it decorates under ``name``."""

        def add(item: T) -> T:
            self.add(name, item)
            return item

        return add

    def add(self, name: str, item: T) -> None:
        """Register ``item`` under ``name``; a name is taken once."""
        with self._lock:
            if name in self._items and self._items[name] is not item:
                raise ValueError(f"a {self.kind} named {name!r} is registered already")
            self._items[name] = item

    def get(self, name: str, *, field: str | None = None) -> T:
        """The component named ``name``; a :class:`ConfigError` naming the known ones if none.

        ``field`` is where the name came from in the configuration, for the error.
        """
        item = self._items.get(name)
        if item is None:
            self._load_plugins()
            item = self._items.get(name)
        if item is None:
            known = ", ".join(self.names()) or "none"
            raise ConfigError(
                f"unknown {self.kind} {name!r}; known: {known}",
                field=field,
                hint=f"third-party {self.kind}s register in the entry-point group {self.group!r}",
            )
        return item

    def names(self) -> list[str]:
        """Every registered name, plugins included, sorted."""
        self._load_plugins()
        return sorted(self._items)

    def _load_plugins(self) -> None:
        with self._lock:
            if self._plugins_loaded:
                return
            self._plugins_loaded = True
        for entry in entry_points(group=self.group):
            try:
                item = entry.load()
            except Exception:  # a broken plugin must not take the built-ins down
                log.exception(
                    "cannot load the %s plugin %s (%s)", self.kind, entry.name, entry.value
                )
                continue
            if entry.name not in self._items:
                self.add(entry.name, item)
