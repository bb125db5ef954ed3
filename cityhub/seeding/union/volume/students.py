"""Generated 金秋助学 applications: the published number received and approved, each one
applyForAid takes (the hardship channel only for members on the register, the other
channel only where the year opened it, at most the program's children per member, one
application per child, an admission year the program allows)."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from cityhub.models.union.aid_programs import StudentAidChannel
from cityhub.resolvers.union.aid_applications import AidState
from cityhub.seeding.union.volume import people, targets
from cityhub.seeding.union.volume.medical import moment

SCHOOLS = ("山西大学", "太原理工大学", "中北大学", "山西医科大学", "山西财经大学", "太原师范学院")
CHILD_NAMES = "子涵梓轩雨桐欣怡浩然思远一诺佳怡晨阳嘉豪"
PARENT_AGE = 38  # a child at university
ON_REGISTER_SHARE = 0.4  # of the applicants; the rest use the channel opened in 2024
WINDOW = (date(2024, 7, 1), date(2024, 8, 20))  # before the term, as the source tells


def _applicants(
    rng: random.Random, program: dict[str, Any], members: list[dict[str, Any]], count: int
) -> list[dict[str, Any]]:
    """``count`` members old enough to have a child at university, some on the register."""
    parents = [m for m in members if people.age_on(people.birth_of(m["id_number"])) >= PARENT_AGE]
    register = [m for m in parents if m["on_hardship_register"]]
    others = [m for m in parents if not m["on_hardship_register"]]
    if not program["non_hardship_channel"]:
        return rng.sample(register, count)
    from_register = min(len(register), round(count * ON_REGISTER_SHARE))
    return rng.sample(register, from_register) + rng.sample(others, count - from_register)


def _children(rng: random.Random, parent: dict[str, Any], count: int) -> list[str]:
    names: list[str] = []
    while len(names) < count:
        name = parent["name"][0] + "".join(rng.sample(CHILD_NAMES, rng.choice((1, 2))))
        if name not in names:
            names.append(name)
    return names


def applications(
    rng: random.Random,
    program: dict[str, Any],
    members: list[dict[str, Any]],
    seeded: tuple[int, int],
) -> list[dict[str, Any]]:
    """The year's applications beside the seeded (received, approved) ones: the published
    number received, the published number approved (and paid before the term)."""
    count = targets.STUDENT_APPLICATIONS - seeded[0]
    limit = min(program["max_students_per_member"] or 1, 2)
    twice = count // 8 if limit > 1 else 0  # two children, as 肖师傅
    parents = _applicants(rng, program, members, count - twice)
    states = [AidState.PAID] * (targets.STUDENT_APPROVED - seeded[1])
    states += [AidState.WITHDRAWN] * targets.STUDENT_WITHDRAWN
    states += [AidState.REJECTED] * (count - len(states))
    rng.shuffle(states)
    rows: list[dict[str, Any]] = []
    for index, parent in enumerate(parents):
        for child in _children(rng, parent, 2 if index < twice else 1):
            state = states[len(rows)]
            register = parent["on_hardship_register"]
            rows.append(
                {
                    "member_id": parent["id"],
                    "state": state,
                    "submitted_at": moment(rng, *WINDOW),
                    "child_name": child,
                    "school": rng.choice(SCHOOLS),
                    "admission_year": program["year"] - rng.randrange(4),
                    "channel": (
                        StudentAidChannel.HARDSHIP_REGISTER
                        if register
                        else StudentAidChannel.NON_HARDSHIP
                    ).value,
                    "approved_amount": program["amount_per_student"]
                    if state == AidState.PAID
                    else None,
                }
            )
    return rows
