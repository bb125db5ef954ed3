"""One station update fanned out to many WebSocket subscribers: time and memory.

    .venv/bin/python bench/ws_fanout.py [--sockets 10] [--per-socket 100] [--updates 5]
                                        [--tracemalloc] [--json FILE]

Migrates and seeds a throw-away SQLite database and runs CityHub's ASGI app in this
process (its lifespan too). Opens --sockets graphql-transport-ws connections, each from
its own client address, driven directly through ASGI (no network and no client library,
so what is timed is the server's work), and on each --per-socket subscriptions to
`stationUpdated(id:)` for the same station. Then --updates times, a partner key's
`updateStation` mutation renames that station, and the time is taken from the request
until every subscription has received its `next` message. Memory is read before the
sockets open, with them open, --settle seconds after they close, and after an explicit
gc.collect(): the process's RSS, and with --tracemalloc the Python heap traced since
before the sockets opened and what still holds it after close (slower: the times are
then not comparable). The caps (CITYHUB_WS_*) are set to what the run needs.
See bench/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

import httpx

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))

from cityhub import db, events  # noqa: E402
from cityhub.app import create_app  # noqa: E402
from cityhub.resolvers import accounts  # noqa: E402
from cityhub.resolvers.union.stations import STATION_UPDATED  # noqa: E402
from cityhub.seeding import load_seeds  # noqa: E402
from cityhub.settings import load_settings  # noqa: E402

STATION = "U3RhdGlvbjox"  # Station:1
SUBSCRIBE = "subscription($id: ID) { stationUpdated(id: $id) { id name address amenities } }"
UPDATE = (
    "mutation($input: UpdateStationInput!) { updateStation(input: $input) { userErrors { code } } }"
)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def traced_mb() -> float:
    return tracemalloc.get_traced_memory()[0] / 1024 / 1024 if tracemalloc.is_tracing() else 0.0


class Socket:
    """One WebSocket client, spoken to through ASGI messages."""

    def __init__(self, app: Any, address: str) -> None:
        self.inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.nexts = 0
        self.acked = asyncio.Event()
        self.closed: int | None = None
        self.errors: list[str] = []
        self.listening = 0
        scope = {
            "type": "websocket",
            "asgi": {"version": "3.0"},
            "scheme": "ws",
            "path": "/graphql",
            "raw_path": b"/graphql",
            "root_path": "",
            "query_string": b"",
            "headers": [(b"host", b"bench"), (b"sec-websocket-protocol", b"graphql-transport-ws")],
            "subprotocols": ["graphql-transport-ws"],
            "client": (address, 50000),
            "server": ("bench", 80),
        }
        self.inbox.put_nowait({"type": "websocket.connect"})
        self.task = asyncio.create_task(app(scope, self.inbox.get, self.send))

    async def send(self, message: dict[str, Any]) -> None:
        if message["type"] == "websocket.close":
            self.closed = message.get("code", 1000)
        elif message["type"] == "websocket.send":
            text = message["text"]
            if '"type":"next"' in text:
                self.nexts += 1
            elif '"type":"connection_ack"' in text:
                self.acked.set()
            elif '"type":"error"' in text or '"type":"complete"' in text:
                self.errors.append(text)

    def push(self, message: dict[str, Any]) -> None:
        self.inbox.put_nowait({"type": "websocket.receive", "text": json.dumps(message)})

    async def open(self, subscriptions: int) -> None:
        self.push({"type": "connection_init"})
        await asyncio.wait_for(self.acked.wait(), 10)
        for number in range(subscriptions):
            payload = {"query": SUBSCRIBE, "variables": {"id": STATION}}
            self.push({"id": str(number), "type": "subscribe", "payload": payload})

    async def close(self) -> None:
        self.inbox.put_nowait({"type": "websocket.disconnect", "code": 1000})
        await self.task


async def wait_for(condition: Any, what: str, limit_s: float = 600) -> None:
    deadline = time.perf_counter() + limit_s
    while not condition():
        if time.perf_counter() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        await asyncio.sleep(0.005)


async def lifespan(app: Any) -> tuple[asyncio.Queue[dict[str, Any]], asyncio.Task[None]]:
    inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    started = asyncio.Event()

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "lifespan.startup.complete":
            started.set()
        elif message["type"].endswith("failed"):
            raise SystemExit(f"lifespan: {message}")

    inbox.put_nowait({"type": "lifespan.startup"})
    task = asyncio.create_task(
        app({"type": "lifespan", "asgi": {"version": "3.0"}}, inbox.get, send)
    )
    await asyncio.wait_for(started.wait(), 30)
    return inbox, task


async def measure(args: argparse.Namespace, data_dir: Path) -> dict[str, Any]:
    total = args.sockets * args.per_socket
    settings = load_settings(
        {
            "CITYHUB_DATA_DIR": str(data_dir),
            "CITYHUB_SEEDS_DIR": str(PROJECT_DIR / "seeds"),
            "CITYHUB_LOG_LEVEL": "warning",
            "CITYHUB_API_KEY_RATE_LIMIT": "1000000 per 1 second",
            "CITYHUB_WS_SUBSCRIPTIONS_PER_CONNECTION": str(max(args.per_socket, 1)),
            "CITYHUB_WS_SUBSCRIPTIONS_PER_VIEWER": str(max(args.per_socket, 1)),
            "CITYHUB_WS_CONNECTIONS_PER_ADDRESS": "1",
        }
    )
    await db.migrate(settings)
    async with db.database(settings):
        await load_seeds(settings.seeds_dir)
        key = (await accounts.create_api_key("bench-editor", ["stations:write"]))[1]
    await db.close_db()
    app = create_app(settings)
    lifespan_inbox, lifespan_task = await lifespan(app)
    transport = httpx.ASGITransport(app=app)
    client = httpx.AsyncClient(transport=transport, base_url="http://bench")
    headers = {"Authorization": f"Bearer {key}"}
    sockets: list[Socket] = []

    async def update(number: int) -> float:
        variables = {"input": {"id": STATION, "name": f"驿站 {number}"}}
        started = time.perf_counter()
        answer = await client.post(
            "/graphql", json={"query": UPDATE, "variables": variables}, headers=headers
        )
        assert answer.json()["data"]["updateStation"]["userErrors"] == [], answer.text
        await wait_for(
            lambda: all(s.nexts >= (number + 1) * s.listening for s in sockets), "every next"
        )
        return (time.perf_counter() - started) * 1000

    # Warm the mutation path before anyone listens.
    await client.post(
        "/graphql", json={"query": UPDATE, "variables": {"input": {"id": STATION}}}, headers=headers
    )
    if args.tracemalloc:
        tracemalloc.start()
    gc.collect()
    before = {"rss_mb": rss_mb(), "traced_mb": traced_mb()}
    baseline = tracemalloc.take_snapshot() if args.tracemalloc else None

    opened = time.perf_counter()
    sockets.extend(Socket(app, f"10.0.{i // 250}.{i % 250 + 1}") for i in range(args.sockets))
    for socket in sockets:
        await socket.open(args.per_socket)
    await wait_for(
        lambda: (
            events.subscriber_count(STATION_UPDATED) + sum(len(s.errors) for s in sockets) >= total
        ),
        "subscribers",
    )
    open_s = time.perf_counter() - opened
    for socket in sockets:
        socket.listening = args.per_socket - len(socket.errors)
    refused = sum(len(s.errors) for s in sockets)
    gc.collect()
    during = {"rss_mb": rss_mb(), "traced_mb": traced_mb()}

    times = [await update(n) for n in range(args.updates)]

    closing = time.perf_counter()
    for socket in sockets:
        await socket.close()
    await wait_for(lambda: events.subscriber_count(STATION_UPDATED) == 0, "subscribers to leave")
    close_s = time.perf_counter() - closing
    sockets.clear()
    await asyncio.sleep(args.settle)  # what the process gives back by itself, then
    after = {"rss_mb": rss_mb(), "traced_mb": traced_mb()}
    top = []
    if baseline is not None:  # what is still held after close, before a collection
        grown = tracemalloc.take_snapshot().compare_to(baseline, "lineno")
        top = [str(s) for s in grown[:10]]
    gc.collect()
    collected = {"rss_mb": rss_mb(), "traced_mb": traced_mb()}
    tracemalloc.stop()

    await client.aclose()
    lifespan_inbox.put_nowait({"type": "lifespan.shutdown"})
    await lifespan_task
    return {
        "sockets": args.sockets,
        "subscriptions": total - refused,
        "refused": refused,
        "open_s": round(open_s, 2),
        "close_s": round(close_s, 2),
        "fanout_ms": [round(t, 1) for t in times],
        "fanout_ms_median": round(statistics.median(times), 1),
        "per_subscriber_us": round(statistics.median(times) * 1000 / max(total - refused, 1), 1),
        "memory": {"before": before, "open": during, "after": after, "collected": collected},
        "top_after_close": top,
    }


def report(result: dict[str, Any]) -> None:
    memory = result["memory"]
    print(
        f"{result['subscriptions']} subscriptions on {result['sockets']} sockets "
        f"(opened in {result['open_s']} s, closed in {result['close_s']} s, "
        f"{result['refused']} refused)"
    )
    print(
        f"one update to all: median {result['fanout_ms_median']} ms "
        f"({result['per_subscriber_us']} us per subscriber); runs {result['fanout_ms']}"
    )
    for name in ("rss_mb", "traced_mb"):
        b, o, a, c = (memory[p][name] for p in ("before", "open", "after", "collected"))
        if b or o or a:
            print(
                f"{name}: before {b:.1f}, open {o:.1f} (+{o - b:.1f}), "
                f"after close {a:.1f} (+{a - b:.1f}), after gc.collect() {c:.1f} (+{c - b:.1f})"
            )
    for line in result["top_after_close"]:
        print("  ", line)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sockets", type=int, default=10)
    parser.add_argument("--per-socket", type=int, default=100)
    parser.add_argument("--updates", type=int, default=5)
    parser.add_argument("--tracemalloc", action="store_true")
    parser.add_argument(
        "--settle", type=float, default=2.0, help="seconds after closing before memory is read"
    )
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cityhub-ws-bench-") as folder:
        result = asyncio.run(measure(args, Path(folder)))
    report(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
