"""wrk runs, CPU time from /proc, and the ratios within one run."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from servers import BenchError, Server, cpu_seconds, pinned
from targets import Target

_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3, "h": 3600e3}


@dataclass
class Sample:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int
    server_cpu_s: float
    database_cpu_s: float
    load_before: float
    load_after: float

    @property
    def cpu_per_request(self) -> float:
        return (self.server_cpu_s + self.database_cpu_s) / max(self.requests, 1)


@dataclass
class Result:
    key: str
    label: str
    url: str
    server: str
    workers: int
    response_cache: str  # what the server was asked for: "default" or "off"
    database: str
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int
    server_cpu_us_per_request: float
    database_cpu_us_per_request: float
    cpu_us_per_request: float
    load_before: float
    load_after: float
    ratios: dict = field(default_factory=dict)
    rounds: list[dict] = field(default_factory=list)


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
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
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
    wrk: str, target: Target, args: argparse.Namespace, seconds: int, cpus: set[int] | None
) -> dict:
    command = [wrk, "--latency", f"-t{args.threads}", f"-c{args.connections}", f"-d{seconds}s"]
    command += ["--timeout", "10s"]
    if target.script:
        command += ["-s", str(target.script)]
    command.append(target.url)
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        env={**os.environ, **target.env},
        preexec_fn=pinned(cpus),
        check=False,
    )
    if done.returncode != 0:
        raise BenchError(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    return parse_wrk(done.stdout)


def backends_cpu(pids: Callable[[], list[int]]) -> dict[int, float]:
    return {pid: cpu_seconds(pid) for pid in pids()}


def measure(
    wrk: str,
    target: Target,
    server: Server,
    backend_pids: Callable[[], list[int]],
    args: argparse.Namespace,
    cpus: set[int] | None,
) -> Sample:
    """Warm up, then one measured wrk run; CPU of the server's processes and of the
    PostgreSQL backends of its database over that run (a backend that connected during the
    run counts from zero)."""
    if args.warmup > 0:
        run_wrk(wrk, target, args, args.warmup, cpus)
    load_before = os.getloadavg()[0]
    server_before, db_before = server.cpu_seconds(), backends_cpu(backend_pids)
    numbers = run_wrk(wrk, target, args, args.duration, cpus)
    server_used = server.cpu_seconds() - server_before
    db_after = backends_cpu(backend_pids)
    db_used = sum(max(0.0, cpu - db_before.get(pid, 0.0)) for pid, cpu in db_after.items())
    return Sample(
        **numbers,
        server_cpu_s=server_used,
        database_cpu_s=db_used,
        load_before=load_before,
        load_after=os.getloadavg()[0],
    )


def summarise(target: Target, samples: list[Sample], workers: int, database: str) -> Result:
    """The median round (by requests/s) is reported; all rounds are kept in the JSON."""
    middle = sorted(samples, key=lambda s: s.rps)[(len(samples) - 1) // 2]
    requests = sum(s.requests for s in samples)
    server = sum(s.server_cpu_s for s in samples) / max(requests, 1)
    db = sum(s.database_cpu_s for s in samples) / max(requests, 1)
    return Result(
        key=target.key,
        label=target.label,
        url=target.url,
        server=target.server,
        workers=workers,
        response_cache=target.response_cache,
        database=database,
        rps=middle.rps,
        p50_ms=statistics.median(s.p50_ms for s in samples),
        p99_ms=statistics.median(s.p99_ms for s in samples),
        requests=requests,
        errors=sum(s.errors for s in samples),
        server_cpu_us_per_request=1e6 * server,
        database_cpu_us_per_request=1e6 * db,
        cpu_us_per_request=1e6 * (server + db),
        load_before=middle.load_before,
        load_after=middle.load_after,
        rounds=[asdict(s) | {"cpu_per_request_s": s.cpu_per_request} for s in samples],
    )


def add_ratios(results: list[Result], references: tuple[str, ...]) -> None:
    """Each target against each reference of the same round (they ran seconds apart), then
    the median over rounds: a burst of load from elsewhere skews one round, not the ratio.
    rps: target / reference (above 1: faster); cpu: target / reference (above 1: costlier)."""
    by_key = {r.key: r for r in results}
    for reference in references:
        if reference not in by_key:
            continue
        ref_rounds = by_key[reference].rounds
        for r in results:
            pairs = list(zip(ref_rounds, r.rounds, strict=True))
            r.ratios[f"rps_vs_{reference}"] = statistics.median(
                t["rps"] / f["rps"] for f, t in pairs
            )
            r.ratios[f"cpu_vs_{reference}"] = statistics.median(
                t["cpu_per_request_s"] / f["cpu_per_request_s"] for f, t in pairs
            )


def table(results: list[Result], references: tuple[str, ...], cache_known: bool) -> str:
    refs = [ref for ref in references if any(r.key == ref for r in results)]
    head = ["target", "cache", "req/s", "p50 ms", "p99 ms"]
    head += [f"req/s vs {ref}" for ref in refs]
    head += ["CPU µs/req", "of it DB"] + [f"CPU vs {ref}" for ref in refs] + ["load 1m"]
    rows = []
    for r in results:
        cache = "-" if r.server in ("floor", "postgraphile") else r.response_cache
        if cache == "off" and not cache_known:
            cache = "off*"
        row = [r.label, cache, f"{r.rps:,.0f}", f"{r.p50_ms:.2f}", f"{r.p99_ms:.2f}"]
        row += [f"{r.ratios[f'rps_vs_{ref}']:.2f}x" for ref in refs]
        row += [f"{r.cpu_us_per_request:,.0f}", f"{r.database_cpu_us_per_request:,.0f}"]
        row += [f"{r.ratios[f'cpu_vs_{ref}']:.2f}x" for ref in refs]
        row.append(f"{r.load_before:.1f}→{r.load_after:.1f}")
        rows.append(row)
    widths = [max(len(str(x)) for x in column) for column in zip(head, *rows, strict=True)]

    def line(cells: list[str]) -> str:
        first, *rest = cells
        return "  ".join(
            [first.ljust(widths[0])] + [c.rjust(w) for c, w in zip(rest, widths[1:], strict=True)]
        )

    return "\n".join([line(head), line(["-" * w for w in widths]), *map(line, rows)])
