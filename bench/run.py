"""Load-test CityHub against a raw floor and PostGraphile, measured in the same run.

    .venv/bin/python bench/run.py [--database sqlite|postgres] [--targets ...] [--rounds 3]

Seeds throw-away databases (SQLite files, or PostgreSQL databases on --pg that are created
and dropped), starts the floor (bench/floor.py), PostGraphile (PostgreSQL only) and CityHub
servers (cached and uncached, 1 and 2 workers, the light and the scaled database), checks
that they give the same answer, then drives each target with wrk in interleaved rounds and
prints req/s, p50, p99, CPU per request and the ratios to the floor and to PostGraphile.
See bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sys
import tempfile
from pathlib import Path

import postgraphile
import sqlcount
from database import DEFAULT_PG, Database, make_databases
from launch import servers
from measure import Sample, add_ratios, ensure_wrk, measure, summarise
from report import print_summary, record, response_cache_in_code
from servers import BenchError, Server, choose_cpus
from targets import DEFAULT_TARGETS, SERVERS, TARGETS, Target, check_answers, make_target, sign_in

REFERENCES = ("floor", "postgraphile")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--pg", default=DEFAULT_PG, help=f"PostgreSQL server to use [{DEFAULT_PG}]")
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement [10]")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of warm-up before each [2]")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections [16]")
    parser.add_argument("--threads", type=int, default=1, help="wrk threads [1]")
    parser.add_argument(
        "--rounds", type=int, default=3, help="interleaved rounds; the median is reported [3]"
    )
    parser.add_argument(
        "--targets",
        default=",".join(DEFAULT_TARGETS),
        help=f"besides the floor, comma-separated: {', '.join(t for t in TARGETS if t != 'floor')}",
    )
    parser.add_argument(
        "--scale", type=int, default=1, help="members_scaled's database: seed --scale N [1]"
    )
    parser.add_argument(
        "--no-pin", dest="pin", action="store_false", help="do not pin servers and wrk to CPUs"
    )
    parser.add_argument(
        "--sql-count",
        type=int,
        default=100,
        help="PostgreSQL: first send N requests per target one at a time and count the "
        "transactions and rows read per request (~11 s per target; 0: skip) [100]",
    )
    parser.add_argument("--json", type=Path, help="write the results here instead of stdout")
    args = parser.parse_args(argv)
    wanted = [t for t in args.targets.split(",") if t and t != "floor"]
    unknown = set(wanted) - set(TARGETS)
    if unknown:
        parser.error(f"unknown --targets {', '.join(sorted(unknown))}")
    if args.database == "sqlite" and "postgraphile" in wanted:
        if args.targets != parser.get_default("targets"):
            parser.error("the postgraphile target needs --database postgres")
        wanted.remove("postgraphile")
    if min(args.duration, args.rounds, args.scale) < 1 or min(args.warmup, args.sql_count) < 0:
        parser.error("--duration, --rounds, --scale: at least 1; --warmup, --sql-count: 0 or more")
    if args.connections < args.threads:
        parser.error("--connections must be at least --threads")
    args.wanted = ["floor", *wanted]
    return args


def build_targets(
    args: argparse.Namespace, dbs: dict[str, Database], running: dict[str, Server]
) -> dict[str, Target]:
    targets, cookies = {}, {}
    for key in args.wanted:
        spec = SERVERS[TARGETS[key][0]]
        db, base = dbs[spec.database], running[spec.name].base
        if TARGETS[key][1] == "members" and db.name not in cookies:
            cookies[db.name] = sign_in(base)  # sessions live in the database
        targets[key] = make_target(key, base, spec, cookies.get(db.name, ""), db.members)
    return targets


def rounds(
    args: argparse.Namespace,
    targets: dict[str, Target],
    database_of: dict[str, Database],
    running: dict[str, Server],
) -> dict[str, list[Sample]]:
    """Every target in turn, `--rounds` times (floor, a, b, floor, a, b, ...)."""
    wrk, wrk_cpus = ensure_wrk(), choose_cpus(args.pin, 0)
    samples: dict[str, list[Sample]] = {key: [] for key in targets}
    for round_no in range(1, args.rounds + 1):
        for target in targets.values():
            print(f"round {round_no}/{args.rounds}: {target.key} ...", flush=True)
            pids = database_of[target.key].backend_pids
            sample = measure(wrk, target, running[target.server], pids, args, wrk_cpus)
            samples[target.key].append(sample)
    return samples


def seed(args: argparse.Namespace, databases: list[Database]) -> None:
    for db in databases:
        db.create()
        scale = args.scale if db.name == "scaled" else 0
        print(f"seeding {db.describe()} (scale {scale}) ...", flush=True)
        db.seed(scale)
        print(f"seeded in {db.seconds_to_seed:.1f} s: {db.members:,} members", flush=True)


def run(args: argparse.Namespace, work: Path) -> dict:
    ensure_wrk()
    tools = postgraphile.install() if "postgraphile" in args.wanted else {}
    server_names = list(dict.fromkeys(TARGETS[key][0] for key in args.wanted))
    db_names = list(dict.fromkeys(SERVERS[name].database for name in server_names))
    databases = make_databases(args.database, work, args.pg, db_names)
    dbs = {db.name: db for db in databases}
    try:
        seed(args, databases)
        with servers(server_names, dbs, args, work) as running:
            targets = build_targets(args, dbs, running)
            checked = check_answers(targets)
            print("checked: every target gives the same stations (members: 20 nodes)", flush=True)
            database_of = {t.key: dbs[SERVERS[t.server].database] for t in targets.values()}
            sql = sqlcount.count(targets, database_of, args.sql_count) if args.sql_count else {}
            samples = rounds(args, targets, database_of, running)
        results = [
            summarise(targets[key], found, SERVERS[targets[key].server].workers, db.name)
            for key, found in samples.items()
            for db in [database_of[key]]
        ]
        add_ratios(results, REFERENCES)
        seeded = {
            db.name: {"members": db.members, "seed_s": db.seconds_to_seed} for db in dbs.values()
        }
        return {
            "results": results,
            "checked": checked,
            "tools": tools,
            "seeded": seeded,
            "sql": sql,
        }
    finally:
        for db in databases:
            db.drop()


def _interrupted(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # SIGTERM cleans up like Ctrl-C: servers stopped, files removed


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _interrupted)
    work = Path(tempfile.mkdtemp(prefix="cityhub-bench-"))
    load_start = os.getloadavg()
    try:
        outcome = run(args, work)
    except BenchError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; servers stopped, databases dropped", file=sys.stderr)
        return 130
    finally:
        shutil.rmtree(work, ignore_errors=True)
    outcome["loadavg_at_start"] = load_start
    outcome["response_cache_setting_in_code"] = response_cache_in_code()
    print_summary(args, outcome, REFERENCES)
    text = record(args, outcome)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
        print(f"results written to {args.json}")
    else:
        print(text)
    return 1 if any(r.errors for r in outcome["results"]) else 0


if __name__ == "__main__":
    sys.exit(main())
