"""The raw floor: the stations GraphQL answer, built by hand from plain SQL.

A bare Starlette app with one endpoint and no middleware. It reads the same database CityHub
uses and returns the exact JSON the stations query returns:

    { stations(first: 35) { totalCount nodes { id name address isSample
      location { lat lng } district { name } amenities } } }

- SQLite (BENCH_FLOOR_DB=<file>): through aiosqlite, one connection opened in the lifespan.
- PostgreSQL (BENCH_FLOOR_DSN=postgres://...): through asyncpg, a pool of 4 connections
  opened in the lifespan; each request takes one connection for both statements and gives
  it back without asyncpg's reset (it leaves no session state behind).

bench/run.py checks that both bodies are equal before it measures anything. Deliberately
independent of the cityhub package: this is what the same work costs with nothing on top.

    BENCH_FLOOR_DB=var/cityhub.sqlite3 .venv/bin/python -m uvicorn --app-dir bench floor:app
"""

from __future__ import annotations

import base64
import contextlib
import os
from collections.abc import AsyncIterator, Iterable

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

FIRST = 35
POOL_SIZE = 4
# cityhub.models.union.Amenity, in its declaration order (the order the API lists them in).
AMENITY_ORDER = ("rest", "charging", "drinking_water", "hot_meals", "toilet", "help_window")
AMENITY_RANK = {name: rank for rank, name in enumerate(AMENITY_ORDER)}

STATIONS_SQL = """
SELECT s.id, s.name, s.address, s.is_sample, s.lat, s.lng, d.name,
       (SELECT count(*) FROM station)
FROM station AS s JOIN district AS d ON d.id = s.district_id
ORDER BY s.id
LIMIT {limit}
"""
AMENITIES_SQLITE = "SELECT station_id, amenity FROM station_amenity WHERE station_id IN ({})"
AMENITIES_PG = "SELECT station_id, amenity FROM station_amenity WHERE station_id = ANY($1)"


def global_id(pk: int) -> str:
    """Relay's global ID, as strawberry makes it: base64 of "Station:<id>"."""
    return base64.b64encode(f"Station:{pk}".encode()).decode()


def answer(rows: list, amenity_rows: Iterable) -> JSONResponse:
    """The GraphQL answer from the station rows and their (station_id, amenity) rows."""
    amenities: dict[int, list[str]] = {row[0]: [] for row in rows}
    for station_id, amenity in amenity_rows:
        amenities[station_id].append(amenity)
    nodes = [
        {
            "id": global_id(pk),
            "name": name,
            "address": address,
            "isSample": bool(is_sample),
            "location": {"lat": lat, "lng": lng},
            "district": {"name": district},
            "amenities": [a.upper() for a in sorted(amenities[pk], key=AMENITY_RANK.__getitem__)],
        }
        for pk, name, address, is_sample, lat, lng, district, _ in rows
    ]
    total = rows[0][7] if rows else 0
    return JSONResponse({"data": {"stations": {"totalCount": total, "nodes": nodes}}})


async def stations_sqlite(request: Request) -> JSONResponse:
    db = request.app.state.db
    rows = await db.execute_fetchall(STATIONS_SQL.format(limit="?"), (FIRST,))
    found = []
    if rows:
        marks = ",".join("?" * len(rows))
        found = await db.execute_fetchall(AMENITIES_SQLITE.format(marks), [r[0] for r in rows])
    return answer(rows, found)


async def stations_postgres(request: Request) -> JSONResponse:
    async with request.app.state.pool.acquire() as connection:
        rows = await connection.fetch(STATIONS_SQL.format(limit="$1"), FIRST)
        found = await connection.fetch(AMENITIES_PG, [r[0] for r in rows]) if rows else []
    return answer(rows, found)


async def _no_reset(connection: object) -> None:
    """The floor sets nothing on a connection, so there is nothing to reset."""


@contextlib.asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    if dsn := os.environ.get("BENCH_FLOOR_DSN"):
        import asyncpg

        async with asyncpg.create_pool(
            dsn, min_size=POOL_SIZE, max_size=POOL_SIZE, reset=_no_reset
        ) as pool:
            app.state.pool = pool
            yield
        return
    import aiosqlite

    async with aiosqlite.connect(os.environ["BENCH_FLOOR_DB"], isolation_level=None) as db:
        app.state.db = db
        yield


# Chosen at import (uvicorn imports this module with the environment already set).
ENDPOINT = stations_postgres if "BENCH_FLOOR_DSN" in os.environ else stations_sqlite
app = Starlette(routes=[Route("/stations", ENDPOINT)], lifespan=lifespan)
