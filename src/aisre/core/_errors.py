"""The errors aisre raises, rooted in one class.

::

    AisreError
     ├── ConfigError            a configuration file or variable is wrong (file, line, field)
     ├── InputError             data sent to aisre is malformed (the API answers 4xx)
     │    └── PayloadTooLarge   a request body is over the configured limit
     ├── AuthError              a request has no valid API key for the scope it needs
     ├── NotFound               a named thing does not exist
     └── StoreError             the event lake or the state store failed (I/O, engine)
          ├── LakeError
          └── StateError

Errors raised from user input or I/O carry the context a user needs to act:
which file, which field, what was expected. The CLI and the server turn them
into messages and status codes; a user never sees a bare traceback for bad
input.
"""

from __future__ import annotations


class AisreError(Exception):
    """Root of every error aisre raises on purpose."""

    #: A one-line hint on what to do next, shown after the message.
    hint: str | None = None

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if hint is not None:
            self.hint = hint

    def __str__(self) -> str:
        if self.hint:
            return f"{self.message}\n  hint: {self.hint}"
        return self.message


class ConfigError(AisreError):
    """A configuration file or ``AISRE_*`` variable is invalid.

    Args:
        message: What is wrong and what was expected.
        source: The file (or variable) the value came from.
        line: The 1-based line in ``source``, when known.
        field: The dotted path of the field, e.g. ``lake.retention_days``.
    """

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        line: int | None = None,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        where = source or ("" if field else "<config>")
        if line is not None:
            where = f"{where}:{line}"
        parts = [p for p in (where, field, message) if p]
        text = ": ".join(parts)
        super().__init__(text, hint=hint)
        self.source = source
        self.line = line
        self.field = field


class InputError(AisreError):
    """Data sent to aisre is malformed; the API answers with a 4xx."""

    status_code = 422


class PayloadTooLarge(InputError):
    """A request body is larger than ``server.max_body_bytes``."""

    status_code = 413


class AuthError(AisreError):
    """A request lacks a valid API key with the scope it needs."""

    def __init__(self, message: str, *, status_code: int = 401, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.status_code = status_code


class NotFound(AisreError):
    """A named thing (an interaction, a key, a service) does not exist."""


class StoreError(AisreError):
    """The event lake or the state store failed."""


class LakeError(StoreError):
    """Writing to or reading from the event lake failed."""


class StateError(StoreError):
    """The state store failed (connection, migration, constraint)."""
