"""A real S3 endpoint for tests: moto's HTTP server, one per session, a fresh bucket per test.

Use the fixtures by binding them in the test module (importing a fixture and
naming it as an argument is flagged by linters as a redefinition)::

    from . import s3

    s3_endpoint = s3.s3_endpoint
    s3_client = s3.s3_client
    s3_lake_config = s3.s3_lake_config
"""

from __future__ import annotations

import logging
import socket
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from aisre.core import LakeConfig, S3Config

from .conftest import need_service

REGION = "us-east-1"
ACCESS_KEY = "testing"
SECRET_KEY = "testing"
HOW = "pip install 'moto[server]' boto3 (the dev extra)"


def _listening(url: str) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 80), 2):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """The URL of a moto S3 server on a free local port, for the whole session."""
    try:
        from moto.server import ThreadedMotoServer
    except ImportError:
        need_service("moto S3 server", False, HOW)
        raise  # need_service skipped or failed; never reached
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per request otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    # start() waits for ever if the server thread dies before it is ready.
    starter = threading.Thread(target=server.start, daemon=True)
    starter.start()
    starter.join(30)
    need_service("moto S3 server", not starter.is_alive(), HOW)
    try:
        host, port = server.get_host_and_port()
        url = f"http://{host}:{port}"
        need_service("moto S3 server", _listening(url), HOW)
        yield url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def s3_client(s3_endpoint: str) -> Iterator[Any]:
    """A boto3 S3 client on the moto server, to look at what the lake wrote independently."""
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )
    yield client
    client.close()


@pytest.fixture
def s3_lake_config(s3_endpoint: str, s3_client: Any, tmp_path: Path) -> LakeConfig:
    """A lake in a fresh bucket (``s3://<bucket>/lake``) with its spool under ``tmp_path``."""
    bucket = f"aisre-test-{uuid.uuid4().hex[:12]}"
    s3_client.create_bucket(Bucket=bucket)
    return LakeConfig(
        url=f"s3://{bucket}/lake",
        spool_dir=str(tmp_path / "spool"),
        s3=S3Config(
            endpoint_url=s3_endpoint,
            region=REGION,
            access_key_id=ACCESS_KEY,
            secret_access_key=SECRET_KEY,
        ),
    )


def list_keys(client: Any, url: str) -> list[str]:
    """Every object key under an ``s3://bucket/prefix`` URL, relative to the prefix."""
    parsed = urlparse(url)
    prefix = parsed.path.strip("/") + "/"
    keys: list[str] = []
    for page in client.get_paginator("list_objects_v2").paginate(
        Bucket=parsed.netloc, Prefix=prefix
    ):
        keys += [obj["Key"][len(prefix) :] for obj in page.get("Contents", [])]
    return sorted(keys)
