"""Imports every command module so that each registers its commands on the app."""

from . import (  # noqa: F401
    _db,
    _demo,
    _demo_service,
    _drift,
    _keys,
    _scenario,
    _score,
    _up,
    _worker,
)
