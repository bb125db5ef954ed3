"""Processes for the benchmarks: servers on free local ports, one request, CPU time."""

from __future__ import annotations

import contextlib
import http.client
import os
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent


class BenchError(RuntimeError):
    """The benchmark cannot give a fair number (a server failed, answers differ...)."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pinned(cpus: set[int] | None) -> Callable[[], None] | None:
    if not cpus:
        return None
    return lambda: os.sched_setaffinity(0, cpus)


def choose_cpus(pin: bool, workers: int) -> set[int] | None:
    """A server with N workers gets the first N CPUs, wrk (workers=0) the last one. On 2
    CPUs: one-worker servers on CPU 0, wrk on CPU 1, a 2-worker server on both (sharing
    CPU 1 with wrk). PostgreSQL, a shared system service, is not pinned."""
    if not pin or not hasattr(os, "sched_getaffinity"):
        return None
    available = sorted(os.sched_getaffinity(0))
    if len(available) < 2:
        return None
    if workers == 0:
        return {available[-1]}
    return set(available[: min(workers, len(available))])


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (all its threads) from /proc; 0 once it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def process_tree(pid: int) -> list[int]:
    """A process and all its descendants (uvicorn's workers, Node's children)."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        with contextlib.suppress(OSError):
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as f:
                    queue += [int(child) for child in f.read().split()]
    return found


def cityhub_command() -> list[str]:
    """This checkout's cityhub (run from its root), whatever .venv/bin/cityhub points at."""
    return [sys.executable, "-c", "from cityhub.cli import main; main()"]


def fetch(
    url: str, body: bytes | None = None, headers: dict | None = None, timeout: float = 30
) -> tuple[int, str]:
    """One request to a local server: its status and decoded body."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request("POST" if body else "GET", path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


def uvicorn_command(app: list[str], port: int, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "uvicorn",
        *app,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--no-access-log",
        "--log-level",
        "warning",
    ]


class Server:
    """A server process on a free local port, its output in a log file.

    By default uvicorn running ``app`` (its arguments) with ``workers`` processes; ``command``
    (a function of the port) runs anything else, e.g. PostGraphile's Node.
    """

    def __init__(
        self,
        name: str,
        app: list[str],
        env: dict,
        log: Path,
        cpus: set[int] | None,
        *,
        workers: int = 1,
        command: Callable[[int], list[str]] | None = None,
        cwd: Path = PROJECT_DIR,
    ):
        self.name = name
        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        self.log_path = log
        self.cpus = cpus
        self._log = log.open("wb")
        self.proc = subprocess.Popen(
            command(port) if command else uvicorn_command(app, port, workers),
            cwd=cwd,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            preexec_fn=pinned(cpus),
        )

    def cpu_seconds(self) -> float:
        """CPU time of the server and every process it started (the workers)."""
        return sum(cpu_seconds(pid) for pid in process_tree(self.proc.pid))

    def log_tail(self, lines: int = 30) -> str:
        self._log.flush()
        text = self.log_path.read_text(errors="replace").splitlines()
        return "\n".join(text[-lines:])

    def wait_ready(
        self, url: str, timeout: float = 180, body: bytes | None = None, headers: dict | None = None
    ) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise BenchError(
                    f"{self.name} exited with {self.proc.returncode}:\n" + self.log_tail()
                )
            with contextlib.suppress(OSError):
                if fetch(url, body, headers, timeout=2)[0] == 200:
                    return
            time.sleep(0.1)
        raise BenchError(
            f"{self.name} did not answer {url} within {timeout:.0f}s:\n" + self.log_tail()
        )

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()  # uvicorn shuts down gracefully: lifespan end runs
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()
