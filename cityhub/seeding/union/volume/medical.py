"""Generated medical mutual aid claims: the year's paid claims at the published total, and
those still open or refused, each one a claim applyForAid takes (enrolled, active member,
a covered category, at least the self-paid threshold, one live chronic-outpatient claim a
year, treatment ended in the program's year) and approved at the policy's amount."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_UP, Decimal
from typing import Any

from cityhub.resolvers.union.aid_applications import AidState
from cityhub.resolvers.union.aid_programs import CENT, payout
from cityhub.seeding.union.volume import targets

HOSPITALS = ("山西省人民医院", "太原市中心医院", "山西白求恩医院", "山西医科大学第一医院")
# The seeded categories' codes (seeds/union/medical_categories.json); a member's repeat
# claims are stays, so chronic_outpatient (limited to one a year) is only ever a first claim.
HOSPITALISATION = "hospitalisation"
CATEGORY_WEIGHTS = {HOSPITALISATION: 0.7, "chronic_outpatient": 0.15, "special_drugs": 0.15}
# When claims were made: the 2024 notice went out on 30 April; 2023's program began mid-year.
PAID_WINDOWS = {
    2023: (date(2023, 7, 1), date(2023, 12, 10)),
    2024: (date(2024, 1, 15), date(2024, 11, 1)),
}
UNPAID_WINDOWS = {
    AidState.SUBMITTED: (date(2024, 11, 8), date(2024, 11, 20)),
    AidState.UNDER_REVIEW: (date(2024, 11, 1), date(2024, 11, 18)),
    AidState.APPROVED: (date(2024, 11, 6), date(2024, 11, 12)),  # approved, paid after 21 Nov
    AidState.REJECTED: (date(2024, 3, 1), date(2024, 10, 31)),
    AidState.WITHDRAWN: (date(2024, 5, 1), date(2024, 10, 31)),
}


def moment(rng: random.Random, first: date, last: date) -> datetime:
    """A working-hours moment (08:30-17:30 Beijing time) on a day from first to last."""
    day = first + timedelta(days=rng.randrange((last - first).days + 1))
    start = datetime(day.year, day.month, day.day, 0, 30, tzinfo=UTC)  # 08:30 in Beijing
    return start + timedelta(minutes=rng.randrange(9 * 60))


def _category(rng: random.Random, program: dict[str, Any], first_claim: bool) -> str:
    covered = [c for c in CATEGORY_WEIGHTS if c in program["covered_categories"]]
    if not first_claim and HOSPITALISATION in covered:
        return HOSPITALISATION  # 多次住院: the repeats are stays
    return rng.choices(covered, weights=[CATEGORY_WEIGHTS[c] for c in covered])[0]


def _claim(
    rng: random.Random,
    program: dict[str, Any],
    member: int,
    state: AidState,
    at: datetime,
    self_paid: Decimal,
    category: str,
) -> dict[str, Any]:
    ended = max((at - timedelta(days=rng.randrange(3, 40))).date(), date(program["year"], 1, 1))
    granted = state in (AidState.APPROVED, AidState.PAID)
    return {
        "member_id": member,
        "state": state,
        "submitted_at": at,
        "category": category,
        "self_paid_amount": self_paid,
        "treatment_started_on": ended - timedelta(days=rng.randrange(2, 25)),
        "treatment_ended_on": ended,
        "hospital": rng.choice(HOSPITALS),
        "approved_amount": payout(program, self_paid) if granted else None,
    }


def _self_paid_amounts(
    rng: random.Random, program: dict[str, Any], claims: int, total: Decimal
) -> list[Decimal]:
    """Self-paid amounts of ``claims`` claims whose payouts add up to ``total`` (to a few
    cents): each at least the threshold, the rest of the total shared unevenly."""
    floor = program["self_paid_threshold"] or Decimal(0)
    least = payout(program, floor) or Decimal(0)
    slack = total - least * claims
    if slack < 0:
        raise ValueError(f"{claims} claims cannot pay only {total} under the program's rules")
    shares = [rng.expovariate(1) for _ in range(claims)]
    ratio = program["reimbursement_ratio"]
    return [
        (floor + slack * Decimal(share / sum(shares)) / ratio).quantize(CENT, rounding=ROUND_UP)
        for share in shares
    ]


def paid_claims(
    rng: random.Random, program: dict[str, Any], enrolled: list[int], seeded: tuple[int, Decimal]
) -> list[dict[str, Any]]:
    """The year's paid claims: with the seeded ones (people, yuan), the published number
    of people (several paid more than once) and total."""
    year = program["year"]
    if program["reimbursement_ratio"] is None or year not in targets.PAID_YUAN:
        return []
    if year in targets.PAID_PEOPLE:
        people = rng.sample(enrolled, targets.PAID_PEOPLE[year] - seeded[0])
        claimants = [*people, *people[: targets.SEVERAL]]
    else:
        claimants = rng.sample(enrolled, targets.CLAIMS_2023)
    amounts = _self_paid_amounts(rng, program, len(claimants), targets.PAID_YUAN[year] - seeded[1])
    claims, seen = [], set()
    for member, self_paid in zip(claimants, amounts, strict=True):
        at = moment(rng, *PAID_WINDOWS[year])
        category = _category(rng, program, member not in seen)
        seen.add(member)
        claims.append(_claim(rng, program, member, AidState.PAID, at, self_paid, category))
    return claims


def open_claims(
    rng: random.Random, program: dict[str, Any], enrolled: list[int], exclude: set[int]
) -> list[dict[str, Any]]:
    """2024's claims not paid by the source's date: waiting, in review, approved, refused,
    withdrawn; by members with no other claim that year."""
    if program["year"] != 2024:
        return []
    wanted = [AidState(s) for s, n in targets.UNPAID_2024.items() for _ in range(n)]
    members = rng.sample([m for m in enrolled if m not in exclude], len(wanted))
    floor = program["self_paid_threshold"] or Decimal(0)
    claims = []
    for member, state in zip(members, wanted, strict=True):
        self_paid = (floor + Decimal(rng.randrange(2_000_000)) / 100).quantize(CENT)
        at = moment(rng, *UNPAID_WINDOWS[state])
        claims.append(
            _claim(rng, program, member, state, at, self_paid, _category(rng, program, True))
        )
    return claims
