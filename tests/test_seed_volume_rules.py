"""Every row `cityhub seed --scale 1` generates (shrunk: 1,600 members) obeys the rules the
API enforces on the same row: members as registerMember checks them, aid applications as
applyForAid takes them and reviewAidApplication approves them, check-ins as
checkInAtStation counts them; drivers' ages and birth places are realistic."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

import pytest
from click.testing import CliRunner

from cityhub import db
from cityhub.cli import main
from cityhub.models.union.aid_applications import AidApplication
from cityhub.models.union.aid_enrolments import AidEnrolment
from cityhub.models.union.check_ins import StationCheckIn
from cityhub.models.union.members import Member
from cityhub.models.workflow import TimelineEntry
from cityhub.resolvers.union.aid_applications import LIVE_STATES
from cityhub.resolvers.union.aid_applications.apply import (
    MedicalDetails,
    StudentDetails,
    _check_treatment,
    _student_problems,
)
from cityhub.resolvers.union.aid_programs import payout, programs_by_id
from cityhub.resolvers.union.aid_programs.categories import list_categories
from cityhub.resolvers.union.aid_programs.eligibility import ClaimFacts, medical_rules
from cityhub.resolvers.union.check_ins import repeat_minutes
from cityhub.resolvers.union.members import _registration_problems, check_id_number
from tests.conftest import SECRET, make_settings

AS_OF = date(2024, 11, 21)
LIVE = {s.value for s in LIVE_STATES}


@pytest.fixture
def shrunk(monkeypatch):
    from cityhub.seeding.union.volume import targets

    monkeypatch.setattr(targets, "MEMBERS_PER_SCALE", 1_500)
    monkeypatch.setattr(targets, "LEFT_PER_SCALE", 100)
    monkeypatch.setattr(targets, "ENROLLED", {2023: 600, 2024: 1_200})
    monkeypatch.setattr(targets, "CHECK_INS_PER_SCALE", 600)


def seed_volume(database_url, tmp_path) -> str:
    env = {
        "CITYHUB_DATABASE_URL": database_url,
        "CITYHUB_DATA_DIR": str(tmp_path),
        "CITYHUB_SECRET_KEY": SECRET,
    }
    result = CliRunner().invoke(main, ["seed", "--scale", "1"], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def member_problems(member: dict) -> list[str]:
    """What registerMember would refuse, and an age or birth place a driver cannot have."""
    number, problems = check_id_number(member["id_number"])
    problems += _registration_problems(
        member["name"], member["phone"], member["vehicle_type"], member["joined_on"]
    )
    born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    age = AS_OF.year - born.year - ((AS_OF.month, AS_OF.day) < (born.month, born.day))
    found = [p.code for p in problems]
    if not 22 <= age <= 60:
        found.append(f"AGE {age}")
    if not number.startswith("14"):
        found.append("NOT_FROM_SHANXI")
    if member["joined_on"] > AS_OF:
        found.append("JOINED_AFTER_SOURCE")
    return found


async def generated_members() -> dict[int, dict]:
    fields = ("id", "name", "phone", "id_number", "vehicle_type", "joined_on", "status")
    rows = await Member.filter(member_no__startswith="TYDV").values(
        *fields, "on_hardship_register", "is_sample"
    )
    return {row["id"]: row for row in rows}


def medical_problems(program, member, application, enrolled, category, earlier) -> list[str]:
    live = [a for a in earlier if a["state"] in LIVE]
    facts = ClaimFacts(
        category=category,
        self_paid=application["self_paid_amount"],
        enrolled=enrolled,
        checked=True,
        member_status=member["status"],
        limit_used=sum(a["category"] == application["category"] for a in live),
        earlier_self_paid=sum((a["self_paid_amount"] for a in live), Decimal(0)),
    )
    problems = [r.code for r in medical_rules(program, facts) if not r.passed]
    details = MedicalDetails(
        application["category"],
        application["self_paid_amount"],
        application["treatment_started_on"],
        application["treatment_ended_on"],
        application["hospital"],
    )
    problems += [p.code for p in _check_treatment(program, details)]
    if application["treatment_ended_on"] > application["submitted_at"].date():
        problems.append("TREATED_AFTER_SUBMISSION")
    return problems


def student_problems(program, member, application, earlier: list[dict]) -> list[str]:
    details = StudentDetails(
        application["child_name"],
        application["school"],
        application["admission_year"],
        application["channel"],
    )
    problems = [p.code for p in _student_problems(program, member, details)]
    live = [a for a in earlier if a["state"] in LIVE]
    if len(live) >= program["max_students_per_member"]:
        problems.append("TOO_MANY_STUDENTS")
    if any(a["child_name"] == application["child_name"] for a in live):
        problems.append("DUPLICATE_CHILD")
    return problems


def decision_problems(program, application, timeline: list[str]) -> list[str]:
    """The amounts reviewAidApplication sets, and a timeline that leads to the state."""
    problems = []
    granted = application["state"] in ("approved", "paid")
    policy = (
        payout(program, application["self_paid_amount"])
        if program["kind"] == "medical"
        else program["amount_per_student"]
    )
    if granted and application["approved_amount"] != policy:
        problems.append("AMOUNT_NOT_POLICY")
    if (
        application["state"] == "paid"
        and application["paid_amount"] != application["approved_amount"]
    ):
        problems.append("PAID_NOT_APPROVED")
    if not timeline or timeline[-1] != application["state"]:
        problems.append("TIMELINE")
    return problems


async def application_problems(members: dict[int, dict]) -> Counter:
    rows = await AidApplication.filter(reference__contains="-V").order_by("submitted_at").values()
    programs = {p["id"]: p for p in await programs_by_id(list({r["program_id"] for r in rows}))}
    enrolled = set(await AidEnrolment.all().values_list("program_id", "member_id"))
    categories = {c["code"]: c for c in await list_categories(active_only=False)}
    timelines: dict[int, list[str]] = {}
    entries = TimelineEntry.filter(subject_type="aid_application").order_by("at", "id")
    for subject, state in await entries.values_list("subject_id", "to_state"):
        timelines.setdefault(subject, []).append(state)
    found: Counter = Counter()
    before: dict[tuple[int, int], list[dict]] = {}
    for row in rows:
        program, member = programs[row["program_id"]], members.get(row["member_id"])
        earlier = before.setdefault((program["id"], row["member_id"]), [])
        if member is None:
            problems = ["NOT_A_GENERATED_MEMBER"]
        elif program["kind"] == "medical":
            pair = (program["id"], member["id"]) in enrolled
            category = categories.get(row["category"])
            problems = medical_problems(program, member, row, pair, category, earlier)
        else:
            problems = student_problems(program, member, row, earlier)
        problems += decision_problems(program, row, timelines.get(row["id"], []))
        if member and row["submitted_at"].date() < member["joined_on"]:
            problems.append("APPLIED_BEFORE_JOINING")
        problems += [] if row["is_sample"] else ["NOT_SAMPLE"]
        found.update(f"{row['reference']}: {p}" for p in problems)
        earlier.append(row)
    return found


async def check_in_repeats(members: dict[int, dict]) -> int:
    """Visits checkInAtStation would not have counted (a repeat within the window)."""
    window = timedelta(minutes=await repeat_minutes())
    rows = await StationCheckIn.filter(member_id__in=list(members)).order_by("checked_in_at")
    last: dict[tuple[int, int], object] = {}
    repeats = 0
    for row in rows:
        key = (row.member_id, row.station_id)
        if key in last and row.checked_in_at - last[key] < window:
            repeats += 1
        last[key] = row.checked_in_at
    return repeats


async def everything_wrong(settings) -> dict[str, object]:
    async with db.database(settings):
        members = await generated_members()
        wrong_members = Counter(p for m in members.values() for p in member_problems(m))
        return {
            "members": wrong_members,
            "not sample": sum(not m["is_sample"] for m in members.values()),
            "applications": await application_problems(members),
            "check-in repeats": await check_in_repeats(members),
            "ages": Counter(
                (AS_OF.year - int(m["id_number"][6:10])) // 10 * 10 for m in members.values()
            ),
            "men": sum(int(m["id_number"][16]) % 2 for m in members.values()) / len(members),
            "regions": Counter(m["id_number"][:6] for m in members.values()),
        }


def test_every_generated_row_obeys_the_rules_the_api_enforces(shrunk, database_url, tmp_path):
    seed_volume(database_url, tmp_path)

    found = asyncio.run(everything_wrong(make_settings(database_url, tmp_path)))

    assert found["members"] == Counter()
    assert found["not sample"] == 0
    assert found["applications"] == Counter()
    assert found["check-in repeats"] == 0
    ages = found["ages"]
    assert set(ages) <= {20, 30, 40, 50, 60}
    assert (ages[30] + ages[40]) / sum(ages.values()) > 0.6, ages  # most 30-55
    assert 0.85 < found["men"] < 0.97
    assert len(found["regions"]) >= 10, found["regions"]
    assert found["regions"].most_common(1)[0][1] < 0.3 * sum(found["regions"].values())
