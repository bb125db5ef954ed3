"""Load-test the stations query against a raw floor measured in the same run.

    .venv/bin/python bench/run.py [--duration 10] [--connections 16] [--threads 1]

Seeds a throw-away SQLite database, starts CityHub (uvicorn, one worker) and the floor
(bench/floor.py: the same rows read with plain SQL and returned by a bare Starlette
endpoint), checks that both give the same answer, then drives each target with wrk and
prints requests/s, p50, p99 and each target's ratio to the floor. See bench/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.client
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
POST_LUA = BENCH_DIR / "post.lua"

STATIONS_QUERY = (
    "{ stations(first: 35) { totalCount nodes { id name address isSample "
    "location { lat lng } district { name } amenities } } }"
)
EXPECTED_STATIONS = 35
PAGE_STATIONS = 20  # cityhub/portal/union/stations.py PAGE_SIZE: the page lists the first 20
MEMBERS_QUERY = (
    "{ members(first: 50) { totalCount nodes { id memberNo name phone vehicleType status "
    "fleet { name } } } }"
)
TARGETS = ("graphql_post", "graphql_get", "page", "members_post")
PACKAGES = ("starlette", "strawberry-graphql", "graphql-core", "tortoise-orm", "aiosqlite")
PACKAGES += ("uvicorn", "uvloop", "httptools", "jinja2")


class BenchError(RuntimeError):
    """The benchmark cannot give a fair number (a server failed, answers differ...)."""


@dataclass
class Target:
    key: str
    label: str
    url: str
    script: Path | None = None
    server: str = "cityhub"
    env: dict = field(default_factory=dict)


@dataclass
class Sample:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int
    server_cpu_s: float


@dataclass
class Result:
    key: str
    label: str
    url: str
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int
    server_cpu_us_per_request: float
    rps_ratio_to_floor: float = 1.0
    cpu_ratio_to_floor: float = 1.0
    rounds: list[dict] = field(default_factory=list)


# --- processes ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pinned(cpus: set[int] | None) -> Callable[[], None] | None:
    if not cpus:
        return None
    return lambda: os.sched_setaffinity(0, cpus)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (all its threads) from /proc."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    apt = shutil.which("apt-get")
    if apt and os.geteuid() == 0:
        print("wrk not found; installing the Debian package (apt-get install -y wrk)...")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run([apt, "update", "-qq"], check=True, env=env)
        subprocess.run([apt, "install", "-y", "-qq", "wrk"], check=True, env=env)
        found = shutil.which("wrk")
        if found:
            return found
    raise BenchError(
        "wrk is not installed. On Debian/Ubuntu: sudo apt-get install wrk "
        "(elsewhere: https://github.com/wg/wrk)."
    )


def cityhub_command() -> list[str]:
    script = Path(sys.executable).with_name("cityhub")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from cityhub.cli import main; main()"]


class Server:
    """A uvicorn process (one worker) on a free local port, its output in a log file."""

    def __init__(self, name: str, app: list[str], env: dict, log: Path, cpus: set[int] | None):
        self.name = name
        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        self.log_path = log
        self._log = log.open("wb")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                *app,
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                "1",
                "--no-access-log",
                "--log-level",
                "warning",
            ],
            cwd=PROJECT_DIR,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            preexec_fn=pinned(cpus),
        )

    def log_tail(self, lines: int = 30) -> str:
        self._log.flush()
        text = self.log_path.read_text(errors="replace").splitlines()
        return "\n".join(text[-lines:])

    def wait_ready(self, url: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise BenchError(
                    f"{self.name} exited with {self.proc.returncode}:\n" + self.log_tail()
                )
            with contextlib.suppress(OSError):
                if fetch(url, timeout=2)[0] == 200:
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


# --- checks ---------------------------------------------------------------------------


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


def check_answers(cityhub: str, targets: dict[str, Target]) -> dict[str, int]:
    """Every target answers 200 with the same 35 stations; returns body sizes in bytes."""
    sizes = {}
    body = json.dumps({"query": STATIONS_QUERY}).encode()
    status, text = fetch(f"{cityhub}/graphql", body, {"Content-Type": "application/json"})
    sizes["graphql_post"] = len(text.encode())
    answer = json.loads(text)
    if status != 200 or answer.get("errors"):
        raise BenchError(f"POST /graphql failed ({status}): {text[:500]}")
    nodes = answer["data"]["stations"]["nodes"]
    if len(nodes) != EXPECTED_STATIONS:
        raise BenchError(f"POST /graphql returned {len(nodes)} stations, not {EXPECTED_STATIONS}")

    status, text = fetch(targets["floor"].url)
    sizes["floor"] = len(text.encode())
    floor = json.loads(text)
    if status != 200 or len(floor["data"]["stations"]["nodes"]) != EXPECTED_STATIONS:
        raise BenchError(f"the floor did not return {EXPECTED_STATIONS} stations: {text[:500]}")
    if floor != answer:
        raise BenchError("the floor's JSON differs from the GraphQL answer; not comparable")

    if "graphql_get" in targets:
        status, text = fetch(targets["graphql_get"].url)  # no Accept header, like wrk
        sizes["graphql_get"] = len(text.encode())
        if status != 200 or json.loads(text) != answer:
            raise BenchError(f"GET /graphql gave a different answer ({status}): {text[:500]}")

    if "page" in targets:
        status, text = fetch(targets["page"].url)
        sizes["page"] = len(text.encode())
        listed = text.count('<li class="station">')
        if status != 200 or listed != PAGE_STATIONS or nodes[0]["name"] not in text:
            raise BenchError(f"GET /stations: status {status}, {listed} stations listed")

    if "members_post" in targets:
        members = targets["members_post"]
        headers = {"Content-Type": "application/json"}
        headers["Authorization"] = f"Bearer {members.env['BENCH_AUTH']}"
        body = json.dumps({"query": MEMBERS_QUERY}).encode()
        status, text = fetch(members.url, body, headers)
        sizes["members_post"] = len(text.encode())
        found = json.loads(text)
        if status != 200 or found.get("errors") or len(found["data"]["members"]["nodes"]) != 50:
            raise BenchError(f"POST /graphql members failed ({status}): {text[:500]}")
    return sizes


# --- wrk ------------------------------------------------------------------------------

_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3, "h": 3600e3}


def _ms(value: str, unit: str) -> float:
    return float(value) * _UNITS[unit]


def parse_wrk(output: str) -> dict:
    """requests/s, p50/p99 (ms), request count and errors from `wrk --latency` output."""

    def find(pattern: str) -> re.Match:
        match = re.search(pattern, output, re.MULTILINE)
        if not match:
            raise BenchError(f"unexpected wrk output (no {pattern!r}):\n{output}")
        return match

    p50, p99 = (find(rf"^\s+{p}%\s+([\d.]+)(us|ms|s|m|h)\s*$") for p in (50, 99))
    errors = 0
    if non_2xx := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        errors += int(non_2xx.group(1))
    if sockets := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), "
        r"timeout (\d+)",
        output,
    ):
        errors += sum(int(n) for n in sockets.groups())
    return {
        "rps": float(find(r"^Requests/sec:\s+([\d.]+)").group(1)),
        "p50_ms": _ms(*p50.groups()),
        "p99_ms": _ms(*p99.groups()),
        "requests": int(find(r"^\s+(\d+) requests in ").group(1)),
        "errors": errors,
    }


def run_wrk(
    wrk: str,
    target: Target,
    args: argparse.Namespace,
    seconds: int,
    cpus: set[int] | None,
    env: dict,
) -> dict:
    command = [
        wrk,
        "--latency",
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
    ]
    if target.script:
        command += ["-s", str(target.script)]
    command.append(target.url)
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        env={**env, **target.env},
        preexec_fn=pinned(cpus),
        check=False,
    )
    if done.returncode != 0:
        raise BenchError(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    return parse_wrk(done.stdout)


def measure(
    wrk: str,
    target: Target,
    server: Server,
    args: argparse.Namespace,
    cpus: set[int] | None,
    env: dict,
) -> Sample:
    if args.warmup > 0:
        run_wrk(wrk, target, args, args.warmup, cpus, env)
    before = cpu_seconds(server.proc.pid)
    numbers = run_wrk(wrk, target, args, args.duration, cpus, env)
    used = cpu_seconds(server.proc.pid) - before
    return Sample(**numbers, server_cpu_s=used)


def summarise(target: Target, samples: list[Sample]) -> Result:
    """The median round (by requests/s) is reported; all rounds are kept in the JSON."""
    ordered = sorted(samples, key=lambda s: s.rps)
    middle = ordered[(len(ordered) - 1) // 2]
    requests = sum(s.requests for s in samples)
    return Result(
        key=target.key,
        label=target.label,
        url=target.url,
        rps=middle.rps,
        p50_ms=statistics.median(s.p50_ms for s in samples),
        p99_ms=statistics.median(s.p99_ms for s in samples),
        requests=requests,
        errors=sum(s.errors for s in samples),
        server_cpu_us_per_request=1e6 * sum(s.server_cpu_s for s in samples) / max(requests, 1),
        rounds=[asdict(s) for s in samples],
    )


def add_ratios(results: list[Result]) -> None:
    """Each target against the floor of the same round (they ran seconds apart), then the
    median over rounds: a burst of load from elsewhere then skews one round, not the ratio."""

    def cpu_per_request(sample: dict) -> float:
        return sample["server_cpu_s"] / max(sample["requests"], 1)

    floor = results[0].rounds
    for r in results:
        pairs = list(zip(floor, r.rounds, strict=True))
        r.rps_ratio_to_floor = statistics.median(f["rps"] / t["rps"] for f, t in pairs)
        r.cpu_ratio_to_floor = statistics.median(
            cpu_per_request(t) / cpu_per_request(f) for f, t in pairs
        )


# --- report ---------------------------------------------------------------------------


def table(results: list[Result]) -> str:
    head = ("target", "req/s", "p50 ms", "p99 ms", "vs floor", "CPU µs/req", "CPU vs floor")
    rows = [
        (
            r.label,
            f"{r.rps:,.0f}",
            f"{r.p50_ms:.2f}",
            f"{r.p99_ms:.2f}",
            "1.0x (floor)" if r.key == "floor" else f"{r.rps_ratio_to_floor:.1f}x slower",
            f"{r.server_cpu_us_per_request:,.0f}",
            "1.0x" if r.key == "floor" else f"{r.cpu_ratio_to_floor:.1f}x",
        )
        for r in results
    ]
    widths = [max(len(str(x)) for x in column) for column in zip(head, *rows, strict=True)]

    def line(cells: tuple) -> str:
        first, *rest = cells
        return "  ".join(
            [first.ljust(widths[0])] + [c.rjust(w) for c, w in zip(rest, widths[1:], strict=True)]
        )

    return "\n".join([line(head), line(tuple("-" * w for w in widths)), *map(line, rows)])


def versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in PACKAGES:
        with contextlib.suppress(metadata.PackageNotFoundError):
            found[name] = metadata.version(name)
    return found


def choose_cpus(pin: bool) -> tuple[set[int] | None, set[int] | None]:
    """Servers on one CPU, wrk on another, so they do not take turns on the same core."""
    if not pin or not hasattr(os, "sched_getaffinity"):
        return None, None
    available = sorted(os.sched_getaffinity(0))
    if len(available) < 2:
        return None, None
    return {available[0]}, {available[1]}


# --- main -----------------------------------------------------------------------------


@contextlib.contextmanager
def servers(data_dir: Path, env: dict, cpus: set[int] | None) -> Iterator[dict[str, Server]]:
    started: dict[str, Server] = {}
    try:
        started["cityhub"] = Server(
            "cityhub", ["--factory", "cityhub.app:create_app"], env, data_dir / "cityhub.log", cpus
        )
        floor_env = {**env, "BENCH_FLOOR_DB": str(data_dir / "cityhub.sqlite3")}
        started["floor"] = Server(
            "floor",
            ["--app-dir", str(BENCH_DIR), "floor:app"],
            floor_env,
            data_dir / "floor.log",
            cpus,
        )
        started["cityhub"].wait_ready(f"{started['cityhub'].base}/healthz")
        started["floor"].wait_ready(f"{started['floor'].base}/stations")
        yield started
    finally:
        for server in started.values():
            server.stop()


def make_targets(
    cityhub: str, floor: str, wanted: list[str], key: str | None = None
) -> dict[str, Target]:
    get_query = urllib.parse.urlencode({"query": STATIONS_QUERY})
    members_env = {"BENCH_BODY": json.dumps({"query": MEMBERS_QUERY}), "BENCH_AUTH": key or ""}
    every = [
        Target("floor", "raw floor (SQL + JSONResponse)", f"{floor}/stations", server="floor"),
        Target("graphql_post", "POST /graphql stations", f"{cityhub}/graphql", POST_LUA),
        Target("graphql_get", "GET /graphql?query= stations", f"{cityhub}/graphql?{get_query}"),
        Target("page", "GET /stations page (HTML)", f"{cityhub}/stations"),
        Target(
            "members_post",
            "POST /graphql members(first: 50), key",
            f"{cityhub}/graphql",
            POST_LUA,
            env=members_env,
        ),
    ]
    return {t.key: t for t in every if t.key == "floor" or t.key in wanted}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement [10]")
    parser.add_argument(
        "--warmup", type=int, default=2, help="seconds of warm-up before each measurement [2]"
    )
    parser.add_argument("--connections", type=int, default=16, help="wrk connections [16]")
    parser.add_argument("--threads", type=int, default=1, help="wrk threads [1]")
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="measure every target this many times, interleaved (floor, a, b, floor, a, b...); "
        "the median is reported [3]",
    )
    parser.add_argument(
        "--targets",
        default="graphql_post,graphql_get,page,members_post",
        help=f"besides the floor, comma-separated: {', '.join(TARGETS)}",
    )
    parser.add_argument(
        "--scale",
        type=int,
        default=0,
        help="seed with `cityhub seed --scale N` first (N x 65,000 members...) [0]",
    )
    parser.add_argument(
        "--no-pin",
        dest="pin",
        action="store_false",
        help="do not pin the servers and wrk to separate CPUs",
    )
    parser.add_argument("--json", type=Path, help="write the results here instead of stdout")
    args = parser.parse_args(argv)
    unknown = set(args.targets.split(",")) - set(TARGETS)
    if unknown:
        parser.error(f"unknown --targets {', '.join(sorted(unknown))}; use {', '.join(TARGETS)}")
    if args.duration < 1 or args.warmup < 0 or args.rounds < 1:
        parser.error("--duration and --rounds must be at least 1, --warmup at least 0")
    if args.connections < args.threads:
        parser.error("--connections must be at least --threads")
    return args


def _interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # SIGTERM cleans up like Ctrl-C: servers stopped, files removed


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupted)
    try:
        wrk = ensure_wrk()
    except (BenchError, subprocess.CalledProcessError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    server_cpus, wrk_cpus = choose_cpus(args.pin)
    data_dir = Path(tempfile.mkdtemp(prefix="cityhub-bench-"))
    # Only our settings: a CITYHUB_DATABASE_URL in the caller's shell must not leak in.
    env = {k: v for k, v in os.environ.items() if not k.startswith("CITYHUB_")}
    env.update(CITYHUB_DATA_DIR=str(data_dir), CITYHUB_LOG_LEVEL="warning")
    env["BENCH_BODY"] = json.dumps({"query": STATIONS_QUERY})
    load_before = os.getloadavg()
    try:
        print(f"seeding {data_dir / 'cityhub.sqlite3'} ...", flush=True)
        started = time.monotonic()
        seeded = subprocess.run(
            [*cityhub_command(), "seed", *(["--scale", str(args.scale)] if args.scale else [])],
            cwd=PROJECT_DIR,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if seeded.returncode != 0:
            raise BenchError(f"cityhub seed failed:\n{seeded.stdout}{seeded.stderr}")
        print(f"seeded (scale {args.scale}) in {time.monotonic() - started:.1f} s", flush=True)
        key = (
            subprocess.run(
                [
                    *cityhub_command(),
                    "create-api-key",
                    "--name",
                    "bench",
                    "--scopes",
                    "members:read",
                ],
                cwd=PROJECT_DIR,
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        with servers(data_dir, env, server_cpus) as running:
            targets = make_targets(
                running["cityhub"].base, running["floor"].base, args.targets.split(","), key
            )
            sizes = check_answers(running["cityhub"].base, targets)
            print(
                f"checked: the floor and GraphQL return the same {EXPECTED_STATIONS} "
                f"stations; /stations lists {PAGE_STATIONS}",
                flush=True,
            )
            samples: dict[str, list[Sample]] = {key: [] for key in targets}
            for round_no in range(1, args.rounds + 1):
                for target in targets.values():
                    print(
                        f"round {round_no}/{args.rounds}: {target.label} "
                        f"({args.warmup:g}s warm-up + {args.duration:g}s) ...",
                        flush=True,
                    )
                    samples[target.key].append(
                        measure(wrk, target, running[target.server], args, wrk_cpus, env)
                    )
        results = [summarise(targets[key], found) for key, found in samples.items()]
    except BenchError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; servers stopped", file=sys.stderr)
        return 130
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)

    add_ratios(results)
    print()
    print(table(results))
    print(
        f"\nwrk -t{args.threads} -c{args.connections} -d{args.duration:g}s "
        f"(after {args.warmup:g}s warm-up), {args.rounds} round(s), median round shown.\n"
        "vs floor = floor req/s / target req/s; CPU vs floor = target CPU per request / floor "
        "CPU per request;\neach within one round, then the median over rounds. CPU = the "
        "server process's user+system time.\n"
        f"load average before/after: {load_before[0]:.2f} / {os.getloadavg()[0]:.2f} "
        f"on {os.cpu_count()} CPUs (other programs running make the numbers noisier)."
    )
    if any(r.errors for r in results):
        print(
            "WARNING: some requests failed (non-2xx or socket errors); see 'errors' in JSON",
            file=sys.stderr,
        )

    report = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "loadavg_at_start": load_before,
            "loadavg_at_end": os.getloadavg(),
        },
        "versions": versions(),
        "settings": {
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "connections": args.connections,
            "threads": args.threads,
            "rounds": args.rounds,
            "server_cpus": sorted(server_cpus or []),
            "wrk_cpus": sorted(wrk_cpus or []),
        },
        "query": STATIONS_QUERY,
        "response_bytes": sizes,
        "results": [asdict(r) for r in results],
    }
    text = json.dumps(report, indent=2, ensure_ascii=False)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
        print(f"results written to {args.json}")
    else:
        print(text)
    return 1 if any(r.errors for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
