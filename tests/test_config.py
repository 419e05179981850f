"""Loading aisre.yaml and AISRE_* overrides, and the errors a user sees when either is wrong."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from aisre.core import AisreConfig, ConfigError, load_config


def write(tmp_path: Path, text: str, name: str = "aisre.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def load_error(path: Path | None, environ: dict[str, str] | None = None) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        load_config(path, environ=environ or {})
    return info.value


# -- defaults and values -------------------------------------------------------------


def test_defaults_without_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no aisre.yaml here
    config = load_config(environ={})
    assert config.server.host == "127.0.0.1"
    assert config.server.port == 8700
    assert config.server.api_keys == []
    assert config.server.require_api_keys is None
    assert config.lake.retention_days == 30
    assert config.lake.flush_interval_s == 1.0
    assert config.lake.s3.endpoint_url is None
    assert config.redaction.enabled is True
    assert config.redaction.builtin == ["api_key", "email", "card_number"]
    assert config.sli.latency_threshold_ms == 2000.0
    assert config.services == []
    # Relative defaults are made absolute against the working directory.
    assert config.lake.url == str(tmp_path.resolve() / "aisre-data" / "lake")
    assert config.lake.spool_dir == str(tmp_path.resolve() / "aisre-data" / "spool")
    assert config.state.url == f"sqlite:///{tmp_path.resolve() / 'aisre-data' / 'state.db'}"


def test_an_empty_file_gives_the_defaults(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, ""), environ={})
    assert config.server == AisreConfig().server
    assert config.lake.retention_days == AisreConfig().lake.retention_days


def test_values_from_the_file(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        server:
          host: 0.0.0.0
          port: 9000
          require_api_keys: true
          api_keys:
            - name: ci
              sha256: "%s"
              scopes: [ingest, read]
        lake:
          url: s3://bucket/prefix
          retention_days: 7
          flush_interval_s: 0.5
          s3:
            endpoint_url: http://minio:9000
            region: eu-west-1
        state:
          url: postgresql+psycopg://aisre@db/aisre
        redaction:
          builtin: [email]
          patterns:
            - name: ticket
              regex: 'TCK-\\d+'
        sli:
          latency_threshold_ms: 1500
        services:
          - name: rag
            description: the RAG service
          - name: chat
            environment: staging
        """
        % ("a" * 64),
    )
    config = load_config(path, environ={})
    assert config.server.host == "0.0.0.0"
    assert config.server.port == 9000
    assert config.server.require_api_keys is True
    [key] = config.server.api_keys
    assert (key.name, key.sha256, key.scopes) == ("ci", "a" * 64, ["ingest", "read"])
    assert config.lake.url == "s3://bucket/prefix"  # a URL is left as it is
    assert config.lake.retention_days == 7
    assert config.lake.flush_interval_s == 0.5
    assert config.lake.s3.endpoint_url == "http://minio:9000"
    assert config.lake.s3.region == "eu-west-1"
    assert config.state.url == "postgresql+psycopg://aisre@db/aisre"
    assert config.redaction.builtin == ["email"]
    assert [(p.name, p.regex) for p in config.redaction.patterns] == [("ticket", r"TCK-\d+")]
    assert config.sli.latency_threshold_ms == 1500.0
    assert [(s.name, s.environment) for s in config.services] == [
        ("rag", "production"),
        ("chat", "staging"),
    ]


def test_relative_paths_are_resolved_against_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    conf_dir = tmp_path / "etc" / "aisre"
    conf_dir.mkdir(parents=True)
    write(
        conf_dir,
        """
        lake:
          url: data/lake
          spool_dir: ../spool
        state:
          url: sqlite:///state/aisre.db
        services:
          - name: absolute
        """,
    )
    monkeypatch.chdir(tmp_path)  # the file is named relative to a different directory
    config = load_config("etc/aisre/aisre.yaml", environ={})
    base = conf_dir.resolve()
    assert config.lake.url == str(base / "data" / "lake")
    assert config.lake.spool_dir == str(base.parent / "spool")
    assert config.state.url == f"sqlite:///{base / 'state' / 'aisre.db'}"


def test_absolute_paths_and_urls_are_kept(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        f"""
        lake:
          url: file:///srv/lake
          spool_dir: {tmp_path}/spool
        state:
          url: sqlite:////var/lib/aisre/state.db
        """,
    )
    config = load_config(path, environ={})
    assert config.lake.url == "file:///srv/lake"
    assert config.lake.spool_dir == f"{tmp_path}/spool"
    assert config.state.url == "sqlite:////var/lib/aisre/state.db"


def test_in_memory_sqlite_is_kept(tmp_path: Path) -> None:
    path = write(tmp_path, "state:\n  url: 'sqlite:///:memory:'\n")
    assert load_config(path, environ={}).state.url == "sqlite:///:memory:"


def test_file_named_by_aisre_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "server:\n  port: 9100\n", name="custom.yaml")
    monkeypatch.chdir(tmp_path)
    assert load_config(environ={"AISRE_CONFIG": str(path)}).server.port == 9100


def test_aisre_yaml_in_the_working_directory_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "server:\n  port: 9200\n")
    monkeypatch.chdir(tmp_path)
    assert load_config(environ={}).server.port == 9200


# -- errors in the file -------------------------------------------------------------


def test_wrong_type_names_file_line_and_field(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        server:
          host: 127.0.0.1
          port: eighty
        """,
    )
    err = load_error(path)
    assert (err.source, err.line, err.field) == (str(path), 3, "server.port")
    assert str(err).startswith(f"{path}:3: server.port: ")
    assert "integer" in str(err)
    assert "'eighty'" in str(err)


def test_out_of_range_names_file_line_and_field(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        # comment lines count too
        lake:
          url: ./lake

          retention_days: 0
        """,
    )
    err = load_error(path)
    assert (err.line, err.field) == (5, "lake.retention_days")
    assert str(err) == (
        f"{path}:5: lake.retention_days: Input should be greater than or equal to 1 (got 0)"
    )


def test_out_of_range_nested_three_deep(tmp_path: Path) -> None:
    path = write(tmp_path, "server:\n  port: 70000\n")
    err = load_error(path)
    assert (err.line, err.field) == (2, "server.port")
    assert "less than or equal to 65535" in str(err)


def test_unknown_field_nested(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        lake:
          url: ./lake
          s3:
            region: eu-west-1
            endpoint: http://minio:9000
        """,
    )
    err = load_error(path)
    assert (err.line, err.field) == (5, "lake.s3.endpoint")
    assert "unknown field" in str(err)


def test_unknown_top_level_section(tmp_path: Path) -> None:
    path = write(tmp_path, "server: {}\nslos: []\n")
    err = load_error(path)
    assert (err.line, err.field) == (2, "slos")
    assert "unknown field" in str(err)


def test_unknown_field_in_a_list_item(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        services:
          - name: rag
          - name: chat
            owner: team-a
        """,
    )
    err = load_error(path)
    assert err.line == 4
    assert err.field == "services.1.owner"
    assert str(err).startswith(f"{path}:4: services.1.owner: unknown field")


def test_missing_required_field_in_a_list_item_points_at_the_item(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        services:
          - name: rag
          - description: no name
        """,
    )
    err = load_error(path)
    assert (err.line, err.field) == (3, "services.1.name")
    assert "required field is missing" in str(err)


def test_invalid_value_inside_a_nested_list(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        server:
          api_keys:
            - name: ci
              sha256: not-a-hash
              scopes: [ingest]
        """,
    )
    err = load_error(path)
    assert (err.line, err.field) == (4, "server.api_keys.0.sha256")


def test_several_errors_are_all_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "server:\n  port: -1\nlake:\n  retention_days: 0\n")
    err = load_error(path)
    assert (err.line, err.field) == (2, "server.port")  # the first one locates the error
    message = str(err)
    assert f"{path}:2: server.port" in message
    assert f"{path}:4: lake.retention_days" in message


def test_invalid_yaml_syntax_names_the_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        server:
          port: 9000
        lake:
          url: [unclosed
          retention_days: 3
        """,
    )
    err = load_error(path)
    assert err.source == str(path)
    assert err.line == 5  # where the parser finds the unclosed list is broken
    assert "not valid YAML" in str(err)
    assert str(err).startswith(f"{path}:{err.line}: ")


def test_bad_indentation_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "server:\n  port: 1\n bad: 2\n")
    err = load_error(path)
    assert err.line == 3
    assert "not valid YAML" in str(err)


@pytest.mark.parametrize(("text", "kind"), [("- a\n- b\n", "list"), ("just text\n", "str")])
def test_top_level_must_be_a_mapping(tmp_path: Path, text: str, kind: str) -> None:
    path = write(tmp_path, text)
    err = load_error(path)
    assert err.line == 1
    assert f"expected a mapping of sections at the top, got {kind}" in str(err)


def test_a_file_that_is_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "aisre.yaml"
    path.write_bytes("server:\n  port: 9000\n  host: café\n".encode("latin-1"))
    err = load_error(path)
    assert (err.source, err.line) == (str(path), 3)
    assert "not UTF-8" in str(err)


def test_a_directory_is_not_a_file(tmp_path: Path) -> None:
    err = load_error(tmp_path)
    assert err.source == str(tmp_path)
    assert "cannot read" in str(err)


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    err = load_error(path)
    assert err.source == str(path)
    assert str(err).startswith(f"{path}: file not found")
    assert err.hint is not None


def test_missing_file_named_by_aisre_config(tmp_path: Path) -> None:
    err = load_error(None, {"AISRE_CONFIG": str(tmp_path / "gone.yaml")})
    assert "file not found" in str(err)
    assert err.source == str(tmp_path / "gone.yaml")


def test_invalid_regex_in_redaction_patterns_is_reported_with_its_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        """
        redaction:
          patterns:
            - name: good
              regex: 'ok\\d+'
            - name: bad
              regex: '(unclosed'
        """,
    )
    err = load_error(path)
    assert (err.line, err.field) == (6, "redaction.patterns.1.regex")
    assert "not a valid regular expression" in str(err)


def test_unknown_builtin_redaction_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "redaction:\n  builtin: [email, phone]\n")
    err = load_error(path)
    assert err.field == "redaction.builtin.1"
    assert err.line == 2


# -- environment overrides ------------------------------------------------------------


def test_env_overrides_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "server:\n  port: 9000\n  host: 0.0.0.0\n")
    config = load_config(path, environ={"AISRE_SERVER_PORT": "9100", "AISRE_LAKE_URL": "s3://b/p"})
    assert config.server.port == 9100  # from the variable, as an int
    assert config.server.host == "0.0.0.0"  # from the file
    assert config.lake.url == "s3://b/p"


def test_env_overrides_nested_sections(tmp_path: Path) -> None:
    path = write(tmp_path, "lake:\n  s3:\n    region: eu-west-1\n")
    config = load_config(
        path,
        environ={
            "AISRE_LAKE_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
            "AISRE_LAKE_S3_ACCESS_KEY_ID": "id",
            "AISRE_LAKE_S3_SECRET_ACCESS_KEY": "secret",
            "AISRE_LAKE_SPOOL_DIR": "/var/spool/aisre",
            "AISRE_SLI_LATENCY_THRESHOLD_MS": "750.5",
            "AISRE_REDACTION_ENABLED": "false",
        },
    )
    assert config.lake.s3.endpoint_url == "http://127.0.0.1:9000"
    assert config.lake.s3.access_key_id == "id"
    assert config.lake.s3.region == "eu-west-1"  # the file's value beside the override
    assert config.lake.spool_dir == "/var/spool/aisre"
    assert config.sli.latency_threshold_ms == 750.5
    assert config.redaction.enabled is False


def test_env_without_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    config = load_config(environ={"AISRE_STATE_URL": "postgresql+psycopg://x@db/aisre"})
    assert config.state.url == "postgresql+psycopg://x@db/aisre"


def test_env_takes_json_for_lists(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    config = load_config(
        environ={
            "AISRE_SERVICES": '[{"name": "rag"}, {"name": "chat", "environment": "dev"}]',
            "AISRE_REDACTION_BUILTIN": '["email"]',
            "AISRE_REDACTION_PATTERNS": '[{"name": "t", "regex": "T-\\\\d+"}]',
        }
    )
    assert [(s.name, s.environment) for s in config.services] == [
        ("rag", "production"),
        ("chat", "dev"),
    ]
    assert config.redaction.builtin == ["email"]
    assert config.redaction.patterns[0].regex == r"T-\d+"


def test_env_json_replaces_the_file_list(tmp_path: Path) -> None:
    path = write(tmp_path, "services:\n  - name: from-file\n")
    config = load_config(path, environ={"AISRE_SERVICES": '[{"name": "from-env"}]'})
    assert [s.name for s in config.services] == ["from-env"]


def test_env_invalid_json_names_the_variable(tmp_path: Path) -> None:
    err = load_error(None, {"AISRE_SERVICES": "[{oops"})
    assert str(err).startswith("AISRE_SERVICES (environment): not valid JSON")


def test_env_invalid_value_names_the_variable_and_field(tmp_path: Path) -> None:
    path = write(tmp_path, "server:\n  host: 0.0.0.0\n")
    err = load_error(path, {"AISRE_SERVER_PORT": "not-a-port"})
    assert err.source == "AISRE_SERVER_PORT (environment)"
    assert err.line is None
    assert err.field == "server.port"
    assert str(err).startswith("AISRE_SERVER_PORT (environment): server.port: ")


def test_env_invalid_list_item_names_the_variable(tmp_path: Path) -> None:
    err = load_error(None, {"AISRE_SERVICES": '[{"name": "a", "team": "x"}]'})
    assert err.source == "AISRE_SERVICES (environment)"
    assert err.field == "services.0.team"


def test_unknown_aisre_variable_is_an_error_naming_it(tmp_path: Path) -> None:
    err = load_error(None, {"AISRE_LAKE_RETENTION": "3"})
    assert err.source == "AISRE_LAKE_RETENTION (environment)"
    assert "unknown configuration variable" in str(err)
    assert err.hint is not None and "AISRE_LAKE_URL" in err.hint


def test_unknown_nested_aisre_variable_is_an_error(tmp_path: Path) -> None:
    err = load_error(None, {"AISRE_LAKE_S3_BUCKET": "b"})
    assert "AISRE_LAKE_S3_BUCKET" in str(err)


def test_test_variables_and_other_prefixes_are_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    config = load_config(
        environ={
            "AISRE_TEST_POSTGRES_URL": "postgresql://x",
            "AISRE_TEST_ANYTHING": "1",
            "AISRE_CONFIG": "",
            "AISRE": "not a prefix match",
            "HOME": "/root",
            "aisre_server_port": "1",  # variables are upper-case
        }
    )
    assert config.server.port == 8700


def test_sdk_variables_are_left_to_the_sdk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    config = load_config(
        environ={
            "AISRE_SDK_URL": "http://127.0.0.1:1",
            "AISRE_SDK_API_KEY": "secret",
            "AISRE_SDK_SERVICE": "svc",
            "AISRE_SERVER_PORT": "8701",
        }
    )
    assert config.server.port == 8701
    assert "AISRE_SDKURL" in str(load_error(None, {"AISRE_SDKURL": "x"}))


def test_the_process_environment_is_read_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for name in list(os.environ):
        if name.startswith("AISRE_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("AISRE_SERVER_PORT", "9300")
    assert load_config().server.port == 9300
    monkeypatch.setenv("AISRE_NO_SUCH_THING", "1")
    with pytest.raises(ConfigError, match="AISRE_NO_SUCH_THING"):
        load_config()


def test_s3_keys_come_in_pairs(tmp_path: Path) -> None:
    path = tmp_path / "aisre.yaml"
    path.write_text("lake:\n  s3:\n    access_key_id: AKIA\n")
    with pytest.raises(ConfigError) as err:
        load_config(path, environ={})
    assert "aisre.yaml:2: lake.s3: set both" in str(err.value)


def test_duckdb_memory_limit_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "aisre.yaml"
    path.write_text("lake:\n  duckdb_memory_limit: lots\n")
    with pytest.raises(ConfigError, match=r"aisre.yaml:2: lake.duckdb_memory_limit"):
        load_config(path, environ={})
    path.write_text("lake:\n  duckdb_memory_limit: 512MB\n")
    assert load_config(path, environ={}).lake.duckdb_memory_limit == "512MB"


def test_missing_file_named_by_aisre_config_hints_at_the_variable(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        load_config(environ={"AISRE_CONFIG": str(tmp_path / "nope.yaml")})
    assert "AISRE_CONFIG" in str(err.value)


def test_an_empty_variable_counts_as_unset(tmp_path: Path) -> None:
    path = tmp_path / "aisre.yaml"
    path.write_text("queue:\n  url: redis://127.0.0.1:6379/0\n")
    config = load_config(path, environ={"AISRE_QUEUE_URL": "", "AISRE_SERVER_PORT": ""})
    assert config.queue.url == "redis://127.0.0.1:6379/0"
    assert config.server.port == 8700
