"""What password guessing does to everyone else: /healthz latency with and without abuse.

    .venv/bin/python bench/login_abuse.py [--seconds 10] [--loops 4] [--limits both]

Migrates a throw-away SQLite database, makes one account, starts CityHub (uvicorn, one
worker, argon2 at the standard cost) and times GET /healthz every 100 ms: first alone,
then while --loops threads POST wrong passwords for that account to /login as fast as
the server answers. Prints /healthz p50, p95 and max for both, and what the sign-in
posts got (422: checked and wrong; 429: refused by the rate limit, nothing checked).

--limits off sets the sign-in limits so high that every guess is checked (the cost of
argon2 itself); on keeps the defaults (5 per account, 30 per address per 15 minutes);
both runs each in turn. See bench/README.md.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from servers import PROJECT_DIR, BenchError, Server

USERNAME = "bench-citizen"
PASSWORD = "bench-password-1234"  # noqa: S105 (a throw-away database)
UNLIMITED = "1000000 per 1 second"
PROBE_EVERY = 0.1


def prepare(data_dir: Path) -> dict[str, str]:
    """A migrated database with one account; the environment to serve it with."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CITYHUB_")}
    env["CITYHUB_DATA_DIR"] = str(data_dir)
    # No CITYHUB_PASSWORD_HASHING: argon2 at the standard cost, as deployed.
    # This checkout's cityhub (run from its root), whatever .venv/bin/cityhub points at.
    command = [sys.executable, "-c", "from cityhub.cli import main; main()"]
    for arguments in (
        ["migrate"],
        ["create-user", USERNAME, "--role", "citizen", "--password", PASSWORD],
    ):
        subprocess.run(
            [*command, *arguments], cwd=PROJECT_DIR, env=env, check=True, stdout=subprocess.DEVNULL
        )
    return env


@contextlib.contextmanager
def serving(env: dict[str, str], log: Path) -> Iterator[Server]:
    server = Server("cityhub", ["--factory", "cityhub.app:create_app"], env, log, None)
    try:
        server.wait_ready(f"{server.base}/healthz")
        yield server
    finally:
        server.stop()


def probe(base: str, seconds: float) -> list[float]:
    """GET /healthz every 100 ms for ``seconds``: each answer's latency in ms."""
    timings: list[float] = []
    with httpx.Client(base_url=base, timeout=30) as http:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            started = time.perf_counter()
            assert http.get("/healthz").status_code == 200
            timings.append((time.perf_counter() - started) * 1000)
            time.sleep(max(0.0, PROBE_EVERY - timings[-1] / 1000))
    return timings


def guess(base: str, stop: threading.Event, statuses: collections.Counter[int]) -> None:
    """Wrong passwords for the account, one after the other, until ``stop``."""
    with httpx.Client(base_url=base, timeout=60) as http:
        page = http.get("/login")
        match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        if not match:
            raise BenchError("no CSRF field on /login")
        form = {"username": USERNAME, "password": "wrong-guess-0000", "csrf_token": match[1]}
        while not stop.is_set():
            statuses[http.post("/login", data=form).status_code] += 1


def summary(timings: list[float]) -> str:
    p95 = statistics.quantiles(timings, n=20, method="inclusive")[-1]
    return f"p50 {statistics.median(timings):7.1f}  p95 {p95:7.1f}  max {max(timings):7.1f}"


def measure(env: dict[str, str], log: Path, seconds: float, loops: int) -> None:
    with serving(env, log) as server:
        quiet = probe(server.base, seconds)
        stop = threading.Event()
        statuses: collections.Counter[int] = collections.Counter()
        threads = [
            threading.Thread(target=guess, args=(server.base, stop, statuses)) for _ in range(loops)
        ]
        for thread in threads:
            thread.start()
        time.sleep(0.5)  # every loop has its CSRF token and is guessing
        busy = probe(server.base, seconds)
        stop.set()
        for thread in threads:
            thread.join()
        if any(status >= 500 for status in statuses):
            raise BenchError(f"POST /login failed: {dict(statuses)}\n" + server.log_tail(60))
    print(f"  /healthz ms alone:        {summary(quiet)}  ({len(quiet)} probes)")
    print(f"  /healthz ms under abuse:  {summary(busy)}  ({len(busy)} probes)")
    posts = ", ".join(f"{count} x {status}" for status, count in sorted(statuses.items()))
    print(f"  POST /login answers:      {posts}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--loops", type=int, default=4)
    parser.add_argument("--limits", choices=("off", "on", "both"), default="both")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cityhub-login-abuse-") as folder:
        env = prepare(Path(folder))
        modes = ("off", "on") if args.limits == "both" else (args.limits,)
        for mode in modes:
            run_env = dict(env)
            if mode == "off":
                run_env["CITYHUB_LOGIN_LIMIT_PER_ACCOUNT"] = UNLIMITED
                run_env["CITYHUB_LOGIN_LIMIT_PER_ADDRESS"] = UNLIMITED
            print(f"sign-in limits {mode}, {args.loops} guessing loops, {args.seconds:.0f} s each:")
            measure(run_env, Path(folder) / f"server-{mode}.log", args.seconds, args.loops)


if __name__ == "__main__":
    main()
