"""CityHub servers in processes of their own, on the test's database."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time

import httpx

from cityhub.settings import PROJECT_DIR
from tests.conftest import SECRET
from tests.helpers import TEST_HASHING


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def other_server(settings, **extra_env: str):
    """A second CityHub server, in its own process, on the same database."""
    port = _free_port()
    env = {
        **os.environ,
        "CITYHUB_DATABASE_URL": settings.database_url,
        "CITYHUB_DATA_DIR": str(settings.data_dir),
        "CITYHUB_SECRET_KEY": SECRET,
        "CITYHUB_PASSWORD_HASHING": TEST_HASHING,
        "CITYHUB_SOCKET_RECHECK_SECONDS": "3600",
        **extra_env,
    }
    command = [sys.executable, "-m", "uvicorn", "cityhub.app:create_app", "--factory"]
    process = subprocess.Popen(
        [*command, "--port", str(port), "--log-level", "warning"], env=env, cwd=PROJECT_DIR
    )
    try:
        for _ in range(300):
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"http://127.0.0.1:{port}/healthz").status_code == 200:
                    break
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(10)
