"""Where the time goes in the stations GraphQL query, measured in-process.

    .venv/bin/python bench/profile.py [--requests 300] [--top 25] [--timer wall|cpu]
        [--profiles execute,http,page] [--save DIR] [--json FILE]

Seeds a throw-away SQLite database, builds the app with create_app() and runs its lifespan,
then, with no HTTP server in between:

1. times each layer without a profiler (the HTTP request, schema.execute, the four ORM
   reads the resolvers make, the same rows with plain SQL, JSON encoding, the /stations
   page and its document), and the query with one field group at a time, to see what each
   field costs;
2. profiles --requests executions of the query with cProfile, once through
   ``schema.execute(query, context_value=Context())`` and once as POST /graphql through
   httpx's ASGITransport (and, with --profiles ...,page, GET /stations), printing the top
   functions by cumulative and by own time and the own time summed per library (SQL/ORM,
   graphql-core, strawberry, our code, JSON...).

The layer timings report wall and CPU time (CPU time ignores other programs on the
machine). cProfile uses the wall clock by default; --timer cpu uses process CPU time,
which is immune to other load but costs a system call per event, so the profiled run is
far slower (the percentages stay comparable). Under the wall clock, the time the aiosqlite
worker thread spends running SQLite shows up as the event loop's epoll wait.
"""

from __future__ import annotations

import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
# This file is named profile.py, and cProfile imports the standard library's `profile`:
# take bench/ off the import path (Python puts it first) so that import finds the right one.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH_DIR]
if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))

import argparse  # noqa: E402
import asyncio  # noqa: E402
import json  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections import defaultdict  # noqa: E402
from collections.abc import Awaitable, Callable  # noqa: E402

import aiosqlite  # noqa: E402
import httpx  # noqa: E402
from starlette.applications import Starlette  # noqa: E402
from starlette.responses import Response  # noqa: E402
from starlette.routing import Route  # noqa: E402

from cityhub import db  # noqa: E402
from cityhub.app import create_app  # noqa: E402
from cityhub.portal.client import document  # noqa: E402
from cityhub.portal.union.stations import PAGE_SIZE  # noqa: E402
from cityhub.resolvers.union import stations as union  # noqa: E402
from cityhub.schema.context import Context  # noqa: E402
from cityhub.seeding import load_seeds  # noqa: E402
from cityhub.settings import PROJECT_DIR as CITYHUB_PROJECT_DIR  # noqa: E402
from cityhub.settings import Settings, load_settings  # noqa: E402

NODE_FIELDS = "id name address isSample location { lat lng } district { name } amenities"
QUERY = f"{{ stations(first: 35) {{ totalCount nodes {{ {NODE_FIELDS} }} }} }}"
EXPECTED_STATIONS = 35
# One field group at a time on top of `nodes { name }`: what each one adds.
FIELD_VARIANTS = {
    "nodes { name }  (base)": "nodes { name }",
    "+ totalCount": "totalCount nodes { name }",
    "+ id (relay global ID)": "nodes { name id }",
    "+ address isSample": "nodes { name address isSample }",
    "+ location { lat lng }": "nodes { name location { lat lng } }",
    "+ district { name } (DataLoader)": "nodes { name district { name } }",
    "+ amenities (DataLoader, enum list)": "nodes { name amenities }",
    "full query": f"totalCount nodes {{ {NODE_FIELDS} }}",
}
# The floor's two statements (bench/floor.py), for the plain-SQL timing.
FLOOR_SQL = (
    "SELECT s.id, s.name, s.address, s.is_sample, s.lat, s.lng, d.name, "
    "(SELECT count(*) FROM station) FROM station AS s JOIN district AS d "
    "ON d.id = s.district_id ORDER BY s.id LIMIT 35",
    "SELECT station_id, amenity FROM station_amenity WHERE station_id IN ({})",
)

PROFILES = {"execute": "schema.execute", "http": "POST /graphql", "page": "GET /stations"}
Work = Callable[[], Awaitable[object]]

SITE_PACKAGES = {
    "graphql": "graphql-core",
    "strawberry": "strawberry",
    "cross_web": "strawberry",
    "tortoise": "SQL/ORM: tortoise + pypika",
    "pypika": "SQL/ORM: tortoise + pypika",
    "pypika_tortoise": "SQL/ORM: tortoise + pypika",
    "aiosqlite": "SQL/ORM: aiosqlite (event-loop side)",
    "starlette": "starlette (HTTP, middleware, sessions)",
    "itsdangerous": "starlette (HTTP, middleware, sessions)",
    "httpx": "httpx client (test harness, not server)",
    "httpcore": "httpx client (test harness, not server)",
    "anyio": "httpx client (test harness, not server)",
    "sniffio": "httpx client (test harness, not server)",
    "h11": "httpx client (test harness, not server)",
    "jinja2": "jinja2",
    "markupsafe": "jinja2",
    "babel": "babel (number formatting)",
}
# Helpers that count for whoever called them, like the standard library.
ATTRIBUTE_TO_CALLER = {"typing_extensions", "_distutils_hack", "six"}
STDLIB_OWN = {"asyncio": "asyncio (tasks, futures, loop)", "json": "JSON encoding"}
SQLITE_WAIT = "SQL: SQLite thread (seen as epoll wait)"
OUR_CODE = "cityhub (our code)"
UNATTRIBUTED = "other (unattributed)"


# --- setup ----------------------------------------------------------------------------


def make_settings(data_dir: Path) -> Settings:
    return load_settings(
        {
            "CITYHUB_DATA_DIR": str(data_dir),
            "CITYHUB_SEEDS_DIR": str(CITYHUB_PROJECT_DIR / "seeds"),
            "CITYHUB_LOG_LEVEL": "warning",
            # What is profiled is the work of answering; a kept answer would hide it.
            "CITYHUB_RESPONSE_CACHE": "off",
        }
    )


async def seed(settings: Settings) -> None:
    await db.migrate(settings)
    await db.close_db()
    async with db.database(settings):
        await load_seeds(settings.seeds_dir)


# --- timing without a profiler ---------------------------------------------------------


async def timed(works: dict[str, Callable[[], Awaitable[object]]], n: int) -> dict[str, dict]:
    """Wall and CPU milliseconds per call of each work: the median of 5 batches.

    The batches are interleaved (A B C, A B C, ...) so that a burst of load from another
    program on the machine lands on every work alike rather than on one of them.
    """
    batches, per = 5, max(1, n // 5)
    for work in works.values():
        for _ in range(max(3, n // 20)):
            await work()
    walls: dict[str, list[float]] = defaultdict(list)
    cpus: dict[str, list[float]] = defaultdict(list)
    for _ in range(batches):
        for name, work in works.items():
            wall, cpu = time.perf_counter(), time.process_time()
            for _ in range(per):
                await work()
            walls[name].append((time.perf_counter() - wall) * 1000 / per)
            cpus[name].append((time.process_time() - cpu) * 1000 / per)
    return {
        name: {"wall_ms": statistics.median(walls[name]), "cpu_ms": statistics.median(cpus[name])}
        for name in works
    }


def page_variables() -> dict:
    """What cityhub/portal/union/stations.py passes for a plain GET /stations."""
    return {
        "district": None,
        "amenities": [],
        "text": None,
        "openAt": None,
        "near": None,
        "gps": False,
        "gpsLat": 0,
        "gpsLng": 0,
        "first": PAGE_SIZE,
        "after": None,
        "withFilters": True,
    }


def works(app: Starlette, client: httpx.AsyncClient) -> dict[str, Work]:
    """What is timed and profiled: each through HTTP and in-process."""
    schema = app.state.schema
    page_document = document("union/stations/index.graphql")

    async def http_post() -> None:
        response = await client.post("/graphql", json={"query": QUERY})
        assert response.status_code == 200

    async def execute() -> None:
        await schema.execute(QUERY, context_value=Context())

    async def page() -> None:
        response = await client.get("/stations")
        assert response.status_code == 200

    async def page_execute() -> None:
        await schema.execute(
            page_document, variable_values=page_variables(), context_value=Context()
        )

    return {
        "POST /graphql": http_post,
        "schema.execute": execute,
        "GET /stations": page,
        "page document via schema.execute": page_execute,
    }


async def layer_timings(app: Starlette, client: httpx.AsyncClient, n: int) -> dict[str, dict]:
    schema = app.state.schema
    main = works(app, client)
    db_path = str(app.state.settings.data_dir / "cityhub.sqlite3")
    result = await schema.execute(QUERY, context_value=Context())
    body = {"data": result.data}
    encoded = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()

    async def http_typename() -> None:
        await client.post("/graphql", json={"query": "{ __typename }"})

    async def orm_reads() -> None:
        # What the resolvers and DataLoaders ask the database for, in the same order.
        page = await union.list_stations(union.StationFilter(), first=35, after=None)
        await page.count()
        await union.amenities_by_station_id([r["id"] for r in page.rows])

    async def encode() -> None:
        json.dumps(body, ensure_ascii=False, separators=(",", ":"))

    # A bare app returning the same bytes: what httpx + ASGI cost on their own.
    async def canned(request: object) -> Response:
        return Response(encoded, media_type="application/json")

    bare = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=Starlette(routes=[Route("/", canned)])),
        base_url="http://bench",
    )

    async def http_floor() -> None:
        await bare.get("/")

    async with aiosqlite.connect(db_path, isolation_level=None) as raw:

        async def plain_sql() -> None:
            rows = await raw.execute_fetchall(FLOOR_SQL[0])
            marks = ",".join("?" * len(rows))
            await raw.execute_fetchall(FLOOR_SQL[1].format(marks), [r[0] for r in rows])

        timings = await timed(
            {
                "POST /graphql (httpx ASGITransport)": main["POST /graphql"],
                "  httpx + ASGI + Response, canned body": http_floor,
                "  POST /graphql { __typename }": http_typename,
                "schema.execute (in-process)": main["schema.execute"],
                "  the ORM reads the resolvers make": orm_reads,
                "  the same rows with plain SQL (2 statements)": plain_sql,
                "  json.dumps of the response": encode,
                "GET /stations (HTML page, 20 stations)": main["GET /stations"],
                "  its document (union/stations/index.graphql)": main[
                    "page document via schema.execute"
                ],
            },
            n,
        )
    await bare.aclose()
    return timings


async def field_timings(app: Starlette, n: int) -> dict[str, dict]:
    schema = app.state.schema
    works = {}
    for name, selection in FIELD_VARIANTS.items():
        query = f"{{ stations(first: 35) {{ {selection} }} }}"
        result = await schema.execute(query, context_value=Context())
        assert not result.errors, result.errors

        async def run(query: str = query) -> None:
            await schema.execute(query, context_value=Context())

        works[name] = run
    return await timed(works, n)


def print_timings(title: str, timings: dict[str, dict], base: str | None = None) -> None:
    print(f"\n== {title}")
    width = max(len(k) for k in timings) + 2
    print(f"{'':{width}}{'wall ms':>9}{'CPU ms':>9}" + ("  CPU vs base" if base else ""))
    for name, t in timings.items():
        extra = ""
        if base:
            extra = f"  {t['cpu_ms'] - timings[base]['cpu_ms']:+9.2f}"
        print(f"{name:{width}}{t['wall_ms']:9.2f}{t['cpu_ms']:9.2f}{extra}")


# --- cProfile ---------------------------------------------------------------------------


def where(func: tuple[str, int, str]) -> str:
    filename, line, name = func
    if filename == "~":
        return name
    path = filename.replace("\\", "/")
    for marker in ("/site-packages/", "/lib/python3", str(PROJECT_DIR) + "/"):
        if marker in path:
            path = path.split(marker, 1)[1]
            if marker == "/lib/python3":
                path = path.split("/", 1)[1]
            break
    return f"{path}:{line}({name})"


def category(func: tuple[str, int, str]) -> str | None:
    """The library a function belongs to; None for the stdlib and builtins (see callers)."""
    filename, _, name = func
    path = filename.replace("\\", "/")
    if filename == "~":
        if "poll" in name and "select" in name:
            return SQLITE_WAIT
        if "_json" in name or "json" in name:
            return "JSON encoding"
        return None
    if "/site-packages/" in path:
        package = path.split("/site-packages/", 1)[1].split("/", 1)[0]
        package = package.removesuffix(".py").split(".")[0]
        if package in ATTRIBUTE_TO_CALLER or package.startswith("__editable__"):
            return None
        return SITE_PACKAGES.get(package, package)
    if path.startswith(str(PROJECT_DIR / "cityhub") + "/"):
        return OUR_CODE
    if path.startswith(str(BENCH_DIR) + "/"):
        return "bench harness"
    for module, label in STDLIB_OWN.items():
        if f"/{module}/" in path:
            return label
    if path.endswith(("/selectors.py", "/contextvars.py")):
        return STDLIB_OWN["asyncio"]
    return None


def split_by_library(stats: dict) -> dict[str, float]:
    """Own time summed per library; stdlib and builtin calls count for whoever called them,
    in proportion to the time spent in them from each caller."""
    memo: dict[tuple, dict[str, float]] = {}

    def owners(func: tuple, depth: int = 0) -> dict[str, float]:
        if func in memo:
            return memo[func]
        found = category(func)
        if found:
            memo[func] = {found: 1.0}
            return memo[func]
        memo[func] = {UNATTRIBUTED: 1.0}  # while resolving: breaks cycles
        callers = stats[func][4] if func in stats else {}
        total = sum(c[2] for c in callers.values())
        if not callers or total <= 0 or depth > 50:
            return memo[func]
        shares: dict[str, float] = defaultdict(float)
        for caller, numbers in callers.items():
            for owner, share in owners(caller, depth + 1).items():
                shares[owner] += share * numbers[2] / total
        memo[func] = dict(shares)
        return memo[func]

    totals: dict[str, float] = defaultdict(float)
    for func, (_, _, own, _, _) in stats.items():
        for owner, share in owners(func).items():
            totals[owner] += own * share
    return dict(totals)


def print_profile(title: str, profiler, requests: int, top: int) -> dict[str, float]:
    import pstats

    stats = pstats.Stats(profiler).stats
    total = sum(own for (_, _, own, _, _) in stats.values())
    print(
        f"\n== cProfile: {title}: {requests} requests, {total:.2f}s profiled "
        f"({1000 * total / requests:.2f} ms per request under the profiler)"
    )
    for key, label in ((3, "cumulative"), (2, "own (tottime)")):
        print(f"\n-- top {top} by {label} time")
        print(f"{'calls':>10} {'own s':>8} {'cum s':>8} {'cum/req ms':>11}  function")
        shown = [(f, v) for f, v in stats.items() if category(f) != "bench harness"]
        rows = sorted(shown, key=lambda item: item[1][key], reverse=True)[:top]
        for func, (_, calls, own, cum, _) in rows:
            print(f"{calls:>10} {own:8.3f} {cum:8.3f} {1000 * cum / requests:11.3f}  {where(func)}")
    split = split_by_library(stats)
    print("\n-- own time by library (stdlib/builtin calls count for their caller)")
    for name, seconds in sorted(split.items(), key=lambda item: item[1], reverse=True):
        print(f"{100 * seconds / total:6.1f}%  {1000 * seconds / requests:7.3f} ms/req  {name}")
    return {name: 100 * seconds / total for name, seconds in split.items()}


async def profiled(work: Callable[[], Awaitable[object]], n: int, timer: str):
    import cProfile

    for _ in range(20):
        await work()
    if timer == "cpu":
        profiler = cProfile.Profile(time.process_time_ns, 1e-9)
    else:
        profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(n):
        await work()
    profiler.disable()
    return profiler


# --- main -------------------------------------------------------------------------------


async def main_async(args: argparse.Namespace, data_dir: Path) -> dict:
    settings = make_settings(data_dir)
    await seed(settings)
    app = create_app(settings)
    report: dict = {"query": QUERY, "requests": args.requests, "timer": args.timer}
    async with app.router.lifespan_context(app):
        schema = app.state.schema
        client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t")
        result = await schema.execute(QUERY, context_value=Context())
        response = await client.post("/graphql", json={"query": QUERY})
        nodes = result.data["stations"]["nodes"] if result.data else []
        if result.errors or len(nodes) != EXPECTED_STATIONS:
            raise SystemExit(f"the query failed: {result.errors or len(nodes)}")
        if response.json() != {"data": result.data}:
            raise SystemExit(f"POST /graphql differs: {response.text[:300]}")

        layers = await layer_timings(app, client, args.requests)
        print_timings("per request, no profiler (median of 5 batches)", layers)
        fields = await field_timings(app, args.requests)
        print_timings(
            "schema.execute by selection, 35 stations", fields, base="nodes { name }  (base)"
        )
        report["layers_ms"], report["fields_ms"] = layers, fields

        report["profile_split_percent"] = {}
        profiles = works(app, client)
        for name in args.profiles.split(","):
            work = profiles[PROFILES[name]]
            profiler = await profiled(work, args.requests, args.timer)
            report["profile_split_percent"][name] = print_profile(
                PROFILES[name], profiler, args.requests, args.top
            )
            if args.save:
                args.save.mkdir(parents=True, exist_ok=True)
                target = args.save / f"{name}.pstats"
                profiler.dump_stats(target)
                print(f"(saved {target}; open with python -m pstats or snakeviz)")
        await client.aclose()
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=300, help="executions per profile")
    parser.add_argument("--top", type=int, default=25, help="functions listed per table")
    parser.add_argument(
        "--timer",
        choices=("wall", "cpu"),
        default="wall",
        help="cProfile clock: wall time (default) or process CPU time (slower: a system "
        "call per event, so it inflates the profile ~7x; use it on a busy machine)",
    )
    parser.add_argument(
        "--profiles",
        default="execute,http",
        help=f"which to profile, comma-separated: {', '.join(PROFILES)}",
    )
    parser.add_argument("--save", type=Path, help="also write .pstats files to this folder")
    parser.add_argument("--json", type=Path, help="write the numbers as JSON here")
    args = parser.parse_args(argv)
    unknown = set(args.profiles.split(",")) - set(PROFILES)
    if unknown:
        parser.error(f"unknown --profiles {', '.join(sorted(unknown))}; use {', '.join(PROFILES)}")
    data_dir = Path(tempfile.mkdtemp(prefix="cityhub-profile-"))
    try:
        report = asyncio.run(main_async(args, data_dir))
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
        print(f"\nnumbers written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
