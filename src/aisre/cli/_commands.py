"""Imports every command module so that each registers its commands on the app."""

from . import _db, _demo, _demo_service, _drift, _keys, _scenario, _up, _worker  # noqa: F401
