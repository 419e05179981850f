"""Structured-output validity and leaks: checks with a definite answer.

* ``schema_validity`` — a structured (JSON-mode) answer must parse and match
  its JSON Schema. Schemas are given by name in the ``schemas`` option (the
  name the request's ``response_format`` carried, recorded as
  ``output_schema``); without one, the verdict capture recorded
  (``schema_valid``) stands, and the explanation says whether the output is
  JSON at all. Parse errors are the playbook's "structured output parse
  errors" trigger.
* ``leak`` — an output must not contain a configured system-prompt canary or
  secret (``scoring.canaries``, ``scoring.secrets``), nor a value that
  redaction had to remove from it (``[REDACTED:api_key]`` and the like: the
  model wrote a key). The explanation names what leaked without repeating it.
"""

from __future__ import annotations

import json
import re
from typing import Any, ClassVar

import jsonschema

from aisre.core import Interaction

from ._scorer import ScorerContext, Verdict, scorer

__all__ = ["Leak", "SchemaValidity"]

_REDACTED = re.compile(r"\[REDACTED:([A-Za-z0-9_.-]+)\]")


@scorer("schema_validity")
class SchemaValidity:
    """Whether a structured answer parses and matches its schema.

    Args:
        schemas: JSON Schemas by the name requests give them (``output_schema``).
    """

    name: ClassVar[str] = "schema_validity"
    version: ClassVar[str] = "1"

    def __init__(
        self, context: ScorerContext, schemas: dict[str, dict[str, Any]] | None = None
    ) -> None:
        self.validators = {
            name: jsonschema.validators.validator_for(schema)(schema)
            for name, schema in (schemas or {}).items()
        }

    def score(self, interaction: Interaction) -> Verdict | None:
        if interaction.output_schema is None and interaction.schema_valid is None:
            return None
        if interaction.status != "ok":
            return None  # an error or a cut stream is no answer to validate
        try:
            document = json.loads(interaction.output)
        except ValueError as exc:
            return Verdict(0.0, False, "parse_error", f"not JSON: {exc}")
        validator = self.validators.get(interaction.output_schema or "")
        if validator is not None:
            error = next(iter(validator.iter_errors(document)), None)
            if error is None:
                return Verdict(1.0, True, "valid", f"matches {interaction.output_schema}")
            where = "/".join(str(p) for p in error.absolute_path) or "(root)"
            return Verdict(0.0, False, "schema_mismatch", f"at {where}: {error.message}"[:500])
        if interaction.schema_valid is False:
            return Verdict(
                0.0, False, "schema_mismatch", f"JSON, but not valid {interaction.output_schema}"
            )
        if interaction.schema_valid is True:
            return Verdict(1.0, True, "valid", f"matches {interaction.output_schema}")
        return Verdict(1.0, True, "valid", "JSON (no schema to check it against)")


@scorer("leak")
class Leak:
    """Whether an output leaks a canary, a secret, or something redaction removed.

    Args:
        redacted: Also count values redaction removed from the output as leaks
            (names of redaction patterns, e.g. ``api_key``; all by default).
    """

    name: ClassVar[str] = "leak"
    version: ClassVar[str] = "1"

    def __init__(self, context: ScorerContext, redacted: list[str] | None = None) -> None:
        config = context.config
        self.canaries = [c for c in config.canaries if c]
        self.secrets = [s for s in config.secrets if s]
        self.redacted = None if redacted is None else set(redacted)

    def score(self, interaction: Interaction) -> Verdict | None:
        output = interaction.output
        if not output:
            return None
        found = [f"canary #{i + 1}" for i, c in enumerate(self.canaries) if c in output]
        found += [f"secret #{i + 1}" for i, s in enumerate(self.secrets) if s in output]
        for kind in _REDACTED.findall(output):
            if self.redacted is None or kind in self.redacted:
                found.append(f"a redacted {kind}")
        if not found:
            return Verdict(0.0, True, "clean", "no canary, secret or redacted value in the output")
        label = "canary" if found[0].startswith("canary") else "secret"
        return Verdict(float(len(found)), False, label, "the output contains " + ", ".join(found))
