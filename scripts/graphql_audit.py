"""Run the graphql-http audit against a fresh CityHub server; exits with node's exit code.

Usage (from the repository root): .venv/bin/python scripts/graphql_audit.py
The server runs on SQLite in a temporary data folder, migrated and seeded on first start.
"""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CITYHUB = ROOT / ".venv" / "bin" / "cityhub"
AUDIT = ROOT / "tests" / "js" / "audit.mjs"
HOST = "127.0.0.1"
STARTUP_TIMEOUT = 120.0  # first start migrates and seeds


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def healthy(port: int) -> bool:
    connection = http.client.HTTPConnection(HOST, port, timeout=2)
    try:
        connection.request("GET", "/healthz")
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def wait_until_healthy(server: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while not healthy(port):
        if server.poll() is not None or time.monotonic() > deadline:
            sys.stderr.write(log.read_text(encoding="utf-8", errors="replace"))
            raise SystemExit(f"graphql_audit: the server did not become healthy on port {port}")
        time.sleep(0.2)


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def main() -> int:
    node = shutil.which("node")
    if node is None:
        raise SystemExit("graphql_audit: node is not installed")
    with tempfile.TemporaryDirectory(prefix="cityhub-audit-") as data_dir:
        env = {key: value for key, value in os.environ.items() if key != "CITYHUB_DATABASE_URL"}
        env["CITYHUB_DATA_DIR"] = data_dir
        port = free_port()
        log = Path(data_dir) / "server.log"
        command = [str(CITYHUB), "serve", "--light", "--host", HOST, "--port", str(port)]
        with log.open("wb") as output:
            server = subprocess.Popen(  # noqa: S603 - our own entry point
                command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
            )
            try:
                wait_until_healthy(server, port, log)
                audit = [node, str(AUDIT), f"http://{HOST}:{port}/graphql"]
                return subprocess.run(audit, cwd=ROOT, check=False).returncode  # noqa: S603
            finally:
                stop(server)


if __name__ == "__main__":
    sys.exit(main())
