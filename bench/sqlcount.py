"""How many PostgreSQL transactions and rows each request of a target costs.

From pg_stat_database of the benchmark's database (no extension needed): its transaction
count (every statement outside a transaction block counts as one, so does every block,
including asyncpg's pool reset `SELECT pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *;
RESET ALL`) and rows read (tup_returned + tup_fetched: a count(*) over a table reads
all its rows). A backend reports its counters at most once a second and, when it goes idle,
within PGSTAT_IDLE_INTERVAL (10 s), so each count waits `settle` seconds before reading.
Run once before the timed rounds: one request at a time, `requests` per target.
"""

from __future__ import annotations

import time

from database import Database
from servers import fetch
from targets import JSON, Target

SETTLE_S = 11.0


def request_once(target: Target) -> int:
    body = target.env.get("BENCH_BODY")
    headers = dict(JSON) if body else {}
    if cookie := target.env.get("BENCH_COOKIE"):
        headers["Cookie"] = cookie
    status, _ = fetch(target.url, body.encode() if body else None, headers)
    return status


def count(
    targets: dict[str, Target],
    database_of: dict[str, Database],
    requests: int,
    settle: float = SETTLE_S,
) -> dict[str, dict[str, float]]:
    """Per PostgreSQL target: transactions and rows read per request (median-free: the
    totals over `requests` requests divided by them; other servers idle meanwhile)."""
    found: dict[str, dict[str, float]] = {}
    chosen = [t for t in targets.values() if database_of[t.key].kind == "postgres"]
    if not chosen:
        return found
    print(f"counting SQL per request ({requests} requests per target) ...", flush=True)
    time.sleep(settle)
    for target in chosen:
        db = database_of[target.key]
        before = db.activity()
        statuses = [request_once(target) for _ in range(requests)]
        time.sleep(settle)
        after = db.activity()
        found[target.key] = {
            "requests": requests,
            "non_200": sum(status != 200 for status in statuses),
            "transactions_per_request": (after["xacts"] - before["xacts"]) / requests,
            "rows_read_per_request": (after["rows"] - before["rows"]) / requests,
        }
    return found
