"""`cityhub seed --scale` killed part-way (SIGKILL, at several points in several
generators) and run again ends with the same rows as one uninterrupted run."""

from __future__ import annotations

import asyncio
import hashlib
import os
import subprocess
import sys

import pytest
from tortoise import Tortoise

from cityhub import db
from cityhub.settings import PROJECT_DIR
from tests.conftest import SECRET, SERVER_URL, _with_database, copy_sqlite_template, make_settings

# Runs `cityhub seed --scale 1` with the volume shrunk (batches of 100, so each generator
# has several) and, when KILL_AT names "Model:n:where", stops at that model's n-th
# non-empty batch:
# "before" it is written, or "inside" its transaction once it is, before the commit. It
# then says PAUSED and waits for the test to kill it.
RUNNER = """
import os, sys, time
from tortoise.models import Model
from cityhub.seeding.union import (
    aid_applications, aid_enrolments, check_ins, consultations, members,
)
from cityhub.seeding.union.volume import targets
for name, value in [
    ("MEMBERS_PER_SCALE", 1_500), ("LEFT_PER_SCALE", 100),
    ("ENROLLED", {2023: 600, 2024: 1_200}), ("CHECK_INS_PER_SCALE", 600),
]:
    setattr(targets, name, value)
for module in (members, aid_enrolments, aid_applications, check_ins, consultations):
    module.BATCH = 100
if os.environ.get("KILL_AT"):
    model, nth, where = os.environ["KILL_AT"].split(":")
    original, calls = Model.bulk_create.__func__, [0]

    def bulk_create(cls, objects, *args, **kwargs):
        objects = list(objects)
        query = original(cls, objects, *args, **kwargs)
        if cls.__name__ != model or not objects:
            return query
        calls[0] += 1
        if calls[0] != int(nth):
            return query

        async def pause():
            if where == "inside":
                await query
            print("PAUSED", flush=True)
            time.sleep(600)

        return pause()

    Model.bulk_create = classmethod(bulk_create)
from cityhub.cli import main
sys.argv = ["cityhub", "seed", "--scale", "1"]
main()
"""
# One database killed at each point in turn, each run resuming the one before: inside a
# batch's transaction and between batches, in the first generator and in later ones.
KILL_POINTS = [
    "Member:3:inside",
    "Member:4:before",
    "AidEnrolment:4:inside",
    "AidApplication:2:inside",
    "StationCheckIn:3:inside",
    "Consultation:2:before",
]
CHECKSUMS = {
    "members": "SELECT member_no, name, phone, id_number, status, joined_on FROM member",
    "enrolments": "SELECT p.code, m.member_no FROM aid_enrolment e"
    " JOIN aid_program p ON p.id = e.program_id JOIN member m ON m.id = e.member_id",
    "applications": "SELECT a.reference, m.member_no, a.state, a.submitted_at,"
    " a.self_paid_amount, a.approved_amount, a.child_name FROM aid_application a"
    " JOIN member m ON m.id = a.member_id",
    "timelines": "SELECT a.reference, t.action, t.to_state FROM timeline_entry t"
    " JOIN aid_application a ON a.id = t.subject_id AND t.subject_type = 'aid_application'",
    "check-ins": "SELECT s.code, m.member_no FROM station_check_in c"
    " JOIN station s ON s.id = c.station_id JOIN member m ON m.id = c.member_id",
    "consultations": "SELECT channel, topic, note FROM consultation",
}


def seed(url: str, folder, kill_at: str = "") -> subprocess.Popen:
    env = {
        **os.environ,
        "CITYHUB_DATABASE_URL": url,
        "CITYHUB_DATA_DIR": str(folder),
        "CITYHUB_SECRET_KEY": SECRET,
        "CITYHUB_SEEDS_DIR": str(PROJECT_DIR / "seeds"),
        "KILL_AT": kill_at,
    }
    return subprocess.Popen(
        [sys.executable, "-c", RUNNER],
        env=env,
        cwd=PROJECT_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def killed(process: subprocess.Popen) -> bool:
    """Whether it reached its kill point; it is killed there (SIGKILL: no clean-up, the
    open transaction is left to the database) or has run to its end."""
    paused = process.stdout.readline() == "PAUSED\n"
    process.kill()
    process.communicate()
    return paused


async def contents(url: str, folder) -> dict[str, object]:
    """Every table's row count, and a hash of the generated rows' key columns."""
    async with db.database(make_settings(url, folder)):
        connection = Tortoise.get_connection("default")
        if url.startswith("sqlite"):
            sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
        else:
            sql = "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'"
        found: dict[str, object] = {}
        for table in sorted(row["name"] for row in await connection.execute_query_dict(sql)):
            count = f'SELECT count(*) AS n FROM "{table}"'  # noqa: S608 (names from the catalogue)
            rows = await connection.execute_query_dict(count)
            found[table] = rows[0]["n"]
        for what, query in CHECKSUMS.items():
            rows = sorted(
                repr(tuple(row.values())) for row in await connection.execute_query_dict(query)
            )
            found[f"{what} checksum"] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
        return found


@pytest.fixture
def fresh_database_url(template_database, postgres_copies, tmp_path):
    """A second copy of the seeded template, for the uninterrupted run."""
    if postgres_copies is None:
        folder = tmp_path / "fresh"
        folder.mkdir()
        yield copy_sqlite_template(template_database, folder)
        return
    name = postgres_copies.take().result()
    try:
        yield _with_database(SERVER_URL, name)
    finally:
        postgres_copies.release(name)


def test_a_seed_killed_at_any_point_and_run_again_ends_as_an_uninterrupted_one(
    database_url, fresh_database_url, tmp_path
):
    uninterrupted = seed(fresh_database_url, tmp_path)  # beside the others, on its own copy

    reached = [point for point in KILL_POINTS if killed(seed(database_url, tmp_path, point))]
    resumed = seed(database_url, tmp_path).communicate()
    output = uninterrupted.communicate()

    assert uninterrupted.returncode == 0, output[1]
    assert "1600 members, 1715 enrolments, 254 applications, 600 check-ins" in output[1]
    assert "12905 consultations" in output[1]
    assert "Generated:" in resumed[1], resumed[1]
    expected = asyncio.run(contents(fresh_database_url, tmp_path))
    assert asyncio.run(contents(database_url, tmp_path)) == expected
    assert reached == KILL_POINTS
