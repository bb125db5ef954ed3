"""Start the servers bench/run.py measures (targets.SERVERS) and stop them again."""

from __future__ import annotations

import argparse
import contextlib
import json
from collections.abc import Iterator
from pathlib import Path

import postgraphile
from database import Database, base_env
from servers import BENCH_DIR, Server, choose_cpus
from targets import SERVERS


def start(spec_name: str, dbs: dict[str, Database], cpus: set[int] | None, log_dir: Path) -> Server:
    """One server of SERVERS on its database, answering before this returns."""
    spec = SERVERS[spec_name]
    db = dbs[spec.database]
    log = log_dir / f"{spec.name}.log"
    if spec.kind == "floor":
        env = {**db.env(), **db.floor_env()}
        server = Server(spec.name, ["--app-dir", str(BENCH_DIR), "floor:app"], env, log, cpus)
        server.wait_ready(f"{server.base}/stations")
        return server
    if spec.kind == "postgraphile":
        env = postgraphile.env(base_env(db.data_dir))
        command = postgraphile.command(db.dsn)
        server = Server(
            spec.name, [], env, log, cpus, command=command, cwd=postgraphile.INSTALL_DIR
        )
        body = json.dumps({"query": "{ __typename }"}).encode()
        server.wait_ready(
            f"{server.base}/graphql", body=body, headers={"Content-Type": "application/json"}
        )
        return server
    env = db.env()
    if spec.response_cache == "off":
        env["CITYHUB_RESPONSE_CACHE"] = "off"
    app = ["--factory", "cityhub.app:create_app"]
    server = Server(spec.name, app, env, log, cpus, workers=spec.workers)
    server.wait_ready(f"{server.base}/healthz")
    return server


@contextlib.contextmanager
def servers(
    names: list[str], dbs: dict[str, Database], args: argparse.Namespace, log_dir: Path
) -> Iterator[dict[str, Server]]:
    started: dict[str, Server] = {}
    try:
        for name in names:
            print(f"starting {name} ...", flush=True)
            started[name] = start(name, dbs, choose_cpus(args.pin, SERVERS[name].workers), log_dir)
        yield started
    finally:
        for server in started.values():
            server.stop()
