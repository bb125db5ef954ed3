"""The raw floor: the stations GraphQL answer, built by hand from plain SQL.

A bare Starlette app with one endpoint and no middleware. It reads the same SQLite file
CityHub uses (path in BENCH_FLOOR_DB), through the same driver (aiosqlite, one connection
opened in the lifespan), and returns the exact JSON the stations query returns:

    { stations(first: 35) { totalCount nodes { id name address isSample
      location { lat lng } district { name } amenities } } }

bench/run.py checks that both bodies are equal before it measures anything. Deliberately
independent of the cityhub package: this is what the same work costs with nothing on top.

    BENCH_FLOOR_DB=var/cityhub.sqlite3 .venv/bin/python -m uvicorn --app-dir bench floor:app
"""

from __future__ import annotations

import base64
import contextlib
import os
from collections.abc import AsyncIterator

import aiosqlite
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

FIRST = 35
# cityhub.models.union.Amenity, in its declaration order (the order the API lists them in).
AMENITY_ORDER = ("rest", "charging", "drinking_water", "hot_meals", "toilet", "help_window")
AMENITY_RANK = {name: rank for rank, name in enumerate(AMENITY_ORDER)}

STATIONS_SQL = """
SELECT s.id, s.name, s.address, s.is_sample, s.lat, s.lng, d.name,
       (SELECT count(*) FROM station)
FROM station AS s JOIN district AS d ON d.id = s.district_id
ORDER BY s.id
LIMIT ?
"""
AMENITIES_SQL = "SELECT station_id, amenity FROM station_amenity WHERE station_id IN ({})"


def global_id(pk: int) -> str:
    """Relay's global ID, as strawberry makes it: base64 of "Station:<id>"."""
    return base64.b64encode(f"Station:{pk}".encode()).decode()


async def stations(request: Request) -> JSONResponse:
    db: aiosqlite.Connection = request.app.state.db
    rows = await db.execute_fetchall(STATIONS_SQL, (FIRST,))
    amenities: dict[int, list[str]] = {row[0]: [] for row in rows}
    if rows:
        marks = ",".join("?" * len(rows))
        for station_id, amenity in await db.execute_fetchall(
            AMENITIES_SQL.format(marks), list(amenities)
        ):
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


@contextlib.asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    async with aiosqlite.connect(os.environ["BENCH_FLOOR_DB"], isolation_level=None) as db:
        app.state.db = db
        yield


app = Starlette(routes=[Route("/stations", stations)], lifespan=lifespan)
