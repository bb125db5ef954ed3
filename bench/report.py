"""bench/run.py's output: the table, the notes under it, and the JSON record."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import sys
from dataclasses import asdict
from importlib import metadata

import postgraphile
from measure import Result, table
from servers import PROJECT_DIR, choose_cpus
from targets import MEMBERS_QUERY, SERVERS, STATIONS_QUERY

PACKAGES = ("starlette", "strawberry-graphql", "graphql-core", "tortoise-orm", "aiosqlite")
PACKAGES += ("asyncpg", "uvicorn", "uvloop", "httptools", "jinja2")


def versions() -> dict[str, str]:
    found = {"python": platform.python_version()}
    for name in PACKAGES:
        with contextlib.suppress(metadata.PackageNotFoundError):
            found[name] = metadata.version(name)
    return found


def response_cache_in_code() -> bool:
    """Whether this checkout's cityhub reads CITYHUB_RESPONSE_CACHE at all."""
    return any(
        "CITYHUB_RESPONSE_CACHE" in path.read_text(errors="ignore")
        for path in (PROJECT_DIR / "cityhub").rglob("*.py")
    )


def sql_table(sql: dict, results: list[Result]) -> str:
    labels = {r.key: r.label for r in results}
    lines = ["per request, one at a time (pg_stat_database): transactions, rows read"]
    for key, found in sql.items():
        lines.append(
            f"  {key:<22} {found['transactions_per_request']:6.1f} xacts "
            f"{found['rows_read_per_request']:10,.0f} rows   {labels.get(key, '')}"
        )
    return "\n".join(lines)


def print_summary(args: argparse.Namespace, outcome: dict, references: tuple[str, ...]) -> None:
    results, cache_known = outcome["results"], outcome["response_cache_setting_in_code"]
    print()
    print(table(results, references, cache_known))
    load_start = outcome["loadavg_at_start"]
    print(
        f"\n{args.database}; wrk -t{args.threads} -c{args.connections} -d{args.duration}s "
        f"(after {args.warmup}s warm-up), {args.rounds} round(s), median round shown.\n"
        "req/s vs X = target req/s / X req/s; CPU vs X = target CPU per request / X's; each "
        "within one round,\nthen the median over rounds. CPU = the server's processes (+ the "
        "PostgreSQL backends of its database: 'of it DB').\n"
        f"load average (1 min) before/after: {load_start[0]:.2f} / {os.getloadavg()[0]:.2f} "
        f"on {os.cpu_count()} CPUs."
    )
    if not cache_known:
        print("off*: this checkout has no CITYHUB_RESPONSE_CACHE; it was passed and ignored.")
    if outcome["sql"]:
        print()
        print(sql_table(outcome["sql"], results))
    if any(r.errors for r in results):
        print("WARNING: some requests failed (non-2xx or socket errors)", file=sys.stderr)


def record(args: argparse.Namespace, outcome: dict) -> str:
    """The whole run as JSON: settings, versions, checks, every round of every target."""
    data = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": args.database,
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "loadavg_at_start": outcome["loadavg_at_start"],
            "loadavg_at_end": os.getloadavg(),
        },
        "versions": versions() | outcome["tools"],
        "response_cache_setting_in_code": outcome["response_cache_setting_in_code"],
        "settings": {
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "connections": args.connections,
            "threads": args.threads,
            "rounds": args.rounds,
            "pinned": args.pin,
            "server_cpus": {
                n: sorted(choose_cpus(args.pin, s.workers) or []) for n, s in SERVERS.items()
            },
            "wrk_cpus": sorted(choose_cpus(args.pin, 0) or []),
        },
        "databases": outcome["seeded"],
        "query": STATIONS_QUERY,
        "postgraphile_query": postgraphile.QUERY,
        "members_query": MEMBERS_QUERY,
        "checked": outcome["checked"],
        "sql_per_request": outcome["sql"],
        "results": [asdict(r) for r in outcome["results"]],
    }
    return json.dumps(data, indent=2, ensure_ascii=False)
