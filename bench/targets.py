"""What bench/run.py measures: the servers, the requests (targets), and the fairness checks."""

from __future__ import annotations

import json
import re
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import postgraphile
from database import STAFF, STAFF_PASSWORD
from servers import BENCH_DIR, BenchError, fetch

POST_LUA = BENCH_DIR / "post.lua"
STATIONS_QUERY = (
    "{ stations(first: 35) { totalCount nodes { id name address isSample "
    "location { lat lng } district { name } amenities } } }"
)
EXPECTED_STATIONS = 35
PAGE_STATIONS = 20  # cityhub/portal/union/stations.py PAGE_SIZE: the page lists the first 20
MEMBERS_QUERY = "{ members(first: 20) { totalCount nodes { id } } }"
MEMBERS_FIRST = 20
JSON = {"Content-Type": "application/json", "Accept": "application/json"}


@dataclass(frozen=True)
class ServerSpec:
    """One server process: what it runs, on which database, with which settings."""

    name: str
    kind: str  # "cityhub", "floor" or "postgraphile"
    database: str = "light"  # "light" (the facts: 60 members) or "scaled" (seed --scale N)
    workers: int = 1
    response_cache: str = "default"  # "off": started with CITYHUB_RESPONSE_CACHE=off


SERVERS = {
    spec.name: spec
    for spec in (
        ServerSpec("floor", "floor"),
        ServerSpec("postgraphile", "postgraphile"),
        ServerSpec("cityhub", "cityhub"),
        ServerSpec("uncached", "cityhub", response_cache="off"),
        ServerSpec("uncached_2w", "cityhub", workers=2, response_cache="off"),
        ServerSpec("scaled", "cityhub", database="scaled", response_cache="off"),
    )
}

# key: (server, what, label). The floor is always measured; postgraphile needs PostgreSQL.
TARGETS = {
    "floor": ("floor", "floor", "raw floor (SQL + JSONResponse)"),
    "postgraphile": ("postgraphile", "postgraphile", "PostGraphile allStations"),
    "stations": ("cityhub", "post", "POST /graphql stations, 1 worker"),
    "stations_get": ("cityhub", "get", "GET /graphql?query= stations, 1 worker"),
    "stations_uncached": ("uncached", "post", "POST /graphql stations, 1 worker"),
    "stations_uncached_2w": ("uncached_2w", "post", "POST /graphql stations, 2 workers"),
    "page": ("cityhub", "page", "GET /stations page"),
    "page_uncached": ("uncached", "page", "GET /stations page"),
    "members_light": ("uncached", "members", "POST /graphql members(first: 20)"),
    "members_scaled": ("scaled", "members", "POST /graphql members(first: 20)"),
}
DEFAULT_TARGETS = [key for key in TARGETS if key not in ("floor", "stations_get")]


@dataclass
class Target:
    key: str
    label: str
    url: str
    server: str
    response_cache: str
    what: str
    script: Path | None = None
    env: dict = field(default_factory=dict)  # for wrk: BENCH_BODY, BENCH_COOKIE


def sign_in(base: str) -> str:
    """Sign the union staff account in through /login; the session's Cookie header."""
    import httpx

    with httpx.Client(base_url=base, follow_redirects=False, timeout=120) as client:
        page = client.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        if page.status_code != 200 or not token:
            raise BenchError(f"GET /login: {page.status_code}, no CSRF token")
        form = {"username": STAFF, "password": STAFF_PASSWORD, "csrf_token": token.group(1)}
        done = client.post("/login", data=form)
        if done.status_code != 303:
            raise BenchError(f"POST /login as {STAFF}: {done.status_code} {done.text[:300]}")
        return "; ".join(f"{name}={value}" for name, value in client.cookies.items())


def make_target(key: str, base: str, spec: ServerSpec, cookie: str, members: int) -> Target:
    server, what, label = TARGETS[key]
    common = {"key": key, "server": server, "response_cache": spec.response_cache, "what": what}
    if what == "floor":
        return Target(label=label, url=f"{base}/stations", **common)
    if what == "page":
        return Target(label=label, url=f"{base}/stations", **common)
    if what == "get":
        query = urllib.parse.urlencode({"query": STATIONS_QUERY})
        return Target(label=label, url=f"{base}/graphql?{query}", **common)
    body, signed_in = {"query": STATIONS_QUERY}, ""
    if what == "postgraphile":
        body = {"query": postgraphile.QUERY}
    if what == "members":
        body, signed_in, label = {"query": MEMBERS_QUERY}, cookie, f"{label}, {members:,} members"
    env = {"BENCH_BODY": json.dumps(body), "BENCH_COOKIE": signed_in}
    return Target(label=label, url=f"{base}/graphql", script=POST_LUA, env=env, **common)


def _post(url: str, query: str, cookie: str = "") -> tuple[dict, int]:
    headers = {**JSON, **({"Cookie": cookie} if cookie else {})}
    status, text = fetch(url, json.dumps({"query": query}).encode(), headers)
    answer = json.loads(text) if text.startswith("{") else {}
    if status != 200 or answer.get("errors") or not answer.get("data"):
        raise BenchError(f"POST {url} failed ({status}): {text[:500]}")
    return answer, len(text.encode())


def check_answers(targets: dict[str, Target]) -> dict:
    """Every target answers 200 with the same stations (or 20 members); returns, per target,
    its response size in bytes (and the members' totalCount)."""
    floor = targets["floor"]
    status, text = fetch(floor.url)
    reference = json.loads(text)
    if status != 200 or len(reference["data"]["stations"]["nodes"]) != EXPECTED_STATIONS:
        raise BenchError(f"the floor did not return {EXPECTED_STATIONS} stations: {text[:500]}")
    found: dict = {"floor": {"bytes": len(text.encode())}}
    for target in targets.values():
        if target.what == "post":
            answer, size = _post(target.url, STATIONS_QUERY)
            if answer != reference:
                raise BenchError(f"{target.key}: the floor's JSON differs from CityHub's answer")
        elif target.what == "get":
            status, text = fetch(target.url)  # no Accept header, like wrk
            size = len(text.encode())
            if status != 200 or json.loads(text) != reference:
                raise BenchError(f"{target.key} gave a different answer ({status}): {text[:500]}")
        elif target.what == "page":
            status, text = fetch(target.url)
            size = len(text.encode())
            listed = text.count('<li class="station">')
            first = reference["data"]["stations"]["nodes"][0]["name"]
            if status != 200 or listed != PAGE_STATIONS or first not in text:
                raise BenchError(f"{target.key}: status {status}, {listed} stations listed")
        elif target.what == "postgraphile":
            answer, size = _post(target.url, postgraphile.QUERY)
            postgraphile.check(answer, reference)
        elif target.what == "members":
            answer, size = _post(target.url, MEMBERS_QUERY, target.env["BENCH_COOKIE"])
            members = answer["data"]["members"]
            if len(members["nodes"]) != MEMBERS_FIRST:
                raise BenchError(f"{target.key}: {len(members['nodes'])} members, not 20")
            found[target.key] = {"bytes": size, "totalCount": members["totalCount"]}
            continue
        else:
            continue
        found[target.key] = {"bytes": size}
    return found
